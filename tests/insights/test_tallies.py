"""The monthly tallies behind the organisation's figures (counting/store.py, with the counters
of concerns/counting.py and cases/counting.py): the services keep them in step, the figures
read from them equal a count of the records themselves, and the recount finds and mends a month
that is out of step."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from cases import services as case_services
from cases.counting import ACTION
from cases.models import Case, CaseType, Decision, ItemState, PathwayItem
from concerns import counting as concern_counting
from concerns.counting import AGE, CONCERNS
from concerns.models import Concern
from concerns.services import concern_submit
from counting import store
from counting.models import Tally, TallyMonth
from guidance.pathways import ACTIONS
from insights.organisation import Period, organisation_figures
from privacy.retention import apply_retention
from tests.cases.factories import child_fields, make_concern
from tests.concerns.helpers import make_concern as submit_concern
from tests.concerns.helpers import make_draft
from tests.concurrency import RACERS, race
from tests.privacy.helpers import closed_case

THIS_YEAR = Period.last_twelve_months()


def counts(user, period=THIS_YEAR) -> dict[str, dict[str, int]]:
    return {
        table.key: {line.label: line.count for line in table.lines}
        for table in organisation_figures(user, period)
    }


def moved(concern: Concern, when: datetime) -> Concern:
    """A concern sent at another time, its tallies recounted as the service would."""
    old = concern.submitted_at
    Concern.objects.filter(pk=concern.pk).update(submitted_at=when)
    concern.refresh_from_db()
    store.recount_months(concern.organisation_id, CONCERNS, [old, when])
    return concern


def in_step() -> bool:
    return store.out_of_step() == []


def test_submitting_a_concern_counts_it_at_once(priya, lee) -> None:
    before = counts(lee)
    submit_concern(priya, age_group="under-18", gender="female", nationality=" Romanian ")
    after = counts(lee)
    assert sum(after["concerns-by-month"].values()) == sum(before["concerns-by-month"].values()) + 1
    assert after["age"]["Child (under 18)"] == before["age"]["Child (under 18)"] + 1
    assert after["gender"]["Female"] == before["gender"]["Female"] + 1
    assert in_step()


def test_case_work_is_counted_as_it_happens(lee, priya) -> None:
    concern = make_concern(priya, indicators=("made-to-steal", "many-phones"))
    case = case_services.case_open(concern=concern, lead=lee, by=lee)
    figures = counts(lee)
    assert sum(figures["cases-by-month"].values()) == 1
    assert figures["actions"][ACTIONS["tell-safeguarding-lead"]] == 1
    assert in_step()

    item = PathwayItem.objects.filter(case=case).exclude(state=ItemState.DONE).first()
    assert item is not None
    case_services.pathway_item_update(
        item=item, state=ItemState.DONE, done_on=date.today(), note="Done", by=lee
    )
    assert sum(counts(lee)["actions"].values()) == 2
    case_services.pathway_item_update(
        item=item, state=ItemState.PENDING, done_on=None, note="", by=lee
    )
    assert sum(counts(lee)["actions"].values()) == 1

    case.refresh_from_db()
    case_services.case_decide(
        case=case,
        kind="advice-given",
        rationale="Advice to the family",
        version=case.version,
        by=lee,
    )
    assert counts(lee)["decisions"]["Advice given"] == 1

    second = make_concern(priya, indicators=("cannot-refuse-sex", "lives-at-work"))
    case_services.case_add_concern(case=case, concern=second, by=lee)
    types = {t for t, n in counts(lee)["types"].items() if n}
    assert len(types) == CaseType.objects.filter(case=case).count() >= 2
    assert in_step()


def test_the_figures_equal_a_count_of_the_records_themselves(lee, priya) -> None:
    """Many concerns across months, ages, genders, spellings of a nationality and signs; cases
    with decisions; then every figure is checked against Python's own count of the rows."""
    today = timezone.localdate()
    shapes = [
        ({"age_group": "18-or-over", "gender": "female", "nationality": "Romanian"}, 0),
        ({"age_group": "18-or-over", "gender": "male", "nationality": " romanian"}, 1),
        ({**child_fields(), "gender": "not-known"}, 2),
        ({"age_group": "not-sure", "gender": "", "nationality": ""}, 3),
        ({"age_group": "18-or-over", "gender": "another-way", "nationality": "Polish"}, 14),
    ]
    signs = [("little-or-no-pay",), ("made-to-steal", "many-phones"), ("documents-held",)]
    for i in range(15):
        fields, months_back = shapes[i % len(shapes)]
        concern = make_concern(priya, indicators=signs[i % len(signs)], **fields)
        year, month = today.year, today.month - months_back
        while month < 1:
            year, month = year - 1, month + 12
        moved(concern, datetime(year, month, 10, 12, tzinfo=UTC))
        if i % 3 == 0:
            case_services.case_open(concern=concern, lead=lee, by=lee)
    for case in Case.objects.all():
        case_services.case_decide(
            case=case, kind="no-further-action", rationale="Checked", version=case.version, by=lee
        )
    assert in_step()

    figures = counts(lee)
    start, end = THIS_YEAR.bounds()
    concerns = list(Concern.objects.filter(submitted_at__gte=start, submitted_at__lt=end))
    assert 0 < len(concerns) < 15  # some fell outside the last twelve months
    assert sum(figures["concerns-by-month"].values()) == len(concerns)
    by_month = Counter(timezone.localtime(c.submitted_at).strftime("%B %Y") for c in concerns)
    assert {k: v for k, v in figures["concerns-by-month"].items() if v} == dict(by_month)
    ages = Counter(c.age_group for c in concerns)
    assert figures["age"]["Adult (18 or over)"] == ages["18-or-over"]
    assert figures["age"]["Child (under 18)"] == ages["under-18"]
    assert figures["age"]["Age not known"] == ages["not-sure"]
    genders = Counter(c.gender for c in concerns)
    assert figures["gender"]["Not recorded"] == genders[""]
    assert figures["gender"]["Female"] == genders["female"]
    assert figures["gender"]["Describe their gender another way"] == genders["another-way"]
    nationalities = Counter(c.nationality.strip().lower() for c in concerns)
    shown = figures["nationality"]
    assert shown["Not recorded"] == nationalities[""]
    assert shown.get("Romanian", 0) + shown["Other nationalities"] + shown["Not recorded"] + (
        shown.get("Polish", 0)
    ) == len(concerns)
    if nationalities["romanian"] >= 5:
        assert shown["Romanian"] == nationalities["romanian"]
    seen = Counter(sign for c in concerns for sign in set(c.indicator_ids))
    assert sum(figures["indicators"].values()) == sum(seen.values())
    cases = [c for c in Case.objects.all() if start <= c.opened_at < end]
    assert sum(figures["cases-by-month"].values()) == len(cases)
    decided = Decision.objects.filter(case__in=cases, kind="no-further-action").count()
    assert figures["decisions"]["No further action"] == decided


