from django.db.models import QuerySet

from accounts.models import User
from notices.models import Notice


def notices_of(user: User) -> QuerySet[Notice]:
    return Notice.objects.filter(recipient=user)


def unread_count(user: User) -> int:
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()
