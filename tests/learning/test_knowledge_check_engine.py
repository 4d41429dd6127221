"""The knowledge check cannot drift from the pathway engine: this file proves it."""

from datetime import date

import pytest

from guidance.pathways import ACTIONS, decide, parse_facts
from learning import knowledge_check
from learning.knowledge_check import QUESTIONS, Question, QuestionError, mark, pass_mark


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_every_keyed_answer_agrees_with_the_guidance_engine(question: Question) -> None:
    pathway = decide(parse_facts(question.facts), today=date(2026, 1, 1))
    actions = set(pathway.actions)
    if question.kind == "is-needed":
        engine = "yes" if question.action in actions else "no"
    elif question.kind == "treated-as-child":
        engine = "yes" if pathway.treated_as_child else "no"
    elif question.kind == "first":
        engine = pathway.actions[0]
    elif question.kind == "which-must":
        (engine,) = [code for code in question.options if code in actions]
    else:
        (engine,) = [code for code in question.options if code not in actions]
    assert question.answer == engine
    assert question.correct_answer() == engine


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_every_question_offers_a_real_choice(question: Question) -> None:
    values = [value for value, _ in question.choices()]
    assert question.correct_answer() in values
    assert len(values) >= 2
    assert all(code in ACTIONS for code in question.options)


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_every_explanation_is_the_engines_own_reasons(question: Question) -> None:
    pathway = question.pathway()
    steps = question.explanation()
    assert [s.code for s in steps] == list(pathway.actions)
    assert [s.reason for s in steps] == [pathway.reasons[c] for c in pathway.actions]


def test_there_are_about_ten_questions_with_unique_ids() -> None:
    assert 8 <= len(QUESTIONS) <= 12
    assert len({q.id for q in QUESTIONS}) == len(QUESTIONS)


def test_the_questions_cover_the_rules_that_matter_most() -> None:
    ids = {q.id for q in QUESTIONS}
    assert {
        "child-says-no",
        "age-not-sure",
        "adult-says-no-council",
        "adult-says-no-scotland",
    } <= ids
    assert {"immediate-danger", "school-not-first-responder", "always-tell-lead"} <= ids


def test_a_question_with_two_right_options_is_refused() -> None:
    broken = Question(
        id="broken",
        scenario="",
        prompt="",
        kind="which-must",
        facts={"nation": "england", "under_18": "yes"},
        options=("refer-childrens-social-care", "nrm-referral"),
        answer="nrm-referral",
        why="",
    )
    with pytest.raises(QuestionError):
        broken.correct_answer()


def test_marking_follows_the_engine_not_the_written_key(monkeypatch) -> None:
    """If the engine changed its mind, the marking would change with it."""
    question = knowledge_check.question("adult-says-no-scotland")
    real = question.pathway()
    changed = type(real)(
        treated_as_child=False,
        actions=(*real.actions, "duty-to-notify"),
        reasons={**real.reasons, "duty-to-notify": "changed"},
        missing_facts=(),
    )
    monkeypatch.setitem(question._cache, "pathway", changed)
    assert question.correct_answer() == "yes"


def test_the_keyed_answers_score_full_marks_and_eighty_percent_passes() -> None:
    keyed = {q.id: q.answer for q in QUESTIONS}
    assert mark(keyed).score == len(QUESTIONS)
    assert pass_mark(10) == 8
    wrong_three = dict(keyed)
    for q in QUESTIONS[:3]:
        wrong_three[q.id] = "no-such-answer"
    assert not mark(wrong_three).passed
    wrong_two = dict(keyed)
    for q in QUESTIONS[:2]:
        wrong_two[q.id] = "no-such-answer"
    assert mark(wrong_two).passed


def test_the_check_version_changes_when_the_engines_answer_changes(monkeypatch) -> None:
    before = knowledge_check.check_version()
    question = knowledge_check.question("age-not-sure")
    real = question.pathway()
    monkeypatch.setitem(
        question._cache,
        "pathway",
        type(real)(False, real.actions, real.reasons, real.missing_facts),
    )
    assert knowledge_check.check_version() != before
