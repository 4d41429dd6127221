"""The "What should I do?" guide (issue 3): a few questions, then the pathway for this organisation.

Nothing about the person is stored: the answers travel in the address (GET forms and hidden
inputs), no model is written, no audit event is made and nothing goes into the session. The
answers themselves identify nobody. The rules are `guidance.pathways.decide`, the same function
that drives every other screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from accounts.models import Organisation
from core import nations
from core.access import access_rule_of, public
from guidance.facts import facts_from_guide
from guidance.forms import (
    CHILD_AGES,
    QUESTION_BY_SLUG,
    QUESTIONS,
    QuestionForm,
    clean_answers,
)
from guidance.pathways import (
    EMERGENCY_NUMBER,
    MODERN_SLAVERY_HELPLINE,
    FactsError,
    decide,
)

CALL_999 = "call-999"  # the page shown straight after "yes, someone is in danger"

# What the guide does not ask, and what to do if it turns out to be so (decide() lists these
# facts as missing for an adult; the guide keeps to the few questions in guidance.forms.QUESTIONS
# and says what these would change).
ALSO_CONSIDER = {
    "others_at_risk": "If other people, perhaps children, may be at risk, or a crime is still "
    "going on, tell the police.",
    "care_and_support_needs": "If the person seems to have care and support needs, your "
    "safeguarding lead should also make an adult safeguarding referral to the council.",
    "under_18_during_exploitation": "If they were under 18 at any time while they were "
    "exploited, they are still referred as an adult, but the referral form asks about it.",
}


def _url(name: str, answers: Mapping[str, str], step: str | None = None) -> str:
    query = {"step": step} if step else {}
    query.update(answers)
    url = reverse(name)
    return f"{url}?{urlencode(query)}" if query else url


def _step_url(slug: str, answers: Mapping[str, str]) -> str:
    return _url("guidance:guide", answers, step=slug)


def _first_unanswered(answers: Mapping[str, str]) -> type[QuestionForm] | None:
    for question in QUESTIONS:
        if question.applies(answers) and question.key not in answers:
            return question
    return None


def _next_url(answers: Mapping[str, str]) -> str:
    question = _first_unanswered(answers)
    if question is None:
        return _url("guidance:guide-result", answers)
    return _step_url(question.slug, answers)


def _previous_url(question: type[QuestionForm], answers: Mapping[str, str]) -> str | None:
    earlier = [q for q in QUESTIONS[: QUESTIONS.index(question)] if q.applies(answers)]
    return _step_url(earlier[-1].slug, answers) if earlier else None


def _question_page(
    request: HttpRequest,
    question: type[QuestionForm],
    form: QuestionForm,
    answers: Mapping[str, str],
    *,
    status: int = 200,
) -> HttpResponse:
    carried = {k: v for k, v in answers.items() if k != question.key}
    age = answers.get("age_group")
    return render(
        request,
        "guidance/question.html",
        {
            "question": question,
            "title": form.fields[question.key].label,
            "form": form,
            "carried": carried,
            "first": question is QUESTIONS[0],
            "back_url": _previous_url(question, answers),
            "danger": answers.get("immediate_danger") == "yes" and question is not QUESTIONS[0],
            # Said where the consent question would have been: the guide skipped it, and why.
            "child_note": age if question.slug == "nation" and age in CHILD_AGES else "",
            "emergency_number": EMERGENCY_NUMBER,
        },
        status=status,
    )


def _sign_in_url(request: HttpRequest) -> str:
    # Back to this result after signing in; the answers in it identify nobody.
    return f"{reverse('accounts:sign-in')}?{urlencode({'next': request.get_full_path()})}"


def _organisation(request: HttpRequest) -> Organisation | None:
    """The signed-in person's organisation; None for someone signed out (a supply teacher, an
    agency nurse, a volunteer), who gets the guide without any organisation's details."""
    return getattr(request.user, "organisation", None) if request.user.is_authenticated else None


