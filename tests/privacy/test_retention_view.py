"""The admin's retention page: periods only, step-up to change, audited."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from audit.models import AuditEvent
from privacy.models import RetentionRule
from tests.conftest import PASSWORD
from tests.privacy.helpers import closed_case

URL = reverse("privacy:retention")


def test_an_admin_sees_the_default_periods_and_how_many_cases_are_due(
    as_user, ada, lee, priya
) -> None:
    closed_case(lee, priya, opened=date(2001, 1, 1), closed=date(2002, 1, 1))
    response = as_user(ada).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "6: years after the case is closed" in body
    assert "1 closed case will be deleted" in body
    assert "Dana" not in body  # no case content for admins


def test_an_admin_changes_the_periods_after_entering_their_password(as_user, ada) -> None:
    data = {"closed_adult_case": "7", "child_case": "25", "draft": "14"}
    data["confirm_password"] = PASSWORD
    response = as_user(ada).post(URL, data)
    assert response.status_code == 302
    rules = dict(RetentionRule.objects.values_list("record_type", "period"))
    assert rules == {"closed-adult-case": 7, "draft": 14}
    events = AuditEvent.objects.filter(kind="retention-rule-changed")
    assert {e.target_id for e in events} == {"closed-adult-case", "draft"}


def test_a_wrong_password_or_a_period_out_of_bounds_changes_nothing(as_user, ada) -> None:
    client = as_user(ada)
    data = {"closed_adult_case": "7", "child_case": "25", "draft": "30", "confirm_password": "x"}
    response = client.post(URL, data)
    assert response.status_code == 400
    assert "The password you entered is not correct" in response.content.decode()
    data = {"closed_adult_case": "0", "child_case": "12", "draft": "45"}
    data["confirm_password"] = PASSWORD
    response = client.post(URL, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "must be 1 or more" in body and "must be 18 or more" in body
    assert "must be 30 or fewer" in body
    assert not RetentionRule.objects.exists()


def test_only_admins_reach_the_retention_page(as_user, lee, priya, ana) -> None:
    for person in (lee, priya, ana):
        assert as_user(person).get(URL).status_code == 403
