"""Handover between organisations inside Signpost (issue 15, item 1): Northgate School (not a
first responder) hands a child's case to Riverside Council (a first responder on Signpost)."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.models import Nation, Organisation, User
from audit.models import AuditEvent
from cases.models import Case, ItemState, Share
from notices.models import Notice
from referrals import handovers, services
from referrals.handovers import HandoverConflict, NotAllowed
from referrals.models import Handover, HandoverState, Kind, Referral, ReferralStatus
from referrals.sections import RECEIVER_FIELDS
from referrals.selectors import (
    handovers_visible_to,
    incoming_handovers,
    outcomes_shared_with,
    referrals_visible_to,
)
from tests.cases.factories import child_fields, open_case

LA_ANSWERS = {
    "local-authority-contacted-about-child-local-authority-name": "Riverside Children's Services",
    "local-authority-contacted-about-child-local-authority-phone": "01632 960000",
    "local-authority-contacted-about-child-local-authority-email": "mash@riverside.example",
    "local-authority-contacted-about-child-local-authority-first-name": "Jo",
    "local-authority-contacted-about-child-local-authority-last-name": "Bloggs",
}


def pack_for(lee: User, priya: User, riverside: Organisation, **fields) -> Referral:
    case = open_case(
        lee,
        priya,
        **child_fields(),
        what_you_saw="He carries packages to another town for an older man.",
        happened_when="Over the last two months",
        languages="English",
        interpreter_needed="no",
        **fields,
    )
    pack = services.referral_create(case=case, kind=Kind.PASS_TO_FIRST_RESPONDER, by=lee)
    services.referral_answer(referral=pack, answers=LA_ANSWERS, version=pack.version, by=lee)
    services.referral_handover(referral=pack, version=pack.version, by=lee, organisation=riverside)
    return pack


@pytest.fixture
def pack(lee, priya, riverside) -> Referral:
    return pack_for(lee, priya, riverside)


@pytest.fixture
def sent(pack, lee) -> Handover:
    return handovers.handover_send(pack=pack, version=pack.version, by=lee)


@pytest.fixture
def eastfield(make_person) -> User:
    """A lead at a third organisation, a first responder too."""
    org = Organisation.objects.create(
        name="Eastfield Police", nation=Nation.ENGLAND, first_responder=True
    )
    return make_person(org, "lead", full_name="Eve Third")


def test_choosing_the_receiver_shares_nothing_and_never_asks_for_its_officer(pack) -> None:
    assert not Share.objects.filter(case=pack.case).exists()
    detail_rows = services.sheet_of(pack)
    # The form asks for the first responder's officer: the receiver gives them, not the school.
    assert {n for n in RECEIVER_FIELDS if n.startswith("fr-details-")} <= set(detail_rows.missing)
    from referrals.sections import missing_in, sections_for

    asked = {n for s in sections_for(pack.kind) for n in missing_in(s, detail_rows)}
    assert not asked & RECEIVER_FIELDS
    with pytest.raises(services.NotAllowed, match="officer"):
        services.referral_answer(
            referral=pack,
            answers={"fr-details-first-name": "Invented"},
            version=pack.version,
            by=pack.created_by,
        )


def test_handing_over_sends_the_pack_and_puts_it_in_the_receivers_queue(
    pack, sent, lee, omar
) -> None:
    pack.refresh_from_db()
    assert pack.status == ReferralStatus.SENT and pack.sent_how == "signpost"
    assert list(incoming_handovers(omar)) == [sent]
    assert list(incoming_handovers(lee)) == []
    assert sent.snapshot["case"]["person_name"] == "Sam Kerr"
    assert sent.snapshot["answers"] == LA_ANSWERS
    assert sent.lawful_basis == lee.organisation.lawful_basis
    assert AuditEvent.objects.filter(
        kind="handover.sent", target_id=str(pack.case_id), organisation=lee.organisation
    ).exists()
    assert AuditEvent.objects.filter(
        kind="handover.received", target_id=str(sent.pk), organisation=omar.organisation
    ).exists()
    # Riverside's leads are told with a link only: no name, nothing of the case.
    notice = Notice.objects.get(recipient=omar, kind="handover-received")
    assert notice.path == f"/referrals/handovers/{sent.pk}/" and "Sam" not in notice.text
    # The receiver still cannot open the sender's case, pack or any of its referrals.
    assert not referrals_visible_to(omar).filter(pk=pack.pk).exists()


def test_a_pack_cannot_be_handed_over_twice(pack, sent, lee) -> None:
    pack.refresh_from_db()
    with pytest.raises(NotAllowed):
        handovers.handover_send(pack=pack, version=pack.version, by=lee)


def test_accepting_opens_the_receivers_own_case_with_what_the_sender_recorded(
    sent, omar, lee
) -> None:
    case = handovers.handover_accept(
        handover=sent, version=sent.version, by=omar, share_outcomes=True
    )
    sent.refresh_from_db()
    assert sent.state == HandoverState.ACCEPTED and sent.accepted_case == case
    assert sent.outcome_lawful_basis == omar.organisation.lawful_basis
    assert case.organisation == omar.organisation and case.assigned_lead == omar
    assert (case.person_name, case.gender, case.nationality) == ("Sam Kerr", "male", "British")
    assert set(case.types.values_list("type", flat=True)) == set(sent.snapshot["types"])
    assert case.pathway_items.get(action="tell-safeguarding-lead").state == ItemState.DONE
    assert "nrm-referral" in case.pathway_items.values_list("action", flat=True)
    for org, target in ((omar.organisation, case.pk), (lee.organisation, sent.from_case_id)):
        assert AuditEvent.objects.filter(
            kind="handover.accepted", organisation=org, target_id=str(target)
        ).exists()


def test_the_nrm_referral_starts_with_everything_the_school_recorded(sent, omar) -> None:
    case = handovers.handover_accept(
        handover=sent, version=sent.version, by=omar, share_outcomes=True
    )
    referral = services.referral_create(case=case, kind=Kind.NRM, by=omar)
    sheet = services.sheet_of(referral)
    assert sheet.form == "nrm"
    # What the practitioner saw is shown beside the form's questions (never pasted into the
    # retired /what-happened); the signs and the local authority the school named are in.
    from referrals.presenters import account_of

    assert not sheet.answers.get("what-happened")
    assert any("packages" in text for _label, text in account_of(referral))
    assert sheet.answers["modern-slavery-indicators"] == "yes"
    assert (
        sheet.answers["local-authority-contacted-about-child-local-authority-name"]
        == (LA_ANSWERS["local-authority-contacted-about-child-local-authority-name"])
    )
    assert sheet.answers["fr-details-first-name"] == "Omar"
    assert sheet.answers["user-organisation"] == omar.organisation.nrm_organisation
    # Omar may still correct what the school supplied: his correction wins.
    name = "local-authority-contacted-about-child-local-authority-first-name"
    assert name in services.lead_supplied(referral, sheet)
    # His own phone comes from his profile ("Your details"), never from the school.
    assert ("fr-details-phone" in sheet.missing) == (not omar.phone)
    assert not {n for n in sheet.missing if n.startswith(("what-happened", "pv-name", "pv-dob"))}


def test_accepting_twice_is_a_conflict_and_opens_one_case(sent, omar, make_person) -> None:
    colleague = make_person(omar.organisation, "lead", full_name="Rae Second")
    stale = sent.version
    handovers.handover_accept(handover=sent, version=stale, by=omar, share_outcomes=False)
    again = Handover.objects.get(pk=sent.pk)
    again.version = stale
    again.state = HandoverState.SENT
    with pytest.raises(HandoverConflict):
        handovers.handover_accept(handover=again, version=stale, by=colleague, share_outcomes=True)
    assert Case.objects.filter(organisation=omar.organisation).count() == 1
    with pytest.raises(HandoverConflict):
        handovers.handover_decline(handover=again, reason="Too late", version=stale, by=colleague)


def test_only_the_receivers_leads_accept_or_decline(sent, lee, eastfield) -> None:
    for person in (lee, eastfield):
        with pytest.raises(NotAllowed):
            handovers.handover_accept(
                handover=sent, version=sent.version, by=person, share_outcomes=True
            )
        with pytest.raises(NotAllowed):
            handovers.handover_decline(handover=sent, reason="x", version=sent.version, by=person)


def test_declining_needs_a_reason_the_sender_sees_and_frees_the_pack(sent, pack, omar, lee) -> None:
    with pytest.raises(NotAllowed):
        handovers.handover_decline(handover=sent, reason="  ", version=sent.version, by=omar)
    handovers.handover_decline(
        handover=sent, reason="He lives in Eastfield: refer to them", version=sent.version, by=omar
    )
    sent.refresh_from_db()
    pack.refresh_from_db()
    assert sent.state == HandoverState.DECLINED
    assert sent.decline_reason == "He lives in Eastfield: refer to them"
    assert pack.status == ReferralStatus.DRAFT and pack.receiving_organisation is None
    assert list(handovers_visible_to(lee)) == [sent]
    assert list(incoming_handovers(omar)) == []
    assert not Case.objects.filter(organisation=omar.organisation).exists()
    for org, target in ((omar.organisation, sent.pk), (lee.organisation, sent.from_case_id)):
        event = AuditEvent.objects.get(
            kind="handover.declined", organisation=org, target_id=str(target)
        )
        assert "Eastfield" not in str(event.detail)  # what was typed stays out of the log
    # The pack can go to someone else now.
    services.referral_handover(
        referral=pack, version=pack.version, by=lee, organisation=omar.organisation
    )
    pack.refresh_from_db()
    second = handovers.handover_send(pack=pack, version=pack.version, by=lee)
    assert second.state == HandoverState.SENT


def outcome_journey(sent: Handover, omar: User, share: bool) -> Referral:
    case = handovers.handover_accept(
        handover=sent, version=sent.version, by=omar, share_outcomes=share
    )
    referral = services.referral_create(case=case, kind=Kind.NRM, by=omar)
    services.referral_mark_sent(
        referral=referral,
        sent_on=date(2026, 1, 5),
        sent_how="online-form",
        their_reference="NRM-2026-0001",
        version=referral.version,
        by=omar,
    )
    services.referral_record_outcome(
        referral=referral,
        values={"rg_decision_on": date(2026, 1, 9), "rg_outcome": "positive"},
        version=referral.version,
        by=omar,
    )
    sent.refresh_from_db()
    return referral


def test_what_comes_back_shows_to_the_sender_when_the_receiver_shares_it(
    sent, omar, lee, eastfield
) -> None:
    referral = outcome_journey(sent, omar, share=True)
    shown = outcomes_shared_with(lee, sent)
    assert [(r.pk, r.their_reference, r.sent_on, r.rg_outcome) for r in shown] == [
        (referral.pk, "NRM-2026-0001", date(2026, 1, 5), "positive")
    ]
    assert outcomes_shared_with(eastfield, sent) == []
    events = AuditEvent.objects.filter(kind="handover.outcome-shared")
    assert (
        events.filter(organisation=lee.organisation, target_id=str(sent.from_case_id)).count() == 2
    )
    assert events.filter(organisation=omar.organisation).count() == 2


def test_nothing_comes_back_when_the_receiver_does_not_share_it(sent, omar, lee) -> None:
    outcome_journey(sent, omar, share=False)
    assert outcomes_shared_with(lee, sent) == []
    assert not AuditEvent.objects.filter(kind="handover.outcome-shared").exists()


# ------------------------------------------------------------------------------ through the pages


def test_a_third_organisation_gets_404_everywhere(sent, omar, lee, eastfield, as_user) -> None:
    case = handovers.handover_accept(
        handover=sent, version=sent.version, by=omar, share_outcomes=True
    )
    nrm = services.referral_create(case=case, kind=Kind.NRM, by=omar)
    client = as_user(eastfield)
    urls = [
        f"/referrals/handovers/{sent.pk}/",
        f"/referrals/handovers/{sent.pk}/accept/",
        f"/referrals/handovers/{sent.pk}/decline/",
        f"/referrals/{sent.pack_id}/hand-over/",
        f"/referrals/{sent.pack_id}/",
        f"/referrals/{nrm.pk}/",
        f"/cases/{sent.from_case_id}/",
        f"/cases/{case.pk}/",
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_each_side_sees_only_its_own(sent, omar, lee, as_user) -> None:
    case = handovers.handover_accept(
        handover=sent, version=sent.version, by=omar, share_outcomes=True
    )
    nrm = services.referral_create(case=case, kind=Kind.NRM, by=omar)
    receiver, sender = as_user(omar), as_user(lee)
    # The receiver reads what was handed over, never the sender's case or pack.
    assert receiver.get(f"/referrals/handovers/{sent.pk}/").status_code == 200
    for url in (f"/cases/{sent.from_case_id}/", f"/referrals/{sent.pack_id}/"):
        assert receiver.get(url).status_code == 404, url
    # The sender never reads the receiver's case or referral, only what comes back.
    for url in (f"/cases/{case.pk}/", f"/referrals/{nrm.pk}/"):
        assert sender.get(url).status_code == 404, url
    # And the sender cannot answer its own handover.
    assert sender.get(f"/referrals/handovers/{sent.pk}/accept/").status_code == 404


def test_the_receiver_accepts_through_the_pages(sent, omar, lee, as_user) -> None:
    client = as_user(omar)
    queue = client.get("/cases/").content.decode()
    assert f"/referrals/handovers/{sent.pk}/" in queue
    page = client.get(f"/referrals/handovers/{sent.pk}/").content.decode()
    assert "He carries packages to another town" in page
    assert "Riverside Children&#x27;s Services" in page
    assert AuditEvent.objects.filter(kind="handover.viewed", actor=omar).exists()
    missing = client.post(f"/referrals/handovers/{sent.pk}/accept/", {"version": sent.version})
    assert missing.status_code == 400
    assert "Select whether you will tell them what comes back" in missing.content.decode()
    response = client.post(
        f"/referrals/handovers/{sent.pk}/accept/",
        {"version": sent.version, "share_outcomes": "yes"},
    )
    sent.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{sent.accepted_case_id}/"
    case_page = client.get(response["Location"]).content.decode()
    assert "handed over by Northgate School" in case_page
    assert client.get(f"/cases/{sent.accepted_case_id}/chronology/").status_code == 200
    assert as_user(lee).get(f"/cases/{sent.from_case_id}/chronology/").status_code == 200
    # A second, stale acceptance is turned away with the handover as it is now.
    again = client.post(
        f"/referrals/handovers/{sent.pk}/accept/", {"version": 1, "share_outcomes": "yes"}
    )
    assert again.status_code == 302 and again["Location"] == f"/referrals/handovers/{sent.pk}/"
    sender_case = as_user(lee).get(f"/cases/{sent.from_case_id}/").content.decode()
    assert "To Riverside Council" in sender_case and "Accepted" in sender_case


def test_the_receiver_declines_through_the_pages(sent, omar, lee, as_user) -> None:
    client = as_user(omar)
    empty = client.post(f"/referrals/handovers/{sent.pk}/decline/", {"version": sent.version})
    assert empty.status_code == 400
    assert "Enter why you are declining the handover" in empty.content.decode()
    response = client.post(
        f"/referrals/handovers/{sent.pk}/decline/",
        {"version": sent.version, "reason": "Not in our area"},
    )
    assert response.status_code == 302
    sender_case = as_user(lee).get(f"/cases/{sent.from_case_id}/").content.decode()
    assert "Not in our area" in sender_case


def test_the_sender_hands_over_through_the_pages(pack, lee, omar, as_user) -> None:
    client = as_user(lee)
    detail = client.get(f"/referrals/{pack.pk}/").content.decode()
    assert f"/referrals/{pack.pk}/hand-over/" in detail
    page = client.get(f"/referrals/{pack.pk}/hand-over/").content.decode()
    assert "officer" in page
    response = client.post(f"/referrals/{pack.pk}/hand-over/", {"version": pack.version})
    assert response.status_code == 302
    assert Handover.objects.get(pack=pack).to_organisation == omar.organisation
    # Marking a handed-over pack "sent" by hand is refused.
    refused = client.post(
        f"/referrals/{pack.pk}/sent/",
        {"sent_on": "5 1 2026", "sent_how": "email", "version": pack.version + 1},
    )
    assert refused.status_code == 400


def test_the_receivers_other_documents_read_the_handed_over_concerns_too(sent, omar) -> None:
    from referrals import kinds as referral_kinds

    case = handovers.handover_accept(
        handover=sent, version=sent.version, by=omar, share_outcomes=False
    )
    kinds = services.kinds_offered(case)
    kind = next(k for k in kinds if k not in (Kind.NRM, Kind.DUTY_TO_NOTIFY))
    referral = services.referral_create(case=case, kind=kind, by=omar)
    spec = referral_kinds.spec(kind)
    document = spec.document(referral, spec.sections)
    text = " ".join(row.value for part in document.parts for row in part.rows)
    assert "packages to another town" in text


def test_the_receivers_copy_outlives_the_senders_case(sent, omar, lee, as_user) -> None:
    case = handovers.handover_accept(
        handover=sent, version=sent.version, by=omar, share_outcomes=True
    )
    Case.objects.filter(pk=sent.from_case_id).delete()  # as retention does, once closed
    sent.refresh_from_db()
    assert sent.from_case_id is None and sent.pack_id is None
    referral = services.referral_create(case=case, kind=Kind.NRM, by=omar)
    from referrals.presenters import account_of

    assert any("packages" in text for _label, text in account_of(referral))
    assert as_user(omar).get(f"/referrals/handovers/{sent.pk}/").status_code == 200
    assert as_user(lee).get(f"/referrals/handovers/{sent.pk}/").status_code == 200


def test_the_receiver_stops_and_starts_telling_the_sender(sent, omar, lee, as_user) -> None:
    outcome_journey(sent, omar, share=True)
    assert outcomes_shared_with(lee, sent)
    client = as_user(omar)
    response = client.post(
        f"/referrals/handovers/{sent.pk}/sharing/",
        {"version": sent.version, "share_outcomes": "no"},
    )
    assert response.status_code == 302
    sent.refresh_from_db()
    assert not sent.share_outcomes and sent.outcome_lawful_basis == ""
    assert outcomes_shared_with(lee, sent) == []
    assert "chose not to share" in as_user(lee).get(f"/cases/{sent.from_case_id}/").content.decode()
    with pytest.raises(NotAllowed):
        handovers.handover_set_outcome_sharing(
            handover=sent, share_outcomes=True, version=sent.version, by=lee
        )
    handovers.handover_set_outcome_sharing(
        handover=sent, share_outcomes=True, version=sent.version, by=omar
    )
    assert outcomes_shared_with(lee, sent)
    assert (
        AuditEvent.objects.filter(
            kind="handover.outcome-sharing-changed", organisation=lee.organisation
        ).count()
        == 2
    )
    assert as_user(lee).get(f"/referrals/handovers/{sent.pk}/sharing/").status_code == 404


def test_a_duty_to_notify_from_a_handover_starts_without_the_persons_identity(
    lee, priya, riverside, omar
) -> None:
    from cases import services as case_services

    case = open_case(lee, priya, age_group="18-or-over", consent_to_nrm="yes")
    pack = services.referral_create(case=case, kind=Kind.PASS_TO_FIRST_RESPONDER, by=lee)
    services.referral_handover(referral=pack, version=pack.version, by=lee, organisation=riverside)
    sent = handovers.handover_send(pack=pack, version=pack.version, by=lee)
    # What the sender supplied while the person was going to consent.
    email = "pv-contact-details-email-input"
    Handover.objects.filter(pk=sent.pk).update(
        snapshot={**sent.snapshot, "answers": {email: "dana@example.org", "birthplace": "Iasi"}}
    )
    sent.refresh_from_db()
    theirs = handovers.handover_accept(
        handover=sent, version=sent.version, by=omar, share_outcomes=False
    )
    case_services.case_update(
        case=theirs, values={"consent_to_nrm": "no"}, version=theirs.version, by=omar
    )
    theirs.refresh_from_db()
    dtn = services.referral_create(case=theirs, kind=Kind.DUTY_TO_NOTIFY, by=omar)
    assert email not in dtn.answers and dtn.answers.get("birthplace") == "Iasi"


def test_the_senders_pathway_follows_the_handover(sent, omar, lee) -> None:
    """Issue 15 item 2 across organisations: handed over, the pack's step is done; the
    receiver's NRM referral, shared back, marks the sender's NRM step done saying who made
    it; a declined handover opens the pack's step again."""
    from cases.models import ItemState, PathwayItem

    school_case = sent.from_case
    pack_step = PathwayItem.objects.get(case=school_case, action="pass-to-first-responder")
    assert (pack_step.state, pack_step.done_on) == (ItemState.DONE, sent.pack.sent_on)
    assert school_case.pathway_items.filter(action="nrm-referral").exists()

    outcome_journey(sent, omar, share=True)
    nrm_step = PathwayItem.objects.get(case=school_case, action="nrm-referral")
    assert nrm_step.state == ItemState.DONE
    assert nrm_step.done_on == date(2026, 1, 5)
    assert "Made by Riverside Council" in nrm_step.note
    assert "Reasonable Grounds decision: positive" in nrm_step.note


def test_a_declined_handover_opens_the_packs_step_again(sent, omar) -> None:
    from cases.models import ItemState, PathwayItem

    handovers.handover_decline(
        handover=sent, reason="Not in our area", version=sent.version, by=omar
    )
    step = PathwayItem.objects.get(case=sent.from_case, action="pass-to-first-responder")
    assert step.state == ItemState.IN_PROGRESS and step.done_on is None
    assert "Declined by Riverside Council" in step.note
