"""The official Home Office NRM / Duty to Notify online referral form, as data.

Pure Python, no Django. The form's steps and fields live in `referrals/official/data/nrm_form.yaml`,
generated once from reference/nrm-form-fields.md (the form's open-source repository
UKHomeOffice/modern-slavery, read at commit 54dfce7, April 2026). The file ships with the
product and is loaded and validated once, when this module is imported: a malformed file
(an unknown type, a (step, field) pair given twice, a follow-up pointing at a field that is not
on its page, a condition on an unknown answer...) raises FormDataError at import, so a bad edit
fails every test rather than producing a wrong sheet.

The form has two reports (nrm-form-fields.md, "Forks worth knowing"):
- the NRM referral, for every child (under 18, or may be) and for an adult who consents;
- the Duty to Notify report, for an adult who does not (`pv-want-to-submit-nrm` = `no`): the
  person stays anonymous; name and contact details are asked only if they will co-operate with
  the authorities (`authorities-cooperation` = `yes`).
Each step says which report it belongs to (`path`) and on which earlier answers it depends
(`when`); a follow-up field says which answer on its own page reveals it (`depends_on`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

import yaml

DATA_FILE = Path(__file__).resolve().parent / "data" / "nrm_form.yaml"

Form = Literal["nrm", "duty-to-notify"]
FORMS: tuple[str, ...] = ("nrm", "duty-to-notify")
StepPath = Literal["both", "nrm", "duty-to-notify"]
STEP_PATHS: tuple[str, ...] = ("both", *FORMS)

# The form's input types (its HOF "mixin" names).
FIELD_TYPES: frozenset[str] = frozenset(
    {
        "input-text",
        "textarea",
        "select",
        "radio-group",
        "checkbox",
        "checkbox-group",
        "input-file",
        "input-date",
    }
)
# Types whose answer is one (radio) or several (checkbox group) of fixed option identifiers.
CHOICE_TYPES: frozenset[str] = frozenset({"radio-group", "checkbox-group"})
# A ticked single checkbox is sent by the form as the string "true"; unticked is no value.
CHECKED = "true"
# A checkbox group's answer is its ticked options, in the form's option order, joined by this.
MULTI_SEPARATOR = ","
# nrm-form-fields.md: text answers allow up to 15,000 characters.
MAX_TEXT_LENGTH = 15_000

_STEP_KEYS = frozenset({"step", "path", "when", "fields", "note", "retired"})
_FIELD_KEYS = frozenset({"name", "type", "options", "list", "depends_on", "optional", "note"})
_CONDITION_KEYS = frozenset({"field", "in", "if_unknown", "answered"})


class FormDataError(ValueError):
    """The form's data file is malformed. The message names the step and field."""


@dataclass(frozen=True)
class Condition:
    """A condition on an earlier answer for a step to be asked.

    With `answered`, true when the field has any answer. Otherwise true when the field's answer
    is one of `values` or, for a checkbox group, includes one of them; with `if_unknown`, also
    true while the field has no answer yet (so an unknown age is treated as a child's).
    """

    field: str
    values: tuple[str, ...] = ()
    if_unknown: bool = False
    answered: bool = False

    def holds(self, answers: Mapping[str, str]) -> bool:
        value = answers.get(self.field) or ""
        if self.answered:
            return bool(value)
        if not value:
            return self.if_unknown
        return any(part in self.values for part in value.split(MULTI_SEPARATOR))


@dataclass(frozen=True)
class DependsOn:
    """A follow-up field is asked only when `field` (on the same page) has answer `value`
    (for a checkbox group: includes it; for a single checkbox, `value` is "true")."""

    field: str
    value: str

    def holds(self, answers: Mapping[str, str]) -> bool:
        answer = answers.get(self.field) or ""
        return self.value in answer.split(MULTI_SEPARATOR)


