"""Free-text hints: the catalogue's signs that a practitioner's own words describe.

`find_hints(text)` reads what someone wrote and returns the indicators it describes, each with
the exact spans of text that show it. Pure Python, no Django, no network and no model: a small
rule matcher whose rules (the `patterns` of each indicator) live in catalogue.yaml, so they are
versioned and checked with the catalogue.

What it is and is not (issue 19, "Privacy and safety"): hints are suggestions the practitioner
confirms or rejects; nothing is scored, and an indicator is never returned without the words
that show it.

How a text is read:

1. Tokens with their character offsets. Contractions are split ("can't" -> can + not), money
   ("£50") and numbers ("2", "two") become typed tokens, abbreviations practitioners use
   (Y9, LAC, CSE, CCE, NFA, ...) are expanded into the words they stand for, keeping the span of
   the abbreviation.
2. Each word is normalised: lower case, US to UK spelling, common misspellings, -ize to -ise,
   then a light suffix stripper (missing/missed/misses -> miss). A word still unknown that is
   one edit away from exactly one word the rules use is read as that word ("freind",
   "mising").
3. Negation: a cue ("no", "not", "never", "denies", "without", ...) covers the rest of its
   clause, up to a few words; a match that starts inside it is dropped ("no marks seen",
   "denies anyone holds her passport"). Words the pattern itself contains ("no contract",
   "not in school") do not negate it.
4. Uncertainty ("not sure if", "maybe", "might", "apparently", a question): the hint is still
   returned, marked uncertain. Practitioners are told they need no proof (the statutory
   guidance's "suspect but cannot prove"), so a sign written as a suspicion is exactly one to
   offer; the screen says it was written as uncertain so the practitioner decides.
5. Whom a sentence is about: a match is dropped when the nearest person mentioned before it in
   the sentence is the writer ("I", "we" outside quotation marks) or another person (a brother,
   sister, mum, friend, another pupil), unless the match itself names the person ("reported
   her missing"). Inside quotation marks "I" is the person speaking.

Pattern language (one string per pattern, elements separated by spaces):
    word        the word in any inflection or spelling variant (normalised as above)
    a|b|c       any of these words
    word*       any word starting with this (after lower-casing and spelling fixes)
    [x]         optional element (x is any element but a gap)
    a_b|c       a choice between phrases: "a b" or "c"
    ..          up to 3 words of anything in between; ... up to 8
    <num>       any number; <many> a number of 2 or more, or several/multiple/many/lots
    <money>     an amount of money such as £50; <time> a time of day such as 5am
    !a|b        (first only) the word just before the match must not be a or b
A pattern must start with a word, a choice of words, a prefix, <num>, <many> or <money>.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from guidance.catalogue import AgeGroup, Catalogue, get_catalogue

MAX_TEXT = 200_000  # characters read; far more than any note


class PatternError(ValueError):
    """A pattern in the catalogue cannot be read; the message says why."""


# ------------------------------------------------------------------------------ words

# American spellings and other variants, mapped to the UK form the rules are written in.
_VARIANTS = {
    "behavior": "behaviour",
    "behaviors": "behaviours",
    "behavioral": "behavioural",
    "color": "colour",
    "neighbor": "neighbour",
    "neighbors": "neighbours",
    "labor": "labour",
    "favor": "favour",
    "favors": "favours",
    "rumor": "rumour",
    "rumors": "rumours",
    "harbor": "harbour",
    "center": "centre",
    "centers": "centres",
    "mom": "mum",
    "moms": "mums",
    "mommy": "mum",
    "mam": "mum",
    "mother": "mum",
    "father": "dad",
    "defense": "defence",
    "offense": "offence",
    "license": "licence",
    "program": "programme",
    "jewelry": "jewellery",
    "pajamas": "pyjamas",
    "cellphone": "phone",
    "cellphones": "phones",
    "mobile": "phone",
    "mobiles": "phones",
    "sims": "sim",
    "fone": "phone",
    "fones": "phones",
    "phne": "phone",
    "ph": "phone",
    "quid": "pound",
    "pounds": "pound",
    "cash": "money",
    "monies": "money",
    "mony": "money",
    "monney": "money",
    "cloths": "clothes",
    "clothing": "clothes",
    "trainors": "trainers",
    "trainer": "trainers",
    "recieve": "receive",
    "recieved": "received",
    "beleive": "believe",
    "freind": "friend",
    "freinds": "friends",
    "frend": "friend",
    "frends": "friends",
    "mates": "friends",
    "mate": "friend",
    "lads": "boys",
    "lad": "boy",
    "guys": "men",
    "blokes": "men",
    "bloke": "man",
    "mising": "missing",
    "misssing": "missing",
    "mssing": "missing",
    "dissapeared": "disappeared",
    "dissapears": "disappears",
    "dissappeared": "disappeared",
    "scaired": "scared",
    "scard": "scared",
    "frightend": "frightened",
    "fritened": "frightened",
    "anxous": "anxious",
    "nervus": "nervous",
    "attendence": "attendance",
    "absense": "absence",
    "abscent": "absent",
    "abcent": "absent",
    "truent": "truant",
    "pasport": "passport",
    "passort": "passport",
    "pasports": "passports",
    "documants": "documents",
    "documnets": "documents",
    "agressive": "aggressive",
    "brusing": "bruising",
    "bruseing": "bruising",
    "bruses": "bruises",
    "brused": "bruised",
    "injurys": "injuries",
    "definately": "definitely",
    "wierd": "weird",
    "untill": "until",
    "alot": "lot",
    "accomodation": "accommodation",
    "acommodation": "accommodation",
    "seperate": "separate",
    "gaurdian": "guardian",
    "tierd": "tired",
    "hungrey": "hungry",
    "landlady": "landlord",
    "boss": "employer",
    "gaffer": "employer",
    "manager": "employer",
    "tattoo": "tattoo",
    "tatoo": "tattoo",
    "tatoos": "tattoos",
    "tattos": "tattoos",
    "nothin": "nothing",
    "sumthing": "something",
    "sed": "said",
    "sez": "says",
    "bf": "boyfriend",
    "gf": "girlfriend",
    "yrs": "years",
    "yr": "year",
    "wk": "week",
    "wks": "weeks",
    "hrs": "hours",
    "hr": "hour",
    "ppl": "people",
    "abt": "about",
    "w": "with",
    "thru": "through",
    "tho": "though",
    "cos": "because",
    "coz": "because",
    "bcos": "because",
    "bc": "because",
    "aswell": "also",
}

# Abbreviations practitioners write, expanded into the words the rules use. Each expanded word
# keeps the span of the abbreviation, so the evidence quotes what was written.
_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "lac": ("looked", "after", "child"),
    "cla": ("looked", "after", "child"),
    "cse": ("child", "sexual", "exploitation"),
    "cce": ("child", "criminal", "exploitation"),
    "nfa": ("no", "fixed", "abode"),
    "mfh": ("missing", "from", "home"),
    "misper": ("missing", "person"),
    "mispers": ("missing", "person"),
    "uasc": ("unaccompanied", "asylum", "seeking", "child"),
    "yp": ("young", "person"),
    "cyp": ("young", "person"),
    "gp": ("doctor",),
    "a&e": ("hospital",),
    "sti": ("sexual", "infection"),
    "stis": ("sexual", "infection"),
    "std": ("sexual", "infection"),
    "yo": ("years", "old"),
    "y/o": ("years", "old"),
    "dob": ("date", "of", "birth"),
    "csc": ("social", "services"),
    "ss": ("social", "services"),
    "sw": ("social", "worker"),
    "pru": ("pupil", "referral", "unit"),
    "ehcp": ("education", "plan"),
    "nrm": ("national", "referral", "mechanism"),
    "wfh": ("work", "from", "home"),
    "id": ("identity",),
    "ids": ("identity",),
    "otw": ("on", "the", "way"),
    "dunno": ("do", "not", "know"),
    "idk": ("i", "do", "not", "know"),
    "n/k": ("not", "known"),
    "n/a": ("not", "applicable"),
    "w/e": ("weekend",),
    "nhs": ("health", "service"),
    "dv": ("domestic", "abuse"),
    "ce": ("child", "exploitation"),
    "mash": ("social", "services"),
}

_YEAR_GROUP = re.compile(r"^y(?:r|ear)?(\d{1,2})$")  # Y9, Yr9, year9 -> year 9

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "hundred": 100,
    "hundreds": 100,
    "thousand": 1000,
    "thousands": 1000,
}
_MANY_WORDS = frozenset({"several", "multiple", "many", "lots", "loads", "numerous", "couple"})

_CONTRACTIONS = {
    "can't": ("can", "not"),
    "cant": ("can", "not"),
    "cannot": ("can", "not"),
    "won't": ("will", "not"),
    "wont": ("will", "not"),
    "shan't": ("shall", "not"),
    "ain't": ("is", "not"),
    "dont": ("do", "not"),
    "didnt": ("did", "not"),
    "doesnt": ("does", "not"),
    "isnt": ("is", "not"),
    "wasnt": ("was", "not"),
    "arent": ("are", "not"),
    "havent": ("have", "not"),
    "hasnt": ("has", "not"),
    "hadnt": ("had", "not"),
    "wouldnt": ("would", "not"),
    "couldnt": ("could", "not"),
    "shouldnt": ("should", "not"),
    "im": ("i", "am"),
    "ive": ("i", "have"),
}

# Words never stemmed or fuzzily corrected: short function words and a few whose stems would
# collide with another sign's words ("scared" must not become "scar").
_KEEP = {
    "scared": "scare",
    "scare": "scare",
    "scares": "scare",
    "scaring": "scare",
    "news": "news",
    "always": "always",
    "nothing": "nothing",
    "something": "something",
    "anything": "anything",
    "everything": "everything",
    "during": "during",
    "this": "this",
    "his": "his",
    "her": "her",
    "hers": "her",
    "was": "was",
    "has": "has",
    "is": "is",
    "does": "do",
    "goes": "go",
    "went": "go",
    "gone": "go",
    "going": "go",
    "says": "say",
    "said": "say",
    "told": "tell",
    "kept": "keep",
    "held": "hold",
    "left": "leave",
    "taken": "take",
    "took": "take",
    "brought": "bring",
    "bought": "buy",
    "sold": "sell",
    "found": "find",
    "given": "give",
    "gave": "give",
    "paid": "pay",
    "seen": "see",
    "saw": "see",
    "ran": "run",
    "came": "come",
    "comes": "come",
    "coming": "come",
    "thin": "thin",
    "fine": "fine",  # "references fine" is not "fined"
    "fined": "fined",
    "older": "old",
    "eldest": "old",
    "oldest": "old",
    "elder": "old",
    "children": "child",
    "men": "man",
    "women": "woman",
    "people": "people",
    "clothes": "clothes",
    "police": "police",
    "lessons": "lesson",
    "miss": "miss",
    "missing": "miss",
    "missed": "miss",
    "misses": "miss",
    "bus": "bus",
    "business": "business",
    "address": "address",
    "addresses": "address",
    "trainers": "trainers",
    "being": "be",
    "been": "be",
    "are": "be",
    "were": "be",
    "am": "be",
    "sexual": "sex",
    "sexually": "sex",
    "sexualised": "sexualis",
}

_SUFFIXES = (
    "ations",
    "ation",
    "ments",
    "ment",
    "ingly",
    "edly",
    "ings",
    "ing",
    "ies",
    "ied",
    "ers",
    "est",
    "ed",
    "es",
    "er",
    "ly",
    "s",
)


@functools.cache
def spell(word: str) -> str:
    """Lower case, UK spelling (-ise, -yse, -our), common misspellings fixed; not stemmed."""
    w = word.lower().replace("\u2019", "'")
    w = _VARIANTS.get(w, w)
    w = re.sub(r"iz(e|ed|es|ing|ation|ations|er|ers)$", r"is\1", w)
    return re.sub(r"yz(e|ed|es|ing)$", r"ys\1", w)


@functools.cache
def normalise(word: str) -> str:
    """One word's normal form: lower case, UK spelling, misspellings fixed, suffixes stripped."""
    w = word.lower().replace("\u2019", "'")
    w = _VARIANTS.get(w, w)
    if w in _KEEP:
        return _KEEP[w]
    w = spell(w)
    if len(w) <= 4 or not w.isalpha():
        if not w.isalpha():
            return w
        if len(w) == 4 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
            w = w[:-1]  # cuts, cars, owes
        return w[:-1] if len(w) > 3 and w.endswith("e") else w
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            stem = w[: -len(suffix)]
            if suffix in ("ies", "ied"):
                stem += "y"
            if suffix == "s" and stem.endswith(("s", "u", "i")):
                # "address", "bus", "crisis": not a plural.
                stem = w
            w = stem
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
        w = w[:-1]  # dropped -> dropp -> drop
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]  # phone/phones/phoned -> phon
    return w


