"""A real OpenID Connect provider for the tests: oidc-provider-mock (Flask, built on Authlib),
run on a local port in a thread. Nothing leaves the machine.

`run_provider()` starts one provider (its own signing key and issuer). `tamper` rewrites the
id_token in its token response the way an attacker between the two would (a changed claim, the
signature left as it was), so Signpost must refuse it. A negative `token_lifetime` makes the
provider issue id_tokens that have already expired.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import oidc_provider_mock
import requests
import werkzeug.serving
from werkzeug.wrappers import Request, Response

from accounts.models import IdentityProvider, Organisation
from accounts.sealing import seal

CLIENT_ID = "signpost-test-client"
CLIENT_SECRET = "signpost-test-secret"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def tampered(id_token: str, **changes: Any) -> str:
    """The same token with some claims changed and the original signature kept."""
    header, payload, signature = id_token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims.update(changes)
    return ".".join([header, _b64(json.dumps(claims).encode()), signature])


@dataclass
class Provider:
    url: str
    tamper: dict[str, Any] = field(default_factory=dict)

    @property
    def issuer(self) -> str:
        return self.url

    def add_person(self, sub: str, **claims: Any) -> None:
        """Put a person at the provider: their sub, and the claims the provider will send."""
        response = requests.put(f"{self.url}/users/{sub}", json=claims, timeout=5)
        response.raise_for_status()

    def connect(self, organisation: Organisation, **options: Any) -> IdentityProvider:
        """Make this the organisation's sign-in provider (as its admin would)."""
        values = {
            "issuer": self.issuer,
            "client_id": CLIENT_ID,
            "client_secret_sealed": seal(CLIENT_SECRET),
            "enabled": True,
            "passwords_allowed": True,
        }
        values.update(options)
        provider, _ = IdentityProvider.objects.update_or_create(
            organisation=organisation, defaults=values
        )
        return provider


class _Tamperer:
    def __init__(self, app: Any, provider: Provider) -> None:
        self.app = app
        self.provider = provider

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        if request.path != "/oauth2/token" or not self.provider.tamper:
            return self.app(environ, start_response)
        response = Response.from_app(self.app, environ)
        body = json.loads(response.get_data())
        if "id_token" in body:
            body["id_token"] = tampered(body["id_token"], **self.provider.tamper)
        response.set_data(json.dumps(body))
        return response(environ, start_response)


@contextmanager
def run_provider(*, token_lifetime: timedelta = timedelta(hours=1)) -> Iterator[Provider]:
    app = oidc_provider_mock.app(access_token_max_age=token_lifetime, require_nonce=True)
    provider = Provider(url="")
    server = werkzeug.serving.make_server("localhost", 0, _Tamperer(app, provider), threaded=True)
    provider.url = f"http://localhost:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.daemon = True
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
        thread.join(2)
