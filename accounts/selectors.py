from django.db.models import QuerySet

from accounts.models import User


def people_of(user: User) -> QuerySet[User]:
    """The people an organisation admin may manage: their own organisation's, nobody else's."""
    return User.objects.filter(organisation_id=user.organisation_id).prefetch_related("roles")
