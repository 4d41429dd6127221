"""Changing an answer the lead gave in a referral section, before the referral is sent."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from referrals import services
from referrals.forms import TYPES_GROUP
from referrals.models import Kind, Referral
from referrals.official.form import CHECKED, TYPES_OF_EXPLOITATION
from referrals.sections import SHEET_SECTIONS, missing_in, section_named
from referrals.services import NotAllowed
from tests.referrals.factories import make_referral
from tests.referrals.helpers import prefilled, value_for

pytestmark = pytest.mark.django_db


def _url(referral: Referral, slug: str) -> str:
    return reverse("referrals:section", kwargs={"pk": referral.pk, "slug": slug})


def _answer(referral: Referral, by: Any, **answers: str) -> None:
    services.referral_answer(
        referral=referral,
        answers={k.replace("_", "-"): v for k, v in answers.items()},
        version=referral.version,
        by=by,
    )


def _post_section(client: Client, referral: Referral, slug: str, changes: dict[str, Any]):
    """Post a section as a browser would: earlier answers pre-filled, what is missing
    answered, and the changes."""
    referral.refresh_from_db()
    section = section_named(referral.kind, slug)
    sheet = services.sheet_of(referral)
    data: dict[str, Any] = {"version": str(referral.version), **prefilled(referral, section, sheet)}
    for name in missing_in(section, sheet):
        data.setdefault(*value_for(name, {}))
    data.update(changes)
    return client.post(_url(referral, slug), data)


def test_a_section_shows_the_leads_answers_pre_filled_but_never_what_the_case_holds(omar, as_user):
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    _answer(referral, omar, fr_details_phone="01632 960001", why_are_you_making_the_referral="X")
    page = as_user(omar).get(_url(referral, "about-the-referral")).content.decode()
    assert 'name="fr-details-phone"' in page
    assert 'value="01632 960001"' in page
    assert 'name="why-are-you-making-the-referral"' in page
    assert "You gave this answer on this referral" in page
    assert 'name="fr-details-first-name"' not in page  # the case holds it
    assert 'name="reference"' not in page


def test_changing_an_answer_saves_it_and_audits_the_change(omar, as_user):
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    _answer(referral, omar, fr_details_phone="01632 960001", why_are_you_making_the_referral="X")
    response = _post_section(
        as_user(omar), referral, "about-the-referral", {"fr-details-phone": "01632 960999"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.answers["fr-details-phone"] == "01632 960999"
    assert referral.answers["why-are-you-making-the-referral"] == "X"
    event = AuditEvent.objects.filter(kind="referral-answered").latest("at")
    assert event.detail["section"] == "about-the-referral"
    assert event.detail["changed"] == ["fr-details-phone"]
    assert "01632" not in str(event.detail)


def test_a_field_the_case_holds_is_changed_only_on_purpose(omar, as_user):
    """Issue 14: the record's answer is not a form field until the lead chooses Change; then
    their correction wins, and the audit names the corrected field (never its value)."""
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    _answer(referral, omar, fr_details_phone="01632 960001", why_are_you_making_the_referral="X")
    before = services.sheet_of(referral).answers["fr-details-first-name"]
    client = as_user(omar)
    _post_section(client, referral, "about-the-referral", {"fr-details-first-name": "Zed"})
    referral.refresh_from_db()
    assert "fr-details-first-name" not in referral.answers
    assert services.sheet_of(referral).answers["fr-details-first-name"] == before

    page = client.get(_url(referral, "about-the-referral") + "?change=fr-details-first-name")
    assert f'value="{before}"' in page.content.decode()
    response = client.post(
        _url(referral, "about-the-referral"),
        {
            "version": referral.version,
            "change": "fr-details-first-name",
            "fr-details-first-name": "Zed",
            "fr-details-phone": "01632 960001",
            "why-are-you-making-the-referral": "X",
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    sheet = services.sheet_of(referral)
    assert sheet.answers["fr-details-first-name"] == "Zed"
    assert sheet.sources["fr-details-first-name"] == "lead"
    event = AuditEvent.objects.filter(kind="referral-answered").latest("at")
    assert event.detail["corrected"] == ["fr-details-first-name"]
    assert "Zed" not in str(event.detail)
    # The page shows what the record says beside the correction; emptying it restores it.
    page = client.get(_url(referral, "about-the-referral")).content.decode()
    assert f"The record says “{before}”" in page
    response = client.post(
        _url(referral, "about-the-referral"),
        {
            "version": referral.version,
            "fr-details-first-name": "",
            "fr-details-phone": "01632 960001",
            "why-are-you-making-the-referral": "X",
        },
    )
    referral.refresh_from_db()
    assert services.sheet_of(referral).answers["fr-details-first-name"] == before


def test_a_changed_answer_is_refused_with_a_stale_version(omar, as_user):
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    _answer(referral, omar, fr_details_phone="01632 960001", why_are_you_making_the_referral="X")
    client = as_user(omar)
    stale = referral.version
    _answer(referral, omar, fr_details_phone="01632 960002")
    response = client.post(
        _url(referral, "about-the-referral"),
        {
            "version": stale,
            "fr-details-phone": "01632 960999",
            "why-are-you-making-the-referral": "X",
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.answers["fr-details-phone"] == "01632 960002"


def test_a_sent_referral_cannot_be_changed(omar, as_user):
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    _answer(referral, omar, fr_details_phone="01632 960001")
    services.referral_mark_sent(
        referral=referral,
        sent_on=referral.created_at.date(),
        sent_how="online-form",
        their_reference="",
        version=referral.version,
        by=omar,
    )
    client = as_user(omar)
    response = _post_section(
        client, referral, "about-the-referral", {"fr-details-phone": "01632 960999"}
    )
    assert response["Location"] == f"/referrals/{referral.pk}/"
    referral.refresh_from_db()
    assert referral.answers["fr-details-phone"] == "01632 960001"
    assert ">Change<" not in client.get(f"/referrals/{referral.pk}/sheet/").content.decode()
    with pytest.raises(NotAllowed, match="sent"):
        _answer(referral, omar, fr_details_phone="01632 960999")


def test_a_duty_to_notify_still_never_asks_the_name_without_co_operation(omar, as_user):
    referral = make_referral(omar, Kind.DUTY_TO_NOTIFY, person_name="")
    _answer(referral, omar, authorities_cooperation="no")
    client = as_user(omar)
    page = client.get(_url(referral, "age-and-consent")).content.decode()
    assert 'value="no" checked' in page  # the answer given, to change
    person = client.get(_url(referral, "about-the-person")).content.decode()
    assert 'name="pv-name-first-name"' not in person
    client.post(
        _url(referral, "about-the-person"),
        {"version": referral.version, "pv-name-first-name": "Dana"},
    )
    referral.refresh_from_db()
    assert "pv-name-first-name" not in referral.answers
    with pytest.raises(NotAllowed, match="anonymous"):
        _answer(referral, omar, pv_name_first_name="Dana")


def test_withdrawing_co_operation_drops_the_name_from_a_duty_to_notify(omar, as_user):
    referral = make_referral(omar, Kind.DUTY_TO_NOTIFY, person_name="")
    _answer(referral, omar, authorities_cooperation="yes")
    sheet = services.sheet_of(referral)
    assert "pv-name-first-name" in sheet.missing
    _answer(referral, omar, pv_name_first_name="Dana", pv_name_last_name="Petrov")
    response = _post_section(
        as_user(omar), referral, "age-and-consent", {"authorities-cooperation": "no"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.answers["authorities-cooperation"] == "no"
    assert not any(k.startswith("pv-name-") for k in referral.answers)
    assert "Dana" not in str(services.sheet_of(referral).answers)


def test_the_referral_and_its_sheet_link_to_change_the_leads_answers(omar, as_user):
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    _answer(referral, omar, fr_details_phone="01632 960001")
    client = as_user(omar)
    change = f"{_url(referral, 'about-the-referral')}#id_fr-details-phone"
    detail = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Answers you gave" in detail
    assert f'href="{change}"' in detail
    sheet = client.get(f"/referrals/{referral.pk}/sheet/").content.decode()
    assert f'href="{change}"' in sheet
    # Issue 14: what the record holds can be corrected too, on purpose ("?change=").
    record_change = f"{_url(referral, 'about-the-referral')}?change=fr-details-first-name"
    assert f'href="{record_change}#id_fr-details-first-name"' in sheet
    assert 'change=reference"' not in sheet


def test_two_types_of_exploitation_can_be_chosen_and_changed(omar, as_user):
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes", indicators=())
    types = [n for n in services.sheet_of(referral).missing if n in TYPES_OF_EXPLOITATION]
    assert len(types) >= 3
    _answer(referral, omar, **dict.fromkeys(types[:2], CHECKED))
    assert set(services.lead_supplied(referral)) >= set(types)
    slug = next(s.slug for s in SHEET_SECTIONS if "/types-of-exploitation" in s.steps)
    page = as_user(omar).get(_url(referral, slug)).content.decode()
    assert page.count(" checked") >= 2
    _post_section(as_user(omar), referral, slug, {TYPES_GROUP: [types[2]]})
    referral.refresh_from_db()
    assert [t for t in types if referral.answers.get(t)] == [types[2]]
