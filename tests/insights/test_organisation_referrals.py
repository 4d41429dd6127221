"""The organisation's referral figures: referrals sent by kind, NRM Reasonable and Conclusive
Grounds outcomes, and the median days from concern to referral and from referral to the RG
decision; on the page and in the CSV, scoped, suppressed, formula-safe."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseConcern
from concerns.models import Concern
from insights.models import OrganisationInsightSettings
from insights.organisation import (
    Period,
    median,
    organisation_durations,
    organisation_figures,
)
from referrals.models import Referral
from referrals.services import new_referral_reference
from tests.cases.factories import make_concern, open_case
from tests.conftest import PASSWORD

PAGE = reverse("insights:organisation")
CSV = reverse("insights:organisation-csv")
KINDS = "Referrals sent, by kind"
RG = "Reasonable Grounds decisions on NRM referrals sent in the period"
CG = (
    "Conclusive Grounds decisions on NRM referrals sent in the period with a positive "
    "Reasonable Grounds decision"
)
TO_REFERRAL = "Days from the first concern to the referral being sent (all kinds of referral)"
TO_RG = "Days from an NRM referral being sent to its Reasonable Grounds decision"


def sent_day() -> date:
    """A day well inside the default period (the last 12 whole months)."""
    return timezone.localdate() - timedelta(days=60)


def at_noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def referral(lead, author, kind, *, concern_days_before, sent_on=None, status="sent", **fields):
    """A referral from a new case whose one concern was raised `concern_days_before` it."""
    sent_on = sent_on or sent_day()
    case = open_case(lead, author)
    Concern.objects.filter(case_link__case=case).update(
        submitted_at=at_noon(sent_on - timedelta(days=concern_days_before))
    )
    return Referral.objects.create(
        case=case,
        organisation=case.organisation,
        kind=kind,
        reference=new_referral_reference(),
        status=status,
        sent_on=sent_on if status == "sent" else None,
        created_by=lead,
        **fields,
    )


def nrm(lead, author, *, concern_days_before, rg=None, rg_days=None, cg=None, **fields):
    if rg:
        fields.update(rg_outcome=rg, rg_decision_on=sent_day() + timedelta(days=rg_days))
    if cg:
        fields.update(cg_outcome=cg, cg_decision_on=sent_day() + timedelta(days=200))
    return referral(lead, author, "nrm", concern_days_before=concern_days_before, **fields)


@pytest.fixture
def referrals(cast, lee, priya, omar, make_person):
    """Northgate, sent in the period: 8 NRM (RG: 5 positive after 2, 4, 6, 8 and 10 days, one of
    them with a positive CG; 1 negative after 30 days; 2 awaiting), 2 Duty to Notify, 1 police.
    Concerns 1 to 8 days before the NRM referrals, 20 and 22 before the Duty to Notify reports,
    40 before the police one. Not counted: a draft, one sent in 2020, and Riverside's three."""
    for days, rg_days in zip((1, 2, 3, 4, 5), (2, 4, 6, 8, 10), strict=True):
        nrm(lee, priya, concern_days_before=days, rg="positive", rg_days=rg_days)
    Referral.objects.filter(kind="nrm", rg_decision_on=sent_day() + timedelta(days=10)).update(
        cg_outcome="positive", cg_decision_on=sent_day() + timedelta(days=90)
    )
    nrm(lee, priya, concern_days_before=6, rg="negative", rg_days=30)
    nrm(lee, priya, concern_days_before=7)
    nrm(lee, priya, concern_days_before=8)
    referral(lee, priya, "duty-to-notify", concern_days_before=20)
    referral(lee, priya, "duty-to-notify", concern_days_before=22)
    referral(lee, priya, "police", concern_days_before=40)
    referral(lee, priya, "nrm", concern_days_before=3, status="draft")
    referral(lee, priya, "nrm", concern_days_before=3, sent_on=date(2020, 1, 10))
    riverside_worker = make_person(omar.organisation, "practitioner")
    for _ in range(3):
        referral(omar, riverside_worker, "nrm", concern_days_before=500, rg_outcome="negative")


def table(tables, key):
    return next(t for t in tables if t.key == key)


def counts(tables, key) -> dict[str, int]:
    return {line.label: line.count for line in table(tables, key).lines}


def test_the_median_is_the_middle_value_or_the_mean_of_the_middle_two() -> None:
    assert median([]) is None
    assert median([9, 1, 5]) == 5
    assert median([1, 2, 3, 10]) == 2.5


