"""The shape of the journey: its pages, in order, grouped into the task list's sections.

Plain data and small functions over a draft's answers, so the views, the check-answers page and
the submit service all read the same definitions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from accounts.models import Organisation
from concerns import forms as f
from concerns.models import AgeGroup, Consent, Gender, YesNoNotSure
from guidance.catalogue import SETTING_TITLES, SETTINGS, Indicator, get_catalogue
from guidance.catalogue import AgeGroup as ScreeningAge
from guidance.hints import find_hints
from guidance.screening import Person, Screening, assess


def _always(answers: Mapping[str, Any]) -> bool:
    return True


def _adult(answers: Mapping[str, Any]) -> bool:
    return age_group_for_screening(answers) == "adult"


@dataclass(frozen=True)
class Page:
    slug: str
    title: str  # the question, as the task list and the check page name it
    form: type[f.PageForm]
    heading: str = ""  # an h1 above the form when no field is the page heading
    template: str = "concerns/page.html"
    applies: Callable[[Mapping[str, Any]], bool] = _always
    required: bool = False  # a concern cannot be sent until this page is answered
    missing_message: str = ""  # the check page's error when a required page is unanswered

    @property
    def autosave_fields(self) -> tuple[str, ...]:
        return tuple(
            name
            for name, fld in self.form.base_fields.items()
            if fld.widget.attrs.get("data-autosave")
        ) + (("something_else",) if self.form is f.SignsForm else ())


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    pages: tuple[Page, ...] = field(default_factory=tuple)


DANGER = Page(
    "danger",
    "Is anyone in immediate danger?",
    f.DangerForm,
    required=True,
    missing_message="Answer whether anyone is in immediate danger",
)

SECTIONS: tuple[Section, ...] = (
    Section(
        "person",
        "About the person",
        (
            Page(
                "who",
                "Who they are",
                f.WhoForm,
                heading="Who is the person you are worried about?",
                required=True,
                missing_message="Enter their name, or describe them",
            ),
            Page(
                "age",
                "How old they are",
                f.AgeForm,
                heading="How old are they?",
                template="concerns/page_age.html",
                required=True,
                missing_message="Answer whether they are under 18, or 'I don't know'",
            ),
            Page("gender", "Their gender", f.GenderForm),
            Page("nationality", "Their nationality", f.NationalityForm),
            Page(
                "languages",
                "Languages and interpreter",
                f.LanguagesForm,
                heading="Which languages do they speak?",
            ),
            Page("location", "Where they are now", f.LocationForm),
        ),
    ),
    # The practitioner's own account comes first, then the signs page, which opens with the
    # signs found in what they wrote (issue 19: practitioners write what they saw; making them
    # translate it into a catalogue first is where signs get missed).
    Section(
        "noticed",
        "What you noticed",
        (
            Page("what-you-saw", "What you saw or heard", f.WhatYouSawForm),
            Page("their-words", "What they said", f.TheirWordsForm),
            Page(
                "signs",
                "The signs you noticed",
                f.SignsForm,
                heading="What did you notice?",
                template="concerns/page_signs.html",
                required=True,
                missing_message="Select the signs you noticed, or describe what worried you",
            ),
        ),
    ),
    Section(
        "happened",
        "What happened",
        (
            Page(
                "when-where",
                "When and where",
                f.WhenWhereForm,
                heading="When and where did this happen?",
            ),
            Page("others", "Who else was there", f.OthersForm, heading="Was anyone else there?"),
            Page(
                "situation",
                "Their situation",
                f.SituationForm,
                heading="What do you know about their situation?",
            ),
            Page(
                "background",
                "Their background",
                f.BackgroundForm,
                heading="What do you know about their background?",
            ),
            # Issue 14: who may be exploiting them and who else may be exploited are asked
            # apart, so only the second can become "other potential victims" on a referral.
            Page("exploiters", "Who may be exploiting them", f.ExploitersForm),
            Page("others-exploited", "Who else may be exploited", f.OthersExploitedForm),
        ),
    ),
    Section(
        "done",
        "What you have done",
        (
            Page("told", "Who you have told", f.ToldForm, heading="Have you told anyone yet?"),
            Page("referred", "Whether they are already referred", f.ReferredForm),
            Page("spoken", "Speaking to the person", f.SpokenForm),
            Page("consent", "Whether they agree to a referral", f.ConsentForm, applies=_adult),
        ),
    ),
)

PAGES: dict[str, Page] = {DANGER.slug: DANGER} | {
    page.slug: page for section in SECTIONS for page in section.pages
}
SECTION_OF: dict[str, Section] = {p.slug: s for s in SECTIONS for p in s.pages}


def pages_of(section: Section, answers: Mapping[str, Any]) -> list[Page]:
    return [p for p in section.pages if p.applies(answers)]


def next_url_name(slug: str, answers: Mapping[str, Any]) -> tuple[str, dict[str, str]]:
    """Where Continue goes: the next page of the section, or back to the task list."""
    if slug == DANGER.slug:
        if answers.get("immediate_danger") in (YesNoNotSure.YES, YesNoNotSure.NOT_SURE):
            return "concerns:call-999", {}
        return "concerns:tasks", {}
    pages = pages_of(SECTION_OF[slug], answers)
    slugs = [p.slug for p in pages]
    if slug in slugs and slugs.index(slug) + 1 < len(slugs):
        return "concerns:page", {"page": slugs[slugs.index(slug) + 1]}
    return "concerns:tasks", {}


def previous_url_name(slug: str, answers: Mapping[str, Any]) -> tuple[str, dict[str, str]]:
    if slug == DANGER.slug:
        return "concerns:tasks", {}
    slugs = [p.slug for p in pages_of(SECTION_OF[slug], answers)]
    if slug in slugs and slugs.index(slug) > 0:
        return "concerns:page", {"page": slugs[slugs.index(slug) - 1]}
    return "concerns:tasks", {}


def section_status(section: Section, answers: Mapping[str, Any], completed: list[str]) -> str:
    slugs = [p.slug for p in pages_of(section, answers)]
    done = [s for s in slugs if s in completed]
    if len(done) == len(slugs):
        return "completed"
    return "in-progress" if done else "not-started"


def first_page_to_do(section: Section, answers: Mapping[str, Any], completed: list[str]) -> Page:
    pages = pages_of(section, answers)
    for page in pages:
        if page.slug not in completed:
            return page
    return pages[0]


def missing_required(completed: list[str]) -> list[Page]:
    return [p for p in PAGES.values() if p.required and p.slug not in completed]


# ------------------------------------------------------------------- what the answers mean


def age_group_for_screening(answers: Mapping[str, Any]) -> ScreeningAge:
    """child, adult or unknown, as the pathway engine decides it (reference/pathways.md,
    Version 2 rule 1)."""
    born = answers.get("date_of_birth")
    dob: date | None = born if isinstance(born, date) else None
    if born and dob is None:
        try:
            dob = date.fromisoformat(born)
        except (TypeError, ValueError):
            dob = None
    group = answers.get("age_group") or ""
    doubted = (
        group in (AgeGroup.UNDER_18, AgeGroup.NOT_SURE) or answers.get("age_disputed") == "yes"
    )
    if dob is not None:
        today = timezone.localdate()
        age = today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
        # pathways.md V2 rule 1: a date of birth decides alone only when nobody has said or
        # doubted otherwise; a claim or doubt of being under 18 wins over papers.
        return "child" if age < 18 or doubted else "adult"
    if group == AgeGroup.ADULT and answers.get("age_disputed") == "yes":
        return "unknown"
    if group == AgeGroup.UNDER_18:
        return "child"
    if group == AgeGroup.ADULT:
        return "adult"
    return "unknown"


def indicator_ids(answers: Mapping[str, Any]) -> list[str]:
    """The signs ticked or confirmed from the text, in catalogue order, keeping only those
    shown for this person's age group (if the age answer changed after ticking, signs for the
    other group drop out). A sign confirmed from the text counts only while the text still
    shows it: a sign is never kept as "from the text" without the words."""
    shown = {ind.id for ind in get_catalogue().for_population(age_group_for_screening(answers))}
    ticked = {
        i
        for key, value in answers.items()
        if key.startswith("signs_") and isinstance(value, list)
        for i in value
    }
    ticked |= {h.indicator.id for h in confirmed_text_hints(answers)}
    return [ind.id for ind in get_catalogue().indicators if ind.id in ticked and ind.id in shown]


# ------------------------------------------------------------------- signs in the text

# The free text the hints read, in the order the signs page quotes it.
HINT_FIELDS: tuple[tuple[str, str], ...] = (
    ("what_you_saw", "What you saw or heard"),
    ("their_words", "What they said"),
    ("person_description", "How you described them"),
    ("location", "Where they are now"),
    ("something_else", "Something else"),
    ("others_present", "Who else was there"),
    ("exploiters", "Who may be exploiting them"),
    ("others_exploited", "Who else may be exploited"),
    ("how_it_started", "How it started"),
    ("what_they_do", "What they have to do"),
    ("living_conditions", "Where and how they live"),
    ("treatment", "How they are treated"),
)
HINT_PREFIX = "hint_"
CONFIRM, REJECT = "yes", "no"
_CONTEXT = 60  # characters of the text shown either side of the quoted words


@dataclass(frozen=True)
class Quote:
    field: str
    label: str
    start: int
    end: int
    text: str
    before: str  # a little of the text before, for the page (not stored)
    after: str

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class TextHint:
    indicator: Indicator
    quotes: tuple[Quote, ...]
    uncertain: bool

    @property
    def field_name(self) -> str:
        return HINT_PREFIX + self.indicator.id


def _around(text: str, start: int, end: int) -> tuple[str, str]:
    before = text[max(0, start - _CONTEXT) : start]
    after = text[end : end + _CONTEXT]
    if start > _CONTEXT:
        before = "…" + before.split(" ", 1)[-1] if " " in before else "…" + before
    if end + _CONTEXT < len(text):
        after = after.rsplit(" ", 1)[0] + "…" if " " in after else after + "…"
    return before, after


def text_hints(answers: Mapping[str, Any]) -> list[TextHint]:
    """The signs the practitioner's own words describe, for this person's age group, each with
    the words that show it. Run on the server, inside the request; nothing is stored here."""
    age_group = age_group_for_screening(answers)
    found: dict[str, list[Quote]] = {}
    uncertain: dict[str, bool] = {}
    for name, label in HINT_FIELDS:
        text = answers.get(name)
        if not isinstance(text, str) or not text.strip():
            continue
        for hint in find_hints(text, age_group=age_group):
            for ev in hint.evidence:
                before, after = _around(text, ev.start, ev.end)
                found.setdefault(hint.indicator, []).append(
                    Quote(name, label, ev.start, ev.end, ev.text, before, after)
                )
            uncertain[hint.indicator] = uncertain.get(hint.indicator, True) and hint.uncertain
    catalogue = get_catalogue()
    return [
        TextHint(ind, tuple(found[ind.id]), uncertain[ind.id])
        for ind in catalogue.indicators
        if ind.id in found
    ]


def confirmed_text_hints(answers: Mapping[str, Any]) -> list[TextHint]:
    return [h for h in text_hints(answers) if answers.get(h.field_name) == CONFIRM]


def signs_from_text(answers: Mapping[str, Any]) -> list[dict[str, Any]]:
    """What is stored with a sent concern: each sign confirmed from the text, with the words
    that show it (field, offsets, text). Rejected and unanswered hints are not stored."""
    return [
        {"indicator": h.indicator.id, "evidence": [q.to_dict() for q in h.quotes]}
        for h in confirmed_text_hints(answers)
    ]


def setting_of(organisation: Organisation | None) -> str | None:
    """The organisation's own setting (an admin chooses it), whose signs come first."""
    return getattr(organisation, "signs_setting", "") or None


