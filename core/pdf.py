"""Every PDF the service makes is drawn here, and fetches nothing from outside.

WeasyPrint follows every URL in the page it draws (images, stylesheets, fonts). A PDF may hold
case data and is drawn on the server, so a fetch from outside would be a request forgery from our
network (ASVS 5.0 1.3.6, SSRF) and could tell another site who looked at what and when. So the
fetcher here answers only `data:` URIs and our own static files (read from disk, never over the
network), and refuses everything else; WeasyPrint then draws the page without that resource.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

# Relative links in a PDF's page resolve against this address, which names no real host:
# "/static/css/x.css" becomes "https://signpost.invalid/static/css/x.css", read from disk.
# (No PDF holds a link to follow: the handout lists where to go in words.)
BASE_URL = "https://signpost.invalid/"


class FetchRefused(ValueError):
    """A PDF asked for something from outside the service."""


def static_file_for(url: str) -> Path | None:
    """The file on disk behind one of our own static URLs, or None."""
    parts = urlsplit(url)
    base = urlsplit(BASE_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    path = unquote(parts.path)
    if not path.startswith(settings.STATIC_URL) or ".." in path.split("/"):
        return None
    relative = path[len(settings.STATIC_URL) :]
    found = finders.find(relative)
    if not found and settings.STATIC_ROOT:
        candidate = Path(settings.STATIC_ROOT) / relative
        found = str(candidate) if candidate.is_file() else None
    return Path(found) if found else None


def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalOnlyFetcher(URLFetcher):
        """`data:` URIs and our own static files; every other URL is refused."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols={"data"}, allow_redirects=False)

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)  # decoded in memory, no network
            local = static_file_for(url)
            if local is None:
                raise FetchRefused(f"PDFs fetch nothing from outside the service: {url[:60]}")
            mime, _ = mimetypes.guess_type(local.name)
            return URLFetcherResponse(
                url, local.read_bytes(), {"Content-Type": mime or "application/octet-stream"}
            )

    return LocalOnlyFetcher


def local_only_fetcher() -> Any:
    return _fetcher_class()()


def render_pdf(html: str) -> bytes:
    """`html` as a PDF, with nothing fetched from outside the service."""
    from weasyprint import HTML  # slow to import: only when a PDF is made

    return HTML(string=html, base_url=BASE_URL, url_fetcher=local_only_fetcher()).write_pdf()
