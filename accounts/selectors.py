import uuid

from django.db.models import QuerySet

from accounts.models import User
from core.access import Role


def people_of(user: User) -> QuerySet[User]:
    """The people an organisation admin may manage: their own organisation's, nobody else's."""
    return User.objects.filter(organisation_id=user.organisation_id).prefetch_related("roles")


def leads_of(organisation_id: uuid.UUID | str) -> list[User]:
    """The organisation's active safeguarding leads, by name: whom its concerns, shared cases
    and reminders go to when nobody in particular has them."""
    return list(
        User.objects.filter(organisation_id=organisation_id, is_active=True, roles__role=Role.LEAD)
        .distinct()
        .order_by("full_name")
    )
