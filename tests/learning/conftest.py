from __future__ import annotations

from datetime import date

import pytest

from learning import knowledge_check
from learning.models import ReflectionSession
from learning.services import action_item_create, reflection_session_create


@pytest.fixture
def right_answers() -> dict[str, str]:
    return {q.id: q.correct_answer() for q in knowledge_check.QUESTIONS}


@pytest.fixture
def northgate_session(lee, priya) -> ReflectionSession:
    return reflection_session_create(
        by=lee,
        held_on=date(2026, 3, 2),
        team="Pastoral team",
        participants=[lee, priya],
        questions=["where-we-meet", "consent"],
        findings="Half the team did not know the helpline number.",
    )


@pytest.fixture
def priyas_action(northgate_session, lee, priya):
    return action_item_create(
        session=northgate_session,
        by=lee,
        description="Put the helpline number in the staff handbook",
        owner=priya,
        due_date=date(2026, 3, 20),
    )