def test_referrals_sent_in_the_period_are_counted_by_kind(referrals, lee) -> None:
    tables = organisation_figures(lee, Period.last_twelve_months())
    kinds = counts(tables, "referrals-by-kind")
    assert kinds["National Referral Mechanism (NRM) referral"] == 8
    assert kinds["Duty to Notify report"] == 2
    assert kinds["Information for the police"] == 1
    assert sum(kinds.values()) == 11


def test_rg_and_cg_outcomes_of_nrm_referrals_are_counted(referrals, lee) -> None:
    tables = organisation_figures(lee, Period.last_twelve_months())
    assert counts(tables, "nrm-rg") == {"Positive": 5, "Negative": 1, "Awaiting a decision": 2}
    # A CG decision follows a positive RG only: 5 of them, 1 decided.
    assert counts(tables, "nrm-cg") == {"Positive": 1, "Negative": 0, "Awaiting a decision": 4}


def test_the_days_are_the_median_and_count_of_each_referral(referrals, lee) -> None:
    to_referral, to_rg = organisation_durations(lee, Period.last_twelve_months())
    # 1..8, 20, 22, 40: the sixth of eleven is 6.
    assert (to_referral.count, median(to_referral.days)) == (11, 6)
    # 2, 4, 6, 8, 10 and 30: between 6 and 8.
    assert (to_rg.count, median(to_rg.days)) == (6, 7)


def test_the_days_to_referral_start_at_the_cases_first_concern(cast, lee, priya) -> None:
    first = referral(lee, priya, "police", concern_days_before=12)
    later = make_concern(priya)
    Concern.objects.filter(pk=later.pk).update(submitted_at=at_noon(sent_day() - timedelta(days=2)))
    CaseConcern.objects.create(
        case=first.case, concern=later, added_at=timezone.now(), added_by=lee
    )
    (to_referral, _) = organisation_durations(lee, Period.last_twelve_months())
    assert to_referral.days == [12]


def test_another_organisations_referrals_are_never_counted(referrals, omar, lee) -> None:
    period = Period.last_twelve_months()
    ours = organisation_figures(lee, period)
    theirs = organisation_figures(omar, period)
    assert counts(theirs, "nrm-rg") == {"Positive": 0, "Negative": 3, "Awaiting a decision": 0}
    assert counts(ours, "nrm-rg")["Negative"] == 1
    to_referral, to_rg = organisation_durations(omar, period)
    assert to_referral.days == [500, 500, 500]
    assert to_rg.count == 0


def test_a_referral_of_another_organisations_case_is_not_counted(referrals, lee, omar) -> None:
    """Scoped by the case's organisation as well as the referral's."""
    stray = Referral.objects.filter(organisation=omar.organisation).first()
    Referral.objects.filter(pk=stray.pk).update(organisation=lee.organisation)
    tables = organisation_figures(lee, Period.last_twelve_months())
    assert counts(tables, "nrm-rg")["Negative"] == 1


def test_the_period_filters_referrals_by_the_day_sent(referrals, lee) -> None:
    tables = organisation_figures(lee, Period.months(date(2020, 1, 1), date(2020, 1, 31)))
    assert table(tables, "referrals-by-kind").total == 1
    assert counts(tables, "nrm-rg")["Awaiting a decision"] == 1


