"""Signing in through the organisation's own OpenID Connect provider (issue 20), through real
URLs, against a real provider running locally (tests/oidc_provider.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.test import Client

from accounts import oidc
from accounts.models import RoleGrant, User
from audit.models import AuditEvent
from tests.oidc_provider import Provider, run_provider

CALLBACK = "/sign-in/organisation/callback/"


@pytest.fixture(autouse=True)
def fresh_discovery() -> Iterator[None]:
    oidc.forget_cache()
    yield
    oidc.forget_cache()


@pytest.fixture
def idp() -> Iterator[Provider]:
    with run_provider() as provider:
        yield provider


def verified(email: str, **extra: object) -> dict[str, object]:
    return {"email": email, "email_verified": True, **extra}


def sign_in_through(client: Client, provider: Provider, email: str, sub: str) -> object:
    """Start at Signpost, "sign in" at the provider as `sub`, come back to the callback."""
    start = client.post("/sign-in/organisation/", {"sso_email": email})
    assert start.status_code == 200, start.content
    authorize = start.context["provider_url"]
    assert authorize.startswith(provider.url)
    params = parse_qs(urlparse(authorize).query)
    assert params["code_challenge_method"] == ["S256"]
    assert params["nonce"][0] and params["state"][0]
    back = requests.post(authorize, data={"sub": sub}, allow_redirects=False, timeout=5)
    assert back.status_code == 302
    location = urlparse(back.headers["Location"])
    assert location.path == CALLBACK
    return client.get(f"{CALLBACK}?{location.query}")


def last_refusal() -> AuditEvent:
    return AuditEvent.objects.filter(kind="sso.refused").latest("id")


def test_a_practitioner_signs_in_through_their_organisations_provider(
    priya: User, northgate, idp: Provider
) -> None:
    idp.connect(northgate)
    idp.add_person("priya-sub", **verified("priya@northgate.example"))
    client = Client()
    response = sign_in_through(client, idp, "priya@northgate.example", "priya-sub")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").wsgi_request.user == priya
    event = AuditEvent.objects.filter(kind="sso.signed-in").latest("id")
    assert event.target_id == str(priya.pk)


def test_a_lead_whose_provider_asserted_mfa_is_not_asked_for_a_code(
    lee: User, northgate, idp: Provider
) -> None:
    idp.connect(northgate)
    idp.add_person("lee-sub", **verified("lee@northgate.example", amr=["pwd", "mfa"]))
    client = Client()
    response = sign_in_through(client, idp, "lee@northgate.example", "lee-sub")
    assert response["Location"] == "/"
    assert client.get("/cases/").status_code == 200


def test_a_lead_whose_provider_did_not_assert_mfa_is_asked_for_a_code(
    lee: User, northgate, idp: Provider
) -> None:
    idp.connect(northgate)
    idp.add_person("lee-sub", **verified("lee@northgate.example", amr=["pwd"]))
    client = Client()
    response = sign_in_through(client, idp, "lee@northgate.example", "lee-sub")
    assert response["Location"] == "/account/security-code/"
    assert client.get("/cases/")["Location"] == "/account/security-code/"


def test_an_acr_value_the_organisation_named_counts_as_mfa(
    lee: User, northgate, idp: Provider
) -> None:
    idp.connect(northgate, mfa_acr_values=["urn:example:loa:2fa"])
    idp.add_person("lee-sub", **verified("lee@northgate.example", acr="urn:example:loa:2fa"))
    response = sign_in_through(Client(), idp, "lee@northgate.example", "lee-sub")
    assert response["Location"] == "/"


def test_another_organisations_person_is_refused_by_this_organisations_provider(
    lee: User, omar: User, riverside, idp: Provider
) -> None:
    idp.connect(riverside)
    # Riverside's provider vouches for a Northgate address: never a Northgate session.
    idp.add_person("lee-sub", **verified("lee@northgate.example"))
    client = Client()
    response = sign_in_through(client, idp, "omar@riverside.example", "lee-sub")
    assert response.status_code == 403
    assert "There is no Signpost account for you at Riverside Council" in response.content.decode()
    assert not client.get("/").wsgi_request.user.is_authenticated
    refusal = last_refusal()
    assert refusal.detail["why"] == "unknown-person"
    assert refusal.organisation_id == riverside.pk


def test_an_unverified_address_is_refused(priya: User, northgate, idp: Provider) -> None:
    idp.connect(northgate)
    idp.add_person("priya-sub", email="priya@northgate.example", email_verified=False)
    response = sign_in_through(Client(), idp, "priya@northgate.example", "priya-sub")
    assert response.status_code == 403
    assert last_refusal().detail["why"] == "email-not-verified"


def test_a_tampered_id_token_is_refused(priya: User, ada: User, northgate, idp: Provider) -> None:
    idp.connect(northgate)
    idp.add_person("priya-sub", **verified("priya@northgate.example"))
    idp.tamper = {"email": "ada@northgate.example"}
    client = Client()
    response = sign_in_through(client, idp, "priya@northgate.example", "priya-sub")
    assert response.status_code == 403
    assert "could not be trusted" in response.content.decode()
    assert not client.get("/").wsgi_request.user.is_authenticated
    assert last_refusal().detail == {"why": "token-invalid", "code": "signature"}


def test_an_expired_id_token_is_refused(priya: User, northgate) -> None:
    with run_provider(token_lifetime=timedelta(minutes=-10)) as stale:
        stale.connect(northgate)
        stale.add_person("priya-sub", **verified("priya@northgate.example"))
        response = sign_in_through(Client(), stale, "priya@northgate.example", "priya-sub")
    assert response.status_code == 403
    assert "had expired" in response.content.decode()
    assert last_refusal().detail["why"] == "token-expired"


def test_a_deactivated_person_is_refused(priya: User, ada: User, northgate, idp) -> None:
    from accounts.services import person_deactivate

    person_deactivate(person=priya, by=ada)
    idp.connect(northgate)
    idp.add_person("priya-sub", **verified("priya@northgate.example"))
    response = sign_in_through(Client(), idp, "priya@northgate.example", "priya-sub")
    assert response.status_code == 403
    assert last_refusal().detail["why"] == "deactivated"


def test_a_callback_without_the_sessions_state_is_refused(priya: User, northgate, idp) -> None:
    idp.connect(northgate)
    client = Client()
    response = client.get(f"{CALLBACK}?code=anything&state=made-up")
    assert response.status_code == 400
    assert last_refusal().detail == {"why": "flow", "code": "state"}


def test_a_refusal_at_the_provider_is_shown_and_audited(priya: User, northgate, idp) -> None:
    idp.connect(northgate)
    client = Client()
    start = client.post("/sign-in/organisation/", {"sso_email": "priya@northgate.example"})
    back = requests.post(
        start.context["provider_url"], data={"action": "deny"}, allow_redirects=False, timeout=5
    )
    response = client.get(f"{CALLBACK}?{urlparse(back.headers['Location']).query}")
    assert response.status_code == 403
    assert last_refusal().detail == {"why": "provider-error", "code": "access_denied"}


def test_an_address_with_no_provider_is_told_to_use_a_password(omar: User, northgate, idp):
    idp.connect(northgate)
    response = Client().post("/sign-in/organisation/", {"sso_email": "omar@riverside.example"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "does not sign in to Signpost with its own accounts" in page
    assert "<title>Error: Sign in" in page


def test_passwords_can_be_turned_off_for_an_organisation(priya: User, northgate, idp) -> None:
    from tests.conftest import PASSWORD

    idp.connect(northgate, passwords_allowed=False)
    client = Client()
    response = client.post("/sign-in/", {"email": "priya@northgate.example", "password": PASSWORD})
    assert response.status_code == 400
    assert "signs you in with its own accounts" in response.content.decode()
    assert not client.get("/").wsgi_request.user.is_authenticated
    assert AuditEvent.objects.filter(kind="sso.password-refused").exists()


def test_groups_at_the_provider_set_roles_when_the_organisation_maps_them(
    priya: User, northgate, idp
) -> None:
    idp.connect(northgate, group_roles={"safeguarding-team": ["lead"]})
    idp.add_person(
        "priya-sub",
        **verified("priya@northgate.example", groups=["safeguarding-team"], amr=["mfa"]),
    )
    sign_in_through(Client(), idp, "priya@northgate.example", "priya-sub")
    assert set(RoleGrant.objects.filter(user=priya).values_list("role", flat=True)) == {"lead"}
    assert AuditEvent.objects.filter(kind="sso.roles-synced", target_id=str(priya.pk)).exists()


def test_signing_out_offers_the_providers_sign_out(priya: User, northgate, idp) -> None:
    idp.connect(northgate)
    idp.add_person("priya-sub", **verified("priya@northgate.example"))
    client = Client()
    sign_in_through(client, idp, "priya@northgate.example", "priya-sub")
    response = client.post("/sign-out/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"{idp.url}/oauth2/end_session?client_id=" in page
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_too_many_attempts_from_one_address_are_refused(
    priya: User, northgate, idp, monkeypatch
) -> None:
    from accounts import sso_views

    monkeypatch.setattr(sso_views, "TRIES_PER_CLIENT", 2)
    idp.connect(northgate)
    client = Client()
    for _ in range(2):
        client.post("/sign-in/organisation/", {"sso_email": "priya@northgate.example"})
    response = client.post("/sign-in/organisation/", {"sso_email": "priya@northgate.example"})
    assert response.status_code == 403
    assert "too many attempts" in response.text
    assert last_refusal().detail["why"] == "too-many"


def test_a_reset_asked_for_with_passwords_off_sends_the_sign_in_way_not_a_link(
    priya: User, northgate, idp
) -> None:
    """Issue 20's follow-up: a password set through a reset would be refused at sign-in."""
    from django.core import mail

    idp.connect(northgate, passwords_allowed=False)
    mail.outbox.clear()
    response = Client().post("/account/password-reset/", {"email": priya.email})
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "no Signpost password to reset" in body
    assert "/account/password-reset/" not in body
    assert "/sign-in/" in body
    refused = AuditEvent.objects.get(kind="password-reset-refused")
    assert refused.detail == {"reason": "passwords-off"}
    assert not AuditEvent.objects.filter(kind="password-reset-requested").exists()


def test_a_reset_link_sent_before_passwords_were_turned_off_sets_no_password(
    priya: User, northgate, idp
) -> None:
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(priya.pk))
    token = default_token_generator.make_token(priya)
    idp.connect(northgate, passwords_allowed=False)
    url = f"/account/password-reset/{uid}/{token}/"
    page = Client().get(url)
    assert page.status_code == 400
    assert "Your organisation signs you in" in page.content.decode()
    before = User.objects.get(pk=priya.pk).password
    Client().post(
        url, {"new_password1": "a-long-new-pass-99", "new_password2": "a-long-new-pass-99"}
    )
    assert User.objects.get(pk=priya.pk).password == before
