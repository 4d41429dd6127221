"""The organisation admin's page for their sign-in provider (issue 20), through real URLs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.urls import reverse

from accounts import oidc
from accounts.models import IdentityProvider
from accounts.sealing import unseal
from audit.models import AuditEvent
from tests.conftest import PASSWORD, verified_client
from tests.oidc_provider import Provider, run_provider

URL = reverse("accounts:identity-provider")


@pytest.fixture
def idp() -> Iterator[Provider]:
    oidc.forget_cache()
    with run_provider() as provider:
        yield provider


def form(issuer_url: str, **changes: str) -> dict[str, str]:
    data = {
        "issuer": issuer_url,
        "client_id": "signpost",
        "client_secret": "first-secret",
        "enabled": "yes",
        "passwords_allowed": "yes",
        "mfa_acr_values": "",
        "group_roles": "",
        "confirm_password": PASSWORD,
    }
    data.update(changes)
    return data


def test_only_admins_reach_the_page(lee, priya, ana) -> None:
    for person in (lee, priya, ana):
        assert verified_client(person).get(URL).status_code == 403


def test_an_admin_saves_the_provider_and_the_secret_is_kept_sealed(ada, northgate, idp) -> None:
    client = verified_client(ada)
    page = client.get(URL).text
    assert "http://testserver/sign-in/organisation/callback/" in page
    response = client.post(URL, form(idp.issuer, group_roles="team-a = lead\nteam-a = admin"))
    assert response.status_code == 302
    provider = IdentityProvider.objects.get(organisation=northgate)
    assert unseal(provider.client_secret_sealed) == "first-secret"
    assert provider.group_roles == {"team-a": ["lead", "admin"]}
    assert "first-secret" not in client.get(URL).text
    # An empty secret keeps the saved one.
    client.post(
        URL,
        form(
            idp.issuer,
            client_secret="",
            passwords_allowed="no",
            group_roles="team-a = lead\nteam-a = admin",
        ),
    )
    provider.refresh_from_db()
    assert unseal(provider.client_secret_sealed) == "first-secret"
    assert provider.passwords_allowed is False
    events = AuditEvent.objects.filter(kind="sso.provider-changed").order_by("id")
    assert [e.detail["secret_changed"] for e in events] == [True, False]
    assert events.last().detail["changed"] == ["passwords_allowed"]
    assert "first-secret" not in str([e.detail for e in events])


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"issuer": "http://login.example.org"}, "starting with https://"),
        ({"client_id": ""}, "Enter the client ID"),
        ({"client_secret": ""}, "Enter the client secret"),
        ({"group_roles": "team-a = boss"}, "Roles are practitioner, lead, admin and analyst"),
        ({"confirm_password": "wrong password"}, "The password you entered is not correct"),
    ],
)
def test_mistakes_are_explained_and_nothing_typed_is_lost(ada, idp, changes, message) -> None:
    response = verified_client(ada).post(URL, form(idp.issuer, **changes))
    assert response.status_code == 400
    assert message in response.text
    assert 'value="signpost"' in response.text or changes.get("client_id") == ""
    assert not IdentityProvider.objects.exists()


def test_an_issuer_that_publishes_no_settings_is_refused(ada) -> None:
    with run_provider() as gone:
        issuer = gone.issuer
    oidc.forget_cache()
    response = verified_client(ada).post(URL, form(issuer))
    assert response.status_code == 400
    assert "could not read the provider" in response.text
    assert not IdentityProvider.objects.exists()
