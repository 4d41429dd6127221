"""The referral downloads: the answer sheet as JSON, CSV or PDF, and a document as PDF.

Each is built from the context the on-screen page shows (referrals/presenters.py), so a download
says what the page said. The view (referrals.views.download) checks the password, audits the
export and calls these; they change nothing. Each answer is sent under the kind's fixed file name
(KindSpec.file_stem, never the reference or a name) and is not stored by the browser.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from core.csv import csv_text
from core.pdf import render_pdf
from referrals.official.sheet import to_export_json


def _attachment(response: HttpResponse, file_name: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    response["Cache-Control"] = "no-store"
    return response


def sheet_csv(context: dict[str, Any]) -> str:
    """One row per answer, step by step: step, field, answer ("MISSING" for none)."""
    rows = (
        (step["path"], f["name"], f["value"] if f["value"] is not None else "MISSING")
        for step in context["steps"]
        for f in step["fields"]
    )
    return csv_text(["step", "field", "answer"], rows)


def sheet_pdf(request: HttpRequest, context: dict[str, Any]) -> bytes:
    html = render_to_string("referrals/sheet_pdf.html", context, request=request)
    return render_pdf(html)


def sheet_download(
    request: HttpRequest, context: dict[str, Any], *, fmt: str, file_stem: str
) -> HttpResponse:
    """The answer sheet (presenters.sheet_context) as `fmt`: "json", "csv" or "pdf"."""
    if fmt == "json":
        body = json.dumps(to_export_json(context["sheet"]), indent=2, ensure_ascii=False)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    elif fmt == "csv":
        response = HttpResponse(sheet_csv(context), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(sheet_pdf(request, context), content_type="application/pdf")
    return _attachment(response, f"{file_stem}.{fmt}")


def document_download(
    request: HttpRequest, context: dict[str, Any], *, file_stem: str
) -> HttpResponse:
    """The document (presenters.document_context) as a PDF marked OFFICIAL-SENSITIVE."""
    html = render_to_string("referrals/document_pdf.html", context, request=request)
    return _attachment(
        HttpResponse(render_pdf(html), content_type="application/pdf"), f"{file_stem}.pdf"
    )
