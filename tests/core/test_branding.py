"""Signpost uses the GOV.UK Design System but not the GOV.UK brand (DEVELOPERS.md, Stack)."""

from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
CSS = ROOT / "static" / "dist" / "css" / "signpost.css"


def test_the_built_css_uses_arial_and_no_gds_transport_font() -> None:
    css = CSS.read_text()
    assert "GDS Transport" not in css
    assert "@font-face" not in css
    assert "font-family:arial,sans-serif" in css


@pytest.mark.django_db
def test_pages_carry_no_crown_and_name_the_service_signpost() -> None:
    body = Client().get("/sign-in/").content.decode()
    assert "govuk-header__logotype" not in body
    assert "govuk-crest" not in body
    assert 'class="govuk-service-navigation__link">Signpost</a>' in body
