"""The organisation's referral details, set once by an admin (issue 14)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from accounts import services as account_services
from accounts.forms import ReferralDetailsForm
from core.access import AuthenticatedRequest, Role, roles_required
from referrals.official.lists import values_of


@roles_required(Role.ADMIN)
def referral_details(request: AuthenticatedRequest) -> HttpResponse:
    """The organisation's name on the NRM form and its team inbox (issue 14). Here, not in
    accounts, because the choices are the official form's list (referrals.official.lists)."""
    organisation = request.user.organisation
    form = ReferralDetailsForm(
        request.POST or None,
        organisations=values_of("organisations"),
        initial={
            "nrm_organisation": organisation.nrm_organisation,
            "team_inbox": organisation.team_inbox,
        },
    )
    if request.method == "POST" and form.is_valid():
        account_services.organisation_set_referral_details(
            organisation=organisation,
            nrm_organisation=form.cleaned_data["nrm_organisation"],
            team_inbox=form.cleaned_data["team_inbox"].strip().lower(),
            by=request.user,
            request=request,
        )
        messages.success(request, "Saved your organisation's referral details.")
        return redirect("accounts:people")
    return render(
        request,
        "accounts/referral_details.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
