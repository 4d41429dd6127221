"""The answer sheet's section pages (issue 14): plain questions grouped by the online form's
pages, hints saying where answers came from, inline follow-ups, only the form's list values."""

from __future__ import annotations

import re

import pytest

from concerns.models import Concern
from referrals import services
from referrals.models import Kind
from referrals.official.form import FIELDS, FORM_STEPS
from referrals.official.questions import PAGES, QUESTIONS
from tests.referrals.factories import make_referral

pytestmark = pytest.mark.django_db


def _url(referral, slug: str) -> str:
    return f"/referrals/{referral.pk}/section/{slug}/"


def test_every_field_and_page_has_a_plain_question_in_our_words() -> None:
    assert set(QUESTIONS) == set(FIELDS)
    assert set(PAGES) == {s.path for s in FORM_STEPS}
    for name, text in QUESTIONS.items():
        if "-" in name:
            assert name not in text  # never the raw field name
        assert text[:1].isupper()


def test_a_section_groups_plain_questions_by_the_forms_pages(omar, as_user) -> None:
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    page = as_user(omar).get(_url(referral, "about-the-person")).content.decode()
    assert "Online form page: /does-pv-have-children" in page
    assert "Do they have children?" in page
    assert "Does pv have children" not in page
    assert "The case does not say." in page
    # Optional questions are asked, marked optional, never required.
    assert "Any other names or nicknames (optional)" in page
    assert "required" not in re.findall(r"<input[^>]*>", page)[0]


def test_a_follow_up_opens_inline_and_is_dropped_when_not_opened(omar, as_user) -> None:
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    client = as_user(omar)
    page = client.get(_url(referral, "about-the-person")).content.decode()
    # The follow-up is on the page before any save, inside its conditional block.
    assert 'data-reveal-field="does-pv-have-children"' in page
    assert 'name="does-pv-have-children-yes-amount"' in page
    client.post(
        _url(referral, "about-the-person"),
        {
            "version": referral.version,
            "does-pv-have-children": "no",
            "does-pv-have-children-yes-amount": "2",  # typed, then the answer changed
        },
    )
    referral.refresh_from_db()
    assert referral.answers["does-pv-have-children"] == "no"
    assert "does-pv-have-children-yes-amount" not in referral.answers
    client.post(
        _url(referral, "about-the-person"),
        {
            "version": referral.version,
            "does-pv-have-children": "yes",
            "does-pv-have-children-yes-amount": "2",
        },
    )
    referral.refresh_from_db()
    assert referral.answers["does-pv-have-children-yes-amount"] == "2"


def test_a_part_saved_section_keeps_what_was_given(omar, as_user) -> None:
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    response = as_user(omar).post(
        _url(referral, "the-exploitation"),
        {"version": referral.version, "how-did-the-exploitation-start": "A job advert"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.answers == {"how-did-the-exploitation-start": "A job advert"}
    sheet = services.sheet_of(referral)
    assert "living-conditions" in sheet.missing


def test_the_exploitation_page_shows_the_concerns_account_and_suggestions(omar, as_user) -> None:
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    Concern.objects.filter(case_link__case=referral.case).update(
        what_you_saw="Works 12 hours a day at a nail bar."
    )
    page = as_user(omar).get(_url(referral, "the-exploitation")).content.decode()
    assert "What the concern says" in page
    assert "Works 12 hours a day at a nail bar." in page
    assert "Suggested from the signs in the screening, not yet confirmed: made to work" in page
    # The suggestion is ticked on the page for the lead to confirm, not on the sheet.
    assert re.search(r'value="types-of-exploitation-forced-to-work" checked', page)
    assert "types-of-exploitation-forced-to-work" in services.sheet_of(referral).missing


def test_a_record_answer_can_be_changed_from_the_section(omar, as_user) -> None:
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    client = as_user(omar)
    page = client.get(_url(referral, "about-the-person")).content.decode()
    assert "Already answered from the record" in page
    assert 'href="?change=pv-gender"' in page
    changing = client.get(_url(referral, "about-the-person") + "?change=pv-gender")
    assert 'name="pv-gender"' in changing.content.decode()


def test_the_referral_asks_for_missing_referrer_details_once(omar, as_user) -> None:
    omar.job_title = ""
    omar.save()
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    page = as_user(omar).get(_url(referral, "about-the-referral")).content.decode()
    assert "Give them once in your details" in page
    assert f"/account/details/?next=/referrals/{referral.pk}/section/about-the-referral/" in page
    omar.job_title = "Safeguarding officer"
    omar.save()
    page = as_user(omar).get(_url(referral, "about-the-referral")).content.decode()
    assert "Give them once in your details" not in page


def test_a_nationality_the_form_does_not_list_is_shown_not_guessed(omar, as_user) -> None:
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes", nationality="Romania")
    page = as_user(omar).get(_url(referral, "about-the-person")).content.decode()
    assert "The case says “Romania”, which is not one of the form&#x27;s values." in page
    assert '<option value="Romanian">' in page
