"""Ready-made drafts and concerns for the concerns tests, the walker and the axe sweep."""

from __future__ import annotations

import uuid
from typing import Any

from accounts.models import User
from concerns import journey, services
from concerns.models import Concern, Draft
from guidance.catalogue import get_catalogue

SAMPLE_TOKEN = uuid.UUID("00000000-0000-4000-8000-000000000004")


def child_signs() -> list[str]:
    """Two child signs from the first theme, whatever the catalogue's current wording."""
    _theme, indicators = get_catalogue().by_theme("child")[0]
    return [ind.id for ind in indicators[:2]]


def full_answers(age_group: str = "under-18", **overrides: Any) -> dict[str, Any]:
    group = "child" if age_group != "18-or-over" else "adult"
    theme, indicators = get_catalogue().by_theme(group)[0]  # type: ignore[arg-type]
    answers: dict[str, Any] = {
        "immediate_danger": "no",
        "person_name": "Alex Example",
        "person_description": "",
        "age_group": age_group,
        "age_years": 15 if age_group == "under-18" else (30 if group == "adult" else None),
        "gender": "not-known",
        "nationality": "",
        "languages": "Romanian",
        "interpreter_needed": "not-sure",
        "location": "In class",
        f"signs_{theme.id.replace('-', '_')}": [ind.id for ind in indicators[:2]],
        "something_else": "",
        "happened_when": "This morning",
        "happened_where": "School gate",
        "their_words": "He said he owes money.",
        "what_you_saw": "A man collected him.",
        "others_present": "",
        "someone_answered_for_them": "yes",
        "others_at_risk": "not-sure",
        "told_anyone": "no",
        "told_who": "",
        "spoken_to_person": "no",
    }
    if group == "adult":
        answers["consent_to_nrm"] = "not-asked"
    answers.update(overrides)
    return answers


def make_draft(author: User, *, complete: bool = True, **answers: Any) -> Draft:
    values = full_answers(**answers) if complete else answers
    completed = list(journey.PAGES) if complete else []
    return Draft.objects.create(author=author, answers=values, completed=completed, page="tasks")


def make_concern(author: User, **answers: Any) -> Concern:
    draft = make_draft(author, **answers)
    concern, _ = services.concern_submit(draft=draft, by=author)
    return concern


def sample_concern(author: User) -> Concern:
    """One concern per test database, for the walker's URL samples (sent by `author`)."""
    existing = Concern.objects.filter(submission_token=SAMPLE_TOKEN).first()
    if existing is not None:
        return existing
    draft = make_draft(author)
    Draft.objects.filter(pk=draft.pk).update(submission_token=SAMPLE_TOKEN)
    draft.refresh_from_db()
    concern, _ = services.concern_submit(draft=draft, by=author)
    return concern
