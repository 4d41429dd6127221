"""OpenID Connect sign-in through an organisation's own provider (issue 20).

The authorization code flow with PKCE (S256), `state` and `nonce`, by Authlib's OAuth 2 client;
the `id_token` is checked with joserfc (Authlib's JOSE library): signature against the
provider's published keys (no "none", no shared-secret algorithms), issuer, audience (and `azp`
when there are several), expiry, issue time and nonce. Plain functions over plain data; the
views in accounts/sso_views.py call them and write the audit events.

References: OpenID Connect Core 1.0 s3.1.3.7 (ID token validation), RFC 7636 (PKCE), RFC 8176
(`amr` values), OpenID Connect Discovery 1.0 and RP-Initiated Logout 1.0.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.requests_client import OAuth2Session
from django.conf import settings
from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ExpiredTokenError,
    InvalidClaimError,
    JoseError,
    MissingClaimError,
)
from joserfc.jwk import KeySet

from accounts.models import IdentityProvider
from accounts.sealing import unseal

# Asymmetric algorithms only: an HS256 token "signed" with the public key must never pass.
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]
SCOPE = "openid email profile"
# How long a person has at the provider between leaving Signpost and coming back (seconds).
FLOW_LIFETIME = 10 * 60
# RFC 8176: "mfa" says more than one factor was used. Other values name one method only.
MFA_AMR = "mfa"
DISCOVERY_CACHE_SECONDS = 10 * 60


class Refused(Exception):
    """A sign-in that must not go ahead. `reason` is a short code for the audit log."""

    def __init__(self, reason: str, code: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


@dataclass(frozen=True)
class Pending:
    """What the session keeps between sending the person to the provider and their return."""

    provider_id: str
    state: str
    nonce: str
    verifier: str
    next: str
    started: int

    def as_session(self) -> dict[str, Any]:
        return self.__dict__.copy()

    @classmethod
    def from_session(cls, data: object) -> Pending | None:
        if not isinstance(data, dict):
            return None
        try:
            return cls(**data)
        except TypeError:
            return None


_cache: dict[str, tuple[float, Any]] = {}
_cache_lock = threading.Lock()


def _get_json(url: str) -> Any:
    response = requests.get(url, timeout=settings.SIGNPOST_OIDC_TIMEOUT)
    response.raise_for_status()
    return response.json()


def _cached(url: str, *, fresh: bool = False) -> Any:
    now = time.monotonic()
    with _cache_lock:
        hit = _cache.get(url)
    if hit and not fresh and now - hit[0] < DISCOVERY_CACHE_SECONDS:
        return hit[1]
    value = _get_json(url)
    with _cache_lock:
        _cache[url] = (now, value)
    return value


def forget_cache() -> None:
    with _cache_lock:
        _cache.clear()


def discover(issuer: str) -> dict[str, Any]:
    """The provider's metadata; its `issuer` must be the one the admin entered."""
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        metadata = _cached(url)
    except (requests.RequestException, ValueError) as exc:
        raise Refused("provider-unreachable", type(exc).__name__) from exc
    if not isinstance(metadata, dict) or str(metadata.get("issuer", "")).rstrip(
        "/"
    ) != issuer.rstrip("/"):
        raise Refused("provider-misconfigured", "issuer-mismatch")
    for field in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not isinstance(metadata.get(field), str):
            raise Refused("provider-misconfigured", f"no-{field}")
    return metadata


def _keys(jwks_uri: str, *, fresh: bool = False) -> KeySet:
    try:
        return KeySet.import_key_set(_cached(jwks_uri, fresh=fresh))
    except (requests.RequestException, ValueError, JoseError) as exc:
        raise Refused("provider-unreachable", "jwks") from exc


def _session(provider: IdentityProvider, redirect_uri: str) -> OAuth2Session:
    return OAuth2Session(
        client_id=provider.client_id,
        client_secret=unseal(provider.client_secret_sealed) or None,
        scope=SCOPE,
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
    )


def start(
    provider: IdentityProvider, *, redirect_uri: str, login_hint: str, next_url: str
) -> tuple[str, Pending]:
    """The provider's URL to send the person to, and what to keep in their session."""
    metadata = discover(provider.issuer)
    pending = Pending(
        provider_id=str(provider.pk),
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        verifier=secrets.token_urlsafe(64),
        next=next_url,
        started=int(time.time()),
    )
    url, _ = _session(provider, redirect_uri).create_authorization_url(
        metadata["authorization_endpoint"],
        state=pending.state,
        nonce=pending.nonce,
        code_verifier=pending.verifier,
        login_hint=login_hint,
    )
    return url, pending


