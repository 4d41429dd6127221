"""Version 2 of the pathway contract (reference/pathways.md, "Version 2"): every new rule in
every nation, as table rows, and every new "never" as a property over all inputs."""

from __future__ import annotations

import json
import sys
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from core import nations
from guidance.pathways import (
    ACTIONS,
    FACT_KEYS,
    FACT_QUESTIONS,
    Facts,
    FactsError,
    Organisation,
    decide,
    parse_facts,
)

TODAY = date(2026, 12, 6)
ORG = {"first_responder": True, "duty_to_notify": True, "ictg_available": True}
NATIONS = nations.CODES
E_AND_W = ("england", "wales")
SCOT_NI = ("scotland", "northern-ireland")
# 15 by what they say; 19 by the passport they carry.
PASSPORT_19 = "2007-06-01"


def run(**facts: Any) -> dict[str, Any]:
    data = {"immediate_danger": False, "others_at_risk": False, "organisation": ORG} | facts
    return decide(parse_facts(data), today=TODAY).to_dict()


def adult(**facts: Any) -> dict[str, Any]:
    base = {
        "under_18": "no",
        "under_18_during_exploitation": "no",
        "care_and_support_needs": False,
        "children_at_risk": False,
        "already_in_nrm": False,
    }
    return run(**(base | facts))


def child(**facts: Any) -> dict[str, Any]:
    return run(**({"under_18": "yes", "children_at_risk": False, "already_in_nrm": False} | facts))


# ------------------------------------------------------------------ rule 1: presumption of age


@pytest.mark.parametrize("nation", NATIONS)
@pytest.mark.parametrize("said", ["yes", "not-sure"])
def test_a_claim_or_doubt_of_being_under_18_beats_an_adult_date_of_birth(
    nation: str, said: str
) -> None:
    out = run(nation=nation, under_18=said, date_of_birth=PASSPORT_19, consent_to_nrm="yes")
    assert out["treated_as_child"] is True
    assert "request-age-assessment" in out["actions"]
    for code in ("refer-childrens-social-care", "inform-police", "nrm-referral"):
        assert code in out["actions"]
    for adult_only in ("seek-informed-consent", "duty-to-notify", "offer-support-and-helpline"):
        assert adult_only not in out["actions"]
    assert "age_assessment" in out["missing_facts"]
    # The reason cites the nation's own presumption of age.
    law = nations.nation(nation).age_presumption_law
    assert law in out["reasons"]["request-age-assessment"]


@pytest.mark.parametrize("nation", NATIONS)
def test_an_assessment_saying_adult_settles_a_disputed_age(nation: str) -> None:
    out = adult(
        nation=nation,
        under_18="yes",
        date_of_birth=PASSPORT_19,
        age_assessment="adult",
        consent_to_nrm="yes",
    )
    assert out["treated_as_child"] is False
    assert "request-age-assessment" not in out["actions"]
    assert "nrm-referral" in out["actions"]


@pytest.mark.parametrize("nation", NATIONS)
def test_an_assessment_saying_child_makes_them_a_child_whatever_the_papers(nation: str) -> None:
    out = run(nation=nation, under_18="no", date_of_birth=PASSPORT_19, age_assessment="child")
    assert out["treated_as_child"] is True
    assert "request-age-assessment" not in out["actions"]


def test_an_assessment_saying_adult_never_overrules_a_date_of_birth_showing_a_child() -> None:
    out = run(nation="england", under_18="yes", date_of_birth="2012-01-01", age_assessment="adult")
    assert out["treated_as_child"] is True


def test_a_date_of_birth_decides_alone_when_nobody_said_otherwise() -> None:
    out = adult(nation="england", under_18=None, date_of_birth=PASSPORT_19, consent_to_nrm="yes")
    assert out["treated_as_child"] is False
    assert "request-age-assessment" not in out["actions"]


def test_no_assessment_is_asked_for_when_there_is_no_conflict() -> None:
    assert "request-age-assessment" not in child(nation="england")["actions"]
    assert "request-age-assessment" not in run(nation="england", under_18="not-sure")["actions"]


