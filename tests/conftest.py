"""The test cast of architecture.md, as fixtures used everywhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice

from accounts.demo import DEMO_PASSWORD, Cast, load_cast
from accounts.models import Organisation, RoleGrant, User
from tests.factories import UserFactory

PASSWORD = DEMO_PASSWORD
# The team's shared folder (reference, seed) lives beside the repository, in CI as here.
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(autouse=True)
def audit_checkpoints_per_test(settings, tmp_path: Path) -> Path:
    """Each test gets its own audit checkpoint folder (they live outside the database)."""
    settings.SIGNPOST_AUDIT_CHECKPOINT_DIR = tmp_path / "audit-checkpoints"
    return settings.SIGNPOST_AUDIT_CHECKPOINT_DIR


@pytest.fixture
def cast(db: None) -> Cast:
    return load_cast(password=PASSWORD)


@pytest.fixture
def priya(cast: Cast) -> User:
    return cast.people["priya"]


@pytest.fixture
def lee(cast: Cast) -> User:
    return cast.people["lee"]


@pytest.fixture
def ada(cast: Cast) -> User:
    return cast.people["ada"]


@pytest.fixture
def ana(cast: Cast) -> User:
    return cast.people["ana"]


@pytest.fixture
def omar(cast: Cast) -> User:
    return cast.people["omar"]


@pytest.fixture
def northgate(cast: Cast) -> Organisation:
    return cast.orgs["northgate"]


@pytest.fixture
def riverside(cast: Cast) -> Organisation:
    return cast.orgs["riverside"]


def verified_client(user: User, client: Client | None = None) -> Client:
    """A client signed in as `user`, past MFA where their role needs it."""
    client = client or Client()
    client.force_login(user)
    if user.mfa_required():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name="backup", defaults={"confirmed": True}
        )
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def as_user():
    return verified_client


@pytest.fixture
def make_person(db: None):
    def make(org: Organisation, *roles: str, **kwargs: object) -> User:
        user = UserFactory(organisation=org, **kwargs)
        for role in roles:
            RoleGrant.objects.create(user=user, role=role)
        return user

    return make
