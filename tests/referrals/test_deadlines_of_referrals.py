"""Deadlines of sent NRM referrals across each nation's bank holidays, with fixed dates."""

from datetime import date

import pytest

from cases.models import Case
from notices.models import Notice
from referrals import services
from referrals.models import Kind, Referral
from tests.referrals.factories import make_referral

pytestmark = pytest.mark.django_db


def sent_referral(omar, nation: str, sent_on: date, **outcome) -> Referral:
    referral = make_referral(omar, Kind.NRM, consent_to_nrm="yes")
    Case.objects.filter(pk=referral.case_id).update(nation=nation)
    Referral.objects.filter(pk=referral.pk).update(status="sent", sent_on=sent_on, **outcome)
    return Referral.objects.select_related("case").get(pk=referral.pk)


@pytest.mark.parametrize(
    ("nation", "sent_on", "due"),
    [
        # Christmas, the Boxing Day substitute and New Year: the same in England and Wales...
        ("england", date(2026, 12, 23), date(2027, 1, 4)),
        ("wales", date(2026, 12, 23), date(2027, 1, 4)),
        # ...but Scotland also keeps 2 January (a Saturday, so Monday 4 January).
        ("scotland", date(2026, 12, 23), date(2027, 1, 5)),
        # St Patrick's Day, Northern Ireland only.
        ("northern-ireland", date(2027, 3, 16), date(2027, 3, 24)),
        ("england", date(2027, 3, 16), date(2027, 3, 23)),
        # The summer bank holiday: early August in Scotland, late August elsewhere.
        ("scotland", date(2027, 8, 26), date(2027, 9, 2)),
        ("england", date(2027, 8, 26), date(2027, 9, 3)),
    ],
)
def test_the_reasonable_grounds_decision_is_due_5_working_days_later(
    omar, nation, sent_on, due
) -> None:
    referral = sent_referral(omar, nation, sent_on)
    (deadline,) = services.deadlines_of(referral, today=sent_on)
    assert deadline.what == "rg-due"
    assert deadline.due == due


def test_the_recovery_period_follows_the_nations_rule(omar) -> None:
    rg = {"rg_decision_on": date(2027, 1, 11), "rg_outcome": "positive"}
    for nation, end in [
        ("england", date(2027, 2, 10)),
        ("scotland", date(2027, 4, 11)),
        ("northern-ireland", date(2027, 2, 25)),
    ]:
        referral = sent_referral(omar, nation, date(2027, 1, 4), **rg)
        (deadline,) = services.deadlines_of(referral, today=date(2027, 1, 12))
        assert (deadline.what, deadline.due) == ("recovery-end", end)


def test_a_negative_decision_can_be_reconsidered_for_30_days(omar) -> None:
    referral = sent_referral(
        omar, "england", date(2027, 1, 4), rg_decision_on=date(2027, 1, 11), rg_outcome="negative"
    )
    (deadline,) = services.deadlines_of(referral, today=date(2027, 2, 9))
    assert (deadline.what, deadline.due, deadline.status) == (
        "reconsideration",
        date(2027, 2, 10),
        "due-soon",
    )
    assert services.deadlines_of(referral, today=date(2027, 2, 11))[0].status == "overdue"


def test_reminders_go_once_per_deadline_to_the_cases_lead(omar) -> None:
    sent_referral(omar, "england", date(2026, 12, 23))
    assert services.send_deadline_reminders(today=date(2026, 12, 31)) == 1
    assert services.send_deadline_reminders(today=date(2026, 12, 31)) == 0
    assert services.send_deadline_reminders(today=date(2027, 1, 5)) == 1  # now overdue
    notices = Notice.objects.filter(recipient=omar, kind="referral-deadline")
    assert notices.count() == 2
    assert all(n.path == "/referrals/deadlines/" for n in notices)


def test_the_deadlines_page_lists_overdue_and_due_soon(omar, as_user) -> None:
    sent_referral(omar, "england", date(2020, 1, 6))
    page = as_user(omar).get("/referrals/deadlines/")
    assert page.status_code == 200
    assert "Overdue" in page.content.decode()
    assert "Reasonable Grounds decision due" in page.content.decode()