def screening_for(answers: Mapping[str, Any]) -> Screening:
    return assess(
        indicator_ids(answers),
        Person(age_group=age_group_for_screening(answers)),
    )


# ------------------------------------------------------------------- check-answers rows

_LABELS: dict[str, dict[str, str]] = {
    "immediate_danger": dict(YesNoNotSure.choices),
    "age_group": dict(AgeGroup.choices),
    "gender": dict(Gender.choices),
    "interpreter_needed": dict(YesNoNotSure.choices),
    "someone_answered_for_them": dict(YesNoNotSure.choices),
    "others_at_risk": dict(YesNoNotSure.choices),
    "children_at_risk": dict(YesNoNotSure.choices),
    "already_in_nrm": dict(YesNoNotSure.choices),
    "age_disputed": dict(YesNoNotSure.choices),
    "told_anyone": dict(YesNoNotSure.choices),
    "spoken_to_person": dict(YesNoNotSure.choices),
    "consent_to_nrm": dict(Consent.choices),
}

NOT_KNOWN = "Not known"


def show(name: str, value: Any) -> str:
    """An answer in words, for the check page and the concern pages."""
    if value in (None, "", []):
        return NOT_KNOWN
    if name in _LABELS:
        return _LABELS[name].get(str(value), str(value))
    if isinstance(value, date):
        return value.strftime("%-d %B %Y")
    return str(value)


