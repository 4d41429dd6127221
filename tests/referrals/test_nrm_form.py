"""The official form as data: referrals/official/form.py and its data/nrm_form.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from referrals.official import form as nrm_form
from referrals.official.form import (
    BOTH_FIELDS,
    DUTY_TO_NOTIFY_ONLY_FIELDS,
    FIELD_NAMES,
    FIELDS,
    FORM_ROWS,
    FORM_STEPS,
    IDENTIFYING_FIELDS,
    NRM_ONLY_FIELDS,
    RETIRED_FIELDS,
    STEPS,
    STEPS_OF_FIELD,
    FormDataError,
    fields_on,
    parse_form,
)

# The reference table the data was generated from. CI has it read-only; the product never
# reads it, and the comparison is skipped where it is absent.
REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "nrm-form-fields.md"


def reference_rows() -> list[tuple[str, str, str, str]]:
    rows = []
    for line in REFERENCE.read_text(encoding="utf-8").splitlines():
        if line.startswith("| `"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            rows.append((cells[0].strip("`"), cells[1].strip("`"), cells[2], cells[3]))
    return rows


needs_reference = pytest.mark.skipif(not REFERENCE.exists(), reason="reference table not here")


def test_the_form_has_155_rows_for_141_distinct_field_names():
    assert len(FORM_ROWS) == 155
    assert len(FIELD_NAMES) == 141
    assert len(set(FIELD_NAMES)) == 141


def test_the_table_has_65_steps_with_fields():
    # nrm-form-fields.md and nrm-process.md say 74 steps; the table itself has 65 steps that
    # ask fields. The other 9 are the form's own navigation pages without fields (start,
    # reports, save and exit, confirm...), which are not listed.
    assert len(FORM_STEPS) == 65
    assert len({s.path for s in FORM_STEPS}) == 65


def test_fourteen_names_are_asked_twice_once_on_each_path():
    shared = {name: steps for name, steps in STEPS_OF_FIELD.items() if len(steps) > 1}
    assert len(shared) == 14  # 155 rows - 141 names
    for name, steps in shared.items():
        assert len(steps) == 2
        assert {STEPS[s].form_path for s in steps} == {"nrm", "duty-to-notify"}, name
    assert set(shared) == {
        "pv-gender",
        "pv-nationality",
        "pv-nationality-second",
        *IDENTIFYING_FIELDS,
    }


def test_field_names_are_in_order_of_first_appearance():
    assert FIELD_NAMES[:4] == ("reference", "user-organisation", "fr-location", "pv-under-age")
    assert FIELD_NAMES[-1] == "why-are-you-making-the-referral"
    assert FIELD_NAMES.index("pv-gender") < FIELD_NAMES.index("pv-name-first-name")


@needs_reference
def test_the_data_matches_the_reference_table_row_for_row():
    rows = reference_rows()
    assert len(rows) == 155
    assert [(f.step, f.name) for f in FORM_ROWS] == [(r[0], r[1]) for r in rows]
    for f, (step, name, ftype, options) in zip(FORM_ROWS, rows, strict=True):
        where = f"{step} {name}"
        if ftype:
            assert f.type == ftype, where
        else:
            # Blank types in the table are filled, and say so.
            assert "type blank in the table" in f.note, where
        table_options = [o.strip() for o in options.split(",")] if options else []
        if f.type in ("radio-group", "checkbox-group"):
            if f.options != tuple(table_options):
                # Only where the data says why.
                assert set(table_options) < set(f.options), where
                assert "The table lists" in f.note, where
        elif f.type == "select" and table_options in (["null"], ["none_selected"]):
            assert f.depends_on is None, where  # the table shows the select's placeholder
        elif table_options:
            # A follow-up's options cell is the answer that reveals it.
            assert f.depends_on is not None, where
            assert [f.depends_on.value] == table_options, where


@needs_reference
def test_the_reference_text_counts_are_those_of_the_table():
    text = REFERENCE.read_text(encoding="utf-8")
    assert "155 rows for 141 distinct field names" in text
    rows = reference_rows()
    assert len({r[1] for r in rows}) == 141
    assert len({r[0] for r in rows}) == 65


def test_follow_ups_found_in_the_table_are_tied_to_the_answer_that_reveals_them():
    expected = {
        "were-they-taken-somewhere-by-their-exploiter-journey-details": (
            "were-they-taken-somewhere-by-their-exploiter",
            "yes",
        ),
        "yes-the-first-chance-to-report": ("is-this-the-first-chance-to-report", "yes"),
        "not-sure-the-first-chance-to-report": ("is-this-the-first-chance-to-report", "not-sure"),
        "modern-slavery-indicators-details": ("modern-slavery-indicators", "yes"),
        "evidence-of-dishonesty-details": ("evidence-of-dishonesty", "yes"),
        "are-others-involved-details": ("are-others-involved", "yes"),
        "other-exploitation-details": ("types-of-exploitation-other", "true"),
        "other-potential-victims-yes-details": ("any-other-pvs", "yes"),
        "other-potential-victims-not-sure-details": ("any-other-pvs", "not-sure"),
        "reported-to-police-police-forces": ("reported-to-police", "yes"),
        "reported-to-police-crime-reference": ("reported-to-police", "yes"),
        "authorities-cooperation-details": ("authorities-cooperation", "yes"),
        "pv-contact-details-email-input": ("pv-contact-details", "email"),
        "pv-contact-details-email-check": ("pv-contact-details", "email"),
        "pv-contact-details-street": ("pv-contact-details", "post"),
        "pv-contact-details-town": ("pv-contact-details", "post"),
        "pv-contact-details-county": ("pv-contact-details", "post"),
        "pv-contact-details-postcode": ("pv-contact-details", "post"),
        "pv-contact-details-post-check": ("pv-contact-details", "post"),
        "pv-phone-number-yes": ("pv-phone-number", "yes"),
        "pv-phone-number-alternative": ("pv-phone-number", "pv-alternative-number"),
        "alternative-number-relation-to-pv": ("pv-phone-number", "pv-alternative-number"),
        "no-contact-details": ("pv-phone-number", "no"),
        "does-pv-have-children-yes-amount": ("does-pv-have-children", "yes"),
        "pv-interpreter-requirements-language": ("pv-interpreter-requirements", "yes"),
        "pv-other-help-with-communication-aid": ("pv-other-help-with-communication", "yes"),
        "pv-ho-reference-type": ("pv-ho-reference", "yes"),
        "someone-else-email-input": ("someone-else", "email"),
        "someone-else-street": ("someone-else", "post"),
        "someone-else-town": ("someone-else", "post"),
        "someone-else-county": ("someone-else", "post"),
        "someone-else-postcode": ("someone-else", "post"),
    }
    actual = {
        name: (f.depends_on.field, f.depends_on.value)
        for name, f in FIELDS.items()
        if f.depends_on is not None
    }
    assert actual == expected


def test_the_duty_to_notify_path_asks_only_gender_nationality_and_the_reason_of_its_own():
    assert DUTY_TO_NOTIFY_ONLY_FIELDS == ("refuse-nrm",)
    dtn_steps = [s.path for s in FORM_STEPS if s.form_path == "duty-to-notify"]
    assert dtn_steps == [
        "/refuse-nrm",
        "/pv-gender-dtn",
        "/pv-nationality-dtn",
        "/pv-name-dtn",
        "/pv-contact-details-dtn",
    ]
    for path in ("/pv-name-dtn", "/pv-contact-details-dtn"):
        (condition,) = STEPS[path].when
        assert (condition.field, condition.values) == ("authorities-cooperation", ("yes",))


def test_fields_are_split_between_both_paths_nrm_only_and_duty_to_notify_only():
    assert (
        len(BOTH_FIELDS)
        + len(NRM_ONLY_FIELDS)
        + len(DUTY_TO_NOTIFY_ONLY_FIELDS)
        + len(RETIRED_FIELDS)
        == 141
    )
    assert set(BOTH_FIELDS) | set(NRM_ONLY_FIELDS) | set(DUTY_TO_NOTIFY_ONLY_FIELDS) | set(
        RETIRED_FIELDS
    ) == set(FIELD_NAMES)
    # Issue 14: the live form's journey no longer shows /what-happened.
    assert RETIRED_FIELDS == ("what-happened",)
    assert STEPS["/what-happened"].retired
    for name in ("pv-dob", "pv-phone-number", "fr-details-first-name", "does-pv-need-support"):
        assert name in NRM_ONLY_FIELDS
    for name in ("pv-gender", "pv-name-first-name", "authorities-cooperation"):
        assert name in BOTH_FIELDS
    assert set(fields_on("nrm")) == set(BOTH_FIELDS) | set(NRM_ONLY_FIELDS)
    assert set(fields_on("duty-to-notify")) == set(BOTH_FIELDS) | {"refuse-nrm"}
    with pytest.raises(ValueError, match="unknown form"):
        fields_on("ms1")


def test_the_age_fork_sends_children_to_the_local_authority_page_and_adults_elsewhere():
    la = STEPS["/local-authority-contacted-about-child"]
    adult = STEPS["/pv-under-age-at-time-of-exploitation"]
    for age, is_child in (("yes", True), ("not-sure", True), ("no", False)):
        answers = {"pv-under-age": age}
        assert la.applies("nrm", answers) is is_child
        assert adult.applies("nrm", answers) is not is_child
    # Age not known: treated as a child.
    assert la.applies("nrm", {}) and not adult.applies("nrm", {})


def test_every_select_names_the_forms_option_list_and_every_choice_has_options():
    for f in FORM_ROWS:
        if f.type == "select":
            assert f.list_name
        if f.type in ("radio-group", "checkbox-group"):
            assert f.options


def test_answers_are_checked_against_the_forms_own_identifiers():
    assert FIELDS["fr-location"].accepts("northern-ireland")
    assert not FIELDS["fr-location"].accepts("Northern Ireland")
    assert FIELDS["pv-contact-details"].accepts("email,post")
    assert not FIELDS["pv-contact-details"].accepts("post,email")
    assert not FIELDS["pv-contact-details"].accepts("email,email")
    assert FIELDS["types-of-exploitation-other"].accepts("true")
    assert not FIELDS["types-of-exploitation-other"].accepts("yes")
    assert FIELDS["pv-dob"].accepts("2009-02-28")
    assert not FIELDS["pv-dob"].accepts("28/02/2009")
    assert FIELDS["what-happened"].accepts("anything at all")


# ------------------------------------------------------------------------------ validation

GOOD = """
version: 1
steps:
- step: /a
  path: both
  fields:
  - {name: q, type: radio-group, options: ['yes', 'no']}
  - {name: q-details, type: textarea, depends_on: {field: q, value: 'yes'}}
