"""Signing in again shows "You have an unfinished concern" and resumes at the same page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.concerns.helpers import make_draft

pytestmark = pytest.mark.django_db


def test_the_home_page_offers_to_resume_at_the_same_page(as_user, priya) -> None:
    client = as_user(priya)
    client.post(reverse("concerns:start"))
    client.get(reverse("concerns:page", kwargs={"page": "what-you-saw"}))
    home = client.get(reverse("core:home")).text
    assert "You have an unfinished concern" in home
    assert 'href="/concerns/draft/what-you-saw/"' in home


def test_the_home_page_offers_a_new_concern_when_there_is_no_draft(as_user, priya) -> None:
    home = as_user(priya).get(reverse("core:home")).text
    assert "You have an unfinished concern" not in home
    assert reverse("concerns:start") in home


def test_the_menu_shows_concerns_by_role(as_user, priya, lee, ada) -> None:
    practitioner = as_user(priya).get(reverse("core:home")).text
    assert "Record a concern" in practitioner and "My concerns" in practitioner
    assert "New concerns" not in practitioner
    assert "New concerns" in as_user(lee).get(reverse("core:home")).text
    admin = as_user(ada).get(reverse("core:home")).text
    assert "Record a concern" not in admin and "My concerns" not in admin


def test_nobody_else_is_told_about_a_draft(as_user, priya, lee) -> None:
    make_draft(priya)
    assert "You have an unfinished concern" not in as_user(lee).get(reverse("core:home")).text


def test_draft_pages_without_a_draft_go_to_the_start_page(as_user, priya) -> None:
    client = as_user(priya)
    for name in ("concerns:tasks", "concerns:check", "concerns:call-999"):
        assert client.get(reverse(name))["Location"] == reverse("concerns:start")
    response = client.get(reverse("concerns:page", kwargs={"page": "age"}))
    assert response["Location"] == reverse("concerns:start")


def test_an_unknown_page_is_not_found(as_user, priya) -> None:
    client = as_user(priya)
    make_draft(priya)
    assert client.get(reverse("concerns:page", kwargs={"page": "nope"})).status_code == 404