@dataclass(frozen=True)
class FormField:
    step: str  # the step (page) path this row belongs to, e.g. "/pv-name-referral"
    name: str  # the form's own field name
    type: str  # one of FIELD_TYPES
    options: tuple[str, ...] = ()  # fixed option identifiers, for CHOICE_TYPES only
    list_name: str | None = None  # for a select: the form's own option list (open text here)
    depends_on: DependsOn | None = None
    optional: bool = False  # the form lets it be left blank
    note: str = ""  # where the data departs from or adds to the reference table

    def accepts(self, value: str) -> bool:
        """Whether `value` is a well-formed answer: an option identifier for a radio group,
        distinct options in the form's order for a checkbox group, "true" (or "") for a
        checkbox, an ISO date for a date, any text otherwise."""
        if not isinstance(value, str):
            return False
        if value == "":
            return True
        if self.type == "radio-group":
            return value in self.options
        if self.type == "checkbox-group":
            parts = value.split(MULTI_SEPARATOR)
            return all(p in self.options for p in parts) and parts == [
                o for o in self.options if o in parts
            ]
        if self.type == "checkbox":
            return value == CHECKED
        if self.type == "input-date":
            return _is_iso_date(value)
        return True


@dataclass(frozen=True)
class FormStep:
    path: str  # the form's own step path, e.g. "/refuse-nrm"
    form_path: str  # "both", "nrm" or "duty-to-notify": the report(s) it belongs to
    when: tuple[Condition, ...]
    fields: tuple[FormField, ...]
    note: str = ""
    # A step the live form no longer shows (issue 14: /what-happened left the journey in 2023).
    # Its fields are never applicable, so nothing is ever written into them.
    retired: bool = False

    def on(self, form: str) -> bool:
        """Whether the step belongs to this report at all (before its conditions)."""
        return not self.retired and self.form_path in ("both", form)

    def applies(self, form: str, answers: Mapping[str, str]) -> bool:
        """Whether the form asks this step, given the report and the answers so far."""
        return self.on(form) and all(c.holds(answers) for c in self.when)


def _is_iso_date(value: str) -> bool:
    if len(value) != 10:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


# ------------------------------------------------------------------------------ loading


def _fail(where: str, message: str) -> FormDataError:
    return FormDataError(f"{DATA_FILE.name}: {where}: {message}")