@public
def guide(request: HttpRequest) -> HttpResponse:
    """One question a page. `?answer=<slug>` is a submitted answer; `?step=<slug>` shows a page."""
    organisation = _organisation(request)
    answers = clean_answers(request.GET)
    answered = QUESTION_BY_SLUG.get(request.GET.get("answer", ""))
    if answered is not None:
        earlier = {k: v for k, v in answers.items() if k != answered.key}
        if not answered.applies(earlier):
            return redirect(_next_url(earlier))
        form = answered(request.GET, organisation=organisation)
        if not form.is_valid():
            return _question_page(request, answered, form, earlier, status=400)
        answers = clean_answers({**earlier, answered.key: form.cleaned_data[answered.key]})
        if answered.key == "immediate_danger" and answers["immediate_danger"] == "yes":
            return redirect(_step_url(CALL_999, answers))
        return redirect(_next_url(answers))

    step = request.GET.get("step") or QUESTIONS[0].slug
    if step == CALL_999 and answers.get("immediate_danger") == "yes":
        return render(
            request,
            "guidance/call_999.html",
            {
                "continue_url": _next_url(answers),
                "back_url": _step_url(QUESTIONS[0].slug, answers),
                "emergency_number": EMERGENCY_NUMBER,
            },
        )
    question = QUESTION_BY_SLUG.get(step)
    if question is None or not question.applies(answers):
        return redirect(_next_url(answers))
    first_gap = _first_unanswered(answers)
    if first_gap is not None and QUESTIONS.index(first_gap) < QUESTIONS.index(question):
        # An earlier answer is missing (a hand-made address): ask that one first.
        return redirect(_step_url(first_gap.slug, answers))
    form = question(initial={question.key: answers.get(question.key)}, organisation=organisation)
    return _question_page(request, question, form, answers)


def _concern_start_url() -> str:
    # By URL name, not by import: concerns sits above guidance (docs/conventions.md). The
    # fallback is the same page's address, should the name ever not resolve.
    try:
        return reverse("concerns:start")
    except NoReverseMatch:
        return "/concerns/new/"


def _may_record(request: HttpRequest, url: str) -> bool:
    """Whether the concern page's own access rule lets this person in (no button to a 403)."""
    if not request.user.is_authenticated:
        return False
    try:
        rule = access_rule_of(resolve(url).func)
    except Resolver404:
        return True  # no view there: offer it, the page itself will decide
    return rule is None or rule.allows(request.user.role_set())


@public
def guide_result(request: HttpRequest) -> HttpResponse:
    """The pathway for the person's situation and, when signed in, the person's organisation."""
    organisation = _organisation(request)
    answers = clean_answers(request.GET)
    if _first_unanswered(answers) is not None:
        return redirect(_next_url(answers))
    try:
        pathway = decide(facts_from_guide(answers, organisation))
    except FactsError:
        # Cannot happen with cleaned answers; if it ever does, start again rather than guess.
        return redirect("guidance:guide")

    concern_url = _concern_start_url()
    # The concern form receives the guide's answers under the same names. Consent is sent only
    # when it was asked: for a child the guide never asks, so it claims nothing about it.
    concern_fields = {
        k: answers[k]
        for k in (
            "immediate_danger",
            "age_group",
            "consent_to_nrm",
            "children_at_risk",
            "already_in_nrm",
        )
        if k in answers
    }
    summary = [
        {
            "label": question.summary_label,
            "value": question.display(answers[question.key]),
            "change_url": _step_url(question.slug, answers),
        }
        for question in QUESTIONS
        if question.key in answers
    ]
    return render(
        request,
        "guidance/result.html",
        {
            "pathway": pathway,
            "answers": answers,
            "danger": answers["immediate_danger"] == "yes",
            "nation": nations.nation(answers["nation"]),
            "signed_in": request.user.is_authenticated,
            "sign_in_url": _sign_in_url(request),
            "organisation": organisation,
            "also_consider": [
                ALSO_CONSIDER[key] for key in pathway.missing_facts if key in ALSO_CONSIDER
            ],
            "summary": summary,
            "back_url": summary[-1]["change_url"],
            "concern_url": concern_url,
            "concern_fields": concern_fields,
            "may_record": _may_record(request, concern_url),
            "emergency_number": EMERGENCY_NUMBER,
            "helpline": MODERN_SLAVERY_HELPLINE,
        },
    )