# ------------------------------------------------------------------------------ tokens

_TOKEN = re.compile(
    r"\d{1,2}(?:[:.]\d\d)?\s?(?:am|pm)\b"  # a time of day
    r"|£\s?\d[\d,]*(?:\.\d+)?(?:k\b)?"  # money
    r"|\d[\d,]*(?:\.\d+)?(?:k\b)?"  # number
    r"|[A-Za-z]+(?:[/&][A-Za-z]+)?(?:['\u2019][A-Za-z]+)?\d*"  # word, with y/o, a&e, can't, Y9
    r"|[.!?;:\n]|[,()\-\u2013\u2014]|[\"“”]"
)
_SENTENCE_END = frozenset({".", "!", "?", "\n", ";"})
_CLAUSE_END = frozenset({",", ":", "(", ")", "-", "\u2013", "\u2014"})
_CLAUSE_WORDS = frozenset(
    {"but", "however", "although", "though", "except", "yet", "whereas", "whilst", "while"}
)
_QUOTES = frozenset({'"', "“", "”"})


class Token(NamedTuple):  # a tuple, not a dataclass: a long note makes thousands
    start: int
    end: int
    norm: str  # normal form; "" for punctuation
    kind: str  # "word", "num", "money", "time", "punct"
    value: float | None  # numbers and money
    sentence: int
    clause: int
    quoted: bool
    lower: str  # the raw word, lower case (for fuzzy matching and person words)
    spelled: str = ""  # lower case with spelling fixed, for prefix patterns


