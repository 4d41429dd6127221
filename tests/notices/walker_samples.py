from accounts.demo import Cast
from notices.models import Notice


def _notice(cast: Cast) -> dict[str, object]:
    # Every role may have notices; the sample is Lee's, so others get 404 (object-scoped).
    notice, _ = Notice.objects.get_or_create(
        recipient=cast.people["lee"], kind="test", defaults={"text": "Test notice", "path": "/"}
    )
    return {"pk": notice.pk}


SAMPLES = {"notices:open": _notice}
