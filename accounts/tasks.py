"""E-mails about a person's own sign-in. The queue holds ids only: a reset link is made when the
message is sent, so no usable link is ever stored in the task table (issue 17)."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import TaskContext, task

from accounts.models import User, normalise_email
from audit.services import audit_record
from core.models import EmailDelivery
from core.tasks import record_and_deliver, register_link_builder, send_link_email

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


def _password_link_path(delivery: EmailDelivery) -> str | None:
    """A fresh set-password link for the delivery's person, made as the e-mail is sent: the
    token is never stored, in the task table or the delivery. None once they are deactivated.
    The link stops working once the password changes or after PASSWORD_RESET_TIMEOUT."""
    user = delivery.recipient
    if user is None or not user.is_active:
        return None
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:password-reset-confirm", args=[uid, token])


for _purpose in LINK_EMAILS:
    register_link_builder(f"password-{_purpose}", _password_link_path)


@task(takes_context=True)
def send_password_link(context: TaskContext, *, user_id: str, purpose: str) -> str | None:
    """Send the person a set-password link, made at each attempt (see _password_link_path)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    subject, intro = LINK_EMAILS[purpose]
    return record_and_deliver(
        key=f"task:{context.task_result.id}",
        to=user.email,
        subject=subject,
        intro=intro,
        path="",  # built when sent, never stored
        kind=f"password-{purpose}",
        recipient=user,
    )


@task()
def password_reset_requested(*, email: str) -> None:
    """The look-up happens here, in the background, so the answer to the request takes the same
    time whether or not the account exists."""
    user = User.objects.filter(email__iexact=normalise_email(email), is_active=True).first()
    if user is None:
        return
    from accounts.services import passwords_allowed

    if not passwords_allowed(user):
        # Issue 20: their organisation signs them in through its own accounts only, so a
        # password set now would be refused at sign-in. Tell them where to sign in instead.
        with transaction.atomic():
            audit_record(
                kind="password-reset-refused",
                actor=None,
                organisation=user.organisation,
                target=user,
                detail={"reason": "passwords-off"},
            )
            send_link_email.enqueue(
                to=user.email,
                subject="Signing in to Signpost",
                intro=(
                    "Someone asked to reset your Signpost password. Your organisation signs you "
                    "in to Signpost with its own accounts, so you have no Signpost password to "
                    "reset. On the sign-in page, enter your work email address and choose "
                    '"Continue to your organisation".'
                ),
                path=reverse("accounts:sign-in"),
                kind="password-reset-refused",
            )
        return
    with transaction.atomic():
        audit_record(
            kind="password-reset-requested",
            actor=None,
            organisation=user.organisation,
            target=user,
        )
        send_password_link.enqueue(user_id=str(user.pk), purpose="reset")
