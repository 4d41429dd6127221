"""Background work. E-mails carry a link only, never case data (security-targets.md)."""

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task


@task()
def send_link_email(*, to: str, subject: str, intro: str, path: str) -> None:
    body = (
        f"{intro}\n\n{settings.SIGNPOST_BASE_URL}{path}\n\n"
        "This message comes from Signpost. It contains no details about anyone: sign in to see "
        "more.\n"
    )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
