"""The one registry of audit event kinds (issue 15 item 3): every kind any service writes is
registered, an unregistered kind fails, and the audit search shows the registry's labels."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from audit.kinds import REGISTRY, UnknownAuditKind, grouped_choices, kind_of
from audit.models import AuditEvent
from audit.services import audit_record

ROOT = Path(__file__).resolve().parents[2]
APPS = (
    "accounts",
    "audit",
    "cases",
    "concerns",
    "core",
    "guidance",
    "insights",
    "learning",
    "notices",
    "privacy",
    "referrals",
    "signpost",
)


def _written_kinds() -> dict[str, str]:
    """Every literal kind passed to `audit_record` in the application's code, with where."""
    found: dict[str, str] = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", getattr(node.func, "attr", None))
                if name != "audit_record":
                    continue
                for keyword in node.keywords:
                    if keyword.arg != "kind":
                        continue
                    if isinstance(keyword.value, ast.Constant):
                        found[keyword.value.value] = f"{path.relative_to(ROOT)}:{node.lineno}"
                    elif not isinstance(keyword.value, ast.Name):
                        raise AssertionError(f"{path}:{node.lineno} passes a computed kind")
    return found


def test_every_kind_a_service_writes_is_registered() -> None:
    written = _written_kinds()
    assert len(written) >= 80  # the scan itself works
    missing = {kind: where for kind, where in written.items() if kind not in REGISTRY}
    assert missing == {}


def test_every_registered_kind_has_a_group_and_label() -> None:
    for code, kind in REGISTRY.items():
        assert kind.code == code
        assert kind.group and kind.label, code


def test_the_handover_kinds_are_reserved_under_handover() -> None:
    for code in ("handover.sent", "handover.accepted", "handover.declined"):
        assert kind_of(code).group == "Handover"
    assert kind_of("handover.outcome-shared").chronology is not None


@pytest.mark.django_db
def test_writing_an_unregistered_kind_fails_and_writes_nothing(priya) -> None:
    with pytest.raises(UnknownAuditKind, match="not registered"):
        audit_record(kind="made-up-kind", actor=priya)
    assert not AuditEvent.objects.filter(kind="made-up-kind").exists()


@pytest.mark.django_db
def test_production_still_writes_an_unregistered_kind_rather_than_lose_it(
    priya, settings, caplog
) -> None:
    settings.SIGNPOST_ENV = "production"
    audit_record(kind="made-up-kind", actor=priya)
    assert AuditEvent.objects.filter(kind="made-up-kind").exists()
    assert "unregistered kind" in caplog.text


def test_the_search_choices_are_grouped_and_labelled() -> None:
    groups = dict(grouped_choices(["case-opened", "sign-in", "handover.sent"]))
    assert groups == {
        "Cases": [("case-opened", "Case opened")],
        "Handover": [("handover.sent", "Case handed over to another organisation")],
        "Signing in and security": [("sign-in", "Signed in")],
    }


@pytest.mark.django_db
def test_the_audit_search_offers_labels(as_user, ada, priya) -> None:
    audit_record(kind="sign-in", actor=priya)
    body = as_user(ada).get("/audit/").content.decode()
    assert '<option value="sign-in">Signing in and security: Signed in</option>' in body
