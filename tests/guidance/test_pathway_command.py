"""`python manage.py pathway FILE`, run as a real process so exit status and streams are real."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MANAGE = ROOT / "manage.py"


def pathway(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ}
    env.setdefault("SIGNPOST_ENV", "test")
    return subprocess.run(
        [sys.executable, str(MANAGE), "pathway", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )


def test_command_prints_the_contract_json_for_facts_on_standard_input() -> None:
    facts = {"nation": "england", "immediate_danger": True, "under_18": "not-sure"}
    result = pathway("-", stdin=json.dumps(facts))
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert list(output) == ["treated_as_child", "actions", "reasons", "missing_facts"]
    assert output["treated_as_child"] is True
    assert output["actions"][:3] == [
        "call-999",
        "tell-safeguarding-lead",
        "refer-childrens-social-care",
    ]
    assert '\n  "actions": [' in result.stdout  # indented by 2


def test_command_reads_a_facts_file_and_accepts_a_fixed_today(tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    path.write_text(
        json.dumps({"nation": "wales", "date_of_birth": "2008-12-01"}), encoding="utf-8"
    )
    before = json.loads(pathway(str(path), "--today", "2026-11-30").stdout)
    after = json.loads(pathway(str(path), "--today", "2026-12-01").stdout)
    assert before["treated_as_child"] is True
    assert after["treated_as_child"] is False


@pytest.mark.parametrize(
    ("stdin", "expected"),
    [
        pytest.param(
            '{"nation": "england", "organisation": {"first_responder": "yes"}}',
            "error: organisation.first_responder: expected true or false",
            id="nested-organisation-value",
        ),
        pytest.param(
            '{"nation": "england", "colour": "red"}',
            "error: colour: not a known fact",
            id="unknown-key",
        ),
        pytest.param('{"nation": "mars"}', "error: nation: expected one of", id="unknown-value"),
        pytest.param('{"under_18": "yes"}', "error: nation: required", id="missing-nation"),
        pytest.param('{"nation": "england",', "error: not valid JSON", id="invalid-json"),
        pytest.param('["england"]', "error: facts: expected a JSON object", id="not-an-object"),
        pytest.param(
            '{"nation": "england", "nation": "wales"}',
            "error: nation: given twice",
            id="duplicate-key",
        ),
    ],
)
def test_bad_input_gets_one_line_on_stderr_naming_the_key_and_exit_status_2(
    stdin: str, expected: str
) -> None:
    result = pathway("-", stdin=stdin)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(expected)


def test_a_file_that_does_not_exist_gets_exit_status_2(tmp_path: Path) -> None:
    result = pathway(str(tmp_path / "nowhere.json"))
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert "no such file" in result.stderr
