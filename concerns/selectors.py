"""Every read of concerns and drafts goes through here, and takes the acting person
(architecture.md: "Every read of case data goes through a selector that takes the acting user")."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import User
from concerns.models import Concern, Draft, FollowUp
from core.access import Role


def draft_of(user: User) -> Draft | None:
    """The person's own unfinished concern, if any. Nobody else ever sees a draft."""
    return Draft.objects.filter(author=user).first()


def concerns_of(user: User) -> QuerySet[Concern]:
    """The concerns this person sent themselves ("My concerns"): never a colleague's."""
    return Concern.objects.filter(author=user).select_related("organisation")


def concerns_for_leads(user: User) -> QuerySet[Concern]:
    """The concerns sent in a safeguarding lead's own organisation; nothing for anyone else."""
    if not user.has_role(Role.LEAD):
        return Concern.objects.none()
    return Concern.objects.filter(organisation_id=user.organisation_id).select_related(
        "organisation", "author"
    )


def follow_ups_of(concern: Concern) -> QuerySet[FollowUp]:
    """Follow-ups of a concern already fetched through one of the selectors above."""
    return concern.follow_ups.select_related("author")
