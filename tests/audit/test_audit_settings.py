"""Production refuses to start without the audit key and the checkpoint folder."""

from tests.core.test_settings import AUDIT, KEY, run

BASE = {"SECRET_KEY": KEY, "ALLOWED_HOSTS": "x.example"}


def test_production_requires_the_audit_key() -> None:
    result = run({**BASE, "SIGNPOST_AUDIT_KEY": ""}, "check")
    assert result.returncode != 0
    assert "Set the environment variable SIGNPOST_AUDIT_KEY" in result.stderr


def test_production_refuses_a_short_audit_key() -> None:
    result = run({**BASE, "SIGNPOST_AUDIT_KEY": "too-short"}, "check")
    assert "SIGNPOST_AUDIT_KEY must be at least 32 characters" in result.stderr


def test_production_requires_the_checkpoint_folder() -> None:
    result = run({**BASE, **AUDIT, "SIGNPOST_AUDIT_CHECKPOINT_DIR": ""}, "check")
    assert "Set the environment variable SIGNPOST_AUDIT_CHECKPOINT_DIR" in result.stderr
