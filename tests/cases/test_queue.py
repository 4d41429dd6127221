from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import DecisionKind
from tests.cases.factories import child_fields, make_concern, open_case

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


def test_search_finds_a_case_by_reference_name_or_description(as_user, lee, priya) -> None:
    dana = open_case(lee, priya)
    sam = open_case(lee, priya, **child_fields())
    client = as_user(lee)
    for term in (dana.reference, "petrov", "car wash", dana.links.get().concern.reference):
        page = _page(client, tab="open", q=term)
        assert dana.reference in page, term
        assert sam.reference not in page, term


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
        response = client.get(QUEUE, {"tab": "open", "q": "Dana", "due": "due-soon"})
    assert response.content.decode().count("Task overdue") == 0
    with django_assert_max_num_queries(18):
        client.get(QUEUE, {"tab": "new"})


def test_other_roles_cannot_see_the_queue(as_user, priya, ada, ana) -> None:
    for person in (priya, ada, ana):
        assert as_user(person).get(QUEUE).status_code == 403


def test_an_unknown_filter_value_is_an_error_not_a_crash(as_user, lee) -> None:
    response = as_user(lee).get(QUEUE, {"tab": "open", "type": "nonsense"})
    assert response.status_code == 400
    assert date.today().year  # the page still renders
    assert "Select a valid choice" in response.content.decode()
