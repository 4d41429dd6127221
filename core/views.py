from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.access import public, signed_in


@signed_in()
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@public
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@public
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@public
def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "core/cookies.html")
