"""Every date and period the service takes is limited to a sane range (core.dates): an absurd
one is a clear GOV.UK error on the field, never a server error or a loop over centuries."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from core.dates import FIRST_YEAR, BoundedDateField, last_day, range_message
from insights import organisation
from referrals.forms import SheetSectionForm
from referrals.models import Kind
from tests.cases.factories import open_case
from tests.referrals.factories import make_referral

pytestmark = pytest.mark.django_db
NEXT_YEAR = timezone.localdate().year + 1
FIGURES = "/insights/organisation/"


def test_the_range_runs_from_when_the_nrm_began_to_the_end_of_next_year() -> None:
    assert FIRST_YEAR == 2009
    assert last_day() == date(NEXT_YEAR, 12, 31)
    field = BoundedDateField(what="The date", input_formats=["%Y-%m-%d"])
    assert field.clean("2009-01-01") == date(2009, 1, 1)
    assert field.clean(f"{NEXT_YEAR}-12-31") == date(NEXT_YEAR, 12, 31)
    for outside in ("2008-12-31", f"{NEXT_YEAR + 1}-01-01", "9999-12-31", "1000-01-01"):
        with pytest.raises(Exception, match="must be between 2009 and"):
            field.clean(outside)


@pytest.fixture
def months_counted(monkeypatch) -> list[int]:
    """How many months each figures page walked through (Period.month_starts)."""
    counted: list[int] = []
    original = organisation.Period.month_starts

    def spy(self):
        months = original(self)
        counted.append(len(months))
        return months

    monkeypatch.setattr(organisation.Period, "month_starts", spy)
    return counted


@pytest.mark.parametrize(
    ("query", "field", "message_of"),
    [
        ({"date_to": "9999-12"}, "date_to", "The 'to' month"),
        ({"date_to": "12 9999"}, "date_to", "The 'to' month"),
        ({"date_from": "1000-01"}, "date_from", "The 'from' month"),
        ({"date_from": "0001-01", "date_to": "9999-12"}, "date_from", "The 'from' month"),
        ({"date_from": "2008-12"}, "date_from", "The 'from' month"),
    ],
)
def test_an_absurd_period_on_the_figures_page_is_a_clear_error(
    as_user, lee, query, field, message_of, months_counted, django_assert_max_num_queries
) -> None:
    client = as_user(lee)
    client.get(FIGURES)  # the usual page, for comparison
    usual = max(months_counted)
    months_counted.clear()
    with django_assert_max_num_queries(60):
        response = client.get(FIGURES, query)
    assert response.status_code == 400
    text = response.content.decode()
    assert range_message(message_of).replace("'", "&#x27;") in text
    assert f'href="#id_{field}"' in text  # in the error summary, linked to the field
    # Only the usual twelve months are counted, never a month loop over centuries.
    assert months_counted and max(months_counted) <= usual == 12


def test_the_figures_export_refuses_an_absurd_period_too(as_user, lee) -> None:
    response = as_user(lee).post(
        reverse("insights:organisation-csv") + "?date_to=9999-12", {"confirm_password": "x"}
    )
    assert response.status_code in (200, 400)
    assert response.get("Content-Type", "").startswith("text/html")


def test_a_sane_period_on_the_figures_page_still_works(as_user, lee) -> None:
    response = as_user(lee).get(FIGURES, {"date_from": "2009-01", "date_to": f"{NEXT_YEAR}-12"})
    assert response.status_code == 200
    assert response.context["period"].start == date(2009, 1, 1)


def test_the_national_figures_page_takes_no_period_and_ignores_one(as_user, priya) -> None:
    response = as_user(priya).get(reverse("insights:national"), {"date_to": "9999-12"})
    assert response.status_code == 200


LEARNING = {
    "held_on_0": "2",
    "held_on_1": "3",
    "held_on_2": "2026",
    "team": "Pastoral team",
    "questions": ["where-we-meet"],
    "findings": "Found things.",
}


@pytest.mark.parametrize(
    ("year", "month", "day"),
    [("99999999999", "3", "2"), ("2026", "99999999999", "2"), ("2026", "3", "99999999999")],
)
def test_a_huge_number_in_the_learning_date_is_a_clear_error(as_user, lee, year, month, day):
    data = {**LEARNING, "held_on_0": day, "held_on_1": month, "held_on_2": year}
    data["participants"] = [str(lee.pk)]
    response = as_user(lee).post(reverse("learning:session-new"), data)
    assert response.status_code == 400
    text = response.content.decode()
    if year != "2026":
        assert range_message("The date of the session") in text
    else:
        assert "The date of the session must be a real date" in text


def test_a_learning_date_before_2009_or_after_next_year_is_refused(as_user, lee) -> None:
    for year in ("1000", "2008", str(NEXT_YEAR + 1)):
        data = {**LEARNING, "held_on_2": year, "participants": [str(lee.pk)]}
        response = as_user(lee).post(reverse("learning:session-new"), data)
        assert response.status_code == 400
        assert range_message("The date of the session") in response.content.decode()


def test_a_case_date_of_birth_and_action_date_are_bounded(as_user, lee, priya) -> None:
    from tests.cases.test_locking import _details

    case = open_case(lee, priya)
    client = as_user(lee)
    edit = reverse("cases:edit", kwargs={"pk": case.pk})
    for born in ("1 1 1000", "1 1 9999", f"1 1 {NEXT_YEAR}"):
        response = client.post(edit, _details(case, date_of_birth=born))
        assert response.status_code == 400
        assert "Date of birth must be a date in the last 120 years" in response.content.decode()
    item = reverse("cases:pathway-item", kwargs={"pk": case.pk, "action": "seek-informed-consent"})
    response = client.post(item, {"state": "done", "done_on": "1 1 9999", "note": "Asked"})
    assert response.status_code == 400
    assert range_message("The date it was done") in response.content.decode()


def test_referral_dates_are_bounded(as_user, omar) -> None:
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    client = as_user(omar)
    response = client.post(
        f"/referrals/{referral.pk}/sent/",
        {"sent_on": "5 1 1000", "sent_how": "online-form", "version": referral.version},
    )
    assert response.status_code == 400
    assert range_message("The date sent") in response.content.decode()
    response = client.post(
        f"/referrals/{referral.pk}/decisions/",
        {"rg_decision_on": "12 1 9999", "rg_outcome": "negative", "version": referral.version},
    )
    assert response.status_code == 400
    assert range_message("Date of the Reasonable Grounds decision") in response.content.decode()


def test_the_nrm_forms_date_of_birth_is_bounded() -> None:
    field = SheetSectionForm._field_for("pv-dob")
    with pytest.raises(Exception, match="in the last 120 years"):
        field.clean("1 1 1000")
    assert field.clean("1 1 2010") == date(2010, 1, 1)


def test_the_concern_pages_date_of_birth_is_bounded(as_user, priya) -> None:
    from tests.concerns.helpers import make_draft

    make_draft(priya, complete=False)
    client = as_user(priya)
    data = {"age_group": "not-sure", "dob_day": "1", "dob_month": "1", "dob_year": "1000"}
    response = client.post("/concerns/draft/age/", data)
    assert response.status_code == 400
    assert "Date of birth must be a date in the last 120 years" in response.content.decode()
