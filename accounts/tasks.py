"""E-mails about a person's own sign-in. The queue holds ids only: a reset link is made when the
message is sent, so no usable link is ever stored in the task table (issue 17)."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from accounts.models import User, normalise_email
from audit.services import audit_record
from core.tasks import send_link_email

LINK_EMAILS = {
    "reset": (
        "Reset your Signpost password",
        "Someone asked to reset your Signpost password. If it was you, use this link within "
        "2 hours. If it was not, you can ignore this message.",
    ),
    "welcome": (
        "You have a Signpost account",
        "Your organisation has given you a Signpost account. Use this link within 2 hours to "
        "choose your password.",
    ),
}


@task()
def send_password_link(*, user_id: str, purpose: str) -> None:
    """Make a set-password link for the person now and send it. The link stops working once the
    password changes or after PASSWORD_RESET_TIMEOUT (Django's token holds both)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    subject, intro = LINK_EMAILS[purpose]
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password-reset-confirm", args=[uid, token])
    # Sent from this task, not queued again: a queued e-mail would store the link.
    send_link_email.call(to=user.email, subject=subject, intro=intro, path=path)


@task()
def password_reset_requested(*, email: str) -> None:
    """The look-up happens here, in the background, so the answer to the request takes the same
    time whether or not the account exists."""
    user = User.objects.filter(email__iexact=normalise_email(email), is_active=True).first()
    if user is None:
        return
    with transaction.atomic():
        audit_record(
            kind="password-reset-requested",
            actor=None,
            organisation=user.organisation,
            target=user,
        )
        send_password_link.enqueue(user_id=str(user.pk), purpose="reset")