def _money_value(raw: str) -> float:
    digits = raw.lstrip("£").strip().replace(",", "")
    mult = 1000 if digits.endswith("k") else 1
    return float(digits.rstrip("k")) * mult


def tokenise(text: str, vocabulary: frozenset[str] = frozenset()) -> list[Token]:
    """The text's tokens with offsets. `vocabulary` holds the raw words the rules use, for
    reading a misspelt word as the one word it is one edit away from."""
    tokens: list[Token] = []
    sentence = clause = 0
    quoted = False
    fuzzy = bool(vocabulary)

    def add(
        start: int,
        end: int,
        norm: str,
        kind: str,
        value: float | None,
        lower: str,
        corrected: str = "",
    ) -> None:
        spelled = spell(corrected or lower)
        tokens.append(
            Token(start, end, norm, kind, value, sentence, clause, quoted, lower, spelled)
        )

    for m in _TOKEN.finditer(text):
        raw = m.group()
        start, end = m.start(), m.end()
        if raw in _QUOTES:
            quoted = (not quoted) if raw == '"' else raw == "“"
            clause += 1
            continue
        if raw in _SENTENCE_END:
            if raw == "?" and tokens:
                add(start, end, "?", "punct", None, "?")
            sentence += 1
            clause += 1
            if raw == "\n" and quoted:
                quoted = False
            continue
        if raw in _CLAUSE_END or raw == ",":
            clause += 1
            continue
        if raw[-2:].lower() in ("am", "pm") and raw[0].isdigit():
            hour = int(re.match(r"\d+", raw).group()) % 12  # type: ignore[union-attr]
            add(start, end, "<time>", "time", float(hour + (12 if raw[-2:] == "pm" else 0)), raw)
            continue
        if raw.startswith("£"):
            add(start, end, "<money>", "money", _money_value(raw), raw)
            continue
        if raw[0].isdigit():
            digits = raw.replace(",", "")
            value = float(digits.rstrip("k")) * (1000 if digits.endswith("k") else 1)
            add(start, end, "<num>", "num", value, raw)
            continue
        lower = raw.lower().replace("\u2019", "'")
        if lower in _CLAUSE_WORDS:
            clause += 1
        year = _YEAR_GROUP.match(lower)
        if year:
            add(start, end, "year", "word", None, lower)
            add(start, end, "<num>", "num", float(year.group(1)), lower)
            continue
        if lower in _ABBREVIATIONS and (lower != "id" or raw in ("ID", "Id")):
            for part in _ABBREVIATIONS[lower]:
                add(start, end, normalise(part), "word", None, part)
            continue
        if lower in _NUMBER_WORDS:
            add(start, end, "<num>", "num", float(_NUMBER_WORDS[lower]), lower)
            continue
        parts: tuple[str, ...]
        if lower in _CONTRACTIONS:
            parts = _CONTRACTIONS[lower]
        elif lower.endswith("n't"):
            parts = (lower[:-3] or "not", "not")
            if parts[0] == "ca":
                parts = ("can", "not")
            elif parts[0] == "wo":
                parts = ("will", "not")
        elif "'" in lower:
            head, _, tail = lower.partition("'")
            parts = (head,) if tail in ("s", "d", "ll", "re", "ve", "m", "") else (lower,)
        else:
            parts = (lower,)
        for part in parts:
            word = part
            if (
                fuzzy
                and len(word) >= 6
                and word not in vocabulary
                and word not in _VARIANTS
                and word not in _KEEP
            ):
                word = _correct(word, vocabulary) or word
            add(start, end, normalise(word), "word", None, part, word)
    return tokens


