"""GOV.UK Notify as the e-mail backend (issue 20): `EMAIL_BACKEND=core.notify.NotifyEmailBackend`.

Each Signpost e-mail is one Notify template filled with three fields, ((subject)), ((intro)) and
((link)): the same link-only text as by SMTP, never case data. The template comes from
NOTIFY_TEMPLATE_IDS for the e-mail's kind, else NOTIFY_TEMPLATE_ID (docs/deployment.md, "Use
GOV.UK Notify").

Notify's answers (its API documentation, "Error codes"): 429 (rate or daily limit) and 5xx (or
no answer at all) are worth trying again, so they raise `NotifyUnavailable` and the background
worker's retries (core/tasks.py) take over; 400 (a bad template, a missing field, a recipient a
trial service may not send to) and 403 (a wrong API key, a wrong clock) will not mend
themselves, so they raise `NotifyRejected` and the e-mail is shown as failed on the admin's
page at once. Log lines give Notify's status and error names, never an address or the text.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from notifications_python_client.errors import APIError, TokenError
from notifications_python_client.notifications import NotificationsAPIClient

logger = logging.getLogger(__name__)

# What each refusal usually means, for the operator reading the log.
EXPLAIN = {
    400: "check the template ID, that the template has ((subject)), ((intro)) and ((link)), "
    "and, for a trial service, that the recipient is in the team",
    403: "check NOTIFY_API_KEY and the server's clock",
    429: "Notify's rate or daily limit was reached",
}


class NotifyError(Exception):
    """A send through Notify that did not happen. `error_label` is what the admin page shows."""

    permanent = False

    def __init__(self, status: int, errors: Sequence[str]) -> None:
        self.status = status
        self.errors = list(errors)
        names = " ".join(self.errors) or "no answer"
        self.error_label = f"Notify {status} {names}"
        super().__init__(self.error_label)


class NotifyUnavailable(NotifyError):
    """429, 5xx or no answer: try again later."""


class NotifyRejected(NotifyError):
    """400 or 403: trying again will not help; shown as failed at once."""

    permanent = True


def _error_names(exc: APIError) -> list[str]:
    """Notify's error names ("BadRequestError"), never its messages (they may echo input)."""
    message = exc.message
    if isinstance(message, list):
        return [str(item.get("error", ""))[:40] for item in message if isinstance(item, dict)]
    return []


def template_for(kind: str) -> str:
    return settings.NOTIFY_TEMPLATE_IDS.get(kind) or settings.NOTIFY_TEMPLATE_ID


def fields_of(message: EmailMessage) -> tuple[str, dict[str, str], str]:
    """(kind, personalisation, reference) of a Signpost e-mail (core/tasks.py sets them)."""
    parts: dict[str, str] = getattr(message, "signpost_parts", None) or {}
    personalisation = {
        "subject": str(message.subject),
        "intro": parts.get("intro", ""),
        "link": parts.get("link", ""),
    }
    return parts.get("kind", "link"), personalisation, parts.get("reference", "")


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently: bool = False, **kwargs: Any) -> None:
        super().__init__(fail_silently=fail_silently)
        self.client = NotificationsAPIClient(
            settings.NOTIFY_API_KEY,
            base_url=settings.NOTIFY_BASE_URL,
            timeout=settings.EMAIL_TIMEOUT,
        )

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        for message in email_messages:
            kind, personalisation, reference = fields_of(message)
            for address in message.to:
                try:
                    self.client.send_email_notification(
                        email_address=address,
                        template_id=template_for(kind),
                        personalisation=personalisation,
                        reference=reference or None,
                    )
                except APIError as exc:
                    error = self._error(exc, kind=kind, reference=reference)
                    if not self.fail_silently:
                        raise error from None
                    continue
                except TokenError as exc:  # the key itself cannot make a token
                    logger.error("GOV.UK Notify API key unusable (%s)", type(exc).__name__)
                    if not self.fail_silently:
                        raise NotifyRejected(403, ["TokenError"]) from None
                    continue
                sent += 1
        return sent

    @staticmethod
    def _error(exc: APIError, *, kind: str, reference: str) -> NotifyError:
        status = exc.status_code
        names = _error_names(exc)
        retry = status == 429 or status >= 500
        error: NotifyError = (
            NotifyUnavailable(status, names) if retry else NotifyRejected(status, names)
        )
        logger.warning(
            "GOV.UK Notify did not send e-mail %s (%s): HTTP %s %s; %s",
            reference or "-",
            kind,
            status,
            " ".join(names) or "no answer",
            "will try again" if retry else EXPLAIN.get(status, "not tried again"),
        )
        return error
