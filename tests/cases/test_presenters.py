"""What the lead's case pages show (cases/presenters.py): choices, rows, tabs and the case
page's context, without going through the views."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.models import Organisation, User
from cases import presenters, services
from cases import selectors as sel
from cases.forms import CaseDetailsForm
from cases.models import Case


def test_a_detail_reads_not_known_a_date_or_its_choice_label() -> None:
    assert presenters.display(None, {}) == "Not known"
    assert presenters.display("", {}) == "Not known"
    assert presenters.display(date(2011, 3, 3), {}) == "3 March 2011"
    assert presenters.display("female", {"female": "Female"}) == "Female"
    assert presenters.display("other", {"female": "Female"}) == "other"


def test_an_unknown_tab_or_chronology_kind_falls_back() -> None:
    assert presenters.queue_tab("closed") == "closed"
    assert presenters.queue_tab("secret") == "new"
    assert presenters.queue_tab(None) == "new"
    assert presenters.chronology_group("nonsense") == ""


def test_a_tab_count_beyond_the_cap_says_so() -> None:
    assert presenters.tab_count_text(12) == "12"
    assert presenters.tab_count_text(sel.TAB_COUNT_CAP) == f"{sel.TAB_COUNT_CAP:,}"
    assert presenters.tab_count_text(sel.TAB_COUNT_CAP + 1) == f"{sel.TAB_COUNT_CAP:,}+"


@pytest.mark.django_db
def test_a_conflict_lists_only_the_fields_that_differ(case: Case) -> None:
    form = CaseDetailsForm(
        {"person_name": "Dana Petrova", "gender": "female", "nationality": "Romanian"}
    )
    form.is_valid()
    rows = presenters.conflict_rows(form, case)
    labels = [row["label"] for row in rows]
    assert "Name" in labels and "Nationality" not in labels and "Gender" not in labels
    name = next(row for row in rows if row["label"] == "Name")
    assert name == {"label": "Name", "theirs": "Dana Petrov", "yours": "Dana Petrova"}


@pytest.mark.django_db
def test_the_person_rows_follow_the_details_form(case: Case) -> None:
    rows = dict(presenters.person_rows(case))
    assert rows["Name"] == "Dana Petrov"
    assert rows["Gender"] == "Female"
    assert len(rows) == len(services.EDITABLE_FIELDS)


@pytest.mark.django_db
def test_only_the_organisations_leads_can_be_chosen(lee: User, priya: User, omar: User) -> None:
    assert presenters.lead_chosen(lee.organisation_id, str(lee.pk)) == lee
    assert presenters.lead_chosen(lee.organisation_id, str(priya.pk)) is None
    assert presenters.lead_chosen(lee.organisation_id, str(omar.pk)) is None
    assert presenters.lead_chosen(lee.organisation_id, "") is None


@pytest.mark.django_db
def test_a_case_is_offered_to_partners_it_is_not_shared_with(
    case: Case, lee: User, riverside: Organisation
) -> None:
    partners = presenters.partners(case)
    assert riverside in partners and lee.organisation not in partners
    assert riverside in presenters.share_choices(case)
    services.case_share(
        case=case,
        organisation=riverside,
        reason="Joint work",
        parts=["summary"],
        may_add=False,
        by=lee,
    )
    assert riverside not in presenters.share_choices(case)
    assert riverside in presenters.partners(case)


@pytest.mark.django_db
def test_tasks_go_to_active_leads_and_practitioners_only(
    case: Case, lee: User, priya: User, ada: User, ana: User
) -> None:
    people = presenters.task_people(case)
    assert lee in people and priya in people
    assert ada not in people and ana not in people


@pytest.mark.django_db
def test_the_case_page_shows_the_owner_its_shares_and_viewers(case: Case, lee: User) -> None:
    access = sel.case_access(lee, case)
    page = presenters.case_page(lee, case, access)
    assert page["case"] == case and page["access"] == access
    assert {"shares", "share_decisions", "viewers", "decision_kinds"} <= set(page)
    assert [row["item"].action for row in page["items"]] == [
        item.action for item in sel.pathway_items_of(case)
    ]
    assert page["person_rows"] == presenters.person_rows(case)