# ------------------------------------------------------------------ rule 2: capacity


@pytest.mark.parametrize("nation", NATIONS)
@pytest.mark.parametrize("consent", ["yes", "no", "not-asked", None])
def test_an_adult_who_cannot_decide_gets_a_best_interests_decision_never_a_consent_step(
    nation: str, consent: str | None
) -> None:
    out = adult(nation=nation, capacity_to_consent="no", consent_to_nrm=consent)
    assert "best-interests-decision" in out["actions"]
    assert "adult-safeguarding-referral" in out["actions"]
    assert "seek-informed-consent" not in out["actions"]
    assert "offer-support-and-helpline" not in out["actions"]
    assert all("their choice" not in r for r in out["reasons"].values())
    law = nations.nation(nation).capacity_law
    assert law in out["reasons"]["best-interests-decision"]


@pytest.mark.parametrize("nation", NATIONS)
@pytest.mark.parametrize("consent", ["yes", "no", "not-asked", None])
def test_an_adult_whose_capacity_is_not_sure_is_assessed_before_any_consent_step(
    nation: str, consent: str | None
) -> None:
    out = adult(nation=nation, capacity_to_consent="not-sure", consent_to_nrm=consent)
    actions = out["actions"]
    assert "assess-capacity" in actions
    for consent_step in ("seek-informed-consent", "nrm-referral", "offer-support-and-helpline"):
        if consent_step in actions:
            assert actions.index("assess-capacity") < actions.index(consent_step)


def test_a_refusal_with_capacity_not_known_is_not_simply_their_choice() -> None:
    out = adult(nation="england", consent_to_nrm="no")
    assert "capacity_to_consent" in out["missing_facts"]
    assert "If they can make this decision" in out["reasons"]["offer-support-and-helpline"]
    settled = adult(nation="england", consent_to_nrm="no", capacity_to_consent="yes")
    assert "capacity_to_consent" not in settled["missing_facts"]
    assert "That is their choice." in settled["reasons"]["offer-support-and-helpline"]


# ------------------------------------------------------------------ rule 3: other children


@pytest.mark.parametrize("nation", NATIONS)
@pytest.mark.parametrize("consent", ["yes", "no", "not-asked"])
def test_other_children_at_risk_are_referred_whatever_the_adults_consent(
    nation: str, consent: str
) -> None:
    out = adult(nation=nation, children_at_risk=True, consent_to_nrm=consent)
    assert "refer-childrens-social-care" in out["actions"]
    assert "inform-police" in out["actions"]
    assert out["treated_as_child"] is False
    assert (
        nations.nation(nation).childrens_services in out["reasons"]["refer-childrens-social-care"]
    )


def test_other_children_at_risk_are_named_in_a_childs_referral_too() -> None:
    out = child(nation="england", children_at_risk=True)
    assert "Other children" in out["reasons"]["refer-childrens-social-care"]


def test_whether_other_children_are_at_risk_is_asked_when_not_known() -> None:
    out = adult(nation="england", children_at_risk=None, consent_to_nrm="yes")
    assert "children_at_risk" in out["missing_facts"]


# ------------------------------------------------------------------ rule 4: already in the NRM


@pytest.mark.parametrize("nation", NATIONS)
@pytest.mark.parametrize(
    "facts",
    [
        {"under_18": "yes"},
        {"under_18": "no", "consent_to_nrm": "yes"},
        {"under_18": "no", "consent_to_nrm": "no"},
        {"under_18": "no", "consent_to_nrm": "not-asked", "care_and_support_needs": True},
    ],
)
def test_someone_already_in_the_nrm_gets_the_new_information_sent_never_a_second_referral(
    nation: str, facts: dict[str, Any]
) -> None:
    out = run(nation=nation, already_in_nrm=True, children_at_risk=False, **facts)
    assert "send-information-to-decision-maker" in out["actions"]
    for replaced in ("nrm-referral", "seek-informed-consent", "duty-to-notify"):
        assert replaced not in out["actions"]
    if facts["under_18"] == "yes":
        assert {"refer-childrens-social-care", "inform-police"} <= set(out["actions"])
    if facts.get("care_and_support_needs"):
        assert "adult-safeguarding-referral" in out["actions"]


