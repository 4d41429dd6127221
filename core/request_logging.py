"""Request ids and log lines an IT team can collect, with no personal data in them.

Every request gets an id (`X-Request-ID` on the response, and on every log line written while it
is handled) so one person's "it went wrong at 10:32" can be found in the logs without searching
for anything about them. One line per request says which route answered, how, and how fast: the
URL pattern (`concerns/<uuid:pk>/`), never the path itself or its query string, which can hold a
search for a person's name; never the body, the client's address or who was signed in (the audit
log records who did what, protected; logs travel further and are kept less carefully).

`LOG_FORMAT=json` writes one JSON object per line for a log collector; the default is text.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
# A proxy's id is kept only if it looks like one (nginx's $request_id is 32 hex digits; UUIDs
# have dashes): nothing a client typed can reach a log line through it.
SAFE_ID = re.compile(r"[A-Za-z0-9-]{16,64}")
NO_REQUEST = "-"

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default=NO_REQUEST)
logger = logging.getLogger("signpost.request")

# Attributes a log record may carry into a JSON line besides the message: the request line's own
# fields. Anything else passed as `extra=` stays out, so a careless call cannot leak data.
EXTRA_FIELDS = ("method", "route", "view", "status", "duration_ms")


def incoming_id(request: HttpRequest) -> str | None:
    """The proxy's request id, if a trusted proxy is in front and the id is well formed."""
    if getattr(settings, "SIGNPOST_TRUSTED_PROXIES", 0) < 1:
        return None
    value = request.META.get("HTTP_X_REQUEST_ID", "")
    return value if SAFE_ID.fullmatch(value) else None


class RequestIdMiddleware:
    """First in the middleware: names the request, and logs one line when it is answered."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = incoming_id(request) or uuid.uuid4().hex
        token = request_id.set(rid)
        request.request_id = rid  # type: ignore[attr-defined]
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = rid
            match = getattr(request, "resolver_match", None)
            logger.info(
                "request",
                extra={
                    "method": request.method if request.method in KNOWN_METHODS else "OTHER",
                    "route": match.route if match else "",
                    "view": match.view_name if match else "",
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id.reset(token)


KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record (`-` outside a request, e.g. the worker)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, request fields."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", NO_REQUEST),
        }
        for name in EXTRA_FIELDS:
            if hasattr(record, name):
                line[name] = getattr(record, name)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


class TextFormatter(logging.Formatter):
    """The text format, with the request line's fields after the message."""

    def __init__(self) -> None:
        super().__init__(TEXT_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        fields = " ".join(f"{n}={getattr(record, n)}" for n in EXTRA_FIELDS if hasattr(record, n))
        return f"{text} {fields}" if fields else text


def logging_config(*, log_format: str, level: str) -> dict[str, Any]:
    """The LOGGING setting for `LOG_FORMAT` ("text" or "json") and `LOG_LEVEL`."""
    if log_format not in {"text", "json"}:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("LOG_FORMAT must be text or json.")
    formatter = "core.request_logging.JsonFormatter" if log_format == "json" else None
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "core.request_logging.RequestIdFilter"}},
        "formatters": {
            "signpost": {"()": formatter or "core.request_logging.TextFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "signpost",
            },
            "null": {"class": "logging.NullHandler"},
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # axes's warnings name the e-mail address and IP address of each failed sign-in;
            # its table and the audit log keep those, protected. Only its errors reach the logs.
            "axes": {"level": "ERROR"},
            # runserver's django.server lines carry each path with its query string (which can
            # hold a search for a name): dropped; the request line above replaces them.
            "django.server": {"handlers": ["null"], "propagate": False},
        },
    }
