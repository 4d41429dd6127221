"""Drafts untouched for 30 days are deleted, with one reminder (a link only) at 23 days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from audit.models import AuditEvent
from concerns.models import Draft
from concerns.services import drafts_purge
from tests.concerns.helpers import make_draft

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def _touched(draft: Draft, days_ago: float) -> Draft:
    Draft.objects.filter(pk=draft.pk).update(updated_at=NOW - timedelta(days=days_ago))
    draft.refresh_from_db()
    return draft


def test_a_draft_untouched_for_30_days_is_deleted_and_logged(
    priya, django_capture_on_commit_callbacks
) -> None:
    draft = _touched(make_draft(priya), 30.1)
    with django_capture_on_commit_callbacks(execute=True):
        result = drafts_purge(now=NOW)
    assert result.deleted == 1
    assert not Draft.objects.exists()
    assert AuditEvent.objects.filter(
        kind="concern-draft-deleted", target_id=str(draft.pk), detail={"why": "untouched-30-days"}
    ).exists()


def test_a_draft_untouched_for_23_days_gets_one_reminder_with_a_link_only(
    priya, django_capture_on_commit_callbacks
) -> None:
    draft = _touched(make_draft(priya, person_name="Alex Example"), 23.5)
    with django_capture_on_commit_callbacks(execute=True):
        first = drafts_purge(now=NOW)
        second = drafts_purge(now=NOW + timedelta(days=1))
    assert (first.reminded, second.reminded) == (1, 0)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [priya.email]
    assert "deleted in 7 days" in message.body
    assert "/concerns/draft/" in message.body
    assert "Alex" not in message.body
    draft.refresh_from_db()
    # Sending the reminder does not count as touching the draft.
    assert draft.updated_at == NOW - timedelta(days=23.5)
    assert Draft.objects.exists()


def test_fresh_drafts_are_left_alone(priya) -> None:
    _touched(make_draft(priya), 22.9)
    result = drafts_purge(now=NOW)
    assert (result.deleted, result.reminded) == (0, 0)
    assert not mail.outbox


def test_touching_a_reminded_draft_starts_the_clock_again(as_user, priya) -> None:
    from django.utils import timezone

    draft = _touched(make_draft(priya), 24)
    drafts_purge(now=NOW)
    draft.refresh_from_db()
    assert draft.reminded_at is not None
    as_user(priya).get("/concerns/draft/who/")
    draft.refresh_from_db()
    assert draft.reminded_at is None
    assert draft.updated_at > timezone.now() - timedelta(minutes=1)


def test_the_command_purges_old_drafts(priya) -> None:
    _touched(make_draft(priya), 31)
    out = StringIO()
    call_command("purge_drafts", stdout=out)
    assert "Deleted 1 unfinished concern(s)" in out.getvalue()
