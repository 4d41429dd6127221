import re

from guidance.catalogue import EXPLOITATION_TYPE_TITLES, EXPLOITATION_TYPES
from learning.briefing import WORDS_PER_MINUTE, get_briefing
from tests.conftest import SHARED

SEED = SHARED / "seed"
EXPECTED_TITLES = [
    "Background",
    "Why it matters",
    "What trafficking is",
    "What exploitation looks like",
    "What to do",
    "Questions to consider",
    "Implementing change",
]


def _all_text() -> str:
    briefing = get_briefing()
    parts = []
    for section in briefing.sections:
        parts += [section.title, section.summary, *section.sources]
        for block in section.blocks:
            parts += [block.text, *block.items]
    parts += [q.text for q in briefing.questions]
    parts += [t.description for t in briefing.exploitation_types]
    return "\n".join(parts)


def test_the_briefing_has_the_seven_sections_of_the_seed_in_order() -> None:
    assert [s.title for s in get_briefing().sections] == EXPECTED_TITLES


def test_the_briefing_takes_about_seven_minutes_to_read() -> None:
    briefing = get_briefing()
    minutes = briefing.total_words / WORDS_PER_MINUTE
    assert 6 <= minutes <= 7.5, minutes
    assert briefing.reading_minutes == 7


def test_every_section_cites_its_sources() -> None:
    assert all(section.sources for section in get_briefing().sections)


def test_every_placeholder_is_filled_with_computed_figures() -> None:
    text = _all_text()
    assert "{" not in text and "}" not in text
    assert "2,340 referrals" in text and "23,411 referrals" in text
    assert "7,130 Duty to Notify reports" in text


def test_the_kinds_of_exploitation_are_exactly_the_catalogues() -> None:
    kinds = get_briefing().exploitation_types
    assert tuple(k.code for k in kinds) == EXPLOITATION_TYPES
    assert [k.title for k in kinds] == [EXPLOITATION_TYPE_TITLES[c] for c in EXPLOITATION_TYPES]
    assert "county lines" in EXPLOITATION_TYPE_TITLES["criminal"]


def test_the_briefing_covers_first_responders_duty_to_notify_and_doing_something() -> None:
    text = _all_text()
    assert "first responder organisation" in text
    assert "Duty to Notify" in text and "Scotland or Northern Ireland" in text
    assert "The most important thing is to do something" in text
    assert "0800 0121 700" in text


def test_the_briefing_is_in_our_own_words_not_the_seeds() -> None:
    """No run of eight or more words is copied from the seed briefing."""
    if not SEED.exists():
        return
    seed = " ".join(p.read_text() for p in SEED.glob("*.txt")).lower()
    seed_words = re.findall(r"[a-z0-9']+", seed)
    seed_runs = {" ".join(seed_words[i : i + 8]) for i in range(len(seed_words) - 7)}
    ours = re.findall(r"[a-z0-9']+", _all_text().lower())
    copied = [" ".join(ours[i : i + 8]) for i in range(len(ours) - 7)]
    assert not [run for run in copied if run in seed_runs]


def test_sections_link_to_their_neighbours() -> None:
    briefing = get_briefing()
    before, after = briefing.neighbours("background")
    assert before is None and after.slug == "why-it-matters"
    before, after = briefing.neighbours("implementing-change")
    assert before.slug == "questions-to-consider" and after is None
