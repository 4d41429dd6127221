import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from core.access import AuthenticatedRequest, Role, roles_required, signed_in
from core.models import EmailDelivery
from notices import services
from notices.selectors import notices_of, undelivered_emails_for


@signed_in()
def inbox(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(notices_of(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "notices/inbox.html", {"page": page, "query": ""})


@signed_in()
@require_POST
def open_notice(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    notice = get_object_or_404(notices_of(request.user), pk=pk)
    services.notice_open(notice=notice, by=request.user, request=request)
    if url_has_allowed_host_and_scheme(notice.path, allowed_hosts=None):
        return HttpResponseRedirect(notice.path)
    return redirect("notices:inbox")


@signed_in()
@require_POST
def mark_all_read(request: AuthenticatedRequest) -> HttpResponse:
    services.notices_mark_all_read(by=request.user, request=request)
    return redirect("notices:inbox")


# What each kind of e-mail is, in words an organisation admin knows; other kinds are notices.
EMAIL_KINDS = {
    "concern-submitted": "New concern for a safeguarding lead",
    "concern-information-added": "Information added to a concern",
    "draft-reminder": "Reminder of an unfinished concern",
    "action-reminder": "Reminder of an action falling due",
    "password-reset": "Password reset link",
    "password-welcome": "Account set-up link",
    "password-reset-refused": "How to sign in (no password to reset)",
    "link": "Link to Signpost",
}


def email_kind_label(kind: str) -> str:
    return EMAIL_KINDS.get(kind) or "Notice: " + kind.replace("-", " ")


@dataclass(frozen=True)
class FailedEmail:
    """A row of the e-mail failures page."""

    delivery: EmailDelivery
    kind_label: str
    error_name: str  # the exception's class name, without its module


@roles_required(Role.ADMIN)
def email_failures(request: AuthenticatedRequest) -> HttpResponse:
    """E-mails to this organisation's people that could not be sent, without any case data."""
    page = Paginator(undelivered_emails_for(request.user), 50).get_page(request.GET.get("page"))
    rows = [
        FailedEmail(
            delivery=delivery,
            kind_label=email_kind_label(delivery.kind),
            error_name=delivery.last_error_class.rpartition(".")[2] or "Unknown",
        )
        for delivery in page
    ]
    return render(request, "notices/email_failures.html", {"page": page, "rows": rows, "query": ""})


@roles_required(Role.ADMIN, object_scoped=True)
def email_failure_retry(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    # Look up first: another organisation's e-mail is a 404 whatever the method.
    delivery = get_object_or_404(undelivered_emails_for(request.user), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if services.email_delivery_retry(delivery=delivery, by=request.user, request=request):
        messages.success(request, "The e-mail will be sent again")
    return redirect("notices:email-failures")
