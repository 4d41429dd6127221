"""Text that cannot be stored, removed once where it enters the service.

Two kinds of character reach us in requests but cannot be kept:

- NUL (U+0000): PostgreSQL refuses it in text columns and in `jsonb` (a draft's answers), so a
  page holding one failed with a server error instead of an answer.
- Lone surrogates (U+D800 to U+DFFF on their own): they are not characters at all and cannot be
  encoded as UTF-8. A form post cannot carry one (Django decodes invalid bytes as U+FFFD), but a
  JSON body can ("\\ud800"), and then every database refuses it.

`InvalidTextMiddleware` removes them from every query string and form post before any view or
form sees it, and marks the names it cleaned; `core.forms.GovukForm` then puts an error on each
such field, so the person is told and checks their answer (what they typed is kept, less the
removed characters). JSON endpoints clean their decoded body with `clean_json`.
(ASVS 5.0 1.2 and 2.2: input is decoded and validated once, at the edge, against what we store.)
"""

from __future__ import annotations

import re
from collections.abc import Callable, MutableMapping
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, QueryDict

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def has_unstorable(value: str) -> bool:
    return UNSTORABLE.search(value) is not None


def without_unstorable(value: str) -> str:
    """`value` with NUL and lone surrogates taken out; every other character kept."""
    return UNSTORABLE.sub("", value)


class CleanedQueryDict(QueryDict):
    """A QueryDict from which unstorable characters were removed; `cleaned_names` says where."""

    cleaned_names: frozenset[str] = frozenset()

    def __copy__(self) -> CleanedQueryDict:
        result = super().__copy__()
        result.cleaned_names = self.cleaned_names
        return result

    def __deepcopy__(self, memo: MutableMapping[int, Any]) -> CleanedQueryDict:
        result = super().__deepcopy__(memo)
        result.cleaned_names = self.cleaned_names
        return result


def cleaned_names_of(data: Any) -> frozenset[str]:
    """The names whose values had characters removed (empty for anything else)."""
    return getattr(data, "cleaned_names", frozenset())


def clean_query(query: QueryDict) -> QueryDict:
    """`query` itself when it holds nothing unstorable; otherwise a cleaned, immutable copy."""
    if not any(
        has_unstorable(key) or any(has_unstorable(v) for v in values)
        for key, values in query.lists()
    ):
        return query
    cleaned = CleanedQueryDict(mutable=True, encoding=query.encoding)
    names: set[str] = set()
    for key, values in query.lists():
        new_key = without_unstorable(key)
        new_values = [without_unstorable(v) for v in values]
        if new_key != key or new_values != values:
            names.add(new_key)
        for value in new_values:
            cleaned.appendlist(new_key, value)
    cleaned.cleaned_names = frozenset(names)
    cleaned._mutable = False
    return cleaned


def clean_json(value: Any) -> tuple[Any, set[str]]:
    """A decoded JSON value with unstorable characters removed from every string (keys too).
    Returns the cleaned value and the top-level keys (or "" for the whole) that changed."""
    changed: set[str] = set()

    def walk(item: Any, top: str) -> Any:
        if isinstance(item, str):
            cleaned = without_unstorable(item)
            if cleaned != item:
                changed.add(top)
            return cleaned
        if isinstance(item, list):
            return [walk(v, top) for v in item]
        if isinstance(item, dict):
            out = {}
            for key, v in item.items():
                new_key = without_unstorable(key) if isinstance(key, str) else key
                name = top if top or not isinstance(new_key, str) else new_key
                if new_key != key:
                    changed.add(name)
                out[new_key] = walk(v, name)
            return out
        return item

    return walk(value, ""), changed


class InvalidTextMiddleware:
    """Remove unstorable characters from every query string and form post (see the module)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> None:
        # A record's address never holds such a character: no page has that address.
        if any(
            isinstance(v, str) and has_unstorable(v) for v in [*view_args, *view_kwargs.values()]
        ):
            raise Http404
        # The cleaned copies are immutable like the originals (clean_query keeps _mutable off).
        request.GET = clean_query(request.GET)  # type: ignore[assignment]
        if request.method == "POST":
            request.POST = clean_query(request.POST)  # type: ignore[assignment]
        return None
