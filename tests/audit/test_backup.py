import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.demo import load_cast
from accounts.models import User
from audit.models import AuditEvent
from audit.services import audit_record, verify_chain
from tests.conftest import PASSWORD


def counts() -> tuple[int, int]:
    return User.objects.count(), AuditEvent.objects.count()


@pytest.mark.django_db(transaction=True)
def test_restoring_a_backup_gives_the_same_counts_and_a_verifying_chain(tmp_path) -> None:
    cast = load_cast(password=PASSWORD)
    for _ in range(5):
        audit_record(kind="sign-in", actor=cast.people["priya"])
    path = tmp_path / "signpost.backup"
    before = counts()
    call_command("backup", str(path))
    assert path.stat().st_mode & 0o077 == 0, "backups must be readable by their owner only"
    User.objects.create_user(
        email="later@northgate.example", full_name="Later", organisation=cast.orgs["northgate"]
    )
    audit_record(kind="sign-out", actor=cast.people["priya"])
    assert counts() != before
    call_command("restore", str(path), "--yes")
    users, events = counts()
    # The restore itself is recorded after the chain is verified; the backup's own event came
    # after the snapshot.
    assert (users, events - 1) == before
    assert AuditEvent.objects.filter(kind="backup-restored").count() == 1
    assert verify_chain()[1] is None
    assert not User.objects.filter(email="later@northgate.example").exists()


@pytest.mark.django_db
def test_restore_refuses_without_confirmation(tmp_path) -> None:
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "x"))


@pytest.mark.django_db
def test_backup_refuses_to_overwrite_a_file(tmp_path) -> None:
    path = tmp_path / "exists.backup"
    path.write_text("keep me")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(path))
