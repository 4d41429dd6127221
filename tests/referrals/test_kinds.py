"""The registry of referral kinds, and the pathway that follows the records (issue 15, part 2):
a referral prepared puts its step in progress, sent marks it done with the date, and what
comes back shows on it, for every kind in the registry."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from cases import services as case_services
from cases.models import Case, ItemState, PathwayItem
from guidance.pathways import ACTIONS
from referrals import kinds, sections, services
from referrals.models import Kind, Referral
from tests.cases.factories import child_fields, open_case
from tests.referrals.factories import adult_case

pytestmark = pytest.mark.django_db


def case_asking_for(kind: str, omar: User, lee: User) -> Case:
    """A case whose pathway asks for this kind of referral, at the organisation that makes it."""
    if kind == Kind.PASS_TO_FIRST_RESPONDER:
        return open_case(lee, lee, **child_fields())
    if kind in (Kind.CHILDRENS_SOCIAL_CARE, Kind.POLICE, Kind.ICTG):
        omar.organisation.ictg_available = True
        omar.organisation.save(update_fields=["ictg_available"])
        return open_case(omar, omar, **child_fields())
    if kind == Kind.DUTY_TO_NOTIFY:
        return adult_case(omar, consent_to_nrm="no")
    case = adult_case(omar, consent_to_nrm="yes")
    if kind == Kind.ADULT_SAFEGUARDING:
        Case.objects.filter(pk=case.pk).update(care_and_support_needs="yes")
        case.refresh_from_db()
        case_services.pathway_sync(case=case, by=omar)
    return case


def step(case: Case, kind: str) -> PathwayItem:
    return PathwayItem.objects.get(case=case, action=kinds.action_of(kind))


def test_every_kind_is_registered_once_with_a_real_pathway_action() -> None:
    assert set(kinds.REGISTRY) == set(Kind.values)
    for spec in kinds.REGISTRY.values():
        assert spec.actions and all(a in ACTIONS for a in spec.actions)
        assert spec.has_sheet != (spec.document is not None), spec.kind
        assert spec.sections
    assert kinds.SHEET_KINDS == (Kind.NRM, Kind.DUTY_TO_NOTIFY, Kind.PASS_TO_FIRST_RESPONDER)
    assert services.SHEET_KINDS is kinds.SHEET_KINDS
    assert not hasattr(sections, "SHEET_KINDS")
    stems = [s.file_stem for s in kinds.REGISTRY.values()]
    assert len(set(stems)) == len(stems)


@pytest.mark.parametrize("kind", list(kinds.REGISTRY))
def test_a_referral_sent_or_decided_marks_its_pathway_step_in_every_kind(
    kind: str, omar: User, lee: User
) -> None:
    case = case_asking_for(kind, omar, lee)
    lead = case.assigned_lead
    assert kind in services.kinds_offered(case)
    assert step(case, kind).state == ItemState.PENDING

    referral = services.referral_create(case=case, kind=kind, by=lead)
    item = step(case, kind)
    assert item.state == ItemState.IN_PROGRESS
    assert referral.reference in item.note
    # Nothing is offered twice: the existing referral is linked instead, and reused.
    assert kind not in services.kinds_offered(case)
    assert services.referral_create(case=case, kind=kind, by=lead).pk == referral.pk

    sent_on = timezone.localdate() - timedelta(days=3)
    services.referral_mark_sent(
        referral=referral,
        sent_on=sent_on,
        sent_how="phone",
        their_reference="MASH-123",
        version=referral.version,
        by=lead,
    )
    item = step(case, kind)
    assert item.state == ItemState.DONE
    assert item.done_on == sent_on
    assert "MASH-123" in item.note and referral.reference in item.note

    spec = kinds.spec(kind)
    referral.refresh_from_db()
    if spec.nrm_decisions:
        values = {"rg_decision_on": sent_on + timedelta(days=1), "rg_outcome": "positive"}
        services.referral_record_outcome(
            referral=referral, values=values, version=referral.version, by=lead
        )
        assert "Reasonable Grounds decision: positive" in step(case, kind).note
    elif spec.decisions:
        code, label = spec.decisions[0]
        values = {"decision": code, "decision_on": sent_on + timedelta(days=1)}
        services.referral_record_outcome(
            referral=referral, values=values, version=referral.version, by=lead
        )
        assert f"Their decision: {label}" in step(case, kind).note
    else:
        with pytest.raises(services.NotAllowed):
            services.referral_record_outcome(
                referral=referral, values={}, version=referral.version, by=lead
            )
    assert step(case, kind).state == ItemState.DONE


def test_a_step_done_by_a_referral_counts_in_the_organisations_figures(omar: User) -> None:
    from cases import counting
    from counting import store

    case = adult_case(omar, consent_to_nrm="yes")
    month = store.month_of(case.opened_at)
    before = PathwayItem.objects.filter(case=case, state=ItemState.DONE).count()
    assert store.stored(omar.organisation_id, month, counting.CASES) == counting.count_cases(
        omar.organisation_id, month
    )
    referral = services.referral_create(case=case, kind=Kind.NRM, by=omar)
    services.referral_mark_sent(
        referral=referral,
        sent_on=timezone.localdate(),
        sent_how="online-form",
        their_reference="",
        version=referral.version,
        by=omar,
    )
    assert PathwayItem.objects.filter(case=case, state=ItemState.DONE).count() == before + 1
    # The month's stored tally moved with the record, as it does for a step the lead ticks.
    assert counting.case_contribution(case.pk)[(counting.ACTION, "nrm-referral")] == 1
    assert store.stored(omar.organisation_id, month, counting.CASES) == counting.count_cases(
        omar.organisation_id, month
    )


def test_a_step_that_leaves_the_pathway_says_which_facts_changed(omar: User) -> None:
    case = adult_case(omar, consent_to_nrm="no")
    assert step(case, Kind.DUTY_TO_NOTIFY).state == ItemState.PENDING
    case_services.case_update(
        case=case, values={"consent_to_nrm": "yes"}, version=case.version, by=omar
    )
    item = step(case, Kind.DUTY_TO_NOTIFY)
    assert item.state == ItemState.NO_LONGER_NEEDED
    assert "after a change to" in item.note
    assert str(Case._meta.get_field("consent_to_nrm").verbose_name) in item.note


@pytest.mark.parametrize(
    ("nation", "sent_on", "due"),
    [
        # A Friday: the one working day is the Monday.
        ("england", date(2027, 3, 12), date(2027, 3, 15)),
        # St Patrick's Day is not a working day in Northern Ireland.
        ("northern-ireland", date(2027, 3, 16), date(2027, 3, 18)),
        ("scotland", date(2027, 3, 16), date(2027, 3, 17)),
    ],
)
def test_childrens_social_care_decide_within_the_nations_timescale(
    omar: User, nation: str, sent_on: date, due: date
) -> None:
    case = open_case(omar, omar, **child_fields())
    Case.objects.filter(pk=case.pk).update(nation=nation)
    referral = services.referral_create(case=case, kind=Kind.CHILDRENS_SOCIAL_CARE, by=omar)
    Referral.objects.filter(pk=referral.pk).update(status="sent", sent_on=sent_on)
    referral = Referral.objects.select_related("case").get(pk=referral.pk)
    (deadline,) = services.deadlines_of(referral, today=sent_on)
    assert (deadline.what, deadline.due) == ("decision-due", due)
    assert services.deadlines_of(referral, today=due + timedelta(days=1))[0].status == "overdue"
    Referral.objects.filter(pk=referral.pk).update(decision="assessment", decision_on=due)
    referral.refresh_from_db()
    assert services.deadlines_of(referral, today=due + timedelta(days=1)) == []


def test_an_overdue_childrens_decision_prompts_the_lead_to_escalate(omar: User, as_user) -> None:
    from notices.models import Notice

    case = open_case(omar, omar, **child_fields())
    referral = services.referral_create(case=case, kind=Kind.CHILDRENS_SOCIAL_CARE, by=omar)
    sent_on = timezone.localdate() - timedelta(days=7)
    Referral.objects.filter(pk=referral.pk).update(status="sent", sent_on=sent_on)
    assert services.send_deadline_reminders(today=timezone.localdate()) == 1
    notice = Notice.objects.get(recipient=omar, kind="referral-deadline")
    assert "escalate" in notice.text
    queue = as_user(omar).get("/cases/?tab=mine").content.decode()
    assert "Children&#x27;s social care decision due" in queue
    assert referral.reference in queue


@pytest.mark.parametrize(
    ("nation", "adult", "words"),
    [
        ("england", True, "until the conclusive grounds decision"),
        ("wales", False, "until the conclusive grounds decision"),
        ("scotland", True, "90 days"),
        ("northern-ireland", True, "at least 45 days"),
        ("scotland", False, "children's services"),
    ],
)
def test_the_recovery_period_is_worded_for_the_nation(
    omar: User, nation: str, adult: bool, words: str
) -> None:
    case = (
        adult_case(omar, consent_to_nrm="yes") if adult else open_case(omar, omar, **child_fields())
    )
    Case.objects.filter(pk=case.pk).update(nation=nation)
    referral = services.referral_create(case=case, kind=Kind.NRM, by=omar)
    Referral.objects.filter(pk=referral.pk).update(
        status="sent",
        sent_on=date(2027, 3, 1),
        rg_decision_on=date(2027, 3, 5),
        rg_outcome="positive",
    )
    referral = Referral.objects.select_related("case").get(pk=referral.pk)
    (deadline,) = services.deadlines_of(referral, today=date(2027, 3, 6))
    assert deadline.what == "recovery-end"
    assert words in deadline.label


def test_a_schools_nrm_step_says_why_it_is_not_offered_and_links_the_handover_pack(
    lee: User, as_user
) -> None:
    case = open_case(lee, lee, **child_fields())
    assert Kind.NRM not in services.kinds_offered(case)
    page = as_user(lee).get(f"/cases/{case.pk}/").content.decode()
    assert "Your organisation is not a first responder, so it cannot make this itself" in page
    assert "Prepare Handover pack" in page
    referral = services.referral_create(case=case, kind=Kind.PASS_TO_FIRST_RESPONDER, by=lee)
    page = as_user(lee).get(f"/cases/{case.pk}/").content.decode()
    assert "Prepare Handover pack" not in page
    # Linked from its own step and from the NRM step it stands for.
    assert page.count(f"/referrals/{referral.pk}/") >= 3  # the two steps and the list below
