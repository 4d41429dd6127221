import pytest

from audit.models import AuditEvent
from audit.services import audit_record
from tests.conftest import PASSWORD


@pytest.mark.django_db
def test_an_admin_sees_only_their_own_organisations_events(as_user, ada, omar, priya) -> None:
    audit_record(kind="concern-viewed", actor=priya)
    audit_record(kind="mfa-reset", actor=omar)
    body = as_user(ada).get("/audit/").content.decode()
    assert "concern-viewed" in body and "Concern viewed" in body
    assert "mfa-reset" not in body


@pytest.mark.django_db
def test_an_admin_filters_events_by_person_and_kind(as_user, ada, lee, priya) -> None:
    audit_record(kind="notices-read", actor=priya)
    audit_record(kind="mfa-reset", actor=lee)
    client = as_user(ada)
    by_person = client.get("/audit/", {"actor": str(lee.pk)}).content.decode()
    assert "mfa-reset</span>" in by_person and "notices-read</span>" not in by_person
    by_kind = client.get("/audit/", {"kind": "notices-read"}).content.decode()
    assert "Priya Shah" in by_kind and "Lee Morgan</td>" not in by_kind


@pytest.mark.django_db
def test_a_bad_date_filter_shows_a_govuk_error(as_user, ada) -> None:
    response = as_user(ada).get("/audit/", {"date_from": "31 02 2026"})
    assert response.status_code == 400
    assert "Enter a real date for &#x27;from&#x27;" in response.content.decode()


@pytest.mark.django_db
def test_only_admins_search_the_audit_log(as_user, lee, priya, ana) -> None:
    for person in (lee, priya, ana):
        assert as_user(person).get("/audit/").status_code == 403


@pytest.mark.django_db
def test_the_export_needs_the_password_is_audited_and_resists_formula_injection(
    as_user, ada, make_person, northgate
) -> None:
    make_person(northgate, "practitioner", full_name='=HYPERLINK("http://x")')
    sneaky = northgate.people.get(full_name__startswith="=")
    audit_record(kind="sign-in", actor=sneaky)
    client = as_user(ada)
    refused = client.post("/audit/export/", {"confirm_password": "wrong"})
    assert refused.status_code == 400
    response = client.post("/audit/export/", {"confirm_password": PASSWORD})
    assert response["Content-Type"].startswith("text/csv")
    assert "audit-events-" in response["Content-Disposition"]
    text = response.content.decode()
    assert "'=HYPERLINK" in text
    assert "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text
    assert AuditEvent.objects.filter(kind="export", actor=ada).exists()


def test_an_absurd_audit_date_is_a_clear_error_not_a_search(as_user, ada) -> None:
    for value in ("0001-01-01", "9999-12-31"):
        response = as_user(ada).get("/audit/", {"date_from": value})
        assert response.status_code == 400
        assert "The &#x27;from&#x27; date must be between 2009 and" in response.text
