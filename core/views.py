from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from core import panels
from core.access import AuthenticatedRequest, public, signed_in
from core.health import health_report


def safe_next(request: HttpRequest, value: str | None, default: str = "") -> str:
    """Where to go on to after a form ("next"): `value` if it stays on this site, else
    `default`. Never another host, so a link cannot send someone off-site."""
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return default


@signed_in()
def home(request: AuthenticatedRequest) -> HttpResponse:
    # Each app's sections, registered in its AppConfig.ready (core/panels.py), built in one call.
    return render(request, "core/home.html", {"home_panels": panels.home_panels(request.user)})


@public
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@public
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@public
def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "core/cookies.html")


@public
@require_safe
def health(request: HttpRequest) -> HttpResponse:
    """For monitoring: 200 when healthy, 503 otherwise (core/health.py says what counts)."""
    report, healthy = health_report()
    return JsonResponse(report, status=200 if healthy else 503)
