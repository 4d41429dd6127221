"""Every page that shows a person's data writes an audit event, so "who has seen this record"
can show the read (issue 17; security-targets.md, Audit; ASVS 5.0 V16.3). Walks every GET page
of the apps that hold people's data, as the first role allowed to see it, and counts the events
the visit wrote."""

from __future__ import annotations

import pytest

from accounts.demo import Cast
from audit.models import AuditEvent
from core.access import Role
from privacy.models import SupportGrant
from tests.conftest import verified_client
from tests.core.test_access_walker import SAMPLES, prepare, routes, url_for

APPS = ("cases", "referrals", "concerns", "privacy")
PERSON_FOR_ROLE = {Role.PRACTITIONER: "priya", Role.LEAD: "lee", Role.ADMIN: "ada"}

# Pages in those apps that show no one's personal data, with the reason. Anything not listed
# here must write an event on every visit.
DRAFT = "the practitioner's own unsent draft: seen by no one else, not yet a record"
CASE_FORM = "a form for the case that shows only its opaque reference, not the person"
SHOWS_NO_PERSON: dict[str, str] = {
    "concerns:mine": "references, dates, status and child/adult only: no name or details",
    "concerns:received": "references, dates, status and child/adult only: no name or details",
    "concerns:start": "the start page: no record",
    "concerns:tasks": DRAFT,
    "concerns:call-999": DRAFT,
    "concerns:check": DRAFT,
    "concerns:delete-draft": DRAFT,
    "concerns:page": DRAFT,
    "concerns:add-information": "the concern's reference and an empty form",
    # The queue lists names; its view (and the audit of its name search) belongs to the data
    # minimisation work of issue 17 (h6), not this walk.
    "cases:queue": "owned by the data minimisation change of issue 17",
    "cases:assign": CASE_FORM,
    "cases:pathway-item": CASE_FORM,
    "cases:task-add": CASE_FORM,
    "cases:decide": CASE_FORM,
    "cases:note-add": CASE_FORM,
    "cases:share": CASE_FORM,
    "cases:share-revoke": CASE_FORM + " and the partner organisation's name",
    "cases:no-share": CASE_FORM,
    "referrals:deadlines": "case and referral references with due dates: no person",
    "referrals:organisation-details": (
        "the organisation's name on the NRM form and its team inbox: no person"
    ),
    "referrals:sent": "the referral's reference and kind, and a form",
    "referrals:outcome": "the referral's reference and kind, and a form for the decision",
    "referrals:download": "the referral's reference; the download itself is audited (export)",
    "privacy:retention": "the organisation's retention periods",
    "privacy:hold-place": "the case reference and the hold's reason, written by staff",
    "privacy:hold-lift": "the case reference and the hold's reason, written by staff",
    "privacy:subject-access": "the case reference; the PDF itself is audited when made",
    "privacy:support-grant-new": CASE_FORM,
    "privacy:support-grants": "case references and staff names: no person",
    "privacy:support-grant": "a grant and the support person's requests: no person",
    "privacy:support-revoke": "the case reference and the support person's name",
    "privacy:support-mine": "case references and organisations: no person",
}


def _person_for(route, cast: Cast):
    rule = route.rule
    if route.name == "privacy:support-case":
        # Only the support person the case's lead granted access to reaches this page.
        return SupportGrant.objects.get(case_id=SAMPLES[route.name](cast)["pk"]).support_user
    return cast.people[PERSON_FOR_ROLE[rule.roles[0]] if rule.roles else "lee"]


@pytest.mark.django_db
def test_every_page_showing_a_persons_data_writes_an_audit_event(cast: Cast) -> None:
    prepare(cast)
    missing: list[str] = []
    seen: list[str] = []
    for route in routes():
        if route.name.split(":")[0] not in APPS or route.rule.public:
            continue
        if route.name in SHOWS_NO_PERSON:
            continue
        person = _person_for(route, cast)
        client = verified_client(person)
        url = url_for(route, cast)
        before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        response = client.get(url)
        if response.status_code in (405, 302):
            continue  # POST-only actions, and pages that send the person elsewhere
        if response.status_code != 200:
            missing.append(f"{route.name} ({response.status_code})")
            continue
        wrote = AuditEvent.objects.filter(id__gt=before, actor=person).values_list(
            "kind", flat=True
        )
        if not wrote:
            missing.append(route.name)
        seen.append(route.name)
    assert {"cases:edit", "referrals:section", "cases:detail"} <= set(seen)
    assert missing == [], f"GET pages showing a person's data without an audit event: {missing}"


def test_every_page_said_to_show_no_person_still_exists() -> None:
    names = {route.name for route in routes()}
    assert set(SHOWS_NO_PERSON) - names == set()


@pytest.mark.django_db
def test_opening_the_details_form_shows_in_who_has_seen_this_record(cast: Cast, lee) -> None:
    from cases.selectors import who_has_seen
    from tests.cases.walker_samples import _case

    prepare(cast)
    case = _case()
    verified_client(lee).get(f"/cases/{case.pk}/details/")
    event = AuditEvent.objects.filter(kind="case-viewed", target_id=str(case.pk)).last()
    assert event.actor == lee and event.detail == {"page": "details-edit"}
    assert [v.name for v in who_has_seen(case)] == [lee.full_name]


@pytest.mark.django_db
def test_a_referral_section_read_shows_in_who_has_seen_this_record(cast: Cast, lee) -> None:
    from cases.selectors import who_has_seen
    from tests.referrals.walker_samples import _referral

    prepare(cast)
    referral = _referral()
    response = verified_client(lee).get(f"/referrals/{referral.pk}/section/about-the-person/")
    assert response.status_code == 200
    event = AuditEvent.objects.filter(kind="case-viewed", target_id=str(referral.case_id)).last()
    assert event.actor == lee
    assert event.detail == {
        "page": "referral-section",
        "referral": str(referral.pk),
        "section": "about-the-person",
    }
    assert lee.full_name in [v.name for v in who_has_seen(referral.case)]


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["", "sheet/"])
def test_opening_a_referral_or_its_answer_sheet_shows_in_who_has_seen_the_case(
    cast: Cast, lee, page: str
) -> None:
    from cases.selectors import who_has_seen
    from tests.referrals.walker_samples import _referral

    prepare(cast)
    referral = _referral()
    assert who_has_seen(referral.case) == []
    assert verified_client(lee).get(f"/referrals/{referral.pk}/{page}").status_code == 200
    assert AuditEvent.objects.filter(kind="referral-viewed", target_id=str(referral.pk)).exists()
    assert [v.name for v in who_has_seen(referral.case)] == [lee.full_name]
