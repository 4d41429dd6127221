"""`python manage.py load_national_statistics FILE`: a newer file updates the figures and says
what changed; a bad file changes nothing, says why in one line and exits with status 2."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from audit.models import AuditEvent
from insights.models import NationalYear
from tests.insights.conftest import DATA_FILE

pytestmark = pytest.mark.django_db


def load(path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("load_national_statistics", str(path), stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.fixture
def newer_file(tmp_path: Path) -> Path:
    # The shipped file, with 2025 revised and 2026 added.
    text = DATA_FILE.read_text(encoding="utf-8")
    text = text.replace("2025,23411,", "2025,23500,")
    text += "2026,25000,,,,,,7500,,Home Office NRM and DtN statistics end of year summary 2026\n"
    path = tmp_path / "nrm-statistics-2026.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_loading_a_newer_file_adds_new_years_and_updates_changed_ones(national_figures, newer_file):
    status, out, err = load(newer_file)
    assert (status, err) == (0, "")
    assert "2026: added" in out
    assert "2025: referrals 23,411 -> 23,500" in out
    assert "1 added, 1 changed, 13 unchanged." in out
    assert NationalYear.objects.get(year=2026).duty_to_notify == 7500
    assert NationalYear.objects.get(year=2025).referrals == 23500
    assert NationalYear.objects.get(year=2014).referrals == 2340


def test_loading_is_audited_with_the_years_only(national_figures, newer_file):
    load(newer_file)
    event = AuditEvent.objects.filter(kind="national-statistics-loaded").last()
    assert event is not None
    assert event.detail == {"added": [2026], "changed": [2025], "unchanged": 13}


def test_loading_the_same_file_twice_changes_nothing(national_figures):
    status, out, _ = load(DATA_FILE)
    assert status == 0
    assert out.strip() == "0 added, 0 changed, 14 unchanged."


def test_years_not_in_a_newer_file_are_kept(national_figures, tmp_path):
    path = tmp_path / "only-2026.csv"
    header = DATA_FILE.read_text(encoding="utf-8").splitlines()[0]
    path.write_text(header + "\n2026,25000,,,,,,,,Home Office 2026\n", encoding="utf-8")
    assert load(path)[0] == 0
    assert NationalYear.objects.count() == 15


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "the file is empty"),
        (b"year,referrals\n2026,1\n", "line 1: header: expected the columns"),
        (
            DATA_FILE.read_bytes().replace(b"2025,23411,", b"2025,23.411,"),
            "line 15: referrals: expected a whole number without commas or leave it blank,"
            ' not "23.411"',
        ),
        (
            DATA_FILE.read_bytes().replace(b"2014,2340,1669,671", b"2014,2340,1669,6710"),
            "line 4: exploited_as_adult + exploited_as_minor (8379) is more than referrals (2340)",
        ),
        (b"\xff\xfe not text", "not UTF-8 text"),
    ],
)
def test_a_bad_file_exits_2_with_one_line_naming_the_problem_and_changes_nothing(
    national_figures, tmp_path, content, problem
):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    before = list(NationalYear.objects.values_list("year", "referrals", "exploited_as_minor"))
    events = AuditEvent.objects.count()
    status, out, err = load(path)
    assert status == 2
    assert out == ""
    assert err.count("\n") <= 1
    assert err.startswith(f"error: {path}: ")
    assert problem in err
    assert list(NationalYear.objects.values_list("year", "referrals", "exploited_as_minor")) == (
        before
    )
    assert AuditEvent.objects.count() == events


def test_a_missing_file_exits_2(tmp_path):
    status, _, err = load(tmp_path / "nowhere.csv")
    assert status == 2
    assert err.strip() == f"error: {tmp_path / 'nowhere.csv'}: no such file"


def test_run_as_a_real_process_a_bad_file_gives_exit_status_2_and_one_line(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("year,referrals\n2026,1\n", encoding="utf-8")
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, str(root / "manage.py"), "load_national_statistics", str(path)],
        capture_output=True,
        text=True,
        cwd=root,
        env={**os.environ, "SIGNPOST_ENV": os.environ.get("SIGNPOST_ENV", "test")},
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().startswith(f"error: {path}: line 1: header: expected the columns")
    assert result.stderr.strip().count("\n") == 0