@dataclass(frozen=True)
class Row:
    key: str
    value: str
    page: str = ""  # the page whose Change link edits it
    multiline: bool = False


SIGNS_FROM_TEXT_TITLE = "Signs in what you wrote"


def signs_as_seen(
    values: Mapping[str, Any], *, first_setting: str | None = None
) -> list[tuple[str, list[str]]]:
    """The ticked signs grouped as the signs page showed them to the practitioner (issue 15
    item 4): first those confirmed from their own words, then by where a sign is likely to be
    seen, the organisation's own setting first (guidance.catalogue.by_setting's order)."""
    catalogue = get_catalogue()
    ids = values.get("indicator_ids") if "indicator_ids" in values else indicator_ids(values)
    ids = list(ids or [])
    if "signs_from_text" in values:
        from_text = [s.get("indicator") for s in values.get("signs_from_text") or []]
    else:
        from_text = [h.indicator.id for h in confirmed_text_hints(values)]
    order = list(SETTINGS)
    if first_setting in order:
        order.remove(first_setting)
        order.insert(0, first_setting)
    groups: dict[str, list[str]] = {SIGNS_FROM_TEXT_TITLE: []}
    for setting in order:
        groups[SETTING_TITLES[setting]] = []
    groups["Other signs"] = []
    for ind_id in dict.fromkeys(ids):
        ind = catalogue.get(ind_id) if ind_id in catalogue else None
        text = ind.text if ind else ind_id
        if ind_id in from_text:
            groups[SIGNS_FROM_TEXT_TITLE].append(text)
        elif ind is not None and ind.seen_in is not None and ind.seen_in in SETTING_TITLES:
            groups[SETTING_TITLES[ind.seen_in]].append(text)
        else:
            groups["Other signs"].append(text)
    return [(title, signs) for title, signs in groups.items() if signs]


