from django.http import HttpRequest

from notices.selectors import unread_count


def notices(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notices": unread_count(user)}
