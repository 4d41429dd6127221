import pytest
from django.core.management import call_command

from accounts.models import Organisation, RoleGrant, User


@pytest.mark.django_db
def test_seed_demo_twice_creates_the_cast_once_and_prints_backup_codes(capsys) -> None:
    call_command("seed_demo")
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert Organisation.objects.count() == 2
    assert User.objects.count() == 5
    assert RoleGrant.objects.count() == 5
    assert out.count("lee@northgate.example") == 2
    assert "backup code:" in out
    riverside = Organisation.objects.get(name="Riverside Council")
    assert riverside.first_responder and riverside.duty_to_notify
    assert not Organisation.objects.get(name="Northgate School").first_responder