def finish(
    provider: IdentityProvider, pending: Pending, *, redirect_uri: str, code: str
) -> dict[str, Any]:
    """Exchange the code (with the PKCE verifier) and return the checked id_token claims."""
    metadata = discover(provider.issuer)
    try:
        token = _session(provider, redirect_uri).fetch_token(
            metadata["token_endpoint"],
            code=code,
            code_verifier=pending.verifier,
            timeout=settings.SIGNPOST_OIDC_TIMEOUT,
        )
    except requests.RequestException as exc:
        raise Refused("provider-unreachable", "token") from exc
    except (AuthlibBaseError, ValueError) as exc:  # the provider refused the code
        raise Refused("provider-error", type(exc).__name__) from exc
    id_token = token.get("id_token")
    if not isinstance(id_token, str):
        raise Refused("token-invalid", "no-id-token")
    keys = _keys(metadata["jwks_uri"])
    try:
        return validate_id_token(
            id_token,
            keys=keys,
            issuer=metadata["issuer"],
            client_id=provider.client_id,
            nonce=pending.nonce,
        )
    except Refused as exc:
        if exc.code != "signature":
            raise
    # The provider may have rolled its keys since they were cached: fetch them once more.
    return validate_id_token(
        id_token,
        keys=_keys(metadata["jwks_uri"], fresh=True),
        issuer=metadata["issuer"],
        client_id=provider.client_id,
        nonce=pending.nonce,
    )


def validate_id_token(
    id_token: str,
    *,
    keys: KeySet,
    issuer: str,
    client_id: str,
    nonce: str,
    now: int | None = None,
) -> dict[str, Any]:
    """OpenID Connect Core 1.0 s3.1.3.7. Raises Refused("token-invalid" or "token-expired")."""
    try:
        token = jwt.decode(id_token, keys, algorithms=ALGORITHMS)
    except BadSignatureError as exc:
        raise Refused("token-invalid", "signature") from exc
    except (JoseError, ValueError) as exc:  # a malformed token, an unknown key or algorithm
        raise Refused("token-invalid", "signature") from exc
    claims = dict(token.claims)
    registry = jwt.JWTClaimsRegistry(
        now=now,
        leeway=settings.SIGNPOST_OIDC_LEEWAY,
        iss={"essential": True, "value": issuer},
        aud={"essential": True, "value": client_id},
        sub={"essential": True},
        exp={"essential": True},
        iat={"essential": True},
        nonce={"essential": True, "value": nonce},
    )
    try:
        registry.validate(claims)
    except ExpiredTokenError as exc:
        raise Refused("token-expired", "exp") from exc
    except (MissingClaimError, InvalidClaimError) as exc:
        raise Refused("token-invalid", getattr(exc, "claim", "") or "claims") from exc
    except JoseError as exc:
        raise Refused("token-invalid", type(exc).__name__) from exc
    audience = claims["aud"]
    if isinstance(audience, list) and len(audience) > 1 and claims.get("azp") != client_id:
        raise Refused("token-invalid", "azp")
    return claims


def verified_email(claims: dict[str, Any]) -> str | None:
    """The address the provider vouches for, or None. `email_verified` (OpenID Connect) or,
    for Microsoft Entra ID, `xms_edov` (the domain's owner verified it) must be true: an
    unverified address could be typed by anyone (the "nOAuth" mistake)."""
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email:
        return None
    if claims.get("email_verified") is True or claims.get("xms_edov") is True:
        return email.strip().lower()
    return None


def asserted_mfa(claims: dict[str, Any], provider: IdentityProvider) -> bool:
    """Whether the provider says it asked for more than one factor at this sign-in."""
    amr = claims.get("amr")
    if isinstance(amr, list) and MFA_AMR in amr:
        return True
    acr = claims.get("acr")
    return isinstance(acr, str) and acr in (provider.mfa_acr_values or [])


def roles_from_groups(claims: dict[str, Any], provider: IdentityProvider) -> list[str] | None:
    """The roles the provider's groups map to, or None when the organisation maps none (roles
    are then granted in Signpost only)."""
    mapping = provider.group_roles or {}
    if not mapping:
        return None
    groups = claims.get("groups")
    if not isinstance(groups, list):
        groups = []
    return sorted({role for g in groups if isinstance(g, str) for role in mapping.get(g, [])})


def end_session_url(provider: IdentityProvider, *, after: str) -> str | None:
    """The provider's RP-initiated logout address, if it publishes one (never holds a token:
    the client_id names us, so nothing personal goes in the URL)."""
    try:
        metadata = discover(provider.issuer)
    except Refused:
        return None
    endpoint = metadata.get("end_session_endpoint")
    if not isinstance(endpoint, str):
        return None
    sep = "&" if "?" in endpoint else "?"
    return (
        endpoint
        + sep
        + urlencode({"client_id": provider.client_id, "post_logout_redirect_uri": after})
    )
