import csv
import io
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from core.csv import safe_cell as csv_safe
from learning.models import KnowledgeCheckResult, add_months
from learning.selectors import learning_report
from learning.services import learning_report_csv
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _pass(person, on: date, score: int = 9) -> KnowledgeCheckResult:
    return KnowledgeCheckResult.objects.create(
        person=person,
        completed_at=timezone.make_aware(datetime(on.year, on.month, on.day, 10)),
        score=score,
        total=10,
        passed=score >= 8,
        check_version="v",
        catalogue_version="c",
    )


def test_the_report_says_who_has_completed_who_has_not_and_who_is_due(
    priya, lee, ada, ana, omar
) -> None:
    today = date(2026, 6, 1)
    _pass(priya, date(2026, 5, 1))
    _pass(lee, date(2025, 6, 20))  # refresher due 20 June 2026: within 30 days
    _pass(ana, date(2026, 5, 1), score=5)  # failed attempts do not count
    _pass(omar, date(2026, 5, 1))  # another organisation
    rows = {row.person.full_name: row.status for row in learning_report(ada, today=today)}
    assert set(rows) == {priya.full_name, lee.full_name, ada.full_name, ana.full_name}
    assert rows[priya.full_name].code == "completed"
    assert rows[priya.full_name].refresher_due == date(2027, 5, 1)
    assert rows[lee.full_name].code == "due"
    assert rows[ada.full_name].code == "not-completed"
    assert rows[ana.full_name].code == "not-completed"


def test_only_an_organisation_admin_sees_the_report(cast, as_user) -> None:
    url = reverse("learning:report")
    assert as_user(cast.people["ada"]).get(url).status_code == 200
    for key in ("priya", "lee", "ana"):
        assert as_user(cast.people[key]).get(url).status_code == 403
        assert as_user(cast.people[key]).get(reverse("learning:report-export")).status_code == 403


def test_the_report_page_shows_the_completion(ada, priya, as_user) -> None:
    _pass(priya, timezone.localdate())
    page = as_user(ada).get(reverse("learning:report")).content.decode()
    assert priya.full_name in page
    assert "Completed: 1" in page


def test_export_needs_the_admins_password(ada, as_user) -> None:
    response = as_user(ada).post(reverse("learning:report-export"), {"confirm_password": "wrong"})
    assert response.status_code == 400
    assert "The password you entered is not correct" in response.content.decode()
    assert not AuditEvent.objects.filter(kind="learning-report-exported").exists()


def test_export_gives_a_csv_and_is_audited(ada, priya, as_user) -> None:
    passed_on = timezone.localdate() - timedelta(days=10)
    _pass(priya, passed_on)
    response = as_user(ada).post(reverse("learning:report-export"), {"confirm_password": PASSWORD})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "signpost-knowledge-check-report.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Name", "Email address", "Status", "Last passed", "Score", "Refresher due"]
    priya_row = next(r for r in rows if r[1] == priya.email)
    due = add_months(passed_on, 12)
    assert priya_row[2:] == ["Completed", passed_on.isoformat(), "9/10", due.isoformat()]
    event = AuditEvent.objects.get(kind="learning-report-exported")
    assert event.actor == ada and event.detail == {"rows": len(rows) - 1}


@pytest.mark.parametrize("dangerous", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_cells_that_a_spreadsheet_would_run_are_defused(dangerous: str) -> None:
    assert csv_safe(dangerous) == "'" + dangerous
    text = learning_report_csv([[dangerous, "plain"]])
    assert next(csv.reader(io.StringIO(text)))[0].startswith("'")


def test_ordinary_cells_are_left_alone() -> None:
    assert csv_safe("Priya Shah") == "Priya Shah"
    assert csv_safe(None) == ""
    assert csv_safe(9) == "9"


def test_a_name_written_as_a_formula_is_exported_harmlessly(
    ada, northgate, make_person, as_user
) -> None:
    make_person(northgate, "practitioner", full_name='=HYPERLINK("http://evil")')
    response = as_user(ada).post(reverse("learning:report-export"), {"confirm_password": PASSWORD})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [r[0] for r in rows if "HYPERLINK" in r[0]] == ['\'=HYPERLINK("http://evil")']


def test_the_refresher_falls_due_twelve_months_after_passing() -> None:
    result = KnowledgeCheckResult(completed_at=timezone.make_aware(datetime(2024, 2, 29, 12)))
    assert result.refresher_due == date(2025, 2, 28)
    result.completed_at = timezone.make_aware(datetime(2026, 1, 31, 12))
    assert result.refresher_due == date(2027, 1, 31)
