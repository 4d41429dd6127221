import re
import zlib

import pytest
from django.urls import reverse

from learning.briefing import get_briefing

pytestmark = pytest.mark.django_db


def _pdf_text(pdf: bytes) -> bytes:
    """The PDF's bytes plus its decompressed streams (the outline holds the headings)."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_the_handout_is_a_pdf_download_with_every_section(priya, as_user) -> None:
    response = as_user(priya).get(reverse("learning:handout") + "?format=pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="signpost-briefing.pdf"'
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 20_000
    text = _pdf_text(pdf)
    for section in get_briefing().sections:
        assert f"({section.number}. {section.title})".encode() in text
    assert b"(Signs and indicators)" in text


def test_the_handout_page_offers_the_download(priya, as_user) -> None:
    page = as_user(priya).get(reverse("learning:handout")).content.decode()
    assert "?format=pdf" in page


def test_the_handout_html_holds_every_sign_and_no_personal_data(priya, as_user, rf) -> None:
    from django.template.loader import render_to_string

    from guidance.catalogue import get_catalogue
    from learning.views import _handout_context

    request = rf.get("/")
    request.user = priya
    html = render_to_string("learning/handout_pdf.html", _handout_context(request))
    for indicator in get_catalogue().current:
        assert indicator.text.replace("'", "&#x27;") in html
    assert priya.full_name not in html and priya.email not in html