def test_whether_they_are_already_in_the_nrm_is_asked_before_a_referral() -> None:
    out = adult(nation="england", already_in_nrm=None, consent_to_nrm="yes")
    assert "already_in_nrm" in out["missing_facts"]


# ------------------------------------------------------------------ rule 5: guardians


@pytest.mark.parametrize("nation", E_AND_W)
def test_england_and_wales_offer_the_ictg_where_it_covers_the_area(nation: str) -> None:
    out = child(nation=nation)
    assert "refer-ictg" in out["actions"]
    assert "Independent Child Trafficking Guardian" in out["reasons"]["refer-ictg"]
    no_service = run(
        nation=nation,
        under_18="yes",
        organisation=ORG | {"ictg_available": False},
        children_at_risk=False,
        already_in_nrm=False,
    )
    assert "refer-ictg" not in no_service["actions"]


@pytest.mark.parametrize(
    ("nation", "service"),
    [("scotland", "Scottish Guardianship Service"), ("northern-ireland", "Independent Guardian")],
)
@pytest.mark.parametrize(
    ("responsibility", "offered"),
    [
        ("no", True),
        ("not-sure", True),
        (None, True),
        ("yes", False),
    ],
)
def test_scotland_and_northern_ireland_offer_their_guardian_without_parental_responsibility(
    nation: str, service: str, responsibility: str | None, offered: bool
) -> None:
    out = child(nation=nation, parental_responsibility_in_uk=responsibility)
    assert ("refer-ictg" in out["actions"]) is offered
    if offered:
        assert service in out["reasons"]["refer-ictg"]
    assert ("parental_responsibility_in_uk" in out["missing_facts"]) is (responsibility is None)


# ------------------------------------------------------------------ rule 6: nation wording


@pytest.mark.parametrize("nation", NATIONS)
def test_reasons_name_the_nations_own_bodies_and_never_anothers_guidance(nation: str) -> None:
    here = nations.nation(nation)
    outputs = [
        child(nation=nation, children_at_risk=True, organisation=ORG | {"first_responder": False}),
        adult(
            nation=nation,
            consent_to_nrm="yes",
            care_and_support_needs=True,
            children_at_risk=True,
            organisation=ORG | {"first_responder": False},
        ),
        adult(nation=nation, consent_to_nrm="no", capacity_to_consent="no"),
    ]
    text = " ".join(r for out in outputs for r in out["reasons"].values())
    assert "London" not in text
    assert here.police in text
    assert here.adult_support in text
    for other in nations.TABLE.values():
        if other.code == nation:
            continue
        for attr in ("child_protection_guidance", "capacity_law", "age_presumption_law"):
            theirs = getattr(other, attr)
            if theirs != getattr(here, attr):
                assert theirs not in text, (nation, attr)
    if nation == "northern-ireland":
        fro = outputs[0]["reasons"]["pass-to-first-responder"]
        assert "PSNI" in fro and "Health and Social Care Trust" in fro
        assert "council" not in fro


# ------------------------------------------------------------------ new facts are validated


@pytest.mark.parametrize(
    ("key", "bad"),
    [
        ("age_assessment", "maybe"),
        ("capacity_to_consent", True),
        ("children_at_risk", "yes"),
        ("already_in_nrm", "no"),
        ("parental_responsibility_in_uk", "unknown"),
    ],
)
def test_a_bad_value_for_a_new_fact_names_the_key(key: str, bad: Any) -> None:
    with pytest.raises(FactsError) as caught:
        parse_facts({"nation": "england", key: bad})
    assert caught.value.key == key


@pytest.mark.parametrize("key", ["age_assessment", "children_at_risk"])
def test_the_command_gives_exit_2_and_one_line_naming_a_bad_new_fact(
    key: str, tmp_path: Any
) -> None:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps({"nation": "england", key: "nonsense"}))
    err = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("pathway", str(path), stdout=StringIO(), stderr=err)
    assert exit_.value.code == 2
    assert err.getvalue().count("\n") <= 1 and key in err.getvalue()


