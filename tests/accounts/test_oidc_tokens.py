"""The id_token checks (accounts/oidc.py), with keys made here: each rule of OpenID Connect
Core 1.0 s3.1.3.7 that Signpost relies on, and the claims it reads."""

from __future__ import annotations

import time

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, OctKey, RSAKey

from accounts.models import IdentityProvider
from accounts.oidc import (
    Refused,
    asserted_mfa,
    roles_from_groups,
    validate_id_token,
    verified_email,
)

ISSUER = "https://login.example.org"
CLIENT = "signpost"
NONCE = "n-0S6_WzA2Mj"

signing = RSAKey.generate_key(2048, parameters={"kid": "current"})
other = RSAKey.generate_key(2048, parameters={"kid": "current"})
published = KeySet.import_key_set(KeySet([signing]).as_dict(private=False))


def claims(**changes: object) -> dict[str, object]:
    now = int(time.time())
    base: dict[str, object] = {
        "iss": ISSUER,
        "aud": CLIENT,
        "sub": "248289761001",
        "iat": now,
        "exp": now + 300,
        "nonce": NONCE,
        "email": "lee@northgate.example",
        "email_verified": True,
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def token(key: object = signing, alg: str = "RS256", **changes: object) -> str:
    return jwt.encode({"alg": alg, "kid": "current"}, claims(**changes), key)


def check(value: str) -> dict[str, object]:
    return validate_id_token(value, keys=published, issuer=ISSUER, client_id=CLIENT, nonce=NONCE)


def refusal(value: str) -> tuple[str, str]:
    with pytest.raises(Refused) as caught:
        check(value)
    return caught.value.reason, caught.value.code


def test_a_good_token_gives_its_claims() -> None:
    assert check(token())["email"] == "lee@northgate.example"


def test_a_token_signed_by_another_key_is_refused() -> None:
    assert refusal(token(other)) == ("token-invalid", "signature")


def test_a_changed_claim_breaks_the_signature() -> None:
    header, _payload, signature = token().split(".")
    forged_payload = token(other, email="ada@northgate.example").split(".")[1]
    assert refusal(f"{header}.{forged_payload}.{signature}") == ("token-invalid", "signature")


def test_an_unsigned_token_is_refused() -> None:
    header = "eyJhbGciOiJub25lIn0"  # {"alg":"none"}
    payload = token().split(".")[1]
    assert refusal(f"{header}.{payload}.")[0] == "token-invalid"


def test_a_token_signed_with_a_shared_secret_is_refused() -> None:
    assert refusal(token(OctKey.generate_key(256), alg="HS256"))[0] == "token-invalid"


def test_an_expired_token_is_refused_beyond_the_clock_leeway(settings) -> None:
    settings.SIGNPOST_OIDC_LEEWAY = 60
    now = int(time.time())
    check(token(iat=now - 600, exp=now - 30))  # within the leeway: a slow clock, accepted
    assert refusal(token(iat=now - 600, exp=now - 120)) == ("token-expired", "exp")


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"aud": "someone-else"}, "aud"),
        ({"aud": None}, "aud"),
        ({"iss": "https://evil.example"}, "iss"),
        ({"nonce": "replayed"}, "nonce"),
        ({"nonce": None}, "nonce"),
        ({"exp": None}, "exp"),
        ({"sub": None}, "sub"),
        ({"aud": [CLIENT, "another-app"], "azp": "another-app"}, "azp"),
    ],
)
def test_a_token_for_another_audience_issuer_or_sign_in_is_refused(changes, code) -> None:
    assert refusal(token(**changes)) == ("token-invalid", code)


def test_several_audiences_need_signpost_as_the_authorised_party() -> None:
    check(token(aud=[CLIENT, "another-app"], azp=CLIENT))


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({"email_verified": True}, "lee@northgate.example"),
        ({"email_verified": False}, None),
        ({"email_verified": "true"}, None),
        ({}, None),
        ({"xms_edov": True}, "lee@northgate.example"),
    ],
)
def test_only_a_verified_address_names_the_person(extra, expected) -> None:
    assert verified_email({"email": " Lee@Northgate.Example", **extra}) == expected


def test_mfa_is_asserted_by_amr_mfa_or_a_named_acr() -> None:
    provider = IdentityProvider(mfa_acr_values=["urn:okta:loa:2fa:any"])
    assert asserted_mfa({"amr": ["pwd", "mfa"]}, provider)
    assert not asserted_mfa({"amr": ["pwd"]}, provider)
    assert not asserted_mfa({"amr": "mfa"}, provider)
    assert asserted_mfa({"acr": "urn:okta:loa:2fa:any"}, provider)
    assert not asserted_mfa({"acr": "urn:okta:loa:1fa:any"}, provider)
    assert not asserted_mfa({}, provider)


def test_groups_map_to_roles_only_when_the_organisation_maps_them() -> None:
    assert roles_from_groups({"groups": ["a"]}, IdentityProvider(group_roles={})) is None
    mapped = IdentityProvider(group_roles={"a": ["lead"], "b": ["admin", "lead"]})
    assert roles_from_groups({"groups": ["a", "b", "c"]}, mapped) == ["admin", "lead"]
    assert roles_from_groups({}, mapped) == []
