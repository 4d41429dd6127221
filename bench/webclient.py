"""A small HTTP client that uses Signpost's real pages the way a browser behind a proxy would.

Standard library only, so the production-path check (.ci/production-path) can run it with the
system Python before any virtual environment exists, and the load bench adds no dependency.

It talks plain HTTP to gunicorn but sends what a TLS-terminating proxy adds (`X-Forwarded-Proto:
https`, `X-Forwarded-For`), so Django treats the requests as HTTPS. The `__Host-` cookies are
`Secure`, which `http.cookiejar` would never send over plain HTTP, so cookies are kept by hand.
Every request is timed under a label, for the bench's per-page figures.
"""

from __future__ import annotations

import http.client
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken"\s+value="([^"]+)"')
HIDDEN_TOKEN = re.compile(r'name="submission_token"\s+value="([^"]+)"')
CHECKBOX = re.compile(r'type="checkbox"[^>]*name="(signs_[a-z_]+)"[^>]*value="([^"]+)"')
CHECKBOX_REVERSED = re.compile(r'name="(signs_[a-z_]+)"[^>]*type="checkbox"[^>]*value="([^"]+)"')
REFERENCE = re.compile(r"SP-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}")
SENT_PATH = re.compile(r"^/concerns/([0-9a-f-]{36})/sent/$")


class JourneyError(Exception):
    """A page answered something a person following the journey would not expect."""


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    path: str

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return urlsplit(self.headers.get("Location", "")).path or ""


@dataclass
class Client:
    """One person's browser: its own cookies, talking to gunicorn at `address` (host:port)."""

    address: str
    host: str = "signpost.example.org"
    client_ip: str = "203.0.113.10"
    timeout: float = 60.0
    record: Callable[[str, float, int], None] | None = None
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self, method: str, path: str, data: dict | list | None = None, *, label: str = ""
    ) -> Response:
        hostname, _, port = self.address.partition(":")
        headers = {
            "Host": self.host,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.client_ip,
            "User-Agent": "signpost-webclient",
            "Accept": "text/html",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if method == "POST":
            body = urlencode(data or {}, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{self.host}"
            headers["Referer"] = f"https://{self.host}{path}"
        started = time.perf_counter()
        status = 0
        try:
            conn = http.client.HTTPConnection(hostname, int(port or 80), timeout=self.timeout)
            try:
                conn.request(method, path, body=body, headers=headers)
                raw = conn.getresponse()
                payload = raw.read()
                status = raw.status
            except http.client.HTTPException as error:
                raise ConnectionError(f"{method} {label or path}: {error!r}") from error
            finally:
                conn.close()
        finally:
            if self.record is not None:
                self.record(label or path, time.perf_counter() - started, status)
        for header in raw.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or (not morsel.value and morsel["expires"]):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Response(status, raw.headers, payload, path)

    def get(self, path: str, *, label: str = "", expect: int | None = 200) -> Response:
        response = self.request("GET", path, label=label)
        if expect is not None and response.status != expect:
            raise JourneyError(f"GET {label or path}: {response.status}, expected {expect}")
        return response

    def post(
        self,
        path: str,
        data: dict | list,
        *,
        page: Response | None = None,
        label: str = "",
        expect: int | None = 302,
    ) -> Response:
        """POST a form, with the CSRF token from the page it was on (or the cookie's secret)."""
        token = None
        if page is not None:
            found = CSRF_INPUT.search(page.text)
            token = found.group(1) if found else None
        token = token or self.cookies.get("__Host-csrftoken") or self.cookies.get("csrftoken")
        if isinstance(data, dict):
            data = dict(data, csrfmiddlewaretoken=token or "")
        else:
            data = [*data, ("csrfmiddlewaretoken", token or "")]
        response = self.request("POST", path, data, label=label)
        if expect is not None and response.status != expect:
            raise JourneyError(f"POST {label or path}: {response.status}, expected {expect}")
        return response

    # -- journeys ------------------------------------------------------------------------------

    def sign_out(self) -> None:
        self.post("/sign-out/", {}, label="sign-out (POST)", expect=None)
        self.cookies.clear()

    def sign_in(self, email: str, password: str, code: str | None = None) -> None:
        """Sign in through the sign-in page (and the security-code page with a backup code)."""
        page = self.get("/sign-in/", label="sign-in (GET)")
        done = self.post(
            "/sign-in/", {"email": email, "password": password}, page=page, label="sign-in (POST)"
        )
        if done.location.startswith("/account/security-code/"):
            if code is None:
                raise JourneyError(f"{email} was asked for a security code and has none")
            page = self.get(done.location, label="security code (GET)")
            done = self.post(done.location, {"code": code}, page=page, label="security code (POST)")
        if done.location.startswith(("/sign-in/", "/account/security-code/")):
            raise JourneyError(f"signing in as {email} did not get past {done.location}")

    def submit_concern(self, *, name: str = "Alex Example") -> tuple[str, str]:
        """Record a complete concern about a child, page by page; return (id, reference).

        The pages and answers are those of tests/concerns/test_journey.py. The reference is
        read from the confirmation page: that page is the acknowledgement a person relies on.
        """
        page = self.get("/concerns/new/", label="concern start (GET)")
        # "replace": a journey cut short (a fault, a timeout) leaves a draft; start afresh.
        self.post("/concerns/new/", {"replace": "yes"}, page=page, label="concern start (POST)")
        answers: list[tuple[str, dict | list]] = [
            ("danger", {"immediate_danger": "no"}),
            ("who", {"person_name": name, "person_description": ""}),
            ("age", {"age_group": "under-18", "age_years": "15"}),
            ("gender", {"gender": "not-known"}),
            ("nationality", {"nationality": ""}),
            ("languages", {"languages": "Romanian", "interpreter_needed": "not-sure"}),
            ("location", {"location": "In class"}),
            ("signs", {}),
            ("when-where", {"happened_when": "This morning", "happened_where": "School gate"}),
            ("their-words", {"their_words": "He said he owes money."}),
            ("what-you-saw", {"what_you_saw": "A man collected him."}),
            (
                "others",
                {
                    "others_present": "",
                    "someone_answered_for_them": "yes",
                    "others_at_risk": "not-sure",
                },
            ),
            ("told", {"told_anyone": "no", "told_who": ""}),
            ("spoken", {"spoken_to_person": "no"}),
        ]
        for slug, data in answers:
            path = f"/concerns/draft/{slug}/"
            page = self.get(path, label=f"concern {slug} (GET)")
            if slug == "signs":
                ticks = CHECKBOX.findall(page.text) or CHECKBOX_REVERSED.findall(page.text)
                if not ticks:
                    raise JourneyError("the signs page offered no signs to tick")
                data = [*ticks[:2], ("something_else", "")]
            step = self.post(path, data, page=page, label=f"concern {slug} (POST)")
            if step.location == path:
                raise JourneyError(f"the {slug} page did not accept its answers")
        page = self.get("/concerns/draft/check/", label="concern check (GET)")
        found = HIDDEN_TOKEN.search(page.text)
        if not found:
            raise JourneyError("the check-answers page has no submission token")
        step = self.post(
            "/concerns/draft/check/",
            {"submission_token": found.group(1), "declaration": "on"},
            page=page,
            label="concern send (POST)",
        )
        sent = SENT_PATH.match(step.location)
        if not sent:
            raise JourneyError(f"sending the concern went to {step.location!r}")
        confirmation = self.get(step.location, label="concern sent (GET)")
        reference = REFERENCE.search(confirmation.text)
        if not reference:
            raise JourneyError("the confirmation page shows no reference")
        return sent.group(1), reference.group(0)
