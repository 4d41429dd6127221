"""Samples for the access walker and the axe sweep: Northgate School's learning records."""

from __future__ import annotations

from datetime import date, timedelta

from accounts.demo import Cast
from learning import knowledge_check
from learning.models import ActionItem, ReflectionSession
from learning.services import (
    action_item_create,
    knowledge_check_submit,
    reflection_session_create,
)


def setup(cast: Cast) -> None:
    """A Northgate session with one action owned by Priya, and a passed check for everyone."""
    lee = cast.people["lee"]
    if not ReflectionSession.objects.filter(organisation=cast.orgs["northgate"]).exists():
        session = reflection_session_create(
            by=lee,
            held_on=date.today() - timedelta(days=7),
            team="Pastoral team",
            participants=[lee, cast.people["priya"]],
            questions=["where-we-meet", "who-to-tell"],
            findings="Not everyone knew who the safeguarding lead was.",
        )
        action_item_create(
            session=session,
            by=lee,
            description="Put the helpline number in the staff handbook",
            owner=cast.people["priya"],
            due_date=date.today() + timedelta(days=1),
        )
    answers = {q.id: q.correct_answer() for q in knowledge_check.QUESTIONS}
    for key in ("priya", "lee", "ada", "ana"):
        if not cast.people[key].knowledge_checks.exists():
            knowledge_check_submit(person=cast.people[key], answers=answers)


def _session(cast: Cast) -> dict[str, object]:
    return {"pk": ReflectionSession.objects.filter(organisation=cast.orgs["northgate"])[0].pk}


def _action(cast: Cast) -> dict[str, object]:
    return {"pk": ActionItem.objects.filter(session__organisation=cast.orgs["northgate"])[0].pk}


SAMPLES = {
    "learning:briefing-section": lambda cast: {"section": "what-to-do"},
    "learning:session": _session,
    "learning:session-edit": _session,
    "learning:session-print": _session,
    "learning:action-new": _session,
    "learning:action-edit": _action,
    "learning:action-status": _action,
}
