import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.utils import DatabaseError

from audit.models import AuditEvent
from audit.services import audit_record, verify_chain


@pytest.mark.django_db
def test_each_event_holds_the_hash_of_the_one_before(priya) -> None:
    first = audit_record(kind="sign-in", actor=priya)
    second = audit_record(kind="sign-out", actor=priya)
    assert second.prev_hash == first.hash
    checked, broken, _ = verify_chain()
    assert broken is None and checked == AuditEvent.objects.count()


def tamper(sql: str, params: list[object]) -> None:
    """Change the table behind the application's back, as a database owner could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")


@pytest.mark.django_db
def test_editing_an_event_in_the_database_breaks_the_chain_and_names_it(priya) -> None:
    audit_record(kind="sign-in", actor=priya)
    target = audit_record(kind="sign-out", actor=priya)
    audit_record(kind="password-set", actor=priya)
    tamper("UPDATE audit_auditevent SET kind = 'changed' WHERE id = %s", [target.id])
    with pytest.raises(CommandError, match=f"broken at event {target.id}"):
        call_command("audit_verify")


@pytest.mark.django_db
def test_deleting_an_event_breaks_the_chain_at_the_next_one(priya) -> None:
    audit_record(kind="sign-in", actor=priya)
    middle = audit_record(kind="sign-out", actor=priya)
    after = audit_record(kind="password-set", actor=priya)
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [middle.id])
    with pytest.raises(CommandError, match=f"broken at event {after.id}"):
        call_command("audit_verify")


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_update_and_delete_on_audit_events(priya) -> None:
    event = audit_record(kind="sign-in", actor=priya)
    for sql in (
        "UPDATE audit_auditevent SET kind = 'changed' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event.id])


@pytest.mark.django_db
def test_audit_verify_reports_a_sound_chain(priya, capsys) -> None:
    audit_record(kind="sign-in", actor=priya)
    call_command("audit_verify")
    assert "Audit chain verified" in capsys.readouterr().out
