"""The referral services: what the product refuses, and what it records."""

from datetime import date

import pytest

from audit.models import AuditEvent
from referrals import services
from referrals.models import Kind
from referrals.services import NotAllowed
from tests.cases.factories import child_fields, open_case
from tests.referrals.factories import adult_case, make_referral

pytestmark = pytest.mark.django_db


def test_a_duty_to_notify_refuses_the_name_without_co_operation(omar) -> None:
    referral = make_referral(omar, Kind.DUTY_TO_NOTIFY)
    with pytest.raises(NotAllowed, match="anonymous"):
        services.referral_answer(
            referral=referral,
            answers={"pv-name-first-name": "Dana"},
            version=referral.version,
            by=omar,
        )
    services.referral_answer(
        referral=referral,
        answers={"authorities-cooperation": "no"},
        version=referral.version,
        by=omar,
    )
    for field, value in [
        ("pv-name-last-name", "Petrov"),
        ("pv-contact-details-email-input", "dana@example.org"),
        ("pv-contact-details", "email"),
    ]:
        with pytest.raises(NotAllowed, match="anonymous"):
            services.referral_answer(
                referral=referral, answers={field: value}, version=referral.version, by=omar
            )
    referral.refresh_from_db()
    assert "pv-name-first-name" not in services.sheet_of(referral).answers


def test_a_duty_to_notify_names_a_person_who_will_co_operate(omar) -> None:
    referral = make_referral(omar, Kind.DUTY_TO_NOTIFY, person_name="Dana Petrov")
    services.referral_answer(
        referral=referral,
        answers={"authorities-cooperation": "yes"},
        version=referral.version,
        by=omar,
    )
    sheet = services.sheet_of(referral)
    assert sheet.form == "duty-to-notify"
    # The case holds the name: the sheet carries it, and the lead does not type it.
    assert sheet.answers["pv-name-first-name"] == "Dana"
    assert sheet.sources["pv-name-first-name"] == "record"
    # Issue 14: the lead can correct what the record says; the correction wins and is audited.
    services.referral_answer(
        referral=referral,
        answers={"pv-name-first-name": "Danuta"},
        version=referral.version,
        by=omar,
    )
    referral.refresh_from_db()
    assert services.sheet_of(referral).answers["pv-name-first-name"] == "Danuta"
    event = AuditEvent.objects.filter(kind="referral-answered").latest("at")
    assert event.detail["corrected"] == ["pv-name-first-name"]
    assert "Danuta" not in str(event.detail)


def test_a_duty_to_notify_is_never_prepared_for_a_child(omar) -> None:
    case = open_case(omar, omar, **child_fields())
    with pytest.raises(NotAllowed, match="child"):
        services.referral_create(case=case, kind=Kind.DUTY_TO_NOTIFY, by=omar)


def test_a_school_passes_the_nrm_to_a_first_responder_instead(lee, priya) -> None:
    case = open_case(lee, priya, **child_fields())
    kinds = services.kinds_offered(case)
    assert Kind.PASS_TO_FIRST_RESPONDER in kinds
    assert Kind.NRM not in kinds
    with pytest.raises(NotAllowed):
        services.referral_create(case=case, kind=Kind.NRM, by=lee)


def test_a_childs_sheet_is_not_complete_until_the_local_authority_is_named(lee) -> None:
    referral = make_referral(lee, Kind.PASS_TO_FIRST_RESPONDER)
    sheet = services.sheet_of(referral)
    assert "local-authority-contacted-about-child-local-authority-name" in sheet.missing


def test_an_answer_must_be_one_of_the_forms_options(omar) -> None:
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    with pytest.raises(NotAllowed, match="not an answer"):
        services.referral_answer(
            referral=referral,
            answers={"when-last-contact": "yesterday"},
            version=referral.version,
            by=omar,
        )
    with pytest.raises(NotAllowed, match="not a field"):
        services.referral_answer(
            referral=referral, answers={"favourite": "x"}, version=referral.version, by=omar
        )


def test_a_stale_version_is_a_conflict(omar) -> None:
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    with pytest.raises(services.ReferralConflict):
        services.referral_answer(
            referral=referral,
            answers={"birthplace": "Somewhere"},
            version=referral.version + 5,
            by=omar,
        )


def test_creating_twice_reuses_the_draft_and_is_audited(omar) -> None:
    case = adult_case(omar, consent_to_nrm="yes")
    first = services.referral_create(case=case, kind=Kind.NRM, by=omar)
    second = services.referral_create(case=case, kind=Kind.NRM, by=omar)
    assert first.pk == second.pk
    assert first.reference.startswith("RF-") and len(first.reference) == 12
    event = AuditEvent.objects.get(kind="referral-created", target_id=str(first.pk))
    assert "Dana" not in str(event.detail)


def test_marking_sent_records_date_how_and_their_reference(omar) -> None:
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    services.referral_mark_sent(
        referral=referral,
        sent_on=date(2026, 1, 5),
        sent_how="online-form",
        their_reference="NRM-123",
        version=referral.version,
        by=omar,
    )
    referral.refresh_from_db()
    assert referral.is_sent and referral.their_reference == "NRM-123"
    with pytest.raises(NotAllowed):
        services.referral_answer(
            referral=referral, answers={"birthplace": "x"}, version=referral.version, by=omar
        )
