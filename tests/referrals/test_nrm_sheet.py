"""The NRM / Duty to Notify answer sheet: referrals/official/sheet.py."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from referrals.official.form import FIELD_NAMES, FIELDS, IDENTIFYING_FIELDS, TYPES_OF_EXPLOITATION
from referrals.official.sheet import (
    CHOICE_ATTRIBUTES,
    EXPLOITATION_TYPES,
    LEAD_SUPPLIED,
    SOURCES,
    Sheet,
    SheetInput,
    build_sheet,
    to_export_json,
)

# ------------------------------------------------------------------------------ demo cases

# What a good case record holds about what happened: the same for the three demo people.
EXPLOITATION = {
    "reference": "NG-7K2P9Q",
    "organisation_name": "Riverside Council",
    "nation": "england",
    "referrer_first_name": "Omar",
    "referrer_last_name": "Haddad",
    "referrer_role": "Designated safeguarding lead",
    "referrer_phone": "01632 960123",
    "why_referring": "Indicators of labour exploitation seen at school pick-up.",
    "interview_details": "Met at the school with an interpreter, in a private room.",
    "professional_insight": "Consistent account; fearful when the employer was mentioned.",
    "what_happened": "Works long hours at a car wash, is not paid, sleeps on site.",
    "birthplace": "Tirana",
    "family": "Mother and a younger brother at home.",
    "education": "Left school at 15.",
    "employment_history": "Farm work before travelling.",
    "multiple_situations": "no",
    "when_happened": "From March 2026 until now.",
    "how_it_started": "Offered a job by a family friend.",
    "taken_somewhere": "yes",
    "journey_details": "By lorry through France.",
    "required_to_do": "Wash cars, twelve hours a day.",
    "living_conditions": "A room above the car wash shared with five others.",
    "treatment": "Shouted at, threatened with the police.",
    "still_in_situation": "yes",
    "what_keeps_them_there": "A debt for the journey.",
    "last_contact": "within-the-last-week",
    "last_contact_details": "Saw the employer on Friday.",
    "first_chance_to_report": "yes",
    "indicators": ("Not paid", "Debt bondage", "Lives at the workplace"),
    "dishonesty_evidence": "no",
    "others_involved": "no",
    "exploitation_where": "uk",
    "uk_places": ("Northgate",),
    "current_city": "Northgate",
    "current_region": "North West",
    "who_exploited": "The car wash owner.",
    "exploiters_location_known": "yes",
    "exploiters_in_uk": "yes",
    "exploiters_location_details": "Runs the car wash on Mill Lane.",
    "exploitation_types": ("forced-to-work", "wages-taken"),
    "other_victims": "yes",
    "other_victims_details": "Five others share the room.",
    "future_exploitation": "yes",
    "future_exploitation_reasons": "The debt is still owed.",
    "reported_to_police": "yes",
    "police_force": "Northgate Police",
    "crime_reference": "CAD 1234",
    "cooperates_with_authorities": "no",
    "gender": "male",
    "nationality": "Albanian",
}

PERSON = {
    "first_name": "Arben",
    "last_name": "Krasniqi",
    "other_names": "Ben",
    "date_of_birth": date(2010, 4, 2),
    "has_children": "no",
    "interpreter_needed": "yes",
    "language": "Albanian",
    "communication_help_needed": "no",
    "has_home_office_reference": "no",
}

LOCAL_AUTHORITY = {
    "local_authority_name": "Northgate",
    "local_authority_phone": "01632 960999",
    "local_authority_email": "mash@northgate.gov.uk",
    "local_authority_contact_first_name": "Sam",
    "local_authority_contact_last_name": "Okoro",
}

ADULT_CONTACT = {
    "email": "arben@example.org",
    "street": "1 Mill Lane",
    "town": "Northgate",
    "postcode": "NG1 1AA",
    "phone": "07700 900123",
    "contact_via": "potential-victim",
    "needs_support": "yes",
}


def child(**changes) -> SheetInput:
    return SheetInput(**{**EXPLOITATION, **PERSON, "under_18": "yes", **changes})


def consenting_adult(**changes) -> SheetInput:
    return SheetInput(
        **{
            **EXPLOITATION,
            **PERSON,
            **ADULT_CONTACT,
            "date_of_birth": date(1990, 4, 2),
            "under_18": "no",
            "under_18_during_exploitation": "no",
            "consent_to_nrm": "yes",
            **changes,
        }
    )


def refusing_adult(**changes) -> SheetInput:
    return consenting_adult(
        consent_to_nrm="no",
        no_consent_reason="Afraid the employer will find out.",
        **changes,
    )


def assert_partition(sheet: Sheet) -> None:
    parts = [set(sheet.answers), set(sheet.missing), set(sheet.not_applicable)]
    assert sum(len(p) for p in parts) == 141
    assert set().union(*parts) == set(FIELD_NAMES)
    assert len(sheet.missing) == len(set(sheet.missing))
    assert len(sheet.not_applicable) == len(set(sheet.not_applicable))


# ------------------------------------------------------------------------------ a child


def test_a_child_gets_an_nrm_referral_without_consent():
    sheet = build_sheet(child(consent_to_nrm="no"))
    assert sheet.form == "nrm"
    assert sheet.answers["pv-under-age"] == "yes"
    assert sheet.answers["pv-want-to-submit-nrm"] == "yes"
    assert "refuse-nrm" in sheet.not_applicable


def test_a_child_may_be_under_18_and_is_still_a_child():
    sheet = build_sheet(child(under_18="not-sure"))
    assert sheet.form == "nrm"
    assert "local-authority-contacted-about-child-local-authority-name" in sheet.missing


def test_a_person_whose_age_is_not_known_is_treated_as_a_child():
    sheet = build_sheet(refusing_adult(under_18=None))
    assert sheet.form == "nrm"
    assert "pv-under-age" in sheet.missing
    assert "local-authority-contacted-about-child-local-authority-name" in sheet.missing
    # A refusal cannot stand for someone who may be a child: the answer waits for the age.
    assert "pv-want-to-submit-nrm" in sheet.missing


def test_a_childs_sheet_is_not_complete_until_the_local_authority_is_named():
    la_fields = [
        "local-authority-contacted-about-child-local-authority-name",
        "local-authority-contacted-about-child-local-authority-phone",
        "local-authority-contacted-about-child-local-authority-email",
        "local-authority-contacted-about-child-local-authority-first-name",
        "local-authority-contacted-about-child-local-authority-last-name",
    ]
    without = build_sheet(child())
    assert without.missing == la_fields
    with_la = build_sheet(child(**LOCAL_AUTHORITY))
    assert with_la.missing == []
    assert with_la.complete
    assert with_la.answers[la_fields[0]] == "Northgate"


def test_a_complete_childs_sheet_with_evidence_supplied_by_the_lead():
    sheet = build_sheet(
        child(
            **LOCAL_AUTHORITY,
            answers_supplied={
                "upload-file": "timesheet.pdf",
                "what-evidence-you-will-submit": "A photo of a timesheet.",
            },
        )
    )
    assert sheet.missing == []
    assert sheet.answers["upload-file"] == "timesheet.pdf"
    assert_partition(sheet)


def test_a_child_is_not_asked_the_adult_questions():
    sheet = build_sheet(child(**LOCAL_AUTHORITY, **ADULT_CONTACT))
    for name in (
        "pv-under-age-at-time-of-exploitation",
        "does-pv-need-support",
        "who-contact",
        "pv-phone-number",
        "pv-contact-details",
        "someone-else",
    ):
        assert name in sheet.not_applicable
    # The child's own identity is on the NRM referral.
    assert sheet.answers["pv-name-first-name"] == "Arben"
    assert sheet.answers["pv-dob"] == "2010-04-02"


# ------------------------------------------------------------------------- an adult who consents


def test_a_consenting_adult_gets_an_nrm_referral():
    sheet = build_sheet(consenting_adult())
    assert sheet.form == "nrm"
    assert sheet.answers["pv-want-to-submit-nrm"] == "yes"
    assert sheet.answers["pv-under-age-at-time-of-exploitation"] == "no"
    assert "local-authority-contacted-about-child-local-authority-name" in sheet.not_applicable
    assert sheet.answers["pv-contact-details"] == "email,post"
    assert sheet.answers["pv-phone-number"] == "yes"
    assert sheet.answers["pv-phone-number-yes"] == "07700 900123"


def test_a_consenting_adults_sheet_needs_only_the_contact_declarations_from_the_lead():
    sheet = build_sheet(consenting_adult())
    assert sheet.missing == ["pv-contact-details-email-check", "pv-contact-details-post-check"]
    done = build_sheet(
        consenting_adult(
            answers_supplied={
                "pv-contact-details-email-check": "true",
                "pv-contact-details-post-check": "true",
            }
        )
    )
    assert done.missing == []
    assert_partition(done)


def test_an_adult_who_wants_someone_else_contacted_gets_the_someone_else_page():
    sheet = build_sheet(
        consenting_adult(
            contact_via="someone-else",
            someone_else_first_name="Lina",
            someone_else_email="lina@example.org",
            answers_supplied={"someone-else-permission-check": "true"},
        )
    )
    assert sheet.answers["someone-else"] == "email"
    assert sheet.answers["someone-else-email-input"] == "lina@example.org"
    assert "pv-contact-details" in sheet.not_applicable
    assert "someone-else-street" in sheet.not_applicable
    assert sheet.missing == []


def test_the_phone_page_is_asked_only_of_an_adult_who_wants_support():
    sheet = build_sheet(consenting_adult(needs_support="no"))
    assert "pv-phone-number" in sheet.not_applicable
    assert "pv-phone-number-yes" in sheet.not_applicable


# -------------------------------------------------------------------------- an adult who refuses


def test_an_adult_who_refuses_gets_a_duty_to_notify_report():
    sheet = build_sheet(refusing_adult())
    assert sheet.form == "duty-to-notify"
    assert sheet.answers["pv-want-to-submit-nrm"] == "no"
    assert sheet.answers["refuse-nrm"] == "Afraid the employer will find out."
    assert sheet.answers["pv-gender"] == "male"
    assert sheet.answers["pv-nationality"] == "Albanian"


def test_a_duty_to_notify_report_keeps_the_adult_anonymous():
    sheet = build_sheet(refusing_adult())
    for name in IDENTIFYING_FIELDS:
        assert name in sheet.not_applicable
        assert name not in sheet.answers
    for name in ("pv-dob", "pv-phone-number", "pv-phone-number-yes", "someone-else"):
        assert name in sheet.not_applicable
    values = set(sheet.answers.values())
    for secret in ("Arben", "Krasniqi", "Ben", "arben@example.org", "1 Mill Lane", "07700 900123"):
        assert secret not in values
    assert sheet.missing == []
    assert_partition(sheet)


def test_a_duty_to_notify_report_names_an_adult_who_will_co_operate():
    sheet = build_sheet(
        refusing_adult(
            cooperates_with_authorities="yes",
            cooperation_details="Will give a statement to the police.",
        )
    )
    assert sheet.form == "duty-to-notify"
    assert sheet.answers["pv-name-first-name"] == "Arben"
    assert sheet.answers["pv-name-last-name"] == "Krasniqi"
    assert sheet.answers["pv-contact-details-email-input"] == "arben@example.org"
    assert sheet.answers["pv-contact-details-street"] == "1 Mill Lane"
    assert sheet.missing == ["pv-contact-details-email-check", "pv-contact-details-post-check"]
    # Still never the date of birth or the phone number.
    assert "pv-dob" in sheet.not_applicable
    assert "pv-phone-number-yes" in sheet.not_applicable
    done = build_sheet(
        refusing_adult(
            cooperates_with_authorities="yes",
            answers_supplied={
                "pv-contact-details-email-check": "true",
                "pv-contact-details-post-check": "true",
            },
        )
    )
    assert done.missing == []


def test_anonymity_does_not_depend_on_an_unknown_co_operation_answer():
    sheet = build_sheet(refusing_adult(cooperates_with_authorities=None))
    assert "authorities-cooperation" in sheet.missing
    for name in IDENTIFYING_FIELDS:
        assert name in sheet.not_applicable


def test_a_duty_to_notify_report_leaves_out_the_nrm_only_pages():
    sheet = build_sheet(refusing_adult())
    paths = [s.path for s in sheet.steps]
    assert "/refuse-nrm" in paths and "/pv-gender-dtn" in paths
    assert "/pv-name-referral" not in paths and "/fr-details" not in paths
    assert "/pv-name-dtn" not in paths


# ------------------------------------------------------------------------------ mapping rules


def test_every_field_has_a_source():
    assert set(SOURCES) == set(FIELD_NAMES)
    attributes = {f.name for f in dataclasses.fields(SheetInput)}
    for name, source in SOURCES.items():
        for part in source.split(", "):
            assert part in attributes, (name, part)
    assert {n for n, s in SOURCES.items() if s == "answers_supplied"} == set(LEAD_SUPPLIED)


def test_the_leads_answer_corrects_the_record():
    """Issue 14: the lead can correct any prefilled answer, and their correction wins."""
    record = consenting_adult(answers_supplied={"pv-nationality": "Kosovan"})
    sheet = build_sheet(record)
    assert sheet.answers["pv-nationality"] == "Kosovan"
    assert sheet.sources["pv-nationality"] == "lead"
    assert build_sheet(consenting_adult()).sources["pv-nationality"] == "record"


def test_suggested_types_are_never_ticked_until_the_lead_confirms_them():
    """Issue 14: what the record only suggests is shown, not answered."""
    names = dict(zip(EXPLOITATION_TYPES, TYPES_OF_EXPLOITATION, strict=True))
    record = consenting_adult(exploitation_types=None, suggested_types=("prostitution",))
    sheet = build_sheet(record)
    assert not any(sheet.answers.get(n) for n in TYPES_OF_EXPLOITATION)
    assert names["prostitution"] in sheet.missing
    assert sheet.suggestions == {names["prostitution"]: "true"}
    # The lead rejects it and ticks what the record supports instead.
    confirmed = build_sheet(
        dataclasses.replace(record, answers_supplied={names["forced-to-work"]: "true"})
    )
    assert confirmed.answers[names["forced-to-work"]] == "true"
    assert confirmed.answers[names["prostitution"]] == ""
    assert not confirmed.suggestions


def test_the_leads_types_replace_the_records_as_one_question():
    names = dict(zip(EXPLOITATION_TYPES, TYPES_OF_EXPLOITATION, strict=True))
    record = consenting_adult(
        exploitation_types=("prostitution",), answers_supplied={names["forced-to-work"]: "true"}
    )
    sheet = build_sheet(record)
    assert sheet.answers[names["forced-to-work"]] == "true"
    assert sheet.answers[names["prostitution"]] == ""


def test_what_happened_is_never_written():
    """Issue 14: the live form no longer asks /what-happened."""
    sheet = build_sheet(consenting_adult(what_happened="An account"))
    assert "what-happened" in sheet.not_applicable
    assert "what-happened" not in sheet.answers


def test_a_supplied_answer_fills_what_the_record_leaves_empty_and_drives_the_forks():
    sheet = build_sheet(
        consenting_adult(consent_to_nrm=None, answers_supplied={"pv-want-to-submit-nrm": "no"})
    )
    assert sheet.form == "duty-to-notify"


def test_a_supplied_answer_must_be_a_field_and_an_answer_of_the_form():
    with pytest.raises(ValueError, match="not a field"):
        SheetInput(answers_supplied={"favourite-colour": "blue"})
    with pytest.raises(ValueError, match="not an answer"):
        SheetInput(answers_supplied={"fr-location": "Cornwall"})


def test_choices_use_the_forms_own_identifiers():
    with pytest.raises(ValueError, match="gender"):
        SheetInput(gender="not-known")
    with pytest.raises(ValueError, match="exploitation_types"):
        SheetInput(exploitation_types=("sexual",))
    with pytest.raises(ValueError, match="first_name"):
        SheetInput(first_name=None)


def test_the_types_of_exploitation_are_ticked_and_the_rest_left_unticked():
    sheet = build_sheet(consenting_adult())
    assert sheet.answers["types-of-exploitation-forced-to-work"] == "true"
    assert sheet.answers["types-of-exploitation-prostitution"] == ""
    assert "other-exploitation-details" in sheet.not_applicable
    none = build_sheet(consenting_adult(exploitation_types=None))
    assert set(TYPES_OF_EXPLOITATION) <= set(none.missing)
    other = build_sheet(consenting_adult(exploitation_types=("other",)))
    assert "other-exploitation-details" in other.missing


def test_more_than_ten_places_overflow_into_the_other_location_text():
    places = tuple(f"Town {i}" for i in range(1, 13))
    sheet = build_sheet(consenting_adult(uk_places=places))
    assert sheet.answers["where-exploitation-happened-uk-city-10"] == "Town 10"
    assert (
        "Town 11, Town 12" in sheet.answers["where-exploitation-happened-other-uk-other-location"]
    )
    assert "where-exploitation-happened-overseas-country-1" in sheet.not_applicable


def test_follow_ups_appear_only_with_the_answer_that_reveals_them():
    sheet = build_sheet(consenting_adult(taken_somewhere="no"))
    assert "were-they-taken-somewhere-by-their-exploiter-journey-details" in sheet.not_applicable
    sheet = build_sheet(consenting_adult(journey_details=""))
    assert "were-they-taken-somewhere-by-their-exploiter-journey-details" in sheet.missing
    sheet = build_sheet(consenting_adult(multiple_situations="yes"))
    assert sheet.answers["when-did-the-exploitation-take-place-multiple"] == (
        "From March 2026 until now."
    )
    assert "when-did-the-exploitation-take-place" in sheet.not_applicable
    assert "more-than-one-exploitation-situation" in sheet.missing


def test_the_printable_steps_follow_the_form_page_by_page():
    sheet = build_sheet(child())
    paths = [s.path for s in sheet.steps]
    assert paths[0] == "/reference"
    assert "/local-authority-contacted-about-child" in paths
    la = next(s for s in sheet.steps if s.path == "/local-authority-contacted-about-child")
    assert all(f.missing and f.value is None for f in la.fields)
    dob = next(s for s in sheet.steps if s.path == "/pv-dob").fields[0]
    assert (dob.value, dob.status) == ("2010-04-02", "answered")
    nickname = next(f for s in sheet.steps for f in s.fields if f.name == "pv-nationality-second")
    assert (nickname.value, nickname.status) == ("", "blank")
    on_sheet = [f.name for s in sheet.steps for f in s.fields]
    assert set(on_sheet) == set(sheet.answers) | set(sheet.missing)


def test_the_export_is_exactly_form_answers_missing_and_not_applicable():
    sheet = build_sheet(refusing_adult())
    exported = to_export_json(sheet)
    assert set(exported) == {"form", "answers", "missing", "not_applicable"}
    assert exported["form"] == "duty-to-notify"
    assert exported["answers"] == sheet.answers
    assert exported["not_applicable"] == sheet.not_applicable
    import json

    assert json.loads(json.dumps(exported)) == exported


# ------------------------------------------------------------------------------ invariant

_TEXT = st.text(alphabet="ab ,\n", max_size=4)


def _attribute_strategy(f: dataclasses.Field) -> st.SearchStrategy:
    if f.name in CHOICE_ATTRIBUTES:
        return st.none() | st.sampled_from(CHOICE_ATTRIBUTES[f.name])
    if f.name == "date_of_birth":
        return st.none() | st.dates(min_value=date(1930, 1, 1), max_value=date(2026, 1, 1))
    if f.name == "number_of_children":
        return st.none() | st.integers(min_value=0, max_value=12)
    if f.name == "exploitation_types":
        return st.none() | st.lists(st.sampled_from(EXPLOITATION_TYPES), unique=True).map(tuple)
    if f.name == "indicators":
        return st.none() | st.lists(_TEXT, max_size=3).map(tuple)
    if f.name == "suggested_types":
        return st.lists(st.sampled_from(EXPLOITATION_TYPES), unique=True).map(tuple)
    if f.name in ("uk_places", "overseas_countries"):
        return st.lists(_TEXT, max_size=12).map(tuple)
    if f.name == "answers_supplied":
        return st.dictionaries(st.sampled_from(FIELD_NAMES), st.none(), max_size=12).flatmap(
            lambda keys: st.fixed_dictionaries({k: _answer_strategy(k) for k in keys})
        )
    return _TEXT


def _answer_strategy(name: str) -> st.SearchStrategy:
    f = FIELDS[name]
    if f.type == "radio-group":
        return st.sampled_from(f.options)
    if f.type == "checkbox-group":
        return st.lists(st.sampled_from(f.options), min_size=1, unique=True).map(
            lambda chosen: ",".join(o for o in f.options if o in chosen)
        )
    if f.type == "checkbox":
        return st.sampled_from(["true", ""])
    if f.type == "input-date":
        return st.dates().map(date.isoformat)
    return _TEXT


sheet_inputs = st.fixed_dictionaries(
    {f.name: _attribute_strategy(f) for f in dataclasses.fields(SheetInput)}
).map(lambda kwargs: SheetInput(**kwargs))


@settings(max_examples=150, deadline=None)
@given(sheet_inputs)
def test_every_name_is_in_exactly_one_of_answers_missing_and_not_applicable(record):
    sheet = build_sheet(record)
    assert_partition(sheet)
    assert sheet.form in ("nrm", "duty-to-notify")
    for name, value in sheet.answers.items():
        assert FIELDS[name].accepts(value), (name, value)
    # Never a Duty to Notify for someone who is, or may be, a child.
    if sheet.form == "duty-to-notify":
        assert sheet.answers["pv-under-age"] == "no"
        assert sheet.answers["pv-want-to-submit-nrm"] == "no"
        if sheet.answers.get("authorities-cooperation") != "yes":
            assert not set(IDENTIFYING_FIELDS) & set(sheet.answers)
        assert "pv-dob" in sheet.not_applicable
    # Lists come in the form's order.
    order = {n: i for i, n in enumerate(FIELD_NAMES)}
    assert sheet.missing == sorted(sheet.missing, key=order.__getitem__)
    assert list(sheet.answers) == sorted(sheet.answers, key=order.__getitem__)
