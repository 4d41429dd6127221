import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)

# The error page when even the error page cannot be drawn: our templates read the session and
# the signed-in person, which need the database, and the database may be what failed (found by
# the fault run in bench/load_bench.py: a PostgreSQL restart gave gunicorn's bare error).
PLAIN_500 = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Sorry, there is a problem &ndash; Signpost</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body>
<main><h1>Sorry, there is a problem with Signpost</h1>
<p>Try again in a few minutes. Anything you saved before this page is still saved.</p>
<p>If someone is in immediate danger, call 999.</p></main></body></html>
"""


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        return render(request, "errors/500.html", status=500)
    except Exception as exc:  # the usual page needs the database, which may be what failed
        logger.error("The error page could not be drawn (%s); a plain one was sent", type(exc))
        return HttpResponse(PLAIN_500, status=500, content_type="text/html; charset=utf-8")
