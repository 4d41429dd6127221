"""The 7-minute briefing: seven short pages loaded from briefing.yaml, figures filled in.

Pure Python over a data file, like guidance/catalogue.py. The figures come from
learning/figures.py (computed from the statistics file), the kinds of exploitation and the
signs from guidance.catalogue, so the briefing and the screening always say the same thing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from core import nations
from guidance.catalogue import EXPLOITATION_TYPE_TITLES, EXPLOITATION_TYPES
from guidance.pathways import MODERN_SLAVERY_HELPLINE
from learning.figures import briefing_figures

DEFAULT_PATH = Path(__file__).with_name("briefing.yaml")

# Reading speed used for "about seven minutes": a comfortable pace for careful reading.
WORDS_PER_MINUTE = 200

BLOCK_KINDS = frozenset({"p", "h", "list", "inset", "special"})
SPECIALS = frozenset(
    {"exploitation-types", "questions", "your-organisation", "signs-links", "next-steps"}
)
# The short special blocks (a sentence and a link or two) count as this many words each.
SHORT_SPECIALS = frozenset({"your-organisation", "signs-links", "next-steps"})
SPECIAL_WORDS = 25


class BriefingError(ValueError):
    """briefing.yaml is malformed; the message names the section."""


@dataclass(frozen=True)
class Block:
    kind: str  # one of BLOCK_KINDS
    text: str = ""
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    number: int
    slug: str
    title: str
    summary: str
    blocks: tuple[Block, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    code: str
    text: str


@dataclass(frozen=True)
class ExploitationType:
    code: str
    title: str  # the catalogue's own title
    description: str


@dataclass(frozen=True)
class Briefing:
    version: str
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    exploitation_types: tuple[ExploitationType, ...]

    def section(self, slug: str) -> Section:
        for section in self.sections:
            if section.slug == slug:
                return section
        raise KeyError(slug)

    def neighbours(self, slug: str) -> tuple[Section | None, Section | None]:
        index = [s.slug for s in self.sections].index(slug)
        before = self.sections[index - 1] if index > 0 else None
        after = self.sections[index + 1] if index + 1 < len(self.sections) else None
        return before, after

    @property
    def question_choices(self) -> list[tuple[str, str]]:
        return [(q.code, q.text) for q in self.questions]

    def question_text(self, code: str) -> str:
        for question in self.questions:
            if question.code == code:
                return question.text
        return code

    def words(self, section: Section) -> int:
        """Words a reader reads on the page, counting the lists drawn from data."""
        texts = [section.title, section.summary]
        for block in section.blocks:
            texts.append(block.text)
            texts.extend(block.items)
            if block.text == "exploitation-types" and block.kind == "special":
                texts.extend(f"{t.title}: {t.description}" for t in self.exploitation_types)
            elif block.text == "questions" and block.kind == "special":
                texts.extend(q.text for q in self.questions)
        specials = sum(
            SPECIAL_WORDS
            for b in section.blocks
            if b.kind == "special" and b.text in SHORT_SPECIALS
        )
        return specials + sum(
            len(re.findall(r"\S+", text)) for text in texts if text not in SPECIALS
        )

    @property
    def total_words(self) -> int:
        return sum(self.words(s) for s in self.sections)

    @property
    def reading_minutes(self) -> int:
        return round(self.total_words / WORDS_PER_MINUTE)


def _fill(text: Any, values: Mapping[str, str], where: str) -> str:
    if not isinstance(text, str) or not text.strip():
        raise BriefingError(f"{where}: expected non-empty text")
    try:
        return text.format_map(values)
    except KeyError as exc:
        raise BriefingError(f"{where}: unknown placeholder {exc.args[0]!r}") from None


def _block(raw: Any, values: Mapping[str, str], where: str) -> Block:
    if not isinstance(raw, Mapping) or len(raw) != 1:
        raise BriefingError(f"{where}: each block is a mapping with one key")
    ((kind, value),) = raw.items()
    if kind not in BLOCK_KINDS:
        raise BriefingError(f"{where}: unknown block {kind!r}")
    if kind == "list":
        if not isinstance(value, list) or not value:
            raise BriefingError(f"{where}: a list needs items")
        return Block(kind="list", items=tuple(_fill(v, values, where) for v in value))
    if kind == "special" and value not in SPECIALS:
        raise BriefingError(f"{where}: unknown special block {value!r}")
    return Block(kind=kind, text=_fill(value, values, where))


def parse_briefing(data: Any, values: Mapping[str, str]) -> Briefing:
    if not isinstance(data, Mapping):
        raise BriefingError("the briefing file must be a mapping")
    types_raw = data.get("exploitation_types")
    if not isinstance(types_raw, Mapping) or set(types_raw) != set(EXPLOITATION_TYPES):
        raise BriefingError("exploitation_types must describe exactly the catalogue's types")
    types = tuple(
        ExploitationType(
            code=code,
            title=EXPLOITATION_TYPE_TITLES[code],
            description=_fill(types_raw[code], values, f"exploitation type {code}"),
        )
        for code in EXPLOITATION_TYPES
    )
    questions = tuple(
        Question(code=str(q["code"]), text=_fill(q["text"], values, f"question {q['code']}"))
        for q in data.get("questions") or ()
    )
    if not questions or len({q.code for q in questions}) != len(questions):
        raise BriefingError("questions must be a list with unique codes")
    sections = []
    for number, raw in enumerate(data.get("sections") or (), start=1):
        where = f"section {number}"
        blocks = tuple(_block(b, values, where) for b in raw.get("blocks") or ())
        if not blocks:
            raise BriefingError(f"{where}: no blocks")
        sources = tuple(_fill(s, values, where) for s in raw.get("sources") or ())
        if not sources:
            raise BriefingError(f"{where}: every section cites its sources")
        sections.append(
            Section(
                number=number,
                slug=str(raw["slug"]),
                title=_fill(raw["title"], values, where),
                summary=_fill(raw["summary"], values, where),
                blocks=blocks,
                sources=sources,
            )
        )
    if len(sections) != 7:
        raise BriefingError("the briefing has exactly seven sections")
    return Briefing(
        version=str(data["version"]),
        sections=tuple(sections),
        questions=questions,
        exploitation_types=types,
    )


def placeholder_values() -> Mapping[str, str]:
    return MappingProxyType(
        {
            **briefing_figures(),
            "helpline": MODERN_SLAVERY_HELPLINE,
            # Each nation's words come from the one table of nations (core.nations).
            "dtn_nations_or": nations.duty_to_notify_nations("or"),
            "dtn_nations_and": nations.duty_to_notify_nations("and"),
            "other_nations_or": nations.other_nations("or"),
        }
    )


@functools.cache
def get_briefing(path: Path = DEFAULT_PATH) -> Briefing:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return parse_briefing(data, placeholder_values())
