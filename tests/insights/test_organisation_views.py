"""The organisation's own figures through real URLs: who reaches them, what they count, what an
analyst never sees, and the CSV export (suppressed, step-up, audited, formula-safe)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from core.access import Role
from insights.models import OrganisationInsightSettings
from tests.cases.factories import child_fields, make_concern, open_case
from tests.conftest import PASSWORD
from tests.core.walker import iter_routes

PAGE = reverse("insights:organisation")
CSV = reverse("insights:organisation-csv")


def main_text(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


@pytest.fixture
def figures(cast, priya, lee, omar, make_person):
    """Northgate: 7 adult Romanian women (6 in cases) and 2 British boys; Riverside: 3 more."""
    for _ in range(6):
        open_case(lee, priya)
    make_concern(priya)
    make_concern(priya, **child_fields())
    make_concern(priya, **child_fields())
    riverside_worker = make_person(omar.organisation, Role.PRACTITIONER)
    for _ in range(3):
        make_concern(riverside_worker, nationality="Secret Riverside")


@pytest.mark.parametrize("who", ["lee", "ana"])
def test_leads_and_analysts_see_the_figures(request, figures, as_user, who) -> None:
    assert as_user(request.getfixturevalue(who)).get(PAGE).status_code == 200


@pytest.mark.parametrize("who", ["priya", "ada"])
def test_practitioners_and_admins_are_refused(request, figures, as_user, who) -> None:
    person = request.getfixturevalue(who)
    assert as_user(person).get(PAGE).status_code == 403
    assert as_user(person).get(CSV).status_code == 403
    assert as_user(person).post(CSV, {"confirm_password": PASSWORD}).status_code == 403


def test_a_lead_sees_every_count_of_their_own_organisation_only(figures, lee, as_user) -> None:
    text = main_text(as_user(lee).get(PAGE))
    assert "Romanian" in text
    assert "Secret Riverside" not in text
    # Ages: 7 adults and 2 children, out of 9 concerns.
    assert ">7<" in text and ">2<" in text and ">9<" in text
    assert "suppressed</td>" not in text


def test_an_analyst_sees_small_counts_suppressed(figures, ana, as_user) -> None:
    text = main_text(as_user(ana).get(PAGE))
    assert "suppressed" in text
    age = text[text.index('id="age"') : text.index('id="gender"')]
    assert "Child (under 18)</th>" in age
    assert ">2<" not in age  # the two children


def test_an_analyst_never_sees_a_person_a_reference_or_free_text(figures, ana, as_user) -> None:
    from concerns.models import Concern

    text = main_text(as_user(ana).get(PAGE))
    for concern in Concern.objects.all():
        assert concern.reference not in text
        assert concern.person_name not in text
        assert concern.person_description not in text
    assert "Mill Street" not in text


def test_a_rare_nationality_is_never_named(figures, lee, priya, as_user) -> None:
    make_concern(priya, nationality="Atlantis, ask for Dana")
    text = main_text(as_user(lee).get(PAGE))
    assert "Atlantis" not in text
    assert "Other nationalities" in text


def test_the_national_shares_are_shown_beside(figures, national_figures, lee, as_user) -> None:
    from insights.models import NationalYear

    year = NationalYear.objects.filter(female__isnull=False).order_by("-year").first().year
    text = main_text(as_user(lee).get(PAGE))
    assert f"National share {year}" in text


def test_the_period_is_filtered_by_whole_months(figures, lee, as_user) -> None:
    response = as_user(lee).get(PAGE, {"date_from": "01 2020", "date_to": "02 2020"})
    assert response.status_code == 200
    text = main_text(response)
    assert "January 2020 to February 2020" in text
    assert "Romanian" not in text


def test_a_period_that_ends_before_it_starts_is_an_error(figures, lee, as_user) -> None:
    response = as_user(lee).get(PAGE, {"date_from": "03 2020", "date_to": "02 2020"})
    assert response.status_code == 400
    assert "The &#x27;to&#x27; month must be the same as or after" in response.content.decode()


def test_the_export_asks_for_the_password_first(figures, ana, as_user) -> None:
    client = as_user(ana)
    assert client.get(CSV).status_code == 200
    response = client.post(CSV, {"confirm_password": "wrong"})
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(kind="export").exists()


def _export(client, **query) -> list[list[str]]:
    url = CSV + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
    response = client.post(url, {"confirm_password": PASSWORD})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="figures-')
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_export_suppresses_small_counts_even_for_a_lead(figures, lee, as_user) -> None:
    rows = _export(as_user(lee))
    assert rows[0] == ["figure", "category", "count", "share of total"]
    age = {r[1]: r[2] for r in rows if r[0] == "Concerns by age: child or adult"}
    assert age["Child (under 18)"] == "suppressed"
    for row in rows[1:]:
        assert row[2] == "suppressed" or int(row[2]) == 0 or int(row[2]) >= 5


@pytest.mark.usefixtures("exact_figures")
def test_the_threshold_is_the_organisations_own(figures, lee, northgate, as_user) -> None:
    OrganisationInsightSettings.objects.create(organisation=northgate, suppression_threshold=2)
    rows = _export(as_user(lee))
    age = {r[1]: r[2] for r in rows if r[0] == "Concerns by age: child or adult"}
    assert age["Child (under 18)"] == "2"


def test_the_export_is_audited_without_contents(figures, ana, as_user) -> None:
    _export(as_user(ana), date_from="01 2020", date_to="02 2020")
    event = AuditEvent.objects.get(kind="export")
    assert event.actor == ana
    assert event.detail == {
        "export": "organisation-figures",
        "from": "2020-01-01",
        "to": "2020-02-29",
        "threshold": 5,
    }


@pytest.mark.usefixtures("exact_figures")
def test_the_export_is_safe_from_spreadsheet_formulas(figures, lee, priya, as_user) -> None:
    for _ in range(5):
        make_concern(priya, nationality="=HYPERLINK(1)")
    rows = _export(as_user(lee))
    labels = [r[1] for r in rows if r[0] == "Concerns by nationality"]
    assert "'=Hyperlink(1)" in labels


def test_an_analyst_reaches_only_figures_and_their_own_account() -> None:
    """Every URL an analyst's role opens is public, for any signed-in person (the home page,
    their account, guidance and learning: none shows a case), or an insights page."""
    case_apps = {"concerns", "cases", "referrals", "audit"}
    for route in iter_routes():
        rule = route.rule
        if rule is None or rule.public or not rule.allows({Role.ANALYST}):
            continue
        app = (route.name or "").split(":")[0]
        assert app not in case_apps, route.name
        if rule.roles:
            assert app == "insights", route.name


def test_each_look_at_the_figures_is_audited_with_its_months(figures, ana, as_user) -> None:
    as_user(ana).get(PAGE, {"date_from": "01 2025", "date_to": "03 2025"})
    event = AuditEvent.objects.filter(kind="figures-viewed").latest("at")
    assert event.actor_id == ana.pk
    assert event.detail == {"from": "2025-01-01", "to": "2025-03-31", "suppressed": True}


def test_a_period_error_page_title_starts_with_error_once(figures, lee, as_user) -> None:
    text = as_user(lee).get(PAGE, {"date_from": "13 2026"}).content.decode()
    title = text[text.index("<title>") : text.index("</title>")]
    assert title.startswith("<title>Error: Your organisation")
    assert title.count("Error:") == 1
