"""Duty to Notify: what may identify the person in the report's free text is flagged before the
report is produced (issue 14)."""

from __future__ import annotations

import pytest

from referrals import services
from referrals.identifying import flags_in, identifying_flags, name_parts
from referrals.models import Kind
from tests.referrals.factories import make_referral


def test_names_emails_phones_and_postcodes_are_flagged() -> None:
    text = (
        "Sam sleeps above the kitchen at 12 High St, LS1 4AB. Call 07700 900123 or "
        "+44 113 496 0000, or write to sam.p@example.org."
    )
    found = flags_in(text, ["Sam Placeholder"])
    kinds = {(k, w) for k, w in found}
    assert ("name", "Sam") in kinds
    assert ("postcode", "LS1 4AB") in kinds
    assert ("phone", "07700 900123") in kinds
    assert ("phone", "+44 113 496 0000") in kinds
    assert ("email", "sam.p@example.org") in kinds


def test_plain_text_is_not_flagged() -> None:
    text = "He works 12 hours a day, 7 days a week, and owes 3000 pounds for his travel."
    assert flags_in(text, ["Sam Placeholder"]) == []
    # Parts of other words are not names.
    assert flags_in("Samples were taken", ["Sam"]) == []
    assert name_parts(["Mary-Jane O'Neil", "x"]) == ["Mary-Jane", "O'Neil"]


def test_only_free_text_answers_are_read() -> None:
    answers = {
        "how-they-were-treated": "Sam was shouted at",
        "fr-details-phone": "01632 960001",  # the referrer's, not the person's
        "pv-gender": "male",
    }
    flags = identifying_flags(answers, ["Sam"])
    assert [(f.field, f.kind) for f in flags] == [("how-they-were-treated", "name")]


@pytest.mark.django_db
def test_the_duty_to_notify_download_page_shows_the_flags(omar, as_user) -> None:
    referral = make_referral(omar, Kind.DUTY_TO_NOTIFY, person_name="Dana Petrov")
    services.referral_answer(
        referral=referral,
        answers={"how-they-were-treated": "Dana was locked in at night; her number 07700 900123"},
        version=referral.version,
        by=omar,
    )
    page = as_user(omar).get(f"/referrals/{referral.pk}/download/").content.decode()
    assert "must not identify the person" in page
    assert "“Dana” may be a name the record holds for the person" in page
    assert "“07700 900123” may be a phone number" in page
    sheet = as_user(omar).get(f"/referrals/{referral.pk}/sheet/").content.decode()
    assert "Check the free text" in sheet


@pytest.mark.django_db
def test_an_nrm_referral_has_no_such_check(omar, as_user) -> None:
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    page = as_user(omar).get(f"/referrals/{referral.pk}/download/").content.decode()
    assert "must not identify the person" not in page
