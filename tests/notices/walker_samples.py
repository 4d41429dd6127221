from accounts.demo import Cast
from notices.models import Notice


def _notice(cast: Cast) -> dict[str, object]:
    # Every role may have notices; the sample is Lee's, so others get 404 (object-scoped).
    notice, _ = Notice.objects.get_or_create(
        recipient=cast.people["lee"], kind="test", defaults={"text": "Test notice", "path": "/"}
    )
    return {"pk": notice.pk}


SAMPLES = {"notices:open": _notice}


def _undelivered(cast: Cast) -> dict[str, object]:
    from django.utils import timezone

    from core.models import EmailDelivery

    delivery, _ = EmailDelivery.objects.get_or_create(
        key="walker-sample",
        defaults={
            "recipient": cast.people["lee"],
            "to": cast.people["lee"].email,
            "kind": "concern-submitted",
            "subject": "s",
            "intro": "i",
            "path": "/",
            "status": "failed",
            "attempts": 8,
            "failed_at": timezone.now(),
            "last_error_class": "builtins.ConnectionRefusedError",
        },
    )
    return {"pk": delivery.pk}


SAMPLES["notices:email-failure-retry"] = _undelivered
