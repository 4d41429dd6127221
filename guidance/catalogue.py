"""The indicator catalogue: the signs of trafficking a practitioner may notice or ask about.

The data lives in catalogue.yaml next to this module; this module loads it once, checks it
strictly and turns it into frozen dataclasses. No Django here (architecture.md: the rules in
guidance/ are plain functions over plain data).

Why so strict: every screening stores the catalogue version and the indicator ids it used, and
screens must never show a reconstructed item as official guidance (indicators.md, "How to use
this file"). A typo in the data file must therefore fail loudly at start-up, naming the
indicator, rather than quietly produce a sign with no source.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

import yaml

DEFAULT_PATH = Path(__file__).with_name("catalogue.yaml")

Population = Literal["adult", "child", "both"]
AgeGroup = Literal["adult", "child", "unknown"]

# The NRM statistics' own types (nrm-process.md, "Types of exploitation"), in the order the
# Home Office reports them. "Not specified or unknown" is not an indicator property: an
# indicator with no type is a general sign.
EXPLOITATION_TYPES: tuple[str, ...] = (
    "sexual",
    "labour",
    "criminal",
    "domestic-servitude",
    "organ-harvesting",
)
EXPLOITATION_TYPE_TITLES: Mapping[str, str] = {
    "sexual": "sexual exploitation",
    "labour": "labour exploitation",
    "criminal": "criminal exploitation (including county lines)",
    "domestic-servitude": "domestic servitude",
    "organ-harvesting": "organ harvesting",
}

# indicators.md 1.2: the six ILO dimensions, in the ILO's order (recruitment, then
# exploitation, then destination).
ILO_DIMENSIONS: tuple[str, ...] = (
    "deceptive_recruitment",
    "coercive_recruitment",
    "recruitment_abuse_of_vulnerability",
    "exploitation",
    "coercion_at_destination",
    "abuse_of_vulnerability_at_destination",
)
ILO_DIMENSION_TITLES: Mapping[str, str] = {
    "deceptive_recruitment": "tricked when they were recruited or moved",
    "coercive_recruitment": "forced or threatened when they were recruited or moved",
    "recruitment_abuse_of_vulnerability": "their difficult situation was used to recruit them",
    "exploitation": "exploited: the work or living conditions themselves",
    "coercion_at_destination": "forced, threatened or controlled where they are now",
    "abuse_of_vulnerability_at_destination": "their difficult situation keeps them where they are",
}
ILO_STRENGTHS: tuple[str, ...] = ("strong", "medium", "weak")

# Where a practitioner is most likely to notice a sign (issue 19): the signs page groups the
# catalogue by these, with the practitioner's own setting first.
SETTINGS: tuple[str, ...] = ("school", "health", "work", "home", "travel", "online")
SETTING_TITLES: Mapping[str, str] = {
    "school": "At school or college",
    "health": "Health and how they seem",
    "work": "Work and money",
    "home": "At home and who controls them",
    "travel": "Travel and arrival",
    "online": "Online",
}

# indicators.md 2.2: action, means and purpose are the three parts of the legal definition.
LEGAL_ELEMENTS: tuple[str, ...] = ("act", "means", "purpose")

POPULATIONS: tuple[str, ...] = ("adult", "child", "both")
OBSERVED_OR_ASKED: tuple[str, ...] = ("observed", "ask")
CONFIDENCES: tuple[str, ...] = ("primary", "secondary", "reconstructed")

_TOP_LEVEL_KEYS = frozenset({"version", "themes", "documents", "indicators"})
_INDICATOR_KEYS = frozenset(
    {
        "id",
        "text",
        "hint",
        "population",
        "exploitation_types",
        "theme",
        "observed_or_asked",
        "ilo_dimension",
        "ilo_strength",
        "legal_element",
        "source",
        "confidence",
    }
)
# Optional ILO and legal keys must still be written out (as null) so that an editor has made
# a decision about each of them rather than forgotten them.
_REQUIRED_INDICATOR_KEYS = _INDICATOR_KEYS
# Keys an indicator may leave out: `patterns` are the free-text hint rules (guidance/hints.py);
# a sign without them is simply never suggested from text.
# `retired: true` keeps a withdrawn sign readable in old records but out of every prompt.
_OPTIONAL_INDICATOR_KEYS = frozenset({"patterns", "seen_in", "retired"})
_SOURCE_KEYS = frozenset({"document", "section", "item"})
_THEME_KEYS = frozenset({"id", "title"})


class CatalogueError(ValueError):
    """The catalogue file is malformed. The message names the problem and the indicator."""

    def __init__(self, message: str, *, indicator_id: str | None = None) -> None:
        self.indicator_id = indicator_id
        prefix = f"indicator {indicator_id!r}: " if indicator_id else ""
        super().__init__(prefix + message)


@dataclass(frozen=True)
class Theme:
    id: str
    title: str


@dataclass(frozen=True)
class Source:
    document: str  # a key of Catalogue.documents
    section: str
    item: str


@dataclass(frozen=True)
class Indicator:
    id: str
    text: str
    hint: str
    population: Population
    exploitation_types: tuple[str, ...]  # in EXPLOITATION_TYPES order
    theme: str
    observed_or_asked: Literal["observed", "ask"]
    ilo_dimension: str | None
    ilo_strength: Literal["strong", "medium", "weak"] | None
    legal_element: Literal["act", "means", "purpose"] | None
    source: Source
    confidence: Literal["primary", "secondary", "reconstructed"]
    patterns: tuple[str, ...] = ()  # free-text hint rules, see guidance/hints.py
    seen_in: str | None = None  # one of SETTINGS: where it is most likely to be noticed
    # Withdrawn: still read in old records, never offered, suggested or asked about again.
    retired: bool = False

    def shown_to(self, age_group: AgeGroup) -> bool:
        """Whether the indicator belongs on screens for a person of this age group."""
        if self.retired:
            return False
        return self.population == "both" or self.population == _population_for(age_group)


def _population_for(age_group: AgeGroup) -> Population:
    # nrm-process.md, Children: a person who may be under 18 is treated as a child, so an
    # unknown age gets the child signs too.
    if age_group == "adult":
        return "adult"
    if age_group in ("child", "unknown"):
        return "child"
    raise ValueError(f"unknown age group {age_group!r}: expected adult, child or unknown")


def is_official(indicator: Indicator) -> bool:
    """False for reconstructed items, which screens must never present as official guidance.

    indicators.md, "How to use this file": an [R] item is unverified background knowledge.
    """
    return indicator.confidence != "reconstructed"


@dataclass(frozen=True)
class Catalogue:
    version: str
    themes: tuple[Theme, ...]
    documents: Mapping[str, str]  # document key -> full title, for citing on screens
    indicators: tuple[Indicator, ...]  # in file order, which is the display order
    _by_id: Mapping[str, Indicator] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # A frozen dataclass can still set a derived field once, in __post_init__.
        object.__setattr__(self, "_by_id", {ind.id: ind for ind in self.indicators})

    def get(self, indicator_id: str) -> Indicator:
        """The indicator with this id; KeyError if there is none."""
        return self._by_id[indicator_id]

    def __contains__(self, indicator_id: object) -> bool:
        return indicator_id in self._by_id

    def __len__(self) -> int:
        return len(self.indicators)

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(self._by_id)

    @property
    def current(self) -> tuple[Indicator, ...]:
        """Every indicator still offered (the retired ones left out)."""
        return tuple(ind for ind in self.indicators if not ind.retired)

    def for_population(self, age_group: AgeGroup) -> tuple[Indicator, ...]:
        """Indicators to show for "child", "adult" or "unknown" (treated as a child)."""
        _population_for(age_group)
        return tuple(ind for ind in self.indicators if ind.shown_to(age_group))

    def by_theme(
        self, age_group: AgeGroup | None = None
    ) -> tuple[tuple[Theme, tuple[Indicator, ...]], ...]:
        """Indicators grouped by theme, themes in file order, empty themes left out."""
        pool = self.current if age_group is None else self.for_population(age_group)
        groups = []
        for theme in self.themes:
            members = tuple(ind for ind in pool if ind.theme == theme.id)
            if members:
                groups.append((theme, members))
        return tuple(groups)

    def by_setting(
        self, age_group: AgeGroup | None = None, *, first: str | None = None
    ) -> tuple[tuple[str, tuple[Indicator, ...]], ...]:
        """Indicators grouped by where they are most likely seen, in SETTINGS order with
        `first` (the practitioner's own setting) moved to the front; signs without a setting
        come last under "other"; empty groups are left out."""
        pool = self.current if age_group is None else self.for_population(age_group)
        order = list(SETTINGS)
        if first in order:
            order.remove(first)
            order.insert(0, first)
        groups = []
        for setting in [*order, None]:
            members = tuple(ind for ind in pool if ind.seen_in == setting)
            if members:
                groups.append((setting or "other", members))
        return tuple(groups)

    def theme_title(self, theme_id: str) -> str:
        for theme in self.themes:
            if theme.id == theme_id:
                return theme.title
        raise KeyError(theme_id)

    def document_title(self, indicator: Indicator) -> str:
        return self.documents[indicator.source.document]

    def is_official(self, indicator: Indicator) -> bool:
        return is_official(indicator)


# ---------------------------------------------------------------------------------- loading


def _require_str(value: Any, what: str, indicator_id: str | None) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CatalogueError(f"{what} must be a non-empty string", indicator_id=indicator_id)
    return value.strip()


def _require_choice(value: Any, what: str, choices: Iterable[str], indicator_id: str | None) -> str:
    choices = tuple(choices)
    if value not in choices:
        raise CatalogueError(
            f"{what} is {value!r}; expected one of {', '.join(choices)}", indicator_id=indicator_id
        )
    return value


def _optional_choice(
    value: Any, what: str, choices: Iterable[str], indicator_id: str | None
) -> str | None:
    return None if value is None else _require_choice(value, what, choices, indicator_id)


def _check_keys(
    mapping: Any,
    allowed: frozenset[str],
    what: str,
    indicator_id: str | None,
    optional: frozenset[str] = frozenset(),
) -> Mapping[str, Any]:
    if not isinstance(mapping, Mapping):
        raise CatalogueError(f"{what} must be a mapping", indicator_id=indicator_id)
    unknown = sorted(str(key) for key in mapping if key not in allowed | optional)
    if unknown:
        raise CatalogueError(f"unknown key {unknown[0]!r} in {what}", indicator_id=indicator_id)
    missing = sorted(allowed - set(mapping))
    if missing:
        raise CatalogueError(f"missing key {missing[0]!r} in {what}", indicator_id=indicator_id)
    return mapping


def _parse_indicator(
    raw: Any, position: int, theme_ids: frozenset[str], documents: Mapping[str, str]
) -> Indicator:
    if not isinstance(raw, Mapping):
        raise CatalogueError(f"indicator number {position} must be a mapping")
    raw_id = raw.get("id")
    ind_id = raw_id if isinstance(raw_id, str) and raw_id else f"#{position}"
    if raw.get("source") is None and "source" in raw:
        raise CatalogueError("missing source", indicator_id=ind_id)
    if "source" not in raw:
        # Reported before the generic key check: a sign without a source is the failure that
        # matters most (indicators.md: every indicator carries its source).
        raise CatalogueError("missing source", indicator_id=ind_id)
    if "confidence" not in raw or raw.get("confidence") is None:
        raise CatalogueError("missing confidence", indicator_id=ind_id)
    _check_keys(raw, _REQUIRED_INDICATOR_KEYS, "indicator", ind_id, _OPTIONAL_INDICATOR_KEYS)

    ind_id = _require_str(raw["id"], "id", ind_id)
    if ind_id != ind_id.lower() or not all(c.isalnum() or c == "-" for c in ind_id):
        raise CatalogueError(
            "id must be a lower-case slug (letters, digits, hyphens)", indicator_id=ind_id
        )

    source_raw = _check_keys(raw["source"], _SOURCE_KEYS, "source", ind_id)
    document = _require_str(source_raw["document"], "source.document", ind_id)
    if document not in documents:
        raise CatalogueError(
            f"source.document {document!r} is not listed under documents", indicator_id=ind_id
        )
    item = source_raw["item"]
    if isinstance(item, int) and not isinstance(item, bool):
        item = str(item)
    source = Source(
        document=document,
        section=_require_str(source_raw["section"], "source.section", ind_id),
        item=_require_str(item, "source.item", ind_id),
    )

    types_raw = raw["exploitation_types"]
    if not isinstance(types_raw, list):
        raise CatalogueError(
            "exploitation_types must be a list (it may be empty)", indicator_id=ind_id
        )
    for value in types_raw:
        _require_choice(value, "exploitation type", EXPLOITATION_TYPES, ind_id)
    if len(set(types_raw)) != len(types_raw):
        raise CatalogueError("exploitation_types repeats a type", indicator_id=ind_id)
    types = tuple(t for t in EXPLOITATION_TYPES if t in types_raw)

    theme = _require_str(raw["theme"], "theme", ind_id)
    if theme not in theme_ids:
        raise CatalogueError(f"theme {theme!r} is not listed under themes", indicator_id=ind_id)

    dimension = _optional_choice(raw["ilo_dimension"], "ilo_dimension", ILO_DIMENSIONS, ind_id)
    strength = _optional_choice(raw["ilo_strength"], "ilo_strength", ILO_STRENGTHS, ind_id)
    if (dimension is None) != (strength is None):
        # The ILO decision rule counts strengths within a dimension; one without the other
        # cannot be used (indicators.md 1.3).
        raise CatalogueError(
            "ilo_dimension and ilo_strength must be given together", indicator_id=ind_id
        )

    patterns_raw = raw.get("patterns", [])
    if not isinstance(patterns_raw, list):
        raise CatalogueError("patterns must be a list of strings", indicator_id=ind_id)
    # Imported here: hints builds on this module, and only needs its pattern reader now.
    from guidance.hints import PatternError, compile_pattern

    for pattern in patterns_raw:
        try:
            compile_pattern(pattern)
        except PatternError as exc:
            raise CatalogueError(f"pattern {exc}", indicator_id=ind_id) from exc
    if len(set(patterns_raw)) != len(patterns_raw):
        raise CatalogueError("patterns repeats a pattern", indicator_id=ind_id)

    return Indicator(
        id=ind_id,
        text=_require_str(raw["text"], "text", ind_id),
        hint=_require_str(raw["hint"], "hint", ind_id),
        population=_require_choice(raw["population"], "population", POPULATIONS, ind_id),  # type: ignore[arg-type]
        exploitation_types=types,
        theme=theme,
        observed_or_asked=_require_choice(
            raw["observed_or_asked"], "observed_or_asked", OBSERVED_OR_ASKED, ind_id
        ),  # type: ignore[arg-type]
        ilo_dimension=dimension,
        ilo_strength=strength,  # type: ignore[arg-type]
        legal_element=_optional_choice(
            raw["legal_element"], "legal_element", LEGAL_ELEMENTS, ind_id
        ),  # type: ignore[arg-type]
        source=source,
        confidence=_require_choice(raw["confidence"], "confidence", CONFIDENCES, ind_id),  # type: ignore[arg-type]
        patterns=tuple(patterns_raw),
        seen_in=_optional_choice(raw.get("seen_in"), "seen_in", SETTINGS, ind_id),
        retired=_retired(raw.get("retired", False), ind_id),
    )


def _retired(value: Any, ind_id: str) -> bool:
    if not isinstance(value, bool):
        raise CatalogueError("retired must be true or false", indicator_id=ind_id)
    return value


def parse_catalogue(data: Any) -> Catalogue:
    """Check already-parsed YAML data and build the Catalogue; CatalogueError if malformed."""
    if not isinstance(data, Mapping):
        raise CatalogueError("the catalogue file must be a mapping with version and indicators")
    unknown = sorted(str(key) for key in data if key not in _TOP_LEVEL_KEYS)
    if unknown:
        raise CatalogueError(f"unknown top-level key {unknown[0]!r}")
    for key in sorted(_TOP_LEVEL_KEYS):
        if key not in data:
            raise CatalogueError(f"missing top-level key {key!r}")
    version = _require_str(data["version"], "version", None)

    if not isinstance(data["themes"], list) or not data["themes"]:
        raise CatalogueError("themes must be a non-empty list")
    themes = []
    for raw in data["themes"]:
        raw = _check_keys(raw, _THEME_KEYS, "theme", None)
        themes.append(
            Theme(
                id=_require_str(raw["id"], "theme id", None),
                title=_require_str(raw["title"], "theme title", None),
            )
        )
    theme_ids = frozenset(t.id for t in themes)
    if len(theme_ids) != len(themes):
        raise CatalogueError("duplicate theme id")

    if not isinstance(data["documents"], Mapping) or not data["documents"]:
        raise CatalogueError("documents must be a non-empty mapping of key to title")
    documents = {
        _require_str(key, "document key", None): _require_str(
            title, f"title of document {key!r}", None
        )
        for key, title in data["documents"].items()
    }

    if not isinstance(data["indicators"], list) or not data["indicators"]:
        raise CatalogueError("indicators must be a non-empty list")
    indicators: list[Indicator] = []
    seen: set[str] = set()
    for position, raw in enumerate(data["indicators"], start=1):
        indicator = _parse_indicator(raw, position, theme_ids, documents)
        if indicator.id in seen:
            raise CatalogueError("duplicate id", indicator_id=indicator.id)
        seen.add(indicator.id)
        indicators.append(indicator)

    return Catalogue(
        version=version,
        themes=tuple(themes),
        documents=MappingProxyType(documents),
        indicators=tuple(indicators),
    )


@functools.cache
def _load(path: Path) -> Catalogue:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CatalogueError(f"cannot read {path}: {exc.strerror}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{path} is not valid YAML: {exc}") from exc
    return parse_catalogue(data)


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Load and check a catalogue file (the packaged one by default). Cached per path."""
    return _load(Path(path).resolve() if path is not None else DEFAULT_PATH.resolve())


def get_catalogue() -> Catalogue:
    """The packaged catalogue, loaded and checked once per process."""
    return load_catalogue()
