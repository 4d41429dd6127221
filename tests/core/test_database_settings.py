"""Production database connections: persistent, and checked before reuse (issue 16).

Run in a child process with production values, as tests/core/test_settings.py does, because
the test profile may differ.
"""

import json

from tests.core.test_settings import KEY, run

PRINT_DB = (
    "from django.conf import settings; import json; d = settings.DATABASES['default']; "
    "print(json.dumps({k: d.get(k) for k in "
    "('CONN_MAX_AGE', 'CONN_HEALTH_CHECKS', 'DISABLE_SERVER_SIDE_CURSORS')}))"
)
PRODUCTION = {
    "SECRET_KEY": KEY,
    "ALLOWED_HOSTS": "signpost.example.org",
    "DATABASE_URL": "postgres://signpost@db.example.org:5432/signpost",
}


def database_settings(**extra: str) -> dict:
    result = run({**PRODUCTION, **extra}, "shell", "-c", PRINT_DB)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_connections_are_kept_and_checked_before_each_reuse() -> None:
    assert database_settings() == {
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": True,
        "DISABLE_SERVER_SIDE_CURSORS": False,
    }


def test_behind_pgbouncer_server_side_cursors_are_off() -> None:
    assert database_settings(DATABASE_PGBOUNCER="true", CONN_MAX_AGE="0") == {
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": True,
        "DISABLE_SERVER_SIDE_CURSORS": True,
    }