def _strings(value: Any, where: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _fail(where, f"{key} must be a list of non-empty strings")
    if len(set(value)) != len(value):
        raise _fail(where, f"{key} has a value twice")
    return tuple(value)


def _unknown_keys(data: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
    extra = set(data) - allowed
    if extra:
        raise _fail(where, f"unknown keys {sorted(extra)}")


def _parse_field(step: str, data: Any) -> FormField:
    if not isinstance(data, Mapping):
        raise _fail(step, "each field must be a mapping")
    name = data.get("name")
    if not isinstance(name, str) or not name:
        raise _fail(step, "a field has no name")
    where = f"{step} {name}"
    _unknown_keys(data, _FIELD_KEYS, where)
    ftype = data.get("type")
    if ftype not in FIELD_TYPES:
        raise _fail(where, f"unknown type {ftype!r}; expected one of {sorted(FIELD_TYPES)}")
    options: tuple[str, ...] = ()
    if ftype in CHOICE_TYPES:
        options = _strings(data.get("options"), where, "options")
        if any(MULTI_SEPARATOR in o for o in options):
            raise _fail(where, f"an option contains {MULTI_SEPARATOR!r}")
    elif "options" in data:
        raise _fail(where, f"a {ftype} has no fixed options")
    list_name = data.get("list")
    if ftype == "select":
        if not isinstance(list_name, str) or not list_name:
            raise _fail(where, "a select must name the form's option list")
    elif list_name is not None:
        raise _fail(where, "only a select names an option list")
    depends_on = None
    if "depends_on" in data:
        dep = data["depends_on"]
        if (
            not isinstance(dep, Mapping)
            or set(dep) != {"field", "value"}
            or not all(isinstance(v, str) and v for v in dep.values())
        ):
            raise _fail(where, "depends_on must be {field, value}")
        depends_on = DependsOn(field=dep["field"], value=dep["value"])
    optional = data.get("optional", False)
    if not isinstance(optional, bool):
        raise _fail(where, "optional must be true or false")
    note = data.get("note", "")
    if not isinstance(note, str):
        raise _fail(where, "note must be text")
    return FormField(
        step=step,
        name=name,
        type=ftype,
        options=options,
        list_name=list_name,
        depends_on=depends_on,
        optional=optional,
        note=note,
    )


def _parse_condition(where: str, data: Any) -> Condition:
    if not isinstance(data, Mapping) or not isinstance(data.get("field"), str):
        raise _fail(where, "each condition must be a mapping with a field")
    _unknown_keys(data, _CONDITION_KEYS, where)
    answered = data.get("answered", False)
    if_unknown = data.get("if_unknown", False)
    if not isinstance(answered, bool) or not isinstance(if_unknown, bool):
        raise _fail(where, "answered and if_unknown must be true or false")
    if answered:
        if "in" in data or if_unknown:
            raise _fail(where, "a condition is either answered or in, not both")
        return Condition(field=data["field"], answered=True)
    values = _strings(data.get("in"), where, "in")
    return Condition(field=data["field"], values=values, if_unknown=if_unknown)


def _parse(document: Any) -> tuple[FormStep, ...]:
    if not isinstance(document, Mapping) or document.get("version") != 1:
        raise _fail("top", "expected a mapping with version: 1")
    _unknown_keys(document, frozenset({"version", "steps"}), "top")
    raw_steps = document.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise _fail("top", "steps must be a non-empty list")

    steps: list[FormStep] = []
    seen_steps: set[str] = set()
    for raw in raw_steps:
        if not isinstance(raw, Mapping) or not isinstance(raw.get("step"), str):
            raise _fail("steps", "each step must be a mapping with a step path")
        path = raw["step"]
        _unknown_keys(raw, _STEP_KEYS, path)
        if not path.startswith("/"):
            raise _fail(path, "a step path starts with /")
        if path in seen_steps:
            raise _fail(path, "step given twice (its rows must be together)")
        seen_steps.add(path)
        form_path = raw.get("path")
        if form_path not in STEP_PATHS:
            raise _fail(path, f"path must be one of {list(STEP_PATHS)}")
        raw_fields = raw.get("fields")
        if not isinstance(raw_fields, list) or not raw_fields:
            raise _fail(path, "a step must ask at least one field")
        fields = tuple(_parse_field(path, f) for f in raw_fields)
        names = [f.name for f in fields]
        for name in names:
            if names.count(name) > 1:
                raise _fail(f"{path} {name}", "duplicate (step, field) row")
        raw_when = raw.get("when", [])
        if not isinstance(raw_when, list):
            raise _fail(path, "when must be a list of conditions")
        when = tuple(_parse_condition(path, c) for c in raw_when)
        note = raw.get("note", "")
        if not isinstance(note, str):
            raise _fail(path, "note must be text")
        retired = raw.get("retired", False)
        if not isinstance(retired, bool):
            raise _fail(path, "retired must be true or false")
        steps.append(
            FormStep(
                path=path,
                form_path=form_path,
                when=when,
                fields=fields,
                note=note,
                retired=retired,
            )
        )
    _check_references(steps)
    return tuple(steps)


def _check_references(steps: list[FormStep]) -> None:
    defined: dict[str, FormField] = {}
    for step in steps:
        # Conditions look back: the answer must come from an earlier step.
        for cond in step.when:
            parent = defined.get(cond.field)
            if parent is None:
                raise _fail(step.path, f"condition on {cond.field!r}, not asked on an earlier step")
            bad = [v for v in cond.values if v not in parent.options]
            if bad:
                raise _fail(step.path, f"condition on {cond.field!r} uses unknown answers {bad}")
        on_page = {f.name: f for f in step.fields}
        for f in step.fields:
            if f.depends_on is not None:
                parent = on_page.get(f.depends_on.field)
                where = f"{step.path} {f.name}"
                if parent is None or parent is f:
                    raise _fail(where, f"depends on {f.depends_on.field!r}, not on its page")
                if parent.type == "checkbox":
                    ok = f.depends_on.value == CHECKED
                else:
                    ok = parent.type in CHOICE_TYPES and f.depends_on.value in parent.options
                if not ok:
                    raise _fail(where, f"depends on an answer {parent.name!r} cannot have")
            earlier = defined.get(f.name)
            if earlier is not None:
                # A field asked on two pages (NRM and Duty to Notify) must be the same question.
                same = (earlier.type, earlier.options, earlier.list_name, earlier.optional) == (
                    f.type,
                    f.options,
                    f.list_name,
                    f.optional,
                )
                dep = (earlier.depends_on, f.depends_on)
                if not same or dep[0] != dep[1]:
                    raise _fail(f"{step.path} {f.name}", f"differs from {earlier.step}")
            else:
                defined[f.name] = f


def load_form(path: Path = DATA_FILE) -> tuple[FormStep, ...]:
    """Read and validate a form data file. Raises FormDataError when it is malformed."""
    with path.open(encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    return _parse(document)


def parse_form(text: str) -> tuple[FormStep, ...]:
    """Validate form data given as YAML text (used by the tests of the validation)."""
    return _parse(yaml.safe_load(text))


# ------------------------------------------------------------------------------ the form

FORM_STEPS: tuple[FormStep, ...] = load_form()

# Every (step, field) row, in order: 155 for the reference table's 141 names.
FORM_ROWS: tuple[FormField, ...] = tuple(f for s in FORM_STEPS for f in s.fields)

# The distinct field names in order of first appearance.
FIELD_NAMES: tuple[str, ...] = tuple(dict.fromkeys(f.name for f in FORM_ROWS))

# One definition per name (shared names are checked to be the same question).
FIELDS: Mapping[str, FormField] = MappingProxyType(
    {name: next(f for f in FORM_ROWS if f.name == name) for name in FIELD_NAMES}
)

STEPS: Mapping[str, FormStep] = MappingProxyType({s.path: s for s in FORM_STEPS})

# The steps on which each name is asked (two for the person's name, gender, nationality and
# contact details: one on the NRM path, one on the Duty to Notify path).
STEPS_OF_FIELD: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {name: tuple(f.step for f in FORM_ROWS if f.name == name) for name in FIELD_NAMES}
)

# The checkboxes of /types-of-exploitation: at least one must be ticked.
TYPES_OF_EXPLOITATION: tuple[str, ...] = tuple(
    f.name
    for f in STEPS["/types-of-exploitation"].fields
    if f.type == "checkbox" and f.name.startswith("types-of-exploitation-")
)


def _names_on(form: str) -> frozenset[str]:
    return frozenset(f.name for s in FORM_STEPS if s.on(form) for f in s.fields)


def _ordered(names: Iterable[str]) -> tuple[str, ...]:
    wanted = set(names)
    return tuple(n for n in FIELD_NAMES if n in wanted)


_ON_NRM = _names_on("nrm")
_ON_DTN = _names_on("duty-to-notify")

# Which report asks each name (before conditions on earlier answers): fields of both reports,
# of the NRM referral only, and of the Duty to Notify report only.
BOTH_FIELDS: tuple[str, ...] = _ordered(_ON_NRM & _ON_DTN)
NRM_ONLY_FIELDS: tuple[str, ...] = _ordered(_ON_NRM - _ON_DTN)
DUTY_TO_NOTIFY_ONLY_FIELDS: tuple[str, ...] = _ordered(_ON_DTN - _ON_NRM)
# Fields of retired steps, which neither report asks any more (issue 14: what-happened).
RETIRED_FIELDS: tuple[str, ...] = _ordered(set(FIELD_NAMES) - _ON_NRM - _ON_DTN)

# The person's name and contact fields: on the Duty to Notify path they are asked only if the
# person will co-operate with the authorities (nrm-form-fields.md; nrm-process.md, Adults).
IDENTIFYING_FIELDS: tuple[str, ...] = tuple(
    f.name for f in FORM_ROWS if f.step in ("/pv-name-dtn", "/pv-contact-details-dtn")
)


def fields_on(form: str) -> tuple[str, ...]:
    """The names the given report can ask (NRM: "nrm"; Duty to Notify: "duty-to-notify")."""
    if form not in FORMS:
        raise ValueError(f"unknown form {form!r}: expected one of {', '.join(FORMS)}")
    return _ordered(_ON_NRM if form == "nrm" else _ON_DTN)