- step: /b
  path: nrm
  when:
  - {field: q, in: ['yes']}
  fields:
  - {name: r, type: select, list: things}
"""


def test_a_well_formed_file_loads():
    steps = parse_form(GOOD)
    assert [s.path for s in steps] == ["/a", "/b"]


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (GOOD.replace("type: textarea", "type: rich-text"), "unknown type"),
        (
            GOOD.replace(
                "  - {name: q-details,", "  - {name: q, type: textarea}\n  - {name: q-details,"
            ),
            "duplicate",
        ),
        (GOOD.replace("step: /b", "step: /a"), "step given twice"),
        (GOOD.replace("value: 'yes'}", "value: 'maybe'}"), "cannot have"),
        (GOOD.replace("field: q, value", "field: zz, value"), "not on its page"),
        (GOOD.replace("{field: q, in:", "{field: r, in:"), "earlier step"),
        (GOOD.replace("in: ['yes']", "in: ['perhaps']"), "unknown answers"),
        (GOOD.replace("path: nrm", "path: ms1"), "path must be"),
        (GOOD.replace(", list: things", ""), "option list"),
        (GOOD.replace("type: textarea,", "type: textarea, colour: red,"), "unknown keys"),
        (GOOD.replace("version: 1", "version: 2"), "version"),
        (
            GOOD.replace(
                "  - {name: r, type: select, list: things}", "  - {name: q, type: textarea}"
            ),
            "differs from",
        ),
    ],
)
def test_a_malformed_file_fails_loudly(broken, message):
    with pytest.raises(FormDataError, match=message):
        parse_form(broken)


def test_the_shipped_file_is_the_one_loaded():
    assert nrm_form.DATA_FILE.name == "nrm_form.yaml"
    assert nrm_form.DATA_FILE.parent.name == "data"
    assert nrm_form.load_form() == FORM_STEPS