@functools.cache
def _fuzzy_index(vocabulary: frozenset[str]) -> dict[str, frozenset[str]]:
    """Every word of 6+ letters the rules use, under each of its one-letter deletions
    (a symmetric-delete index: two words one edit apart share an entry)."""
    index: dict[str, set[str]] = {}
    for word in vocabulary:
        if len(word) < 6:
            continue
        for key in {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}:
            index.setdefault(key, set()).add(word)
    return {k: frozenset(v) for k, v in index.items()}


@functools.lru_cache(maxsize=20_000)
def _correct(word: str, vocabulary: frozenset[str]) -> str | None:
    index = _fuzzy_index(vocabulary)
    candidates: set[str] = set()
    for key in {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}:
        candidates |= index.get(key, frozenset())
    # Only when it is one edit from exactly one rule word, and not just a different
    # inflection of it (those the normaliser already handles).
    # Misspellings keep their first letter; "reported" is not a misspelling of "deported".
    # A letter left out, doubled or swapped is a slip; a different letter in the same place
    # often makes another real word ("slipped", "slapped"), so that is not corrected.
    candidates = {c for c in candidates if c[0] == word[0] and _slip(word, c)}
    stems = {normalise(c) for c in candidates}
    if len(stems) == 1 and normalise(word) not in stems:
        return next(iter(candidates))
    return None


