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


def test_the_daily_job_purges_as_of_the_day_it_is_given(priya) -> None:
    """`drafts_purge_daily(today=...)` acts as of that day (issue 18: every daily job
    `job(*, today)`), at the present time of day."""
    from django.utils import timezone

    from concerns.services import drafts_purge_daily

    real_today = timezone.localdate()
    old = make_draft(priya)
    Draft.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=10))
    # As of today it is 10 days old: left alone, no reminder.
    assert drafts_purge_daily(today=real_today) == 0
    # As of 14 days on it is 24 days old: reminded, kept.
    assert drafts_purge_daily(today=real_today + timedelta(days=14)) == 1
    old.refresh_from_db()
    assert old.reminded_at is not None
    assert timezone.localtime(old.reminded_at).date() == real_today + timedelta(days=14)
    # As of 21 days on it is 31 days old: deleted.
    assert drafts_purge_daily(today=real_today + timedelta(days=21)) == 1
    assert not Draft.objects.filter(pk=old.pk).exists()
    # And a day in the past sees a recent draft as not yet made old enough to purge.
    recent = _touched(make_draft(priya), 31)  # 31 days before NOW
    assert drafts_purge_daily(today=NOW.date() - timedelta(days=5)) == 1  # 26 days: reminded
    assert Draft.objects.filter(pk=recent.pk).exists()