def test_the_command_follows_version_2() -> None:
    out = StringIO()
    facts = {"nation": "scotland", "under_18": "yes", "date_of_birth": PASSPORT_19}
    path_in = StringIO(json.dumps(facts))
    real = sys.stdin
    sys.stdin = path_in
    try:
        call_command("pathway", "-", "--today", "2026-12-06", stdout=out)
    finally:
        sys.stdin = real
    result = json.loads(out.getvalue())
    assert result["treated_as_child"] is True
    assert "request-age-assessment" in result["actions"]
    assert "refer-ictg" in result["actions"]


def test_every_fact_and_action_has_words() -> None:
    assert set(FACT_QUESTIONS) == set(FACT_KEYS)
    for code in (
        "request-age-assessment",
        "assess-capacity",
        "best-interests-decision",
        "send-information-to-decision-maker",
    ):
        assert code in ACTIONS


# ------------------------------------------------------------------ the new "never"s, for all


def _v2_facts() -> st.SearchStrategy[Facts]:
    yns = st.sampled_from([None, "yes", "no", "not-sure"])
    maybe_bool = st.sampled_from([None, True, False])
    return st.builds(
        Facts,
        nation=st.sampled_from(NATIONS),
        immediate_danger=maybe_bool,
        under_18=yns,
        date_of_birth=st.one_of(st.none(), st.dates(date(1950, 1, 1), date(2026, 12, 31))),
        under_18_during_exploitation=yns,
        consent_to_nrm=st.sampled_from([None, "yes", "no", "not-asked"]),
        care_and_support_needs=maybe_bool,
        others_at_risk=maybe_bool,
        organisation=st.builds(
            Organisation,
            first_responder=maybe_bool,
            duty_to_notify=maybe_bool,
            ictg_available=maybe_bool,
        ),
        age_assessment=st.sampled_from([None, "none", "child", "adult"]),
        capacity_to_consent=yns,
        children_at_risk=maybe_bool,
        already_in_nrm=maybe_bool,
        parental_responsibility_in_uk=yns,
    )


@settings(max_examples=600, deadline=None)
@given(f=_v2_facts())
def test_version_2_never_rules_hold_for_every_input(f: Facts) -> None:
    pathway = decide(f, today=TODAY)
    actions = set(pathway.actions)
    # Never nrm-referral (or another consent step) for someone already in the NRM.
    if f.already_in_nrm is True:
        assert not actions & {"nrm-referral", "seek-informed-consent", "duty-to-notify"}
        assert "send-information-to-decision-maker" in actions
    # Never seek-informed-consent for an adult who cannot consent.
    if f.capacity_to_consent == "no" and not pathway.treated_as_child:
        assert "seek-informed-consent" not in actions
        assert all("their choice" not in r for r in pathway.reasons.values())
    # Never an adult's treatment for someone who says or may be under 18, unless an
    # assessment says adult.
    if f.under_18 in ("yes", "not-sure") and f.age_assessment != "adult":
        assert pathway.treated_as_child
    if f.age_assessment == "child":
        assert pathway.treated_as_child
    # Other children at risk: always children's social care and the police.
    if f.children_at_risk is True:
        assert {"refer-childrens-social-care", "inform-police"} <= actions
    # A guardian service for a child in every nation, unless the nation's own condition rules
    # it out (England and Wales: no ICTG in the area; elsewhere someone holds parental
    # responsibility in the UK).
    if pathway.treated_as_child:
        ruled_out = (
            f.organisation.ictg_available is not True
            if f.nation in E_AND_W
            else f.parental_responsibility_in_uk == "yes"
        )
        assert ("refer-ictg" in actions) is not ruled_out
    # Nothing says "victim", and every reason cites a source.
    assert all("victim" not in r.lower() for r in pathway.reasons.values())
    assert all("Source:" in r for r in pathway.reasons.values())
    # Never the Duty to Notify outside England and Wales.
    if f.nation in SCOT_NI:
        assert "duty-to-notify" not in actions