def _slip(word: str, candidate: str) -> bool:
    if len(word) != len(candidate):
        return True  # one letter more or fewer (the index only finds those one edit away)
    diff = [i for i, (a, b) in enumerate(zip(word, candidate, strict=True)) if a != b]
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and word[diff[0]] == candidate[diff[1]]
        and word[diff[1]] == candidate[diff[0]]
    )


@dataclass(frozen=True, slots=True)
class Atom:
    """One word position: any of `words` (normal forms), or a word starting with a prefix."""

    words: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()

    def matches(self, token: Token) -> bool:
        if token.norm in self.words:
            return True
        return (
            bool(self.prefixes) and token.kind == "word" and token.spelled.startswith(self.prefixes)
        )


@dataclass(frozen=True, slots=True)
class Element:
    kind: str  # "words", "num", "many", "money", "time", "gap"
    phrases: tuple[tuple[Atom, ...], ...] = ()  # for "words": alternatives, each a phrase
    gap: int = 0
    optional: bool = False
    # One-word alternatives without a prefix, checked first (most alternatives are these).
    single: frozenset[str] = frozenset()

    def ends(self, tokens: Sequence[Token], t: int, sentence: int) -> Iterable[int]:
        """Positions just after each way this element matches at token t."""
        if t >= len(tokens) or tokens[t].sentence != sentence:
            return
        token = tokens[t]
        if self.kind == "num":
            if token.kind == "num":
                yield t + 1
        elif self.kind == "many":
            if (token.kind == "num" and (token.value or 0) >= 2) or token.lower in _MANY_WORDS:
                yield t + 1
        elif self.kind == "money":
            if token.kind == "money":
                yield t + 1
        elif self.kind == "time":
            if token.kind == "time":
                yield t + 1
        else:
            if token.norm in self.single:
                yield t + 1
            for phrase in self.phrases:
                if len(phrase) == 1 and not phrase[0].prefixes:
                    continue
                k = t
                for atom in phrase:
                    if k >= len(tokens) or tokens[k].sentence != sentence:
                        break
                    if not atom.matches(tokens[k]):
                        break
                    k += 1
                else:
                    yield k

    def first_atoms(self) -> tuple[Atom, ...]:
        return tuple(phrase[0] for phrase in self.phrases)


@dataclass(frozen=True)
class Pattern:
    source: str
    elements: tuple[Element, ...]
    not_after: frozenset[str] = frozenset()  # normal forms the word before must not be


_WORD = re.compile(r"[a-z'&/]+\*?")


def _atom(raw: str, source: str) -> Atom:
    if not _WORD.fullmatch(raw):
        raise PatternError(f"{source!r}: {raw!r} is not a lower-case word")
    if raw.endswith("*"):
        prefix = raw[:-1]
        if len(prefix) < 3:
            raise PatternError(f"{source!r}: the prefix {raw!r} is too short")
        return Atom(prefixes=(prefix,))
    return Atom(words=frozenset({normalise(raw)}))


def _element(raw: str, source: str) -> Element:
    optional = raw.startswith("[") and raw.endswith("]")
    if optional:
        raw = raw[1:-1]
        if raw in ("..", "..."):
            raise PatternError(f"{source!r}: a gap cannot be optional")
    if not raw:
        raise PatternError(f"{source!r}: empty element")
    if raw == "..":
        return Element("gap", gap=3)
    if raw == "...":
        return Element("gap", gap=8)
    if raw in ("<num>", "<many>", "<money>", "<time>"):
        return Element(raw[1:-1], optional=optional)
    if "<" in raw or ">" in raw:
        raise PatternError(f"{source!r}: unknown element {raw!r}")
    phrases = []
    for alternative in raw.split("|"):
        if not alternative:
            raise PatternError(f"{source!r}: an empty choice in {raw!r}")
        phrases.append(tuple(_atom(part, source) for part in alternative.split("_")))
    single = frozenset(
        w
        for phrase in phrases
        if len(phrase) == 1 and not phrase[0].prefixes
        for w in phrase[0].words
    )
    return Element("words", phrases=tuple(phrases), optional=optional, single=single)


def compile_pattern(source: str) -> Pattern:
    """Parse one pattern; PatternError says what is wrong with it."""
    if not isinstance(source, str) or not source.strip():
        raise PatternError("a pattern must be a non-empty string")
    raws = source.split()
    not_after: frozenset[str] = frozenset()
    if raws[0].startswith("!"):
        words = raws[0][1:].split("|")
        if not all(w and _WORD.fullmatch(w) and not w.endswith("*") for w in words):
            raise PatternError(f"{source!r}: !a|b must list plain words")
        not_after = frozenset(normalise(w) for w in words)
        raws = raws[1:]
    if not raws:
        raise PatternError(f"{source!r}: nothing to match after the !word")
    elements = tuple(_element(raw, source) for raw in raws)
    if elements[0].kind == "gap" or elements[0].optional:
        raise PatternError(f"{source!r}: must start with a word, not a gap or optional element")
    if elements[-1].kind == "gap":
        raise PatternError(f"{source!r}: must not end with a gap")
    for a, b in itertools.pairwise(elements):
        if a.kind == "gap" and b.kind == "gap":
            raise PatternError(f"{source!r}: two gaps in a row")
    return Pattern(source=source, elements=elements, not_after=not_after)


