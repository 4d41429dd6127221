"""Log lines carry a request id and nothing about anyone (issue 16, structured logs)."""

from __future__ import annotations

import io
import json
import logging
import logging.config
import re

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from concerns.models import Draft
from core.request_logging import logging_config

pytestmark = pytest.mark.django_db

NAME = "Zebedee Quartermaine"


def configure(log_format: str) -> io.StringIO:
    """The real LOG_FORMAT configuration, its console handler writing to a string instead."""
    logging.config.dictConfig(logging_config(log_format=log_format, level="INFO"))
    [handler] = logging.getLogger().handlers
    stream = io.StringIO()
    handler.setStream(stream)
    return stream


@pytest.fixture
def json_logs():  # type: ignore[no-untyped-def]
    stream = configure("json")

    def lines() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]

    yield lines
    logging.config.dictConfig(settings.LOGGING)


def test_each_request_logs_one_json_line_with_its_id_and_nothing_personal(
    json_logs, as_user, lee, priya
) -> None:
    search = as_user(lee).get("/cases/", {"q": NAME})
    practitioner = as_user(priya)
    practitioner.post("/concerns/new/")
    answer = practitioner.post(
        "/concerns/draft/who/", {"person_name": NAME, "person_description": "red coat"}
    )
    assert answer.status_code == 302
    assert Draft.objects.get(author=priya).answers["person_name"] == NAME

    lines = json_logs()
    requests = [line for line in lines if line["logger"] == "signpost.request"]
    by_id = {line["request_id"]: line for line in requests}
    assert by_id[search["X-Request-ID"]] | {"duration_ms": 0} == {
        "time": by_id[search["X-Request-ID"]]["time"],
        "level": "INFO",
        "logger": "signpost.request",
        "message": "request",
        "request_id": search["X-Request-ID"],
        "method": "GET",
        "route": "cases/",
        "view": "cases:queue",
        "status": 200,
        "duration_ms": 0,
    }
    posted = by_id[answer["X-Request-ID"]]
    assert (posted["method"], posted["route"], posted["status"]) == (
        "POST",
        "concerns/draft/<slug:page>/",
        302,
    )
    text = "\n".join(json.dumps(line) for line in lines)
    for personal in (*NAME.split(), "red coat", lee.email, priya.email, "127.0.0.1", "q="):
        assert personal not in text


def test_each_response_names_its_own_request(client: Client) -> None:
    first = client.get("/sign-in/")["X-Request-ID"]
    second = client.get("/sign-in/")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


@pytest.mark.parametrize(
    ("proxies", "sent", "kept"),
    [
        (1, "7f3c9a1e0b2d4c6e8f0a1b2c3d4e5f60", True),
        (1, "0b6c1c7e-3f0a-4d8e-9b1a-2c3d4e5f6a7b", True),
        (1, "short", False),
        (1, "x" * 65, False),
        (1, "7f3c9a1e0b2d4c6e8f0a\nforged line", False),
        (1, "Zebedee Quartermaine is here", False),
        (0, "7f3c9a1e0b2d4c6e8f0a1b2c3d4e5f60", False),
    ],
)
def test_a_proxys_request_id_is_kept_only_behind_a_trusted_proxy_and_if_well_formed(
    client: Client, settings, proxies: int, sent: str, kept: bool
) -> None:
    settings.SIGNPOST_TRUSTED_PROXIES = proxies
    answered = client.get("/sign-in/", headers={"X-Request-ID": sent})["X-Request-ID"]
    if kept:
        assert answered == sent
    else:
        assert answered != sent
        assert re.fullmatch(r"[0-9a-f]{32}", answered)


def test_the_text_format_shows_the_request_id_too(client: Client) -> None:
    stream = configure("text")
    try:
        rid = client.get("/sign-in/")["X-Request-ID"]
    finally:
        logging.config.dictConfig(settings.LOGGING)
    assert f"INFO signpost.request [{rid}] request method=GET route=sign-in/" in stream.getvalue()


def test_lines_outside_a_request_have_no_request_id(json_logs) -> None:
    logging.getLogger("core.scheduling").warning("Daily job %s failed", "x.y")
    [line] = json_logs()
    assert line["request_id"] == "-"
    assert line["message"] == "Daily job x.y failed"


def test_the_log_format_is_text_or_json() -> None:
    with pytest.raises(ImproperlyConfigured):
        logging_config(log_format="xml", level="INFO")