def test_a_month_is_a_uk_calendar_month(priya, lee) -> None:
    """23:30 UTC on 30 June is 00:30 on 1 July in the UK (summer time)."""
    concern = moved(make_concern(priya), datetime(2026, 6, 30, 23, 30, tzinfo=UTC))
    assert store.month_of(concern.submitted_at) == date(2026, 7, 1)
    july = counts(lee, Period.months(date(2026, 7, 1), date(2026, 7, 1)))
    june = counts(lee, Period.months(date(2026, 6, 1), date(2026, 6, 1)))
    assert july["concerns-by-month"] == {"July 2026": 1}
    assert june["concerns-by-month"] == {"June 2026": 0}


def test_another_organisations_tallies_are_never_summed(priya, lee, omar, make_person) -> None:
    make_concern(make_person(omar.organisation, "practitioner"))
    assert sum(counts(lee)["concerns-by-month"].values()) == 0
    assert sum(counts(omar)["concerns-by-month"].values()) == 1


def test_retention_takes_deleted_records_out_of_the_figures(lee, priya) -> None:
    case = closed_case(lee, priya, opened=date(2025, 1, 10), closed=date(2026, 6, 14))
    store.recount_all()  # the helper set the dates straight in the database
    january = Period.months(date(2025, 1, 1), date(2025, 1, 1))
    assert sum(counts(lee, january)["cases-by-month"].values()) == 1
    report = apply_retention(today=date(2032, 6, 15))
    assert [d.case_id for d in report.deleted] == [str(case.pk)]
    figures = counts(lee, january)
    assert sum(figures["cases-by-month"].values()) == 0
    assert sum(figures["concerns-by-month"].values()) == 0
    assert in_step()


