from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from cases import services
from cases.models import DecisionKind
from cases.views import search_term_key
from tests.cases.factories import child_fields, make_concern, open_case
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db
QUEUE = reverse("cases:queue")


def _page(client, **params) -> str:
    response = client.get(QUEUE, params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_queue_counts_each_tab(as_user, lee, lee2, priya) -> None:
    make_concern(priya)
    open_case(lee, priya)
    open_case(lee2, priya)
    closed = open_case(lee, priya)
    services.case_decide(
        case=closed, kind=DecisionKind.CLOSED, rationale="Safe", version=closed.version, by=lee
    )
    page = _page(as_user(lee))
    assert "New concerns (1)" in page
    assert "My cases (1)" in page
    assert "All open cases (2)" in page
    assert "Closed (1)" in page
    assert "Shared with your organisation" not in page


def test_new_concerns_link_to_triage(as_user, lee, priya) -> None:
    concern = make_concern(priya)
    page = _page(as_user(lee), tab="new")
    assert reverse("cases:triage", kwargs={"pk": concern.pk}) in page


def test_another_organisations_cases_and_concerns_are_not_listed(as_user, lee, priya, omar):
    case = open_case(lee, priya)
    concern = make_concern(priya)
    for tab in ("new", "open", "mine", "closed", "shared"):
        page = _page(as_user(omar), tab=tab)
        assert case.reference not in page
        assert concern.reference not in page


def _search(client, term, **params) -> str:
    """Search as the page does: POST, then follow the redirect to the results."""
    query = "&".join(f"{k}={v}" for k, v in params.items())
    response = client.post(f"{QUEUE}?{query}", {"q": term, "action": "search"})
    assert response.status_code == 302
    assert term not in response["Location"]
    results = client.get(response["Location"])
    assert results.status_code == 200
    return results.content.decode()


def test_search_finds_a_case_by_reference_name_or_description(as_user, lee, priya) -> None:
    dana = open_case(lee, priya)
    sam = open_case(lee, priya, **child_fields())
    client = as_user(lee)
    for term in (dana.reference, "petrov", "car wash", dana.links.get().concern.reference):
        page = _search(client, term, tab="open")
        assert dana.reference in page, term
        assert sam.reference not in page, term


def test_the_search_term_stays_out_of_every_address(as_user, lee, priya) -> None:
    for _ in range(26):
        make_concern(priya)  # Dana Petrov, 26 times: two pages
    client = as_user(lee)
    page = _search(client, "Petrov", tab="new", age="adult")
    assert "26 concerns match your search and filters" in page
    addresses = re.findall(r'(?:href|action)="([^"]*)"', page)
    assert any("page=2" in a for a in addresses)
    assert all("petrov" not in a.lower() for a in addresses)
    # The term is shown back in the search box, so the lead knows what is applied.
    assert 'value="Petrov"' in page
    second = client.get(QUEUE, {"tab": "new", "age": "adult", "page": 2}).content.decode()
    assert second.count("Triage<span") == 1


def test_a_name_in_the_address_is_not_a_search(as_user, lee, priya) -> None:
    dana = open_case(lee, priya)
    sam = open_case(lee, priya, **child_fields())
    page = _page(as_user(lee), tab="open", q="petrov")
    assert dana.reference in page
    assert sam.reference in page
    assert not AuditEvent.objects.filter(kind="case-queue-searched").exists()


def test_clear_search_shows_everything_again(as_user, lee, priya) -> None:
    dana = open_case(lee, priya)
    sam = open_case(lee, priya, **child_fields())
    client = as_user(lee)
    assert sam.reference not in _search(client, "petrov", tab="open")
    assert "Clear search" in _page(client, tab="open")
    response = client.post(f"{QUEUE}?tab=open", {"action": "clear"})
    assert response.status_code == 302
    page = _page(client, tab="open")
    assert dana.reference in page
    assert sam.reference in page
    assert "Clear search" not in page


def test_each_search_is_audited_with_what_it_showed_but_not_the_words(as_user, lee, priya) -> None:
    dana = open_case(lee, priya)
    open_case(lee, priya, **child_fields())
    _search(as_user(lee), "PETROV", tab="open")
    event = AuditEvent.objects.get(kind="case-queue-searched")
    assert event.actor == lee
    assert event.detail["shown"] == [str(dana.pk)]
    assert event.detail["tab"] == "open"
    assert "petrov" not in str(event.detail).lower()
    # Whoever holds a name can ask whether anyone searched for it.
    assert event.detail["term_key"] == search_term_key(" Petrov")
    assert event.detail["term_key"] != search_term_key("sam kerr")


def test_a_search_needs_the_form_token(lee) -> None:
    client = verified_client(lee, Client(enforce_csrf_checks=True))
    response = client.post(f"{QUEUE}?tab=open", {"q": "petrov", "action": "search"})
    assert response.status_code == 403


def test_a_search_too_long_is_an_error_and_keeps_what_was_typed(as_user, lee) -> None:
    term = "Petrov " * 40
    response = as_user(lee).post(f"{QUEUE}?tab=open", {"q": term, "action": "search"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Search must be 200 characters or fewer" in page
    assert "Petrov Petrov" in page


def test_filters_narrow_the_cases(as_user, lee, lee2, priya) -> None:
    adult = open_case(lee, priya)
    child = open_case(lee2, priya, indicators=("made-to-steal",), **child_fields())
    services.case_decide(
        case=child, kind=DecisionKind.ACTION_TAKEN, rationale="x", version=child.version, by=lee2
    )
    services.task_add(
        case=adult,
        title="Ring",
        working_days=1,
        assigned_to=None,
        by=lee,
        today=timezone.localdate() - timedelta(days=14),
    )
    client = as_user(lee)
    expectations = [
        ({"age": "child"}, child, adult),
        ({"age": "adult"}, adult, child),
        ({"type": "criminal"}, child, adult),
        ({"type": "labour"}, adult, child),
        ({"stage": "action-taken"}, child, adult),
        ({"due": "overdue"}, adult, child),
        ({"lead": str(lee2.pk)}, child, adult),
    ]
    for params, shown, hidden in expectations:
        page = _page(client, tab="open", **params)
        assert shown.reference in page, params
        assert hidden.reference not in page, params
    assert "Task overdue" in _page(client, tab="open")


def test_the_queue_pages_by_25(as_user, lee, priya) -> None:
    for _ in range(26):
        make_concern(priya)
    client = as_user(lee)
    first = _page(client, tab="new")
    assert "26 concerns" in first
    assert 'rel="next"' in first
    second = _page(client, tab="new", page=2)
    assert second.count("Triage<span") == 1


def test_the_queue_makes_the_same_few_queries_however_many_cases(
    as_user, lee, lee2, priya, django_assert_max_num_queries
) -> None:
    for i in range(30):
        case = open_case(lee if i % 2 else lee2, priya)
        services.task_add(case=case, title="Ring", working_days=1, assigned_to=None, by=lee)
    client = as_user(lee)
    client.get(QUEUE, {"tab": "open"})  # warm the session and the caches
    with django_assert_max_num_queries(18):
        response = client.get(QUEUE, {"tab": "open", "due": "due-soon"})
    assert response.content.decode().count("Task overdue") == 0
    with django_assert_max_num_queries(18):
        client.get(QUEUE, {"tab": "new"})
    # A search adds its audit event (the chain's last hash and the insert), nothing per case;
    # "Task overdue" is one query for the page's cases (cases.selectors.mark_overdue).
    client.post(f"{QUEUE}?tab=open", {"q": "Dana", "action": "search"})
    with django_assert_max_num_queries(23):
        client.get(QUEUE, {"tab": "open", "due": "due-soon"})


def test_other_roles_cannot_see_the_queue(as_user, priya, ada, ana) -> None:
    for person in (priya, ada, ana):
        assert as_user(person).get(QUEUE).status_code == 403


def test_an_unknown_filter_value_is_an_error_not_a_crash(as_user, lee) -> None:
    response = as_user(lee).get(QUEUE, {"tab": "open", "type": "nonsense"})
    assert response.status_code == 400
    assert date.today().year  # the page still renders
    assert "Select a valid choice" in response.content.decode()


def test_a_search_counts_only_so_far_and_asks_to_narrow_it(
    as_user, lee, priya, monkeypatch
) -> None:
    """Issue 16: past SEARCH_COUNT_CAP matches a search stops counting; browsing does not."""
    from cases import selectors

    monkeypatch.setattr(selectors, "SEARCH_COUNT_CAP", 2)
    for _ in range(3):
        open_case(lee, priya)  # each "Dana Petrov"
    client = as_user(lee)
    assert "3 cases" in _page(client, tab="open")
    client.post(f"{QUEUE}?tab=open", {"q": "Petrov", "action": "search"})
    searched = _page(client, tab="open")
    assert "More than 2 cases" in searched
