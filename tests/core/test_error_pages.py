"""The 500 page still answers when the database that its usual template needs has failed."""

from __future__ import annotations

from unittest import mock

from django.db import OperationalError
from django.test import RequestFactory

from core import errors


def test_the_500_page_is_drawn_normally_when_it_can_be(db, rf: RequestFactory) -> None:
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    response = errors.server_error(request)
    assert response.status_code == 500
    assert "PLAIN" not in response.content.decode()


def test_the_500_page_falls_back_to_plain_html_when_the_database_is_down(
    rf: RequestFactory,
) -> None:
    request = rf.get("/")
    with mock.patch.object(errors, "render", side_effect=OperationalError("server closed")):
        response = errors.server_error(request)
    assert response.status_code == 500
    body = response.content.decode()
    assert "Sorry, there is a problem with Signpost" in body
    assert "call 999" in body
