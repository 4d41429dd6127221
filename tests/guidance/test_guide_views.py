"""The "What should I do?" guide through its pages: every rule branch, errors, nothing stored."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from accounts.models import Organisation
from audit.models import AuditEvent
from core.access import access_rule_of
from core.middleware import AUTH_AT, LAST_SEEN

GUIDE = "/guide/"
RESULT = "/guide/result/"


class _Forms(HTMLParser):
    """The guide's question form on a page: its hidden inputs and the radios' values."""

    def __init__(self) -> None:
        super().__init__()
        self.in_get_form = False
        self.hidden: dict[str, str] = {}
        self.radios: list[str] = []
        self.checked: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.in_get_form = a.get("method") == "get"
        elif tag == "input" and self.in_get_form:
            if a.get("type") == "hidden":
                self.hidden[a["name"]] = a["value"]
            elif a.get("type") == "radio":
                self.radios.append(a["value"])
                if "checked" in a:
                    self.checked.append(a["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_get_form = False


def question_form(response: Any) -> _Forms:
    parser = _Forms()
    parser.feed(response.content.decode())
    return parser


def follow(client: Client, response: Any) -> Any:
    while response.status_code == 302:
        response = client.get(response["Location"])
    return response


def walk(client: Client, **choices: str) -> tuple[Any, list[str]]:
    """Answer the guide as a person would, using only what each page offers.

    Returns the result page and the list of pages seen (question slugs and "call-999").
    """
    # The version 2 questions, answered as "nothing more to know" unless a test says otherwise.
    choices = {
        "already_in_nrm": "no",
        "capacity_to_consent": "yes",
        "children_at_risk": "no",
        **choices,
    }
    seen: list[str] = []
    response = client.get(GUIDE)
    for _ in range(10):
        assert response.status_code == 200, response.status_code
        if response.request["PATH_INFO"] == RESULT:
            return response, seen
        if "continue_url" in response.context:  # the "Call 999 now" page
            seen.append("call-999")
            response = follow(client, client.get(response.context["continue_url"]))
            continue
        form = question_form(response)
        slug = form.hidden["answer"]
        seen.append(slug)
        key = response.context["question"].key
        response = follow(client, client.get(GUIDE, {**form.hidden, key: choices[key]}))
    raise AssertionError(f"the guide did not reach a result: {seen}")


def actions_of(response: Any) -> list[str]:
    """The step codes in the order the page shows them."""
    return re.findall(r'<li id="step-([a-z0-9-]+)">', response.content.decode())


def test_the_first_page_asks_about_danger_and_says_nothing_is_recorded(as_user, priya) -> None:
    response = as_user(priya).get(GUIDE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "This guide records nothing about the person." in html
    heading = "Is anyone in immediate danger right now?"
    assert f'<h1 class="govuk-fieldset__heading">{heading}</h1>' in html
    assert question_form(response).radios == ["yes", "no"]
    main = html.split("<main")[1].split("</main>")[0]
    assert 'method="post"' not in main


@pytest.mark.parametrize("person", ["priya", "lee", "ada", "ana", "omar"])
def test_every_role_may_use_the_guide(as_user, cast, person: str) -> None:
    client = as_user(cast.people[person])
    assert client.get(GUIDE).status_code == 200
    result, _ = walk(client, immediate_danger="no", age_group="under-18", nation="england")
    assert result.status_code == 200


def test_someone_signed_out_can_use_the_guide_and_sees_no_organisations_details(cast) -> None:
    # Supply teachers, agency nurses and volunteers have no account (issue 13, item 6).
    client = Client()
    assert client.get(GUIDE).status_code == 200
    result, _ = walk(client, immediate_danger="no", age_group="under-18", nation="england")
    assert result.status_code == 200
    html = result.content.decode()
    assert "Northgate" not in html and "Riverside" not in html
    assert "You are not signed in" in html
    assert "usually the council or the police" in html
    assert "Record a concern</button>" not in html
    assert reverse("accounts:sign-in") + "?next=" in html
    # Not knowing the organisation, the engine does not claim it must pass anything on.
    assert "pass-to-first-responder" not in actions_of(result)
    assert "organisation.first_responder" in result.context["pathway"].missing_facts


def test_a_child_is_referred_without_a_consent_question(as_user, priya) -> None:
    result, seen = walk(
        as_user(priya), immediate_danger="no", age_group="under-18", nation="england"
    )
    assert seen == ["danger", "age", "referred", "children", "nation"]
    assert actions_of(result) == [
        "tell-safeguarding-lead",
        "refer-childrens-social-care",
        "inform-police",
        "nrm-referral",
        "refer-ictg",
        "pass-to-first-responder",
    ]
    html = result.content.decode()
    assert "Refer to children&#x27;s social care" in html
    assert "Their consent is not needed" in html
    assert "Agreed to a referral" not in html


def test_not_sure_of_age_is_treated_as_a_child_and_the_guide_says_so(as_user, priya) -> None:
    client = as_user(priya)
    nation_page = client.get(
        GUIDE,
        {
            "step": "nation",
            "immediate_danger": "no",
            "age_group": "not-sure",
            "already_in_nrm": "no",
            "children_at_risk": "no",
        },
    )
    assert "this guide treats them as a child" in nation_page.content.decode()
    result, seen = walk(client, immediate_danger="no", age_group="not-sure", nation="england")
    assert "consent" not in seen
    assert result.context["pathway"].treated_as_child
    assert "treated as a child until the council checks their age" in result.content.decode()
    assert "seek-informed-consent" not in actions_of(result)


def test_an_adult_who_agrees_at_a_school_is_passed_to_a_first_responder(as_user, priya) -> None:
    result, seen = walk(
        as_user(priya),
        immediate_danger="no",
        age_group="18-or-over",
        consent_to_nrm="yes",
        nation="england",
    )
    assert seen == ["danger", "age", "referred", "capacity", "consent", "children", "nation"]
    assert actions_of(result) == [
        "tell-safeguarding-lead",
        "nrm-referral",
        "pass-to-first-responder",
    ]
    html = result.content.decode()
    assert "Northgate School is not a first responder organisation" in html
    assert "telling your safeguarding lead today" in html
    assert "usually the council or the police" in html


def test_an_adult_who_agrees_at_a_council_is_referred_by_the_council(as_user, omar) -> None:
    result, _ = walk(
        as_user(omar),
        immediate_danger="no",
        age_group="18-or-over",
        consent_to_nrm="yes",
        nation="england",
    )
    assert actions_of(result) == ["tell-safeguarding-lead", "nrm-referral"]
    html = result.content.decode()
    assert "Riverside Council is a first responder organisation" in html
    assert "is not a first responder organisation" not in html


def test_an_adult_who_refuses_at_a_public_authority_means_a_duty_to_notify(as_user, omar) -> None:
    result, _ = walk(
        as_user(omar),
        immediate_danger="no",
        age_group="18-or-over",
        consent_to_nrm="no",
        nation="england",
    )
    actions = actions_of(result)
    assert actions == ["tell-safeguarding-lead", "offer-support-and-helpline", "duty-to-notify"]
    assert "nrm-referral" not in actions
    assert "Send a Duty to Notify report" in result.content.decode()


def test_an_adult_who_refuses_at_a_school_gets_support_but_no_duty_to_notify(
    as_user, priya
) -> None:
    # Northgate is neither a first responder nor a public authority: nothing is due to pass on,
    # but the page still says who could refer and how to get advice.
    result, _ = walk(
        as_user(priya),
        immediate_danger="no",
        age_group="18-or-over",
        consent_to_nrm="no",
        nation="england",
    )
    actions = actions_of(result)
    assert actions == ["tell-safeguarding-lead", "offer-support-and-helpline"]
    html = result.content.decode()
    assert "Northgate School is not a first responder organisation" in html
    assert 'href="tel:08000121700"' in html


def test_a_not_first_responder_that_must_notify_passes_the_report_on(as_user, make_person) -> None:
    org = Organisation.objects.create(
        name="Eastbrook Hospital", nation="wales", first_responder=False, duty_to_notify=True
    )
    result, _ = walk(
        as_user(make_person(org, "practitioner")),
        immediate_danger="no",
        age_group="18-or-over",
        consent_to_nrm="no",
        nation="wales",
    )
    assert actions_of(result)[-2:] == ["duty-to-notify", "pass-to-first-responder"]


def test_an_adult_not_yet_asked_is_shown_how_to_ask_for_consent(as_user, priya) -> None:
    result, _ = walk(
        as_user(priya),
        immediate_danger="no",
        age_group="18-or-over",
        consent_to_nrm="not-asked",
        nation="england",
    )
    assert actions_of(result) == ["tell-safeguarding-lead", "seek-informed-consent"]
    html = result.content.decode()
    # The facts the guide does not ask about are named, with what they would change.
    assert "care and support needs" in html
    assert "tell the police" in html


def test_in_scotland_a_refusing_adult_means_no_duty_to_notify(as_user, omar) -> None:
    result, _ = walk(
        as_user(omar),
        immediate_danger="no",
        age_group="18-or-over",
        consent_to_nrm="no",
        nation="scotland",
    )
    actions = actions_of(result)
    assert "duty-to-notify" not in actions
    assert actions == ["tell-safeguarding-lead", "offer-support-and-helpline"]
    html = result.content.decode()
    assert "The Duty to Notify does not apply in Scotland." in html
    assert "when the person is in Scotland" in html


def test_a_child_in_scotland_is_offered_the_scottish_guardianship_service(as_user, omar) -> None:
    # pathways.md V2 rule 5: the guide does not ask about parental responsibility, so "not known"
    # takes the safer reading and the guardian service is offered.
    result, _ = walk(as_user(omar), immediate_danger="no", age_group="under-18", nation="scotland")
    assert "refer-ictg" in actions_of(result)
    html = result.content.decode()
    assert "Scottish Guardianship Service" in html
    assert "Inter-agency Referral Discussion" in html
    assert "Police Scotland" in html
    assert "London" not in html


def test_danger_shows_call_999_first_then_carries_on(as_user, priya) -> None:
    client = as_user(priya)
    response = client.get(GUIDE, {"answer": "danger", "immediate_danger": "yes"})
    assert response.status_code == 302
    assert "step=call-999" in response["Location"]
    page = client.get(response["Location"])
    html = page.content.decode()
    assert '<h1 class="govuk-heading-xl">Call 999 now</h1>' in html
    assert 'href="tel:999"' in html
    assert page.context["continue_url"].startswith(GUIDE + "?step=age")

    result, seen = walk(client, immediate_danger="yes", age_group="under-18", nation="england")
    assert seen[:2] == ["danger", "call-999"]
    assert actions_of(result)[0] == "call-999"
    html = result.content.decode()
    assert html.index("Someone is in immediate danger. Call") < html.index('id="step-call-999"')


def test_later_questions_remind_to_call_999_when_someone_is_in_danger(as_user, priya) -> None:
    page = as_user(priya).get(GUIDE, {"step": "age", "immediate_danger": "yes"})
    assert "If you have not called" in page.content.decode()


@pytest.mark.parametrize(
    ("step", "earlier", "message"),
    [
        ("danger", {}, "Select whether anyone is in immediate danger"),
        (
            "age",
            {"immediate_danger": "no"},
            "Select whether the person is under 18, 18 or over, or you are not sure",
        ),
        (
            "consent",
            {"immediate_danger": "yes", "age_group": "18-or-over"},
            "Select whether the person has agreed to a referral",
        ),
        (
            "nation",
            {"immediate_danger": "no", "age_group": "under-18"},
            "Select which part of the UK the person is in",
        ),
    ],
)
def test_a_missing_answer_is_an_error_that_keeps_earlier_answers(
    as_user, priya, step: str, earlier: dict[str, str], message: str
) -> None:
    response = as_user(priya).get(GUIDE, {"answer": step, **earlier})
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert message in html
    assert "<title>Error: " in html
    assert question_form(response).hidden == {"answer": step, **earlier}


def test_a_made_up_answer_is_an_error_too(as_user, priya) -> None:
    response = as_user(priya).get(
        GUIDE, {"answer": "age", "immediate_danger": "no", "age_group": "about-20"}
    )
    assert response.status_code == 400
    assert "Select whether the person is under 18" in response.content.decode()


def test_the_nation_question_starts_at_the_organisations_nation(as_user, make_person) -> None:
    org = Organisation.objects.create(name="Cardiff Clinic", nation="wales")
    client = as_user(make_person(org, "practitioner"))
    page = client.get(
        GUIDE,
        {
            "step": "nation",
            "immediate_danger": "no",
            "age_group": "under-18",
            "already_in_nrm": "no",
            "children_at_risk": "no",
        },
    )
    assert question_form(page).checked == ["wales"]
    assert "Your organisation is in Wales" in page.content.decode()
    result, _ = walk(client, immediate_danger="no", age_group="under-18", nation="england")
    assert result.context["nation"].name == "England"


def test_a_hand_made_address_asks_the_first_missing_question(as_user, priya) -> None:
    client = as_user(priya)
    response = client.get(RESULT, {"nation": "england"})
    assert response.status_code == 302
    assert response["Location"] == GUIDE + "?step=danger&nation=england"
    response = client.get(GUIDE, {"step": "nation", "immediate_danger": "no"})
    assert response["Location"] == GUIDE + "?step=age&immediate_danger=no"
    # Consent is never asked about a child, even if the address asks for it.
    response = client.get(
        GUIDE, {"step": "consent", "immediate_danger": "no", "age_group": "under-18"}
    )
    assert response["Location"].startswith(GUIDE + "?step=referred")


def test_changing_an_answer_returns_to_the_result(as_user, priya) -> None:
    client = as_user(priya)
    result, _ = walk(client, immediate_danger="no", age_group="under-18", nation="england")
    rows = {row["label"]: row["change_url"] for row in result.context["summary"]}
    assert list(rows) == [
        "Anyone in immediate danger",
        "Age of the person",
        "Already referred to the NRM",
        "Other children who may be at risk",
        "Where the person is",
    ]
    age_page = client.get(rows["Age of the person"])
    form = question_form(age_page)
    assert form.checked == ["under-18"]
    assert form.hidden == {
        "answer": "age",
        "immediate_danger": "no",
        "already_in_nrm": "no",
        "children_at_risk": "no",
        "nation": "england",
    }
    # Now an adult: capacity and consent are asked, then straight back to the result.
    response = client.get(GUIDE, {**form.hidden, "age_group": "18-or-over"})
    assert response["Location"].startswith(GUIDE + "?step=capacity")
    capacity_page = client.get(response["Location"])
    response = client.get(
        GUIDE, {**question_form(capacity_page).hidden, "capacity_to_consent": "yes"}
    )
    assert response["Location"].startswith(GUIDE + "?step=consent")
    consent_page = client.get(response["Location"])
    response = client.get(GUIDE, {**question_form(consent_page).hidden, "consent_to_nrm": "yes"})
    assert response["Location"].startswith(RESULT)
    assert "nrm-referral" in actions_of(client.get(response["Location"]))


def test_a_child_drops_an_earlier_consent_answer(as_user, priya) -> None:
    answers = {
        "immediate_danger": "no",
        "age_group": "18-or-over",
        "capacity_to_consent": "yes",
        "consent_to_nrm": "no",
        "already_in_nrm": "no",
        "children_at_risk": "no",
        "nation": "england",
    }
    response = as_user(priya).get(GUIDE, {**answers, "answer": "age", "age_group": "under-18"})
    assert "consent_to_nrm" not in response["Location"]
    assert response["Location"].startswith(RESULT)


def test_the_result_offers_to_record_a_concern_with_the_answers(as_user, priya) -> None:
    result, _ = walk(
        as_user(priya),
        immediate_danger="yes",
        age_group="18-or-over",
        consent_to_nrm="not-asked",
        nation="england",
    )
    html = result.content.decode()
    main = html.split("<main")[1].split("</main>")[0]
    form = re.search(r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>', main, re.S)
    assert form is not None
    assert form.group(1) == "/concerns/new/"
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(2)))
    assert fields.pop("csrfmiddlewaretoken")
    assert fields == {
        "immediate_danger": "yes",
        "age_group": "18-or-over",
        "consent_to_nrm": "not-asked",
        "children_at_risk": "no",
        "already_in_nrm": "no",
    }
    assert "Record a concern</button>" in form.group(2)


def test_a_child_is_carried_to_the_concern_form_without_a_consent_answer(as_user, priya) -> None:
    # The guide never asks about a child's consent, so it claims nothing about it.
    result, _ = walk(as_user(priya), immediate_danger="no", age_group="not-sure", nation="wales")
    assert result.context["concern_fields"] == {
        "immediate_danger": "no",
        "age_group": "not-sure",
        "children_at_risk": "no",
        "already_in_nrm": "no",
    }


@pytest.mark.parametrize("person", ["priya", "lee", "ada", "ana"])
def test_the_record_button_is_offered_only_to_roles_the_concern_page_lets_in(
    as_user, cast, person: str
) -> None:
    user = cast.people[person]
    try:
        rule = access_rule_of(resolve("/concerns/new/").func)
    except Resolver404:
        rule = None
    may_record = rule is None or rule.allows(user.role_set())
    result, _ = walk(as_user(user), immediate_danger="no", age_group="under-18", nation="england")
    html = result.content.decode()
    assert ("Record a concern</button>" in html) is may_record
    assert ("Your role in Signpost does not record concerns" in html) is not may_record


def test_the_result_lists_the_phone_numbers_and_prints_cleanly(as_user, priya) -> None:
    result, _ = walk(as_user(priya), immediate_danger="no", age_group="under-18", nation="england")
    html = result.content.decode()
    for number, href in [
        ("999", "tel:999"),
        ("0800 0121 700", "tel:08000121700"),
        ("0800 043 4303", "tel:08000434303"),
    ]:
        assert f'href="{href}">{number}</a>' in html
    assert 'govuk-!-display-none" data-guide-print>' in html
    assert "js/guide-print.js" in html
    assert 'class="govuk-summary-list__actions signpost-no-print"' in html


def _row_counts() -> dict[str, int]:
    """Rows in every table of the database, whichever app made it."""
    counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            # Table names come from the database itself, not from a request.
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def test_walking_the_guide_stores_nothing(as_user, priya, omar) -> None:
    clients = [as_user(priya), as_user(omar)]
    for client in clients:  # sessions exist before the walk
        client.get(GUIDE)
    sessions_before = [dict(client.session.items()) for client in clients]
    before = _row_counts()
    events_before = AuditEvent.objects.count()
    allowed_cookies = {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
    responses = []
    for client in clients:
        for choices in [
            {"immediate_danger": "yes", "age_group": "under-18", "nation": "england"},
            {"immediate_danger": "no", "age_group": "not-sure", "nation": "wales"},
            {
                "immediate_danger": "no",
                "age_group": "18-or-over",
                "consent_to_nrm": "no",
                "nation": "england",
            },
        ]:
            result, _ = walk(client, **choices)
            responses.append(result)
        responses.append(client.get(GUIDE, {"answer": "danger"}))  # an error page too
    assert _row_counts() == before
    assert AuditEvent.objects.count() == events_before
    for response in responses:
        assert set(response.cookies) <= allowed_cookies
    for client, session in zip(clients, sessions_before, strict=True):
        after = dict(client.session.items())
        for key in (AUTH_AT, LAST_SEEN):
            after.pop(key, None)
            session.pop(key, None)
        assert after == session


def test_the_menu_and_home_page_offer_the_guide(rf, ana) -> None:
    request = rf.get(reverse("core:home"))
    request.user = ana
    request.resolver_match = resolve(reverse("core:home"))
    nav = render_to_string("guidance/_nav.html", request=request)
    assert 'href="/guide/">What should I do?</a>' in nav
    assert "aria-current" not in nav
    home = render_to_string("guidance/_home.html", request=request)
    assert "The guide records nothing about the person." in home
    assert 'href="/guide/"' in home


def test_the_menu_marks_the_guide_as_current_on_its_pages(as_user, ana) -> None:
    html = as_user(ana).get(GUIDE).content.decode()
    fallback = (
        '<strong class="govuk-service-navigation__active-fallback">What should I do?</strong>'
    )
    assert f'href="/guide/" aria-current="true">{fallback}</a>' in html