def rows_for(
    values: Mapping[str, Any], *, with_pages: bool = True, first_setting: str | None = None
) -> list[tuple[str, list[Row]]]:
    """(section title, rows) for the summary lists. `values` is a draft's answers or a concern's
    fields (the same names). The signs come grouped as the practitioner saw them."""

    def row(key: str, name: str, page: str, multiline: bool = False) -> Row:
        return Row(key, show(name, values.get(name)), page if with_pages else "", multiline)

    born = values.get("date_of_birth")
    if isinstance(born, str) and born:
        born = date.fromisoformat(born)
    age_bits = [show("age_group", values.get("age_group"))]
    if values.get("age_years") not in (None, ""):
        age_bits.append(f"about {values.get('age_years')} years old")
    if born:
        age_bits.append(f"born {born:%-d %B %Y}")
    name = values.get("person_name") or ""
    signs_page = "signs" if with_pages else ""
    sign_rows = [
        Row(
            f"Signs: {title.lower() if title != SIGNS_FROM_TEXT_TITLE else 'in what was written'}",
            "\n".join(signs),
            signs_page,
            True,
        )
        for title, signs in signs_as_seen(values, first_setting=first_setting)
    ] or [Row("Signs", "None ticked", signs_page, True)]

    sections: list[tuple[str, list[Row]]] = [
        (
            "Before you started",
            [row("Is anyone in immediate danger?", "immediate_danger", "danger")],
        ),
        (
            "About the person",
            [
                Row("Name", name or NOT_KNOWN, "who" if with_pages else ""),
                row("Description", "person_description", "who", True),
                Row("Age", ", ".join(age_bits), "age" if with_pages else ""),
                row("Doubt about their age", "age_disputed", "age"),
                row("Gender", "gender", "gender"),
                row("Nationality", "nationality", "nationality"),
                row("Languages", "languages", "languages"),
                row("Needs an interpreter", "interpreter_needed", "languages"),
                row("Where they are now", "location", "location", True),
            ],
        ),
        (
            "What you noticed",
            [*sign_rows, row("Something else", "something_else", "signs", True)],
        ),
        (
            "What happened",
            [
                row("When", "happened_when", "when-where"),
                row("Where", "happened_where", "when-where"),
                row("What they said", "their_words", "their-words", True),
                row("What you saw or heard", "what_you_saw", "what-you-saw", True),
                row("Who else was there", "others_present", "others", True),
                row("Someone answered for them", "someone_answered_for_them", "others"),
                row("How it started", "how_it_started", "situation", True),
                row("What they have to do", "what_they_do", "situation", True),
                row("Where and how they live", "living_conditions", "situation", True),
                row("How they are treated", "treatment", "situation", True),
                row("Where they were born and grew up", "birthplace", "background", True),
                row("Their family", "family", "background", True),
                row("Their schooling", "education", "background", True),
                row("Their past work", "work_history", "background", True),
                row("Who may be exploiting them", "exploiters", "exploiters", True),
                row("Who else may be exploited", "others_exploited", "others-exploited", True),
                row("Anyone else at risk", "others_at_risk", "others"),
                row("Other children who may be at risk", "children_at_risk", "others"),
            ],
        ),
    ]
    done_rows = [
        row("Told anyone yet", "told_anyone", "told"),
        row("Who you told", "told_who", "told", True),
        row("Already referred to the NRM", "already_in_nrm", "referred"),
        row("Spoken to the person", "spoken_to_person", "spoken"),
    ]
    if age_group_for_screening(values) == "adult" or values.get("consent_to_nrm"):
        page = "consent" if age_group_for_screening(values) == "adult" else ""
        done_rows.append(row("Asked whether they agree to a referral", "consent_to_nrm", page))
    sections.append(("What you have done", done_rows))
    return sections
