from django.db.models import QuerySet

from accounts.models import User
from core.models import EmailDelivery
from notices.models import Notice


def notices_of(user: User) -> QuerySet[Notice]:
    return Notice.objects.filter(recipient=user)


def unread_count(user: User) -> int:
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()


def undelivered_emails_for(user: User) -> QuerySet[EmailDelivery]:
    """E-mails given up on, to people of the admin's own organisation only."""
    return (
        EmailDelivery.objects.filter(
            status=EmailDelivery.Status.FAILED, recipient__organisation_id=user.organisation_id
        )
        .select_related("recipient")
        .order_by("-failed_at", "-created_at")
    )
