"""The one registry of audit event kinds (issue 15 item 3).

Every kind of event written to the audit log is declared once, by the app that writes it, in
that app's `audit_kinds.py` (found at start-up by `AuditConfig.ready`): its group and label
(the audit search shows those), the details it carries (ids and codes only, never field
contents), and, for the kinds a case's chronology shows, how it reads there and what a partner
organisation's share must include to see it. Adding a kind is one entry in one place.

`audit_record` refuses a kind that is not registered outside production (the tests and
development fail loudly); in production the event is still written, and the mistake logged,
because losing an audit event is worse than an unlabelled one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Protocol

from django.conf import settings

if TYPE_CHECKING:
    from audit.models import AuditEvent

logger = logging.getLogger(__name__)


class UnknownAuditKind(LookupError):
    pass


@dataclass(frozen=True)
class Line:
    """How one event reads in a chronology. `text` holds words a person wrote (a note, a
    rationale); `extra` a short line of facts under it."""

    title: str
    text: str = ""
    extra: str = ""


class Records(Protocol):
    """The records the events of one chronology name, fetched in bulk before rendering."""

    def get(self, model: str, pk: Any) -> Any: ...


class Share(Protocol):
    with_organisation_id: Any
    pk: Any

    def includes(self, part: str) -> bool: ...


@dataclass(frozen=True)
class Chronology:
    """How a kind appears in a case's chronology.

    `section`: the chronology's filter it falls under. `records`: detail key -> model label
    ("cases.casenote") of the record the renderer reads, fetched in bulk. `partner_needs`: the
    parts a partner's share must include besides the chronology to see the line; None means a
    partner never sees it (deny by default). `partner_rule`, when set, decides instead."""

    section: str
    render: Callable[[AuditEvent, Records], Line]
    partner_needs: frozenset[str] | None = None
    records: Mapping[str, str] = field(default_factory=dict)
    partner_rule: Callable[[AuditEvent, Share, Records], bool] | None = None

    def partner_sees(self, event: AuditEvent, share: Share, records: Records) -> bool:
        if self.partner_rule is not None:
            return self.partner_rule(event, share, records)
        if self.partner_needs is None:
            return False
        return all(share.includes(part) for part in self.partner_needs)


@dataclass(frozen=True)
class EventKind:
    code: str
    group: str
    label: str
    details: tuple[str, ...] = ()
    chronology: Chronology | None = None


_REGISTRY: dict[str, EventKind] = {}
REGISTRY: Mapping[str, EventKind] = MappingProxyType(_REGISTRY)


def register(*kinds: EventKind) -> None:
    for kind in kinds:
        existing = _REGISTRY.get(kind.code)
        if existing is not None and existing != kind:
            raise ValueError(f"Audit kind {kind.code!r} is declared twice")
        _REGISTRY[kind.code] = kind


def kind_of(code: str) -> EventKind:
    try:
        return _REGISTRY[code]
    except KeyError:
        raise UnknownAuditKind(
            f"Audit kind {code!r} is not registered: declare it in the writing app's "
            "audit_kinds.py (audit/kinds.py)"
        ) from None


def label_of(code: str) -> str:
    kind = _REGISTRY.get(code)
    return kind.label if kind else code


def require(code: str) -> None:
    """Called by `audit_record` before writing."""
    if code in _REGISTRY:
        return
    if settings.SIGNPOST_ENV == "production":
        logger.error("audit event of an unregistered kind written: %s", code)
        return
    kind_of(code)


def chronology_kinds(section: str = "") -> dict[str, EventKind]:
    return {
        code: kind
        for code, kind in _REGISTRY.items()
        if kind.chronology is not None and (not section or kind.chronology.section == section)
    }


def grouped_choices(codes: Iterable[str] | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """(group, [(code, label)]) for a select with option groups, groups and labels sorted."""
    wanted = set(codes) if codes is not None else None
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, kind in _REGISTRY.items():
        if wanted is None or code in wanted:
            groups.setdefault(kind.group, []).append((code, kind.label))
    if wanted:
        unknown = sorted(wanted - set(_REGISTRY))
        if unknown:
            groups.setdefault("Other", []).extend((c, c) for c in unknown)
    return [(g, sorted(items, key=lambda i: i[1])) for g, items in sorted(groups.items())]