def main_text(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def section(text: str, key: str, until: str) -> str:
    return text[text.index(f'id="{key}"') : text.index(until, text.index(f'id="{key}"'))]


def test_a_lead_sees_every_referral_count_and_the_medians(referrals, lee, as_user) -> None:
    text = main_text(as_user(lee).get(PAGE))
    kinds = section(text, "referrals-by-kind", "</table>")
    assert "Duty to Notify report</th>" in kinds and ">2<" in kinds and ">11<" in kinds
    rg = section(text, "nrm-rg", "</table>")
    assert ">5<" in rg and ">1<" in rg and ">8<" in rg
    to_referral = section(text, "days-to-referral", "</tr>")
    assert ">11<" in to_referral and ">6<" in to_referral
    to_rg = section(text, "days-to-rg", "</tr>")
    assert ">6<" in to_rg and ">7<" in to_rg
    assert "Not shown yet" not in text


@pytest.mark.usefixtures("exact_figures")
def test_an_analyst_sees_small_referral_counts_suppressed(referrals, ana, as_user) -> None:
    text = main_text(as_user(ana).get(PAGE))
    kinds = section(text, "referrals-by-kind", "</table>")
    assert ">2<" not in kinds and ">1<" not in kinds
    assert ">8<" in kinds and ">11<" in kinds
    rg = section(text, "nrm-rg", "</table>")
    assert ">1<" not in rg and ">2<" not in rg
    # 11 is the shown total of the kinds: safe to show.
    to_referral = section(text, "days-to-referral", "</tr>")
    assert ">11<" in to_referral and ">6<" in to_referral
    # 6 decided = 5 positive + 1 negative: it would give away the suppressed negative.
    to_rg = section(text, "days-to-rg", "</tr>")
    assert ">6<" not in to_rg and "suppressed" in to_rg
    assert ">7<" in to_rg


def test_a_median_of_few_referrals_is_never_shown(cast, lee, ana, priya, as_user) -> None:
    nrm(lee, priya, concern_days_before=3, rg="positive", rg_days=4)
    nrm(lee, priya, concern_days_before=9, rg="negative", rg_days=11)
    lead_row = section(main_text(as_user(lee).get(PAGE)), "days-to-rg", "</tr>")
    assert ">2<" in lead_row  # a lead sees the count
    assert "suppressed" in lead_row and ">4<" not in lead_row and ">7.5<" not in lead_row
    # Every count is below 5 for the analyst: the page says so and shows no table at all.
    analyst = main_text(as_user(ana).get(PAGE))
    assert "Too few to show for these months" in analyst
    assert 'id="days-to-rg"' not in analyst and ">7.5<" not in analyst


def test_no_referral_is_listed_with_its_own_days(referrals, lee, as_user) -> None:
    text = main_text(as_user(lee).get(PAGE))
    durations = text[text.index('id="durations"') :]
    for reference in Referral.objects.values_list("reference", flat=True):
        assert reference not in text
    for case in Case.objects.values_list("reference", flat=True):
        assert case not in text
    assert durations.count("<tr") == 3  # the heading and one row for each measure


def export(client) -> list[list[str]]:
    response = client.post(CSV, {"confirm_password": PASSWORD})
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))


def of(rows, title) -> dict[str, str]:
    return {r[1]: r[2] for r in rows if r[0] == title}


@pytest.mark.usefixtures("exact_figures")
def test_the_export_has_the_referral_tables_suppressed(referrals, lee, as_user) -> None:
    rows = export(as_user(lee))
    kinds = of(rows, KINDS)
    assert kinds["National Referral Mechanism (NRM) referral"] == "8"
    assert kinds["Duty to Notify report"] == "suppressed"
    assert kinds["Total"] == "11"
    assert of(rows, RG) == {
        "Positive": "5",
        "Negative": "suppressed",
        "Awaiting a decision": "suppressed",
        "Total": "8",
    }
    assert of(rows, CG)["Negative"] == "0"
    # One row each: the median in the category, the number of referrals in the count.
    assert of(rows, TO_REFERRAL) == {"Median days: 6": "11"}
    assert of(rows, TO_RG) == {"Median days: 7": "suppressed"}
    for row in rows[1:]:
        assert row[2] == "suppressed" or int(row[2]) == 0 or int(row[2]) >= 5


@pytest.mark.usefixtures("exact_figures")  # suppression itself: exact counts
def test_the_export_uses_the_organisations_threshold(cast, lee, priya, northgate, as_user) -> None:
    nrm(lee, priya, concern_days_before=3, rg="positive", rg_days=4)
    nrm(lee, priya, concern_days_before=9, rg="negative", rg_days=11)
    assert of(export(as_user(lee)), TO_RG) == {"Median days: suppressed": "suppressed"}
    OrganisationInsightSettings.objects.create(organisation=northgate, suppression_threshold=2)
    rows = export(as_user(lee))
    # The RG table's 1 positive and 1 negative (primary at threshold 2) could only be 1 and 1
    # if the number of NRM referrals (its total) were known: the NRM line is hidden too, and
    # the RG table withheld.
    assert of(rows, KINDS)["National Referral Mechanism (NRM) referral"] == "suppressed"
    assert set(of(rows, RG).values()) == {"suppressed"}
    # The median of 2 is shown now; the count would give the RG table away.
    assert of(rows, TO_RG) == {"Median days: 7.5": "suppressed"}


@pytest.mark.usefixtures("exact_figures")
def test_the_referral_export_is_safe_from_spreadsheet_formulas(cast, lee, priya, as_user) -> None:
    """A referral recorded as sent before its concern was raised gives negative days."""
    for days in (-2, -2, -3, -1, -2):
        referral(lee, priya, "police", concern_days_before=days)
    rows = export(as_user(lee))
    assert of(rows, TO_REFERRAL) == {"Median days: -2": "5"}
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
