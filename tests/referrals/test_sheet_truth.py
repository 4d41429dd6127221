"""Issue 14, "the answer sheet tells the truth": what the record says, what it only suggests, and
what the lead corrects; the demo referrals' nrm_export; the form's own list values."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from concerns.models import Concern
from referrals import services
from referrals.demo import DEMO_CASES, load_demo_cases
from referrals.models import FormListValue, Kind, Referral
from referrals.official.form import FIELD_NAMES, TYPES_OF_EXPLOITATION
from referrals.official.lists import match, read_file, values_of
from tests.referrals.factories import make_referral

pytestmark = pytest.mark.django_db


def export(reference: str) -> dict:
    out = io.StringIO()
    call_command("nrm_export", reference, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize("spec", DEMO_CASES, ids=lambda s: s.key)
def test_every_demo_referral_exports_all_141_names_truthfully(cast, spec) -> None:
    refs = load_demo_cases(cast)[spec.key]
    data = export(refs["referral"])
    names = [*data["answers"], *data["missing"], *data["not_applicable"]]
    assert sorted(names) == sorted(FIELD_NAMES)
    assert len(names) == len(set(names)) == 141
    # The live form no longer asks /what-happened: nothing is written into it.
    assert "what-happened" in data["not_applicable"]
    answers = data["answers"]
    # Only the form's own values for nationality and organisation.
    for name, list_name in (
        ("pv-nationality", "nationalities"),
        ("user-organisation", "organisations"),
    ):
        if name in answers:
            assert answers[name] in values_of(list_name), name
    # Nothing ticked that the record does not say: the screening's types are suggestions.
    assert not any(answers.get(n) for n in TYPES_OF_EXPLOITATION)
    # The people who may be exploiting the person are never "other potential victims".
    exploiters = spec.fields.get("exploiters", "")
    for name in ("other-potential-victims-yes-details", "other-potential-victims-not-sure-details"):
        assert exploiters not in answers.get(name, "") or not exploiters
    if spec.kind != Kind.PASS_TO_FIRST_RESPONDER:
        # The First Responder as their profile and organisation describe them.
        lead = cast.people[spec.lead]
        if data["form"] == "nrm":
            assert answers["fr-details-role"] == lead.job_title
            assert answers["fr-details-phone"] == lead.phone
            assert answers["fr-alternative-contact"] == lead.organisation.team_inbox
            assert answers["fr-alternative-contact"] != lead.email
        assert answers["user-organisation"] == "Kirklees Council"


def test_the_consenting_adults_nationality_and_other_victims(cast) -> None:
    refs = load_demo_cases(cast)["consenting-adult"]
    answers = export(refs["referral"])["answers"]
    assert answers["pv-nationality"] == "Romanian"
    assert answers["any-other-pvs"] == "yes"
    assert answers["other-potential-victims-yes-details"] == (
        "Three other workers live in the same caravan."
    )
    assert "manager" not in answers["other-potential-victims-yes-details"]
    assert "manager" in answers["who-exploited-pv"]


def test_a_job_title_is_never_invented(omar) -> None:
    omar.job_title = ""
    omar.phone = ""
    omar.save()
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    sheet = services.sheet_of(referral)
    assert "fr-details-role" in sheet.missing
    assert "fr-details-phone" in sheet.missing


def test_a_nationality_not_on_the_forms_list_is_left_for_the_lead(omar) -> None:
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes", nationality="Romania")
    sheet = services.sheet_of(referral)
    assert "pv-nationality" in sheet.missing  # "Romania" is a country, not the form's value
    assert match("nationalities", " romanian ") == "Romanian"
    assert match("nationalities", "Romania") == ""


def test_the_screenings_types_are_suggested_not_ticked(omar) -> None:
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    referral.case.types.create(type="sexual")
    sheet = services.sheet_of(referral)
    # The factory's case has labour in its screening; now sexual exploitation too.
    assert set(sheet.suggestions) == {
        "types-of-exploitation-prostitution",
        "types-of-exploitation-forced-to-work",
    }
    assert "types-of-exploitation-prostitution" in sheet.missing
    # The lead rejects it and confirms forced labour instead: their answer wins.
    services.referral_answer(
        referral=referral,
        answers={
            "types-of-exploitation-forced-to-work": "true",
            "types-of-exploitation-prostitution": "",
        },
        version=referral.version,
        by=omar,
    )
    sheet = services.sheet_of(referral)
    assert sheet.answers["types-of-exploitation-forced-to-work"] == "true"
    assert sheet.answers["types-of-exploitation-prostitution"] == ""
    assert not sheet.suggestions


def test_only_who_else_may_be_exploited_feeds_other_victims(omar) -> None:
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    Concern.objects.filter(case_link__case=referral.case).update(
        others_present="The boss, Mr Grey",
        exploiters="Mr Grey, who runs the site",
        others_exploited="",
    )
    referral.case.others_at_risk = ""
    referral.case.save()
    sheet = services.sheet_of(referral)
    assert "Grey" not in sheet.answers.get("other-potential-victims-yes-details", "")
    assert sheet.answers["who-exploited-pv"] == "Mr Grey, who runs the site"
    Concern.objects.filter(case_link__case=referral.case).update(others_exploited="Two cousins")
    sheet = services.sheet_of(referral)
    assert sheet.answers["any-other-pvs"] == "yes"
    assert sheet.answers["other-potential-victims-yes-details"] == "Two cousins"


def test_the_lists_load_from_the_files_and_refresh(db) -> None:
    out = io.StringIO()
    FormListValue.objects.filter(list_name="countries").delete()
    call_command("load_nrm_lists", stdout=out)
    assert "countries: 197 values" in out.getvalue()
    assert values_of("nationalities")[0] == "Unknown"
    assert len(values_of("organisations")) == len(read_file("organisations")) == 526
    authorities = read_file("local-authorities")
    assert len(authorities) == 218
    assert ("Leeds City Council", "E08000035") in authorities
    assert (
        FormListValue.objects.get(list_name="local-authorities", value="Leeds City Council").code
        == "E08000035"
    )


def test_a_referral_of_another_kind_has_no_sheet(omar) -> None:
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    referral.kind = Kind.POLICE
    assert services.sheet_of(referral) is None
    assert services.record_answers(referral) == {}
    assert Referral.objects.filter(pk=referral.pk).exists()