def pattern_words(pattern: str) -> set[str]:
    """The plain words a pattern uses, for the misspelling index."""
    words: set[str] = set()
    for raw in pattern.split():
        for alt in raw.strip("[]!").replace("_", "|").split("|"):
            if alt.isalpha():
                words.add(alt)
    return words


# ------------------------------------------------------------------------------ context

_NEGATION_CUES = frozenset(
    {"no", "not", "never", "deny", "without", "nobody", "none", "neither", "nor", "nothing"}
)
# Cue words that are not negations in these pairs ("no longer attending" says she stopped).
_PSEUDO_NEGATIONS = (("no", "longer"), ("not", "only"), ("not", "just"), ("no", "doubt"))
_NEGATION_REACH = 6  # words a cue covers, within its clause
_POST_NEGATIONS = (("none",), ("not", "see"), ("deny",), ("denied",), ("rule", "out"), ("nil",))

_UNCERTAIN_CUES: tuple[tuple[str, ...], ...] = (
    ("not", "sure"),
    ("not", "certain"),
    ("not", "clear"),
    ("do", "not", "know", "if"),
    ("do", "not", "know", "whether"),
    ("unsure",),
    ("unclear",),
    ("uncertain",),
    ("unconfirm",),
    ("maybe",),
    ("perhap",),
    ("possibly",),
    ("possibl",),
    ("might",),
    ("may", "have"),
    ("may", "be"),
    ("could", "be"),
    ("apparent",),
    ("allegedly",),
    ("alleg",),
    ("rumour",),
    ("i", "think"),
    ("wonder",),
    ("query",),
    ("suspect",),
    ("seem",),
    ("think", "that"),
)
_UNCERTAIN_REACH = 10

_PERSON_WORDS = frozenset(
    {
        "she",
        "he",
        "they",
        "her",
        "him",
        "them",
        "his",
        "their",
        "herself",
        "himself",
        "themselves",
        "pupil",
        "student",
        "child",
        "boy",
        "girl",
        "patient",
        "tenant",
        "resident",
        "client",
        "person",
        "learner",
    }
)
_OBJECT_WORDS = frozenset({"her", "him", "them", "herself", "himself", "themselves"})
_WRITER_WORDS = frozenset({"i", "me", "my", "we", "us", "our", "myself", "ourselves"})
_OTHER_WORDS = frozenset(
    {
        "brother",
        "brothers",
        "sister",
        "sisters",
        "sibling",
        "siblings",
        "cousin",
        "cousins",
        "mum",
        "dad",
        "mother",
        "father",
        "stepdad",
        "stepmum",
        "nan",
        "grandma",
        "grandad",
        "friend",
        "classmate",
        "another",
        "neighbour",
        "husband",
        "wife",
        "someone",
        "somebody",
    }
)


# The cue lists are written as words; tokens carry normal forms.
_NEGATION_NORMS = frozenset(normalise(w) for w in _NEGATION_CUES)
_PSEUDO_NORMS = frozenset(tuple(normalise(w) for w in pair) for pair in _PSEUDO_NEGATIONS)
_POST_NORMS = tuple(tuple(normalise(w) for w in cue) for cue in _POST_NEGATIONS)
_UNCERTAIN_NORMS = tuple(tuple(normalise(w) for w in cue) for cue in _UNCERTAIN_CUES)
_CUE_STARTS = frozenset(cue[0] for cue in _UNCERTAIN_NORMS + _POST_NORMS)


