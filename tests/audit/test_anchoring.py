"""The audit chain is anchored: an HMAC with a key the database does not hold, and checkpoints
outside the database (issue 17). Each test plays someone who can change the database."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from accounts.demo import load_cast
from audit.anchoring import anchor_legacy_chain
from audit.chain import (
    ANCHOR_KIND,
    GENESIS,
    canonical,
    compute_hash,
    compute_mac,
    event_fields,
    fields_of_row,
    key_id_for,
)
from audit.checkpoints import checkpoint_path, read_checkpoints, write_checkpoint
from audit.models import AuditEvent
from audit.services import audit_record, verify_audit
from tests.audit.tampering import delete_events, plain_link, rechain, tamper
from tests.conftest import PASSWORD

OTHER_KEY = "a-second-audit-key-for-rotation-" + "r" * 20


def events(person, n: int) -> list[AuditEvent]:
    return [audit_record(kind=("sign-in", "sign-out")[i % 2], actor=person) for i in range(n)]


def verify_fails(match: str) -> str:
    with pytest.raises(CommandError, match=match) as failure:
        call_command("audit_verify")
    return str(failure.value)


@pytest.mark.django_db
def test_new_events_carry_an_hmac_made_with_the_audit_key(priya, settings) -> None:
    first, second = events(priya, 2)
    assert first.key_id == key_id_for(settings.SIGNPOST_AUDIT_KEY)
    assert second.prev_hash == first.hash
    # Not the plain hash anyone could recompute from the row.
    assert second.hash != compute_hash(second.prev_hash, {"kind": second.kind})
    assert verify_audit().ok


@pytest.mark.django_db
def test_a_sound_chain_verifies_against_its_checkpoints(priya, capsys) -> None:
    events(priya, 3)
    call_command("audit_checkpoint")
    events(priya, 2)
    call_command("audit_checkpoint")
    call_command("audit_verify")
    out = capsys.readouterr().out
    assert "Audit chain verified: 5 events; 2 checkpoints" in out


@pytest.mark.django_db
def test_removing_the_newest_events_is_named_against_the_last_checkpoint(priya) -> None:
    written = events(priya, 5)
    write_checkpoint()
    # The chain that is left is perfectly linked: only the checkpoint can tell.
    delete_events([e.id for e in written[3:]])
    message = verify_fails("Audit events missing")
    assert "the chain ends after 3 events" in message
    assert f"recorded 5 events ending at event {written[4].id}" in message
    assert "At least 2 of the newest events have been removed" in message


@pytest.mark.django_db
def test_removing_every_event_is_named_against_the_last_checkpoint(priya) -> None:
    written = events(priya, 3)
    write_checkpoint()
    delete_events([e.id for e in written])
    verify_fails("the chain ends after 0 events .* recorded 3 events")


@pytest.mark.django_db
def test_removing_an_event_and_recomputing_the_plain_hash_chain_is_caught(priya) -> None:
    written = events(priya, 5)
    delete_events([written[2].id])
    rechain(plain_link, from_id=written[3].id)
    verify_fails(f"broken at event {written[3].id} .*no audit key MAC")


@pytest.mark.django_db
def test_rebuilding_the_whole_chain_without_the_key_is_caught(priya) -> None:
    written = events(priya, 4)
    delete_events([written[1].id])
    rechain(plain_link)
    verify_fails("none of the 3 events is anchored with the audit key")


@pytest.mark.django_db
def test_rebuilding_the_chain_with_a_guessed_key_is_caught(priya, settings) -> None:
    written = events(priya, 4)
    key_id = key_id_for(settings.SIGNPOST_AUDIT_KEY)

    def guessed(prev_hash, row):
        return compute_mac(b"guessed" * 6, key_id, prev_hash, fields_of_row(row)), key_id

    delete_events([written[1].id])
    rechain(guessed, from_id=written[2].id)
    verify_fails(f"broken at event {written[2].id} .*do not match its MAC")


@pytest.mark.django_db
def test_a_forged_anchor_over_a_rebuilt_chain_is_caught(priya) -> None:
    """Rewriting everything as old unkeyed events needs a keyed anchor after them."""
    written = events(priya, 3)
    delete_events([written[0].id])
    rechain(plain_link, from_id=written[1].id)
    tamper("UPDATE audit_auditevent SET kind = %s WHERE id = %s", [ANCHOR_KIND, written[2].id])
    verify_fails("broken at event")


@pytest.mark.django_db
def test_an_edited_checkpoint_line_is_refused(priya) -> None:
    events(priya, 3)
    write_checkpoint()
    path = checkpoint_path()
    line = json.loads(path.read_text())
    line["events"] = 2
    path.write_text(json.dumps(line) + "\n")
    verify_fails("The checkpoint file cannot be trusted: line 1 .* has been altered")


@pytest.mark.django_db
def test_a_checkpoint_written_without_the_key_is_refused(priya) -> None:
    events(priya, 2)
    body = {"v": 1, "type": "checkpoint", "at": "x", "events": 9, "last_id": 1, "head": GENESIS}
    body["key_id"] = key_id_for("made-up-" * 8)
    body["mac"] = hmac.new(b"made-up", canonical(body), hashlib.sha256).hexdigest()
    path = checkpoint_path()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(body) + "\n")
    verify_fails("not configured")


@pytest.mark.django_db
def test_checkpoints_are_appended_never_rewritten(priya) -> None:
    events(priya, 1)
    write_checkpoint()
    events(priya, 1)
    write_checkpoint()
    assert [c.events for c in read_checkpoints()] == [1, 2]
    assert checkpoint_path().stat().st_mode & 0o777 == 0o600


@pytest.mark.django_db
def test_the_daily_jobs_write_a_checkpoint(priya, settings) -> None:
    from datetime import date

    from core.scheduling import run_jobs

    events(priya, 2)
    settings.SIGNPOST_DAILY_JOBS = ["audit.checkpoints.checkpoint_daily"]
    assert run_jobs(date(2026, 12, 6)) == {"audit.checkpoints.checkpoint_daily": 1}
    assert [c.events for c in read_checkpoints()] == [2]


@pytest.mark.django_db
def test_after_rotating_the_key_old_events_verify_with_the_old_key(priya, settings) -> None:
    old_key = settings.SIGNPOST_AUDIT_KEY
    events(priya, 2)
    write_checkpoint()
    settings.SIGNPOST_AUDIT_KEY = OTHER_KEY
    settings.SIGNPOST_AUDIT_OLD_KEYS = [old_key]
    later = events(priya, 2)
    assert later[0].key_id == key_id_for(OTHER_KEY)
    assert verify_audit().ok, verify_audit().problem
    settings.SIGNPOST_AUDIT_OLD_KEYS = []
    message = verify_fails("The checkpoint file cannot be trusted")
    assert key_id_for(old_key) in message


@pytest.mark.django_db
def test_a_retired_key_cannot_add_events_after_the_new_one(priya, settings) -> None:
    old_key = settings.SIGNPOST_AUDIT_KEY
    settings.SIGNPOST_AUDIT_KEY = OTHER_KEY
    settings.SIGNPOST_AUDIT_OLD_KEYS = [old_key]
    events(priya, 2)
    # Someone holding only the retired key appends an event signed with it.
    settings.SIGNPOST_AUDIT_KEY = old_key
    settings.SIGNPOST_AUDIT_OLD_KEYS = []
    sneaked = audit_record(kind="mfa-reset", actor=priya)
    settings.SIGNPOST_AUDIT_KEY = OTHER_KEY
    settings.SIGNPOST_AUDIT_OLD_KEYS = [old_key]
    verify_fails(f"broken at event {sneaked.id} .*older audit key")


def _legacy_events(person, n: int) -> list[AuditEvent]:
    """Events as the code before the audit key wrote them: plain SHA-256, no key id."""
    made = []
    for i in range(n):
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        event = AuditEvent(
            at=timezone.now(),
            kind=f"old-{i}",
            actor=person,
            organisation=person.organisation,
            detail={},
            prev_hash=last or GENESIS,
        )
        event.hash = compute_hash(event.prev_hash, event_fields(event))
        event.save(force_insert=True)
        made.append(event)
    return made


@pytest.mark.django_db
def test_events_from_before_the_key_are_anchored_once_on_upgrade(priya) -> None:
    old = _legacy_events(priya, 3)
    verify_fails("none of the 3 events is anchored")
    anchor = anchor_legacy_chain(AuditEvent)
    assert anchor.kind == ANCHOR_KIND
    assert anchor.detail == {
        "legacy_events": 3,
        "legacy_head": old[-1].hash,
        "legacy_last": old[-1].id,
    }
    assert anchor_legacy_chain(AuditEvent) is None  # once only
    events(priya, 2)
    assert verify_audit().ok, verify_audit().problem


@pytest.mark.django_db
def test_an_anchored_old_event_rewritten_with_its_plain_chain_is_caught(priya) -> None:
    old = _legacy_events(priya, 3)
    anchor = anchor_legacy_chain(AuditEvent)
    tamper("UPDATE audit_auditevent SET kind = 'changed' WHERE id = %s", [old[1].id])
    rechain(plain_link, from_id=old[1].id)  # stops at nothing: rewrites the anchor too
    verify_fails(f"broken at event {anchor.id}")


@pytest.mark.django_db
def test_a_broken_old_chain_is_not_anchored(priya) -> None:
    old = _legacy_events(priya, 2)
    tamper("UPDATE audit_auditevent SET kind = 'changed' WHERE id = %s", [old[0].id])
    with pytest.raises(CommandError, match=f"broken at event {old[0].id}"):
        call_command("audit_anchor")


@pytest.mark.django_db(transaction=True)
def test_a_restore_rolls_the_checkpoints_back_on_purpose(tmp_path) -> None:
    priya = load_cast(password=PASSWORD).people["priya"]
    events(priya, 2)
    backup = tmp_path / "before.backup"
    call_command("backup", str(backup))
    events(priya, 3)
    write_checkpoint()
    call_command("restore", str(backup), "--yes")
    assert verify_audit().ok, verify_audit().problem
    kinds = [c.type for c in read_checkpoints()]
    assert kinds == ["checkpoint", "restore"]


@pytest.mark.django_db(transaction=True)
def test_a_backup_that_contradicts_a_checkpoint_is_not_trusted_on_restore(tmp_path) -> None:
    priya = load_cast(password=PASSWORD).people["priya"]
    events(priya, 2)
    backup = tmp_path / "other-history.backup"
    call_command("backup", str(backup))
    # The log then goes another way: every event is replaced and a checkpoint pins that.
    delete_events(list(AuditEvent.objects.values_list("id", flat=True)))
    events(priya, 2)
    write_checkpoint()
    events(priya, 1)
    with pytest.raises(CommandError, match="backup's audit chain is not trusted"):
        call_command("restore", str(backup), "--yes")
    assert [c.type for c in read_checkpoints()] == ["checkpoint"]
