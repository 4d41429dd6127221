"""The insights pages through real URLs: who reaches them, what the national page says, and the
CSV export."""

from __future__ import annotations

import csv
import io

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from audit.models import AuditEvent
from insights.models import NationalYear

NATIONAL = reverse("insights:national")
INDEX = reverse("insights:index")
CSV = reverse("insights:national-csv")


def main_text(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


@pytest.mark.parametrize("who", ["priya", "lee", "ada", "ana", "omar"])
def test_every_signed_in_person_can_see_the_national_figures(
    request, national_figures, as_user, who
) -> None:
    person = request.getfixturevalue(who)
    assert as_user(person).get(NATIONAL).status_code == 200
    assert as_user(person).get(INDEX).status_code == 200


def test_someone_not_signed_in_is_sent_to_sign_in(client, national_figures) -> None:
    for url in (INDEX, NATIONAL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))
    assert client.post(CSV).status_code == 302


def test_the_menu_offers_figures_and_marks_it_current_on_insights_pages(ana, as_user) -> None:
    page = as_user(ana).get(INDEX).content.decode()
    assert "govuk-service-navigation__item--active" in page
    assert f'href="{INDEX}" aria-current="page"' in page
    assert f'href="{NATIONAL}"' in page


def test_the_home_page_section_links_to_the_national_figures(rf, ana) -> None:
    request = rf.get("/")
    request.user = ana
    html = render_to_string("insights/_home.html", {"user_roles": ana.role_set()}, request)
    assert f'href="{NATIONAL}"' in html


def test_the_national_page_shows_the_2014_figures_exactly_as_the_seed_gives_them(
    national_figures, ana, as_user
) -> None:
    text = main_text(as_user(ana).get(NATIONAL))
    for expected in ("2,340", "34%", "61%", "39%", "71%", "29%"):
        assert expected in text
    assert "2,340 referrals to the National Referral Mechanism in 2014, up 34% on 2013." in text
    assert "1,432 female (61%), 906 male (39%) and 2 transgender (&lt;1%)." in text
    assert "1,669 (71%) referred for exploitation as adults and 671 (29%)" in text


def test_the_national_page_shows_the_latest_year(national_figures, ana, as_user) -> None:
    text = main_text(as_user(ana).get(NATIONAL))
    assert "23,411 referrals to the National Referral Mechanism in 2025, up 22% on 2024." in text
    assert "7,130 Duty to Notify reports in 2025" in text


def test_the_figures_come_from_the_data_not_the_template(national_figures, ana, as_user) -> None:
    NationalYear.objects.filter(year=2014).update(referrals=2400)
    text = main_text(as_user(ana).get(NATIONAL))
    assert "2,400 referrals to the National Referral Mechanism in 2014, up 37% on 2013." in text
    assert "2,340" not in text


def test_every_chart_has_a_named_image_a_table_with_a_caption_and_its_sources(
    national_figures, ana, as_user
) -> None:
    text = main_text(as_user(ana).get(NATIONAL))
    for chart_id in ("chart-referrals", "chart-age", "chart-gender"):
        assert f'aria-labelledby="{chart_id}-title {chart_id}-desc"' in text
        assert f'<title id="{chart_id}-title">' in text
        assert f'<desc id="{chart_id}-desc">' in text
    assert text.count('role="img"') == 3
    assert text.count("govuk-table__caption govuk-table__caption--s") == 4
    assert text.count("Sources for ") == 3
    assert "NCA NRM statistics end of year 2014; the seed briefing" in text
    assert "Home Office NRM and DtN statistics end of year summary 2025" in text
    assert 'id="sources"' in text
    assert " style=" not in text


def test_missing_figures_say_not_published(national_figures, ana, as_user) -> None:
    text = main_text(as_user(ana).get(NATIONAL))
    assert "not published" in text
    assert "There are no figures here for 2010, 2011 and 2012" in text


def test_the_page_says_so_when_no_figures_are_loaded(db, ana, as_user) -> None:
    NationalYear.objects.all().delete()
    response = as_user(ana).get(NATIONAL)
    assert response.status_code == 200
    assert "No national figures have been loaded yet." in main_text(response)


def test_the_csv_export_downloads_every_year_with_a_name_free_of_personal_data(
    national_figures, ana, as_user
) -> None:
    response = as_user(ana).post(CSV)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="nrm-statistics-2009-to-2025.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 14
    assert rows[2]["year"] == "2014"
    assert rows[2]["referrals"] == "2340"
    assert rows[2]["source"] == "NCA NRM statistics end of year 2014; the seed briefing"


def test_the_csv_export_is_safe_from_spreadsheet_formulas(national_figures, ana, as_user) -> None:
    NationalYear.objects.filter(year=2014).update(
        note='=HYPERLINK("http://evil.example","click")', source="@SUM(1+1)"
    )
    rows = list(csv.DictReader(io.StringIO(as_user(ana).post(CSV).content.decode())))
    assert rows[2]["note"] == '\'=HYPERLINK("http://evil.example","click")'
    assert rows[2]["source"] == "'@SUM(1+1)"


def test_the_csv_export_is_audited_without_contents(national_figures, ana, as_user) -> None:
    as_user(ana).post(CSV)
    event = AuditEvent.objects.filter(kind="export").last()
    assert event is not None
    assert event.actor == ana
    assert event.detail == {"export": "national-statistics", "years": 14}


def test_the_csv_export_is_only_a_post_so_nothing_exports_by_following_a_link(
    national_figures, ana, as_user
) -> None:
    assert as_user(ana).get(CSV).status_code == 405
    assert not AuditEvent.objects.filter(kind="export").exists()