def test_the_recount_finds_and_mends_a_month_out_of_step(priya, lee, caplog) -> None:
    make_concern(priya, age_group="under-18")
    row = Tally.objects.get(figure=AGE, key="under-18")
    Tally.objects.filter(pk=row.pk).update(count=7)
    out = StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("recount_figures", "--check", stdout=out)
    assert exited.value.code == 1
    assert "1 month(s) out of step" in out.getvalue()
    assert Tally.objects.get(pk=row.pk).count == 7  # --check changes nothing

    with caplog.at_level(logging.WARNING, logger="counting.store"):
        assert store.recount_all_daily(today=date.today()) == 1
    assert "out of step" in caplog.text
    assert Tally.objects.get(figure=AGE, key="under-18").count == 1
    out = StringIO()
    call_command("recount_figures", "--check", stdout=out)
    assert "0 month(s) out of step" in out.getvalue()


def test_the_recount_clears_a_month_whose_records_are_gone(priya, lee) -> None:
    concern = make_concern(priya)
    Concern.objects.filter(pk=concern.pk).delete()  # as a direct database change would
    assert not in_step()
    call_command("recount_figures", stdout=StringIO())
    assert Tally.objects.filter(figure__in=concern_counting.FIGURES).count() == 0
    assert in_step()


def test_the_daily_jobs_include_the_recount(settings) -> None:
    assert "counting.store.recount_all_daily" in settings.SIGNPOST_DAILY_JOBS


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs real concurrent writers (PostgreSQL)"
)
@pytest.mark.django_db(transaction=True)
def test_concerns_sent_at_the_same_instant_are_all_counted(cast, make_person) -> None:
    """Each submit recounts the month under the month's row lock, so no recount overwrites
    another's with a count that missed the other's concern. (Other locks in the submit, the
    audit chain's among them, narrow the window too: without the month lock this passed three
    runs of three, so it checks the outcome, not the lock alone.)"""
    lee = cast.people["lee"]
    make_concern(cast.people["priya"])  # the month's lock row exists: no insert to wait on
    authors = [make_person(lee.organisation, "practitioner") for _ in range(RACERS)]
    drafts = [make_draft(author) for author in authors]

    def submit(i: int) -> str:
        concern, _ = concern_submit(draft=drafts[i], by=authors[i])
        return str(concern.pk)

    results = race(submit)
    assert not [r for r in results if isinstance(r, BaseException)], results
    assert Concern.objects.count() == RACERS + 1
    assert sum(counts(lee)["concerns-by-month"].values()) == RACERS + 1
    assert in_step()


def test_a_change_that_would_take_a_tally_below_zero_recounts_the_month(lee, priya) -> None:
    case = case_services.case_open(concern=make_concern(priya), lead=lee, by=lee)
    item = PathwayItem.objects.get(case=case, state=ItemState.DONE)
    Tally.objects.filter(figure=ACTION).delete()  # out of step, as a bad load might be
    case_services.pathway_item_update(
        item=item, state=ItemState.PENDING, done_on=None, note="", by=lee
    )
    assert sum(counts(lee)["actions"].values()) == 0
    assert in_step()


def test_the_daily_job_checks_the_months_written_to_and_the_command_checks_all(priya, lee) -> None:
    make_concern(priya)
    today = timezone.localdate()
    row = Tally.objects.get(figure=AGE)
    Tally.objects.filter(pk=row.pk).update(count=9)
    # Written to three days ago: the daily job leaves it, the command mends it.
    TallyMonth.objects.update(changed_at=timezone.now() - timedelta(days=3))
    assert store.recount_all_daily(today=today) == 0
    assert Tally.objects.get(pk=row.pk).count == 9
    assert call_command("recount_figures", stdout=StringIO()) is None
    assert Tally.objects.get(figure=AGE).count == 1
    # A month with records but never counted (loaded straight in): the daily job counts it.
    TallyMonth.objects.all().delete()
    Tally.objects.all().delete()
    assert store.recount_all_daily(today=today) >= 1
    assert in_step()
