"""Is this concern about a person we already have a case for? A plain scored comparison.

The product only suggests; the lead decides. Nothing here touches the database: the triage
view picks a few candidate cases and asks `match_score` about each.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

SUGGEST_AT = 2  # the lowest score worth showing to the lead

# Words too common in descriptions to say anything about who someone is.
_STOPWORDS_TEXT = """
    about after again also always another around because been before being came come could
    does doing down during each from have having here into just know like look looked looks
    made many more most much never only other over said same seems seen some such than that
    their them then there these they this those through told under very want were what when
    where which while will with without would year years your young person child adult
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


@dataclass(frozen=True)
class Sketch:
    """What we know of a person for matching: from a concern, or from a case."""

    name: str = ""
    date_of_birth: date | None = None
    description: str = ""


@dataclass(frozen=True)
class Match:
    score: int
    reasons: tuple[str, ...]


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9 ]+", " ", plain.casefold())


def name_tokens(name: str) -> tuple[str, ...]:
    return tuple(t for t in _fold(name).split() if len(t) >= 2)


def description_words(text: str) -> frozenset[str]:
    return frozenset(w for w in _fold(text).split() if len(w) >= 4 and w not in STOPWORDS)


def match_score(concern: Sketch, case: Sketch) -> Match:
    """Higher is likelier the same person. Same name +3 (part of it +1); same date of birth +3,
    a different one -3; descriptions sharing two telling words or more +1, or +2 when they share
    three or more that make a quarter of their words."""
    score = 0
    reasons: list[str] = []

    a, b = name_tokens(concern.name), name_tokens(case.name)
    if a and a == b:
        score += 3
        reasons.append("Same name")
    elif set(a) & {t for t in b if len(t) >= 3}:
        score += 1
        reasons.append("Part of the name is the same")

    if concern.date_of_birth and case.date_of_birth:
        if concern.date_of_birth == case.date_of_birth:
            score += 3
            reasons.append("Same date of birth")
        else:
            score -= 3
            reasons.append("Different date of birth")

    words_a, words_b = description_words(concern.description), description_words(case.description)
    shared = words_a & words_b
    if shared:
        overlap = len(shared) / len(words_a | words_b)
        if len(shared) >= 3 and overlap >= 0.25:
            score += 2
            reasons.append(f"The descriptions share {len(shared)} words")
        elif len(shared) >= 2:
            score += 1
            reasons.append(f"The descriptions share {len(shared)} words")
    return Match(score=score, reasons=tuple(reasons))
