"""The pathway engine against every rule row and every "never" rule in reference/pathways.md."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guidance.pathways import (
    ACTION_ORDER,
    ACTIONS,
    EMERGENCY_NUMBER,
    ICTG_LINE,
    MODERN_SLAVERY_HELPLINE,
    SALVATION_ARMY_LINE,
    Facts,
    FactsError,
    Organisation,
    age_on,
    decide,
    parse_facts,
)

TODAY = date(2026, 11, 28)
ALL_TRUE_ORG = {"first_responder": True, "duty_to_notify": True, "ictg_available": True}
ADULT = {
    "nation": "england",
    "immediate_danger": False,
    "under_18": "no",
    "under_18_during_exploitation": "no",
    "consent_to_nrm": "yes",
    "care_and_support_needs": False,
    "others_at_risk": False,
    "children_at_risk": False,
    "already_in_nrm": False,
    "organisation": ALL_TRUE_ORG,
}
CHILD = {
    "nation": "england",
    "immediate_danger": False,
    "under_18": "yes",
    "others_at_risk": False,
    "children_at_risk": False,
    "already_in_nrm": False,
    "organisation": ALL_TRUE_ORG,
}
CHILD_ACTIONS = [
    "tell-safeguarding-lead",
    "refer-childrens-social-care",
    "inform-police",
    "nrm-referral",
]


def facts(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    data = {**base, "organisation": dict(base["organisation"])}
    for key, value in changes.items():
        if key.startswith("org_"):
            data["organisation"][key.removeprefix("org_")] = value
        elif value is ...:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def run(data: dict[str, Any], today: date = TODAY) -> dict[str, Any]:
    return decide(parse_facts(data), today=today).to_dict()


# ------------------------------------------------------------------ every rule row, as a table

RULE_ROWS = [
    # call-999: immediate danger, always first
    (
        "danger-child",
        facts(CHILD, immediate_danger=True),
        ["call-999", *CHILD_ACTIONS, "refer-ictg"],
    ),
    (
        "danger-adult",
        facts(ADULT, immediate_danger=True),
        ["call-999", "tell-safeguarding-lead", "nrm-referral"],
    ),
    # tell-safeguarding-lead: always, and nrm-referral for an adult who consents
    ("adult-consents-fro", facts(ADULT), ["tell-safeguarding-lead", "nrm-referral"]),
    # pass-to-first-responder: NRM due and not an FRO
    (
        "adult-consents-not-fro",
        facts(ADULT, org_first_responder=False),
        ["tell-safeguarding-lead", "nrm-referral", "pass-to-first-responder"],
    ),
    # seek-informed-consent: adult not asked; nothing to pass on yet
    (
        "adult-not-asked",
        facts(ADULT, consent_to_nrm="not-asked"),
        ["tell-safeguarding-lead", "seek-informed-consent"],
    ),
    (
        "adult-not-asked-not-fro",
        facts(ADULT, consent_to_nrm="not-asked", org_first_responder=False),
        ["tell-safeguarding-lead", "seek-informed-consent"],
    ),
    # duty-to-notify: adult says no, England or Wales, specified public authority
    (
        "adult-refuses-england-authority",
        facts(ADULT, consent_to_nrm="no"),
        ["tell-safeguarding-lead", "offer-support-and-helpline", "duty-to-notify"],
    ),
    (
        "adult-refuses-wales-authority-not-fro",
        facts(ADULT, nation="wales", consent_to_nrm="no", org_first_responder=False),
        [
            "tell-safeguarding-lead",
            "offer-support-and-helpline",
            "duty-to-notify",
            "pass-to-first-responder",
        ],
    ),
    (
        "adult-refuses-england-not-authority",
        facts(ADULT, consent_to_nrm="no", org_duty_to_notify=False, org_first_responder=False),
        ["tell-safeguarding-lead", "offer-support-and-helpline"],
    ),
    (
        "adult-refuses-scotland-authority",
        facts(ADULT, nation="scotland", consent_to_nrm="no"),
        ["tell-safeguarding-lead", "offer-support-and-helpline"],
    ),
    (
        "adult-refuses-northern-ireland-authority",
        facts(ADULT, nation="northern-ireland", consent_to_nrm="no"),
        ["tell-safeguarding-lead", "offer-support-and-helpline"],
    ),
    # adult-safeguarding-referral: adult with care and support needs
    (
        "adult-care-needs",
        facts(ADULT, care_and_support_needs=True),
        ["tell-safeguarding-lead", "adult-safeguarding-referral", "nrm-referral"],
    ),
    # inform-police: adult only when others are at risk
    (
        "adult-others-at-risk",
        facts(ADULT, others_at_risk=True),
        ["tell-safeguarding-lead", "inform-police", "nrm-referral"],
    ),
    # children: children's social care, police, NRM always; ICTG in England and Wales
    ("child-england-ictg", facts(CHILD), [*CHILD_ACTIONS, "refer-ictg"]),
    ("child-wales-ictg", facts(CHILD, nation="wales"), [*CHILD_ACTIONS, "refer-ictg"]),
    ("child-england-no-ictg", facts(CHILD, org_ictg_available=False), CHILD_ACTIONS),
    # Version 2 rule 5: a guardian service in every nation; in Scotland and Northern Ireland
    # for a child with nobody in the UK holding parental responsibility, or not known.
    (
        "child-scotland-guardian-when-responsibility-not-known",
        facts(CHILD, nation="scotland"),
        [*CHILD_ACTIONS, "refer-ictg"],
    ),
    (
        "child-northern-ireland-guardian-when-responsibility-not-known",
        facts(CHILD, nation="northern-ireland"),
        [*CHILD_ACTIONS, "refer-ictg"],
    ),
    (
        "child-scotland-no-guardian-when-someone-holds-responsibility",
        facts(CHILD, nation="scotland", parental_responsibility_in_uk="yes"),
        CHILD_ACTIONS,
    ),
    (
        "child-not-fro",
        facts(CHILD, org_first_responder=False),
        [*CHILD_ACTIONS, "refer-ictg", "pass-to-first-responder"],
    ),
    (
        "child-says-no-still-referred",
        facts(CHILD, consent_to_nrm="no"),
        [*CHILD_ACTIONS, "refer-ictg"],
    ),
    (
        "child-not-asked-no-consent-step",
        facts(CHILD, consent_to_nrm="not-asked"),
        [*CHILD_ACTIONS, "refer-ictg"],
    ),
    (
        "child-care-needs-no-adult-referral",
        facts(CHILD, care_and_support_needs=True),
        [*CHILD_ACTIONS, "refer-ictg"],
    ),
    ("child-others-at-risk", facts(CHILD, others_at_risk=True), [*CHILD_ACTIONS, "refer-ictg"]),
    # "may be" a child, or age unknown: treated as a child
    ("age-not-sure", facts(CHILD, under_18="not-sure"), [*CHILD_ACTIONS, "refer-ictg"]),
    ("age-unknown", facts(CHILD, under_18=...), [*CHILD_ACTIONS, "refer-ictg"]),
    (
        "age-unknown-but-adult-style-facts",
        facts(ADULT, under_18=..., consent_to_nrm="no"),
        [*CHILD_ACTIONS, "refer-ictg"],
    ),
    # date of birth wins when certain
    (
        "dob-child-beats-no",
        facts(ADULT, date_of_birth="2010-05-31"),
        [*CHILD_ACTIONS, "refer-ictg"],
    ),
    (
        # Version 2 rule 1: a claim to be under 18 wins over papers until an age assessment.
        "says-under-18-but-dob-adult-is-a-child-and-age-assessed",
        facts(CHILD, date_of_birth="1990-01-01", consent_to_nrm="yes"),
        [*CHILD_ACTIONS[:3], "request-age-assessment", "nrm-referral", "refer-ictg"],
    ),
    (
        "dob-adult-decides-when-nobody-said-otherwise",
        facts(CHILD, under_18=..., date_of_birth="1990-01-01", consent_to_nrm="yes"),
        ["tell-safeguarding-lead", "nrm-referral"],
    ),
    (
        "dob-in-future-is-ignored",
        facts(ADULT, date_of_birth="2030-01-01"),
        ["tell-safeguarding-lead", "nrm-referral"],
    ),
]


@pytest.mark.parametrize(("data", "expected"), [pytest.param(d, e, id=n) for n, d, e in RULE_ROWS])
def test_each_rule_row_gives_exactly_the_expected_actions_in_order(
    data: dict[str, Any], expected: list[str]
) -> None:
    output = run(data)
    assert output["actions"] == expected
    assert list(output["reasons"]) == expected


def test_child_always_gets_an_nrm_referral_without_consent() -> None:
    for consent in ("yes", "no", "not-asked", ...):
        output = run(facts(CHILD, consent_to_nrm=consent))
        assert "nrm-referral" in output["actions"]
        assert "consent" in output["reasons"]["nrm-referral"]
        assert "seek-informed-consent" not in output["actions"]
        assert "consent_to_nrm" not in output["missing_facts"]


def test_unknown_age_is_treated_as_a_child_and_the_reason_says_so() -> None:
    output = run(facts(CHILD, under_18=...))
    assert output["treated_as_child"] is True
    assert "under_18" in output["missing_facts"]
    assert "age is not known" in output["reasons"]["tell-safeguarding-lead"]


def test_a_person_who_turns_18_today_is_an_adult_and_the_day_before_a_child() -> None:
    born = "2008-11-28"
    unsaid = facts(CHILD, under_18=..., date_of_birth=born)
    assert run(unsaid)["treated_as_child"] is False
    assert run(unsaid, today=date(2026, 11, 27))["treated_as_child"] is True


def test_age_from_a_29_february_birthday_turns_over_on_1_march() -> None:
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18


def test_decide_uses_todays_date_by_default() -> None:
    assert decide(parse_facts(facts(ADULT, date_of_birth="2000-01-01"))).treated_as_child is False


def test_a_date_of_birth_in_the_future_is_reported_as_a_missing_fact() -> None:
    output = run(facts(ADULT, date_of_birth="2030-01-01"))
    assert output["treated_as_child"] is False
    assert "date_of_birth" in output["missing_facts"]


def test_an_adult_with_every_fact_known_has_no_missing_facts() -> None:
    assert run(facts(ADULT))["missing_facts"] == []


def test_a_child_with_every_fact_known_has_no_missing_facts() -> None:
    assert run(facts(CHILD))["missing_facts"] == []


@pytest.mark.parametrize(
    ("data", "missing"),
    [
        pytest.param(facts(ADULT, consent_to_nrm=...), "consent_to_nrm", id="consent"),
        pytest.param(facts(ADULT, immediate_danger=...), "immediate_danger", id="danger"),
        pytest.param(facts(ADULT, care_and_support_needs=...), "care_and_support_needs", id="care"),
        pytest.param(facts(ADULT, others_at_risk=...), "others_at_risk", id="others"),
        pytest.param(
            facts(ADULT, under_18_during_exploitation=...),
            "under_18_during_exploitation",
            id="u18-then",
        ),
        pytest.param(
            facts(ADULT, org_first_responder=None), "organisation.first_responder", id="fro"
        ),
        pytest.param(
            facts(ADULT, consent_to_nrm="no", org_duty_to_notify=None),
            "organisation.duty_to_notify",
            id="dtn",
        ),
        pytest.param(
            facts(CHILD, org_ictg_available=None), "organisation.ictg_available", id="ictg"
        ),
        pytest.param(
            facts(CHILD, org_first_responder=None), "organisation.first_responder", id="child-fro"
        ),
        pytest.param(facts(CHILD, under_18=...), "under_18", id="age"),
    ],
)
def test_a_missing_fact_that_matters_is_listed_in_missing_facts(
    data: dict[str, Any], missing: str
) -> None:
    assert missing in run(data)["missing_facts"]


def test_an_adult_whose_consent_is_not_known_is_asked_for_it_and_not_referred() -> None:
    output = run(facts(ADULT, consent_to_nrm=...))
    assert "seek-informed-consent" in output["actions"]
    assert "nrm-referral" not in output["actions"]
    assert "duty-to-notify" not in output["actions"]


def test_duty_to_notify_is_not_needed_in_scotland_so_its_authority_status_is_not_asked() -> None:
    output = run(facts(ADULT, nation="scotland", consent_to_nrm="no", org_duty_to_notify=None))
    assert "organisation.duty_to_notify" not in output["missing_facts"]
    assert "does not apply in Scotland" in output["reasons"]["offer-support-and-helpline"]


def test_ictg_availability_is_not_asked_outside_england_and_wales() -> None:
    output = run(facts(CHILD, nation="northern-ireland", org_ictg_available=None))
    assert "organisation.ictg_available" not in output["missing_facts"]


def test_reasons_give_the_phone_numbers_people_need() -> None:
    child = run(facts(CHILD, org_first_responder=False))
    assert ICTG_LINE in child["reasons"]["refer-ictg"]
    assert MODERN_SLAVERY_HELPLINE in child["reasons"]["pass-to-first-responder"]
    refused = run(facts(ADULT, consent_to_nrm="no"))
    assert MODERN_SLAVERY_HELPLINE in refused["reasons"]["offer-support-and-helpline"]
    consented = run(facts(ADULT))
    assert SALVATION_ARMY_LINE in consented["reasons"]["nrm-referral"]
    unknown_danger = run(facts(ADULT, immediate_danger=...))
    assert EMERGENCY_NUMBER in unknown_danger["reasons"]["tell-safeguarding-lead"]


def test_the_output_has_exactly_the_contract_keys_and_is_json() -> None:
    output = run(facts(CHILD))
    assert list(output) == ["treated_as_child", "actions", "reasons", "missing_facts"]
    assert json.loads(json.dumps(output)) == output


def test_every_action_code_has_a_short_title_for_screens() -> None:
    assert set(ACTIONS) == set(ACTION_ORDER)
    assert ACTION_ORDER[:2] == ("call-999", "tell-safeguarding-lead")
    assert all(title for title in ACTIONS.values())


def test_pathway_steps_pair_each_action_with_its_title_and_reason() -> None:
    pathway = decide(parse_facts(facts(CHILD)), today=TODAY)
    assert [s.code for s in pathway.steps] == list(pathway.actions)
    assert all(s.title == ACTIONS[s.code] and s.reason for s in pathway.steps)


# ------------------------------------------------------------------ parsing the facts


@pytest.mark.parametrize(
    ("data", "key", "message"),
    [
        pytest.param(
            {"nation": "england", "colour": "red"}, "colour", "not a known fact", id="unknown-key"
        ),
        pytest.param({}, "nation", "required", id="nation-missing"),
        pytest.param({"nation": None}, "nation", "required", id="nation-null"),
        pytest.param({"nation": "france"}, "nation", "expected one of", id="nation-unknown"),
        pytest.param({"nation": "England"}, "nation", "expected one of", id="nation-wrong-case"),
        pytest.param(
            {"nation": "wales", "immediate_danger": "yes"},
            "immediate_danger",
            "true or false",
            id="bool-str",
        ),
        pytest.param(
            {"nation": "wales", "immediate_danger": 1},
            "immediate_danger",
            "true or false",
            id="bool-int",
        ),
        pytest.param(
            {"nation": "wales", "under_18": True}, "under_18", "expected one of", id="enum-bool"
        ),
        pytest.param(
            {"nation": "wales", "under_18": "maybe"}, "under_18", "expected one of", id="enum-value"
        ),
        pytest.param(
            {"nation": "wales", "consent_to_nrm": "not-sure"},
            "consent_to_nrm",
            "expected one of",
            id="consent",
        ),
        pytest.param(
            {"nation": "wales", "under_18_during_exploitation": "y"},
            "under_18_during_exploitation",
            "expected one of",
            id="u18-then",
        ),
        pytest.param(
            {"nation": "wales", "care_and_support_needs": "no"},
            "care_and_support_needs",
            "true or false",
            id="care",
        ),
        pytest.param(
            {"nation": "wales", "others_at_risk": []},
            "others_at_risk",
            "true or false",
            id="others",
        ),
        pytest.param(
            {"nation": "wales", "date_of_birth": "31/05/2010"},
            "date_of_birth",
            "date",
            id="dob-format",
        ),
        pytest.param(
            {"nation": "wales", "date_of_birth": "2010-02-30"},
            "date_of_birth",
            "date",
            id="dob-invalid",
        ),
        pytest.param(
            {"nation": "wales", "date_of_birth": 2010}, "date_of_birth", "date", id="dob-number"
        ),
        pytest.param(
            {"nation": "wales", "organisation": "council"},
            "organisation",
            "object",
            id="org-not-object",
        ),
        pytest.param(
            {"nation": "wales", "organisation": {"first_responder": "yes"}},
            "organisation.first_responder",
            "expected true or false",
            id="org-bad-value",
        ),
        pytest.param(
            {"nation": "wales", "organisation": {"is_school": True}},
            "organisation.is_school",
            "not a known fact",
            id="org-key",
        ),
        pytest.param(
            {"nation": "wales", "organisation": {"ictg_available": 0}},
            "organisation.ictg_available",
            "true or false",
            id="org-int",
        ),
        pytest.param(
            {"nation": "wales", "organisation.duty_to_notify": "true"},
            "organisation.duty_to_notify",
            "true or false",
            id="dotted-bad-value",
        ),
        pytest.param(
            {
                "nation": "wales",
                "organisation.first_responder": True,
                "organisation": {"first_responder": False},
            },
            "organisation.first_responder",
            "given twice",
            id="given-twice",
        ),
        pytest.param(
            {"nation": "wales", "organisation.colour": True},
            "organisation.colour",
            "not a known fact",
            id="dotted-unknown",
        ),
    ],
)
def test_bad_facts_raise_facts_error_naming_the_key(
    data: dict[str, Any], key: str, message: str
) -> None:
    with pytest.raises(FactsError) as caught:
        parse_facts(data)
    assert caught.value.key == key
    assert message in caught.value.message


def test_facts_that_are_not_an_object_are_refused() -> None:
    with pytest.raises(FactsError):
        parse_facts(["england"])  # type: ignore[arg-type]


def test_null_means_not_known_and_dotted_organisation_keys_are_accepted() -> None:
    parsed = parse_facts(
        {
            "nation": "scotland",
            "under_18": None,
            "organisation.first_responder": False,
            "organisation": None,
        }
    )
    assert parsed.under_18 is None
    assert parsed.organisation == Organisation(first_responder=False)


def test_a_full_facts_object_parses_into_typed_values() -> None:
    parsed = parse_facts(facts(ADULT, date_of_birth="1990-04-01"))
    assert parsed.date_of_birth == date(1990, 4, 1)
    assert parsed.organisation == Organisation(True, True, True)
    assert parsed.nation == "england"


def test_facts_built_in_code_are_checked_too() -> None:
    with pytest.raises(FactsError) as caught:
        Facts(nation="england", under_18="perhaps")  # type: ignore[arg-type]
    assert caught.value.key == "under_18"


# ------------------------------------------------------------------ properties over generated facts

tri_bool = st.sampled_from([None, True, False])
organisations = st.builds(
    Organisation, first_responder=tri_bool, duty_to_notify=tri_bool, ictg_available=tri_bool
)
all_facts = st.builds(
    Facts,
    nation=st.sampled_from(["england", "wales", "scotland", "northern-ireland"]),
    immediate_danger=tri_bool,
    under_18=st.sampled_from([None, "yes", "no", "not-sure"]),
    date_of_birth=st.none() | st.dates(min_value=date(1920, 1, 1), max_value=date(2035, 12, 31)),
    under_18_during_exploitation=st.sampled_from([None, "yes", "no", "not-sure"]),
    consent_to_nrm=st.sampled_from([None, "yes", "no", "not-asked"]),
    care_and_support_needs=tri_bool,
    others_at_risk=tri_bool,
    organisation=organisations,
)
todays = st.dates(min_value=date(2020, 1, 1), max_value=date(2032, 12, 31))


def _age_certain(f: Facts, today: date) -> bool:
    return f.date_of_birth is not None and f.date_of_birth <= today


@settings(max_examples=300, deadline=None)
@given(f=all_facts, today=todays)
def test_the_never_rules_hold_for_every_input(f: Facts, today: date) -> None:
    pathway = decide(f, today=today)
    actions = set(pathway.actions)
    if pathway.treated_as_child:
        assert "duty-to-notify" not in actions
        assert "seek-informed-consent" not in actions
    if not pathway.treated_as_child and f.consent_to_nrm == "no":
        assert "nrm-referral" not in actions
    if f.nation in ("scotland", "northern-ireland"):
        assert "duty-to-notify" not in actions
    if f.organisation.first_responder is True:
        assert "pass-to-first-responder" not in actions


@settings(max_examples=300, deadline=None)
@given(f=all_facts, today=todays)
def test_invariants_hold_for_every_input(f: Facts, today: date) -> None:
    pathway = decide(f, today=today)
    actions = list(pathway.actions)

    # call-999 comes first, and only when someone is in danger now.
    assert ("call-999" in actions) is (f.immediate_danger is True)
    if f.immediate_danger is True:
        assert actions[0] == "call-999"
    # Telling the lead is always there, straight after 999 if that is needed.
    assert actions[1 if f.immediate_danger is True else 0] == "tell-safeguarding-lead"
    # Every action has a reason citing a source; no duplicates; the canonical order.
    assert len(actions) == len(set(actions))
    assert set(pathway.reasons) == set(actions)
    assert all("Source:" in pathway.reasons[a] for a in actions)
    assert actions == [a for a in ACTION_ORDER if a in actions]
    assert all("victim" not in reason.lower() for reason in pathway.reasons.values())
    # An unknown age is the safe direction: treated as a child.
    if not _age_certain(f, today) and f.under_18 in (None, "yes", "not-sure"):
        assert pathway.treated_as_child
    if pathway.treated_as_child:
        for required in ("refer-childrens-social-care", "inform-police", "nrm-referral"):
            assert required in actions
        assert "adult-safeguarding-referral" not in actions
    else:
        assert ("nrm-referral" in actions) is (f.consent_to_nrm == "yes")
        assert "refer-childrens-social-care" not in actions
        assert "refer-ictg" not in actions
    # Pass-on only when there is something to pass on and the organisation is not an FRO.
    if "pass-to-first-responder" in actions:
        assert f.organisation.first_responder is False
        assert actions_due(actions)
    output = pathway.to_dict()
    assert list(output) == ["treated_as_child", "actions", "reasons", "missing_facts"]
    json.dumps(output)


def actions_due(actions: list[str]) -> bool:
    return "nrm-referral" in actions or "duty-to-notify" in actions


@settings(max_examples=200, deadline=None)
@given(
    data=st.fixed_dictionaries(
        {"nation": st.sampled_from(["england", "wales", "scotland", "northern-ireland"])},
        optional={
            "immediate_danger": st.sampled_from([True, False, None]),
            "under_18": st.sampled_from(["yes", "no", "not-sure"]),
            "consent_to_nrm": st.sampled_from(["yes", "no", "not-asked"]),
            "organisation": st.fixed_dictionaries(
                {}, optional={"first_responder": st.booleans(), "duty_to_notify": st.booleans()}
            ),
        },
    )
)
def test_any_valid_json_facts_parse_and_decide_without_error(data: dict[str, Any]) -> None:
    output = run(data)
    assert "tell-safeguarding-lead" in output["actions"]
