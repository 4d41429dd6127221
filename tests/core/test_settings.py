"""Settings fail closed: run Django in a child process with production values."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KEY = secrets.token_urlsafe(64)
# Production also requires the audit key and checkpoint folder (tests/audit/test_audit_settings.py).
AUDIT = {"SIGNPOST_AUDIT_KEY": secrets.token_urlsafe(48), "SIGNPOST_AUDIT_CHECKPOINT_DIR": "/tmp"}


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"SIGNPOST_ENV", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **AUDIT, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_is_the_default_and_refuses_to_start_without_a_secret_key() -> None:
    result = run({}, "check")
    assert result.returncode != 0
    assert "Set the environment variable SECRET_KEY" in result.stderr


def test_production_requires_allowed_hosts() -> None:
    result = run({"SECRET_KEY": KEY}, "check")
    assert "Set the environment variable ALLOWED_HOSTS" in result.stderr


def test_debug_cannot_be_turned_on_in_production() -> None:
    result = run({"SECRET_KEY": KEY, "ALLOWED_HOSTS": "x.example", "DEBUG": "true"}, "check")
    assert "DEBUG cannot be on" in result.stderr


def test_check_deploy_is_clean_with_production_settings() -> None:
    result = run(
        {"SECRET_KEY": KEY, "ALLOWED_HOSTS": "signpost.example.org"},
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_hashes_passwords_with_argon2_and_uses_host_cookies() -> None:
    code = (
        "from django.conf import settings as s;"
        "print(s.PASSWORD_HASHERS[0], s.SESSION_COOKIE_NAME, s.SECURE_HSTS_SECONDS, s.DEBUG)"
    )
    result = run({"SECRET_KEY": KEY, "ALLOWED_HOSTS": "x.example"}, "shell", "-c", code)
    assert result.stdout.strip().splitlines()[-1].split() == [
        "core.hashers.Argon2idHasher",  # Argon2id at OWASP's parameters (core/hashers.py)
        "__Host-sessionid",
        "31536000",
        "False",
    ]
