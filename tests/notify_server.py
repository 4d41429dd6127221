"""A local HTTP server that speaks GOV.UK Notify's documented API for sending e-mail, so the
Notify backend is tested end to end with nothing leaving the machine.

POST /v2/notifications/email with `Authorization: Bearer <JWT>`: the token is checked the way
Notify documents it (HS256, signed with the API key's secret, `iss` the service ID, `iat`
within 30 seconds). Answers are Notify's shapes: 201 with the notification, or
{"status_code": ..., "errors": [{"error": ..., "message": ...}]}. `fail_next` queues errors.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"signpost_test-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"
CONCERN_TEMPLATE_ID = "8a0b4c8e-2b0b-4bb8-9b3c-2f7e1c1a2d3e"

ERROR_NAMES = {400: "BadRequestError", 403: "AuthError", 429: "RateLimitError", 500: "Exception"}


@dataclass
class NotifyServer:
    url: str = ""
    received: list[dict[str, Any]] = field(default_factory=list)
    fail_next: list[int] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)


def _handler(state: NotifyServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet in the test output
            pass

        def _answer(self, status: int, body: dict[str, Any]) -> None:
            state.answers.append(status)
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _error(self, status: int, message: str) -> None:
            error = {"error": ERROR_NAMES.get(status, "Exception"), "message": message}
            self._answer(status, {"status_code": status, "errors": [error]})

        def do_POST(self) -> None:
            if self.path != "/v2/notifications/email":
                self._error(404, "Not found")
                return
            auth = self.headers.get("Authorization", "")
            try:
                claims = jwt.decode(
                    auth.removeprefix("Bearer "),
                    SECRET,
                    algorithms=["HS256"],
                    options={"require": ["iss", "iat"], "verify_exp": False},
                )
            except jwt.PyJWTError:
                self._error(403, "Invalid token: signature, api token not found")
                return
            if claims["iss"] != SERVICE_ID or abs(time.time() - claims["iat"]) > 30:
                self._error(403, "Error: Your system clock must be accurate to within 30 seconds")
                return
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
            state.received.append(body)
            if state.fail_next:
                self._error(state.fail_next.pop(0), "Scripted failure")
                return
            if not body.get("email_address") or not body.get("template_id"):
                self._error(400, "email_address is a required property")
                return
            notification_id = str(uuid.uuid4())
            self._answer(
                201,
                {
                    "id": notification_id,
                    "reference": body.get("reference"),
                    "content": {
                        "subject": body.get("personalisation", {}).get("subject", ""),
                        "body": "",
                        "from_email": "signpost@notifications.service.gov.uk",
                    },
                    "uri": f"{state.url}/v2/notifications/{notification_id}",
                    "template": {
                        "id": body["template_id"],
                        "version": 1,
                        "uri": f"{state.url}/v2/template/{body['template_id']}",
                    },
                },
            )

    return Handler


@contextmanager
def run_notify() -> Iterator[NotifyServer]:
    state = NotifyServer()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.daemon = True
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(2)
