"""Retention selection and deletion with fixed dates (privacy/retention.py)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import verify_chain
from cases import services as case_services
from cases.models import Case, CaseConcern, CaseNote, Decision, PathwayItem, Share, Task
from concerns.models import Concern, Draft, FollowUp
from concerns.services import concern_add_information
from privacy import services
from privacy.models import LegalHold, RecordType
from privacy.retention import apply_retention, apply_retention_daily, due_for_deletion
from tests.privacy.helpers import closed_case

TODAY = date(2032, 6, 15)


def _ids(items) -> set[str]:
    return {item.case_id for item in items}


@pytest.fixture
def adult_due(lee, priya):
    """Closed six years and one day before TODAY."""
    return closed_case(lee, priya, opened=date(2025, 1, 10), closed=date(2026, 6, 14))


@pytest.fixture
def adult_kept(lee, priya):
    """Closed six years less one day before TODAY."""
    return closed_case(lee, priya, opened=date(2025, 1, 10), closed=date(2026, 6, 16))


def test_a_closed_adult_case_is_due_six_years_after_closure_and_not_a_day_before(
    adult_due, adult_kept
) -> None:
    due = _ids(due_for_deletion(TODAY))
    assert str(adult_due.pk) in due
    assert str(adult_kept.pk) not in due


def test_a_child_case_is_due_on_the_25th_birthday_and_not_before(lee, priya) -> None:
    past = closed_case(
        lee,
        priya,
        opened=date(2020, 1, 1),
        closed=date(2021, 1, 1),
        child=True,
        born=date(2007, 6, 14),
    )
    before = closed_case(
        lee,
        priya,
        opened=date(2020, 1, 1),
        closed=date(2021, 1, 1),
        child=True,
        born=date(2007, 6, 16),
    )
    due = {d.case_id: d for d in due_for_deletion(TODAY)}
    assert str(past.pk) in due
    assert due[str(past.pk)].record_type == RecordType.CHILD_CASE
    assert due[str(past.pk)].delete_on == date(2032, 6, 14)
    assert str(before.pk) not in due


def test_a_child_case_without_a_date_of_birth_counts_25_years_from_opening(lee, priya) -> None:
    old = closed_case(lee, priya, opened=date(2007, 6, 14), closed=date(2010, 1, 1), child=True)
    younger = closed_case(lee, priya, opened=date(2007, 6, 16), closed=date(2010, 1, 1), child=True)
    due = _ids(due_for_deletion(TODAY))
    assert str(old.pk) in due
    assert str(younger.pk) not in due


def test_a_child_case_is_never_deleted_sooner_than_the_adult_period_after_closure(
    lee, priya
) -> None:
    recent = closed_case(
        lee,
        priya,
        opened=date(2029, 1, 1),
        closed=date(2030, 1, 1),
        child=True,
        born=date(2000, 1, 1),
    )
    assert str(recent.pk) not in _ids(due_for_deletion(TODAY))
    assert str(recent.pk) in _ids(due_for_deletion(date(2036, 1, 1)))


def test_an_open_case_is_never_due_however_old(lee, priya) -> None:
    case = closed_case(lee, priya, opened=date(2001, 1, 1), closed=None)
    assert str(case.pk) not in _ids(due_for_deletion(TODAY))


def test_a_legal_hold_keeps_a_due_case_until_it_is_lifted(adult_due, lee) -> None:
    hold = services.hold_place(case=adult_due, reason="Court case", by=lee)
    assert _ids(due_for_deletion(TODAY)) == set()
    report = apply_retention(today=TODAY)
    assert report.deleted == []
    assert _ids(report.held) == {str(adult_due.pk)}
    assert Case.objects.filter(pk=adult_due.pk).exists()

    services.hold_lift(hold=hold, by=lee)
    report = apply_retention(today=TODAY)
    assert _ids(report.deleted) == {str(adult_due.pk)}
    assert not LegalHold.objects.filter(case_id=adult_due.pk).exists()


def test_an_organisation_rule_replaces_the_default_for_that_organisation_only(
    lee, priya, omar, ada, make_person, riverside
) -> None:
    services.retention_rules_set(
        organisation=lee.organisation, periods={RecordType.CLOSED_ADULT_CASE: 2}, by=ada
    )
    ours = closed_case(lee, priya, opened=date(2029, 1, 1), closed=date(2030, 6, 1))
    theirs = closed_case(
        omar,
        make_person(riverside, "practitioner"),
        opened=date(2029, 1, 1),
        closed=date(2030, 6, 1),
    )
    due = {d.case_id: d for d in due_for_deletion(TODAY)}
    assert due[str(ours.pk)].rule == "organisation"
    assert due[str(ours.pk)].period == 2
    assert str(theirs.pk) not in due


def _fill(case, lee, priya) -> None:
    """Everything that hangs off a case: follow-up, task, decision, note, share, hold."""
    from accounts.models import Organisation

    concern = case.links.get().concern
    concern_add_information(concern=concern, text="Seen again at the car wash", by=priya)
    case_services.task_add(case=case, title="Call", working_days=2, assigned_to=lee, by=lee)
    case_services.note_add(case=case, text="Spoke to the council", by=lee)
    police, _ = Organisation.objects.get_or_create(
        name="Eastfield Police", defaults={"nation": "england"}
    )
    case_services.case_share(
        case=case,
        organisation=police,
        reason="Investigating",
        parts=["summary"],
        may_add=False,
        by=lee,
    )
    hold = services.hold_place(case=case, reason="Old inquiry", by=lee)
    services.hold_lift(hold=hold, by=lee)


def test_apply_retention_deletes_exactly_what_is_due_with_everything_under_it(
    adult_due, adult_kept, lee, priya
) -> None:
    _fill(adult_due, lee, priya)
    _fill(adult_kept, lee, priya)
    due_concern = adult_due.links.get().concern_id
    kept_concern = adult_kept.links.get().concern_id
    Decision.objects.create(
        case=adult_due, kind="closed", rationale="Done", by=lee, at=timezone.now()
    )
    before = {
        model: model.objects.count()
        for model in (Task, CaseNote, Share, PathwayItem, FollowUp, Decision, CaseConcern)
    }

    report = apply_retention(today=TODAY)

    assert _ids(report.deleted) == {str(adult_due.pk)}
    assert not Case.objects.filter(pk=adult_due.pk).exists()
    assert not Concern.objects.filter(pk=due_concern).exists()
    assert Case.objects.filter(pk=adult_kept.pk).exists()
    assert Concern.objects.filter(pk=kept_concern).exists()
    for model in (Task, CaseNote, Share, FollowUp, CaseConcern):
        assert model.objects.count() == before[model] // 2, model
    assert not PathwayItem.objects.filter(case_id=adult_due.pk).exists()
    assert not Decision.objects.filter(case_id=adult_due.pk).exists()
    assert FollowUp.objects.filter(concern_id=kept_concern).count() == 1


def test_each_deletion_is_logged_without_personal_data_and_the_chain_still_verifies(
    adult_due, lee, priya
) -> None:
    concern_id = adult_due.links.get().concern_id
    apply_retention(today=TODAY)

    events = AuditEvent.objects.filter(kind="record-deleted")
    assert {(e.target_type, e.target_id) for e in events} == {
        ("cases.case", str(adult_due.pk)),
        ("concerns.concern", str(concern_id)),
    }
    case_event = events.get(target_type="cases.case")
    assert case_event.detail["record_type"] == "closed-adult-case"
    assert case_event.detail["rule"] == "default"
    assert case_event.organisation_id == lee.organisation_id
    text = json.dumps([e.detail for e in AuditEvent.objects.all()])
    assert "Dana" not in text and "car wash" not in text
    # Earlier events about the case are kept as they were, and the chain still holds.
    assert AuditEvent.objects.filter(target_id=str(adult_due.pk), kind="case-opened").exists()
    checked, broken, why = verify_chain()
    assert broken is None, why
    assert checked == AuditEvent.objects.count()


def test_a_dry_run_deletes_nothing_and_writes_nothing(adult_due) -> None:
    events = AuditEvent.objects.count()
    report = apply_retention(today=TODAY, dry_run=True)
    assert _ids(report.due) == {str(adult_due.pk)}
    assert report.deleted == []
    assert Case.objects.filter(pk=adult_due.pk).exists()
    assert AuditEvent.objects.count() == events


def test_a_second_run_finds_nothing_more_to_delete(adult_due) -> None:
    assert len(apply_retention(today=TODAY).deleted) == 1
    assert apply_retention(today=TODAY).deleted == []


def test_drafts_are_left_to_the_purge_unless_the_organisation_keeps_them_for_less(
    priya, lee, ada, make_person, northgate
) -> None:
    old = Draft.objects.create(author=priya)
    Draft.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=40))
    assert apply_retention(today=timezone.localdate()).drafts_deleted == 0
    assert Draft.objects.filter(pk=old.pk).exists()

    services.retention_rules_set(organisation=northgate, periods={RecordType.DRAFT: 14}, by=ada)
    recent = Draft.objects.create(author=make_person(northgate, "practitioner"))
    Draft.objects.filter(pk=recent.pk).update(updated_at=timezone.now() - timedelta(days=10))
    report = apply_retention(today=timezone.localdate())
    assert report.drafts_deleted == 1
    assert not Draft.objects.filter(pk=old.pk).exists()
    assert Draft.objects.filter(pk=recent.pk).exists()
    assert AuditEvent.objects.filter(kind="concern-draft-deleted", target_id=str(old.pk)).exists()


def test_the_command_reports_ids_and_counts_only(adult_due, adult_kept) -> None:
    out = StringIO()
    call_command("apply_retention", "--today", "2032-06-15", "--dry-run", stdout=out)
    assert f"due: case {adult_due.pk}" in out.getvalue()
    assert Case.objects.filter(pk=adult_due.pk).exists()

    out = StringIO()
    call_command("apply_retention", "--today", "2032-06-15", stdout=out)
    assert f"deleted: case {adult_due.pk}" in out.getvalue()
    assert "Dana" not in out.getvalue()
    assert not Case.objects.filter(pk=adult_due.pk).exists()
    assert Case.objects.filter(pk=adult_kept.pk).exists()


def test_the_daily_job_returns_how_many_records_it_deleted(adult_due, adult_kept) -> None:
    assert apply_retention_daily(today=TODAY) == 1
    assert apply_retention_daily(today=TODAY) == 0
