"""Every PDF is drawn by core.pdf, whose fetcher refuses everything from outside the service:
a page asking for an outside image or stylesheet still becomes a PDF, and nothing is fetched."""

from __future__ import annotations

import re
import socket
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse

from core import pdf
from tests.cases.factories import open_case
from tests.conftest import PASSWORD
from tests.referrals.factories import make_referral

OUTSIDE = [
    "http://outside.example/tracker.png",
    "https://outside.example/style.css",
    "http://169.254.169.254/latest/meta-data/",
    "file:///etc/passwd",
]
INJECTED = (
    f'<img src="{OUTSIDE[0]}" alt=""><link rel="stylesheet" href="{OUTSIDE[1]}">'
    f'<img src="{OUTSIDE[2]}" alt=""><img src="{OUTSIDE[3]}" alt="">'
    '<img src="/static/img/signpost.svg" alt="">'
    '<img alt="" src="data:image/svg+xml;base64,'
    'PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSIxIiBoZWlnaHQ9IjEiLz4=">'
)


@pytest.fixture
def no_network(monkeypatch) -> list[str]:
    """Any attempt to open a connection or a URL is recorded (and fails)."""
    attempts: list[str] = []

    def refuse_connect(self, address, *args, **kwargs):
        attempts.append(f"connect {address}")
        raise OSError("no network in this test")

    real_open = urllib.request.OpenerDirector.open

    def watch_open(self, url, *args, **kwargs):
        full = url if isinstance(url, str) else url.full_url
        if not full.startswith("data:"):
            attempts.append(f"open {full}")
            raise OSError("no network in this test")
        return real_open(self, url, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", refuse_connect)
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", watch_open)
    return attempts


@pytest.fixture
def fetched(monkeypatch) -> dict[str, list[str]]:
    """Every URL the PDF fetcher was asked for, and which of them it refused."""
    seen: dict[str, list[str]] = {"asked": [], "refused": [], "renders": []}
    original_render = pdf.render_pdf
    original_static = pdf.static_file_for

    def spy_static(url: str):
        seen["asked"].append(url)
        found = original_static(url)
        if found is None and not url.startswith("data:"):
            seen["refused"].append(url)
        return found

    def spy_render(html: str, **kwargs) -> bytes:
        seen["renders"].append(html)
        return original_render(html.replace("</body>", INJECTED + "</body>"), **kwargs)

    monkeypatch.setattr(pdf, "static_file_for", spy_static)
    monkeypatch.setattr(pdf, "render_pdf", spy_render)
    for module in ("referrals.exports", "learning.views", "privacy.subject_access"):
        monkeypatch.setattr(f"{module}.render_pdf", spy_render, raising=False)
    return seen


def _check(response, fetched, no_network) -> None:
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert len(fetched["renders"]) == 1  # drawn by core.pdf
    assert set(fetched["refused"]) == set(OUTSIDE)  # asked for, and refused
    # Our own static file was asked for and read from disk (no_network: never over the network).
    own = [url for url in fetched["asked"] if url.endswith("/static/img/signpost.svg")]
    assert own and not set(own) & set(fetched["refused"])
    assert no_network == []


@pytest.mark.django_db
def test_the_referral_sheet_pdf_fetches_nothing_from_outside(
    omar, as_user, fetched, no_network
) -> None:
    from referrals.models import Kind

    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    response = as_user(omar).post(
        f"/referrals/{referral.pk}/download/", {"format": "pdf", "confirm_password": PASSWORD}
    )
    _check(response, fetched, no_network)


@pytest.mark.django_db
def test_the_learning_handout_pdf_fetches_nothing_from_outside(
    priya, as_user, fetched, no_network
) -> None:
    response = as_user(priya).get(reverse("learning:handout") + "?format=pdf")
    _check(response, fetched, no_network)


@pytest.mark.django_db
def test_the_subject_access_pdf_fetches_nothing_from_outside(
    lee, priya, as_user, fetched, no_network
) -> None:
    case = open_case(lee, priya)
    response = as_user(lee).post(
        reverse("privacy:subject-access", kwargs={"pk": case.pk}),
        {"confirm_password": PASSWORD},
    )
    _check(response, fetched, no_network)


def test_the_fetcher_refuses_outside_addresses_and_serves_our_own_files() -> None:
    fetcher = pdf.local_only_fetcher()
    for url in [*OUTSIDE, "https://signpost.invalid/static/../settings.py", "ftp://x.example/"]:
        with pytest.raises(pdf.FetchRefused):
            fetcher.fetch(url)
    own = fetcher.fetch("https://signpost.invalid/static/img/signpost.svg")
    assert own.read().lstrip().startswith(b"<")
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"
    # The service's own pages, a missing static file, our static path on another host: refused.
    for url in (
        "https://signpost.invalid/learning/",
        "https://signpost.invalid/static/nothing-here.css",
        "http://testserver/static/img/signpost.svg",
    ):
        with pytest.raises(pdf.FetchRefused):
            fetcher.fetch(url)


def test_no_code_but_core_pdf_draws_a_pdf() -> None:
    root = Path(__file__).resolve().parents[2]
    drawers = []
    for path in root.glob("*/**/*.py"):
        if path.parts[len(root.parts)] in {".venv", "node_modules", "tests", "bench"}:
            continue
        # core/pdf.py draws them; learning/apps.py only quietens WeasyPrint's logging.
        if path in (root / "core" / "pdf.py", root / "learning" / "apps.py"):
            continue
        if re.search(r"weasyprint|write_pdf\(", path.read_text(encoding="utf-8")):
            drawers.append(str(path.relative_to(root)))
    assert drawers == []