def _mark_scopes(tokens: Sequence[Token]) -> tuple[list[bool], list[bool], set[int]]:
    """Which tokens lie inside a negation and which inside an uncertainty; and the positions
    of the cue words themselves (a cue inside a match does not negate it)."""
    negated = [False] * len(tokens)
    uncertain = [False] * len(tokens)
    cues: set[int] = set()
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        found = None
        for cue in _UNCERTAIN_NORMS if tok.norm in _CUE_STARTS else ():
            if tuple(t.norm for t in tokens[i : i + len(cue)]) == cue and all(
                t.sentence == tok.sentence for t in tokens[i : i + len(cue)]
            ):
                found = cue
                break
        if found:
            j = i + len(found)
            cues.update(range(i, j))
            while j < n and j < i + len(found) + _UNCERTAIN_REACH:
                if tokens[j].sentence != tok.sentence:
                    break
                uncertain[j] = True
                j += 1
            i += len(found)
            continue
        if tok.norm == "?":
            # A question: everything in its sentence is uncertain.
            for k in range(i - 1, -1, -1):
                if tokens[k].sentence != tok.sentence:
                    break
                uncertain[k] = True
        if tok.norm in _NEGATION_NORMS:
            nxt = tokens[i + 1].norm if i + 1 < n else ""
            if (tok.norm, nxt) in _PSEUDO_NORMS:
                i += 2
                continue
            cues.add(i)
            j = i + 1
            while j < n and j <= i + _NEGATION_REACH:
                if tokens[j].clause != tok.clause:
                    break
                negated[j] = True
                j += 1
        # Cues written after what they deny ("marks: none", "injuries denied", "ruled out").
        for post in _POST_NORMS if tok.norm in _CUE_STARTS else ():
            if tuple(t.norm for t in tokens[i : i + len(post)]) == post:
                after = i + len(post)
                if after >= n or tokens[after].clause != tok.clause:
                    for k in range(i - 1, max(-1, i - _NEGATION_REACH - 1), -1):
                        if tokens[k].sentence != tok.sentence:
                            break
                        negated[k] = True
        i += 1
    return negated, uncertain, cues


def _mention(tokens: Sequence[Token], k: int) -> str | None:
    """ "person", "other" (the writer or someone else) or None for the token at k."""
    tok = tokens[k]
    word = tok.lower
    if word in _WRITER_WORDS:
        return "person" if tok.quoted else "other"
    if word in _OTHER_WORDS:
        return "other"
    if word in _PERSON_WORDS:
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if (
            word in ("her", "his", "their")
            and nxt is not None
            and nxt.sentence == tok.sentence
            and (
                nxt.lower in _OTHER_WORDS
                or (k + 2 < len(tokens) and tokens[k + 2].lower in _OTHER_WORDS)
            )
        ):
            return None  # "her brother", "his older sister": the relation decides
        return "person"
    return None


def _about_someone_else(tokens: Sequence[Token], first: int, last: int) -> bool:
    for k in range(first, last + 1):
        if tokens[k].lower in _OBJECT_WORDS and _mention(tokens, k) == "person":
            return False  # "reported her missing": the match names the person
    sentence = tokens[first].sentence
    for k in range(first - 1, -1, -1):
        if tokens[k].sentence != sentence:
            return False
        who = _mention(tokens, k)
        if who is None:
            continue
        if tokens[k].lower in _WRITER_WORDS and who == "other" and first - k > 3:
            # "I met the family's nanny": the writer is the subject of another verb; only
            # "I was frightened" (the writer right before the sign) is about the writer.
            continue
        return who == "other"
    return False


# ------------------------------------------------------------------------------ matching


@dataclass(frozen=True)
class Evidence:
    start: int
    end: int
    text: str
    uncertain: bool = False

    def to_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Hint:
    indicator: str
    evidence: tuple[Evidence, ...]  # never empty, in text order

    @property
    def uncertain(self) -> bool:
        """True when every piece of evidence was written as uncertain ("not sure if...")."""
        return all(e.uncertain for e in self.evidence)

    def to_dict(self) -> dict[str, object]:
        return {"indicator": self.indicator, "evidence": [e.to_dict() for e in self.evidence]}


@dataclass(frozen=True)
class _Rule:
    indicator: str
    pattern: Pattern
    # For a quick "cannot match" test: each later element that must match one plain word.
    required: tuple[frozenset[str], ...] = ()


def _rule(indicator: str, pattern: Pattern) -> _Rule:
    required = tuple(
        el.single
        for el in pattern.elements[1:]
        if el.kind == "words"
        and not el.optional
        and all(len(p) == 1 and not p[0].prefixes for p in el.phrases)
    )
    return _Rule(indicator, pattern, required)


