"""Subject access: everything held about the person in a case, as a PDF, after step-up."""

from __future__ import annotations

from django.urls import reverse

from audit.models import AuditEvent
from concerns.services import concern_add_information
from privacy.subject_access import context_for
from tests.conftest import PASSWORD


def _url(case) -> str:
    return reverse("privacy:subject-access", kwargs={"pk": case.pk})


def test_get_shows_the_confirmation_page_not_the_pdf(as_user, lee, case) -> None:
    response = as_user(lee).get(_url(case))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert not AuditEvent.objects.filter(kind="subject-access-export").exists()


def test_a_lead_gets_the_pdf_after_entering_their_password_and_it_is_audited(
    as_user, lee, case
) -> None:
    response = as_user(lee).post(_url(case), {"confirm_password": PASSWORD})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == 'attachment; filename="subject-access.pdf"'
    event = AuditEvent.objects.get(kind="subject-access-export")
    assert event.actor == lee and event.target_id == str(case.pk)
    assert response["Cache-Control"] == "no-store"


def test_a_wrong_password_gives_no_pdf(as_user, lee, case) -> None:
    response = as_user(lee).post(_url(case), {"confirm_password": "not my password"})
    assert response.status_code == 400
    assert "The password you entered is not correct" in response.content.decode()
    assert not AuditEvent.objects.filter(kind="subject-access-export").exists()


def test_another_organisation_gets_404(as_user, omar, case) -> None:
    assert as_user(omar).post(_url(case), {"confirm_password": PASSWORD}).status_code == 404


def test_the_pdf_holds_every_part_of_the_record(lee, priya, case) -> None:
    concern = case.links.get().concern
    concern_add_information(concern=concern, text="Seen again on Friday", by=priya)
    context = context_for(case, lee)
    labels = [label for label, _ in context["concerns"][0]["rows"]]
    for label in ("Person name", "Person description", "Nationality", "Their words", "Location"):
        assert label in labels
    assert ("Person name", "Dana Petrov") in context["person_rows"]
    assert context["items"]  # pathway checklist
    assert any(e.kind == "case-opened" for e in context["events"])
    from django.template.loader import render_to_string

    html = render_to_string("privacy/subject_access_pdf.html", context)
    assert "Seen again on Friday" in html
    assert "Dana Petrov" in html