class Matcher:
    """The compiled rules of one catalogue, indexed by the first element of each pattern."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.version = catalogue.version
        self._by_word: dict[str, list[_Rule]] = {}
        self._by_kind: dict[str, list[_Rule]] = {}
        # Prefixes are at least 3 letters long, so their first 3 letters index them.
        self._by_prefix: dict[str, list[tuple[str, _Rule]]] = {}
        vocabulary: set[str] = set()
        for ind in catalogue.indicators:
            for source in ind.patterns:
                rule = _rule(ind.id, compile_pattern(source))
                vocabulary |= pattern_words(source)
                first = rule.pattern.elements[0]
                if first.kind != "words":
                    self._by_kind.setdefault(first.kind, []).append(rule)
                    continue
                words = {w for atom in first.first_atoms() for w in atom.words}
                prefixes = tuple(p for atom in first.first_atoms() for p in atom.prefixes)
                for word in words:
                    self._by_word.setdefault(word, []).append(rule)
                for prefix in prefixes:
                    self._by_prefix.setdefault(prefix[:3], []).append((prefix, rule))
        self.vocabulary = frozenset(vocabulary)

    def _candidates(self, tok: Token) -> Iterable[_Rule]:
        seen: set[int] = set()
        pools: list[Iterable[_Rule]] = [self._by_word.get(tok.norm, ())]
        if tok.kind == "word":
            pools.append(
                r
                for prefix, r in self._by_prefix.get(tok.spelled[:3], ())
                if tok.spelled.startswith(prefix)
            )
            if tok.lower in _MANY_WORDS:
                pools.append(self._by_kind.get("many", ()))
        if tok.kind in ("num", "money", "time"):
            pools.append(self._by_kind.get(tok.kind, ()))
            if tok.kind == "num" and (tok.value or 0) >= 2:
                pools.append(self._by_kind.get("many", ()))
        for pool in pools:
            for rule in pool:
                if id(rule) not in seen:
                    seen.add(id(rule))
                    yield rule

    def find(self, text: str, age_group: AgeGroup | None = None) -> tuple[Hint, ...]:
        text = text[:MAX_TEXT]
        tokens = tokenise(text, self.vocabulary)
        negated, uncertain, cues = _mark_scopes(tokens)
        found: dict[str, list[Evidence]] = {}
        in_sentence: dict[int, set[str]] = {}
        for tok in tokens:
            in_sentence.setdefault(tok.sentence, set()).add(tok.norm)
        for i, tok in enumerate(tokens):
            if tok.kind == "punct":
                continue
            words = in_sentence[tok.sentence]
            for rule in self._candidates(tok):
                if any(words.isdisjoint(req) for req in rule.required):
                    continue
                if (
                    rule.pattern.not_after
                    and i > 0
                    and tokens[i - 1].norm in rule.pattern.not_after
                ):
                    continue
                last = _match(rule.pattern.elements, 0, tokens, i, tok.sentence, i - 1)
                if last is None:
                    continue
                if negated[i] and i not in cues:
                    continue
                if _about_someone_else(tokens, i, last):
                    continue
                start, end = tokens[i].start, tokens[last].end
                found.setdefault(rule.indicator, []).append(
                    Evidence(start, end, text[start:end], uncertain=uncertain[i])
                )
        shown = None
        if age_group is not None:
            shown = {ind.id for ind in self.catalogue.for_population(age_group)}
        hints = []
        for ind in self.catalogue.indicators:
            if ind.id not in found or (shown is not None and ind.id not in shown):
                continue
            hints.append(Hint(ind.id, _merge(found[ind.id], text)))
        return tuple(hints)


def _match(
    elements: Sequence[Element],
    e: int,
    tokens: Sequence[Token],
    t: int,
    sentence: int,
    last: int,
) -> int | None:
    """Index of the last token matched by elements[e:] starting at token t, or None.
    Tries the shortest match first; never crosses into another sentence."""
    if e == len(elements):
        return last
    el = elements[e]
    if el.kind == "gap":
        for skip in range(0, el.gap + 1):
            k = t + skip
            if k >= len(tokens) or tokens[k].sentence != sentence:
                return None
            found = _match(elements, e + 1, tokens, k, sentence, last)
            if found is not None:
                return found
        return None
    for end in el.ends(tokens, t, sentence):
        found = _match(elements, e + 1, tokens, end, sentence, end - 1)
        if found is not None:
            return found
    if el.optional:
        return _match(elements, e + 1, tokens, t, sentence, last)
    return None


def _merge(evidence: list[Evidence], text: str) -> tuple[Evidence, ...]:
    """Overlapping spans become one; the result is in text order."""
    merged: list[Evidence] = []
    for ev in sorted(evidence, key=lambda e: (e.start, -e.end)):
        if merged and ev.start < merged[-1].end:
            prev = merged[-1]
            end = max(prev.end, ev.end)
            merged[-1] = Evidence(
                prev.start, end, text[prev.start : end], uncertain=prev.uncertain and ev.uncertain
            )
        else:
            merged.append(ev)
    return tuple(merged)


_MATCHERS: dict[int, Matcher] = {}


def matcher(catalogue: Catalogue | None = None) -> Matcher:
    """The compiled rules for a catalogue (the packaged one by default), built once."""
    catalogue = catalogue or get_catalogue()
    built = _MATCHERS.get(id(catalogue))
    if built is None or built.catalogue is not catalogue:
        built = _MATCHERS[id(catalogue)] = Matcher(catalogue)
    return built


def find_hints(
    text: str, *, age_group: AgeGroup | None = None, catalogue: Catalogue | None = None
) -> tuple[Hint, ...]:
    """The catalogue's indicators that `text` describes, each with its evidence, in
    catalogue order. With `age_group`, only the signs shown for that age group."""
    return matcher(catalogue).find(text, age_group)
