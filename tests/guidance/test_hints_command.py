"""`python manage.py hints FILE|-`, run as a real process so exit status and streams are real."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from guidance.catalogue import get_catalogue
from tests.guidance.test_hints import TEACHER_NOTE

ROOT = Path(__file__).resolve().parents[2]
MANAGE = ROOT / "manage.py"


def hints(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ}
    env.setdefault("SIGNPOST_ENV", "test")
    return subprocess.run(
        [sys.executable, str(MANAGE), "hints", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )


def test_the_teachers_note_on_stdin_prints_the_contract_json() -> None:
    result = hints("-", stdin=TEACHER_NOTE.encode())
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert list(output) == ["catalogue_version", "hints"]
    assert output["catalogue_version"] == get_catalogue().version
    ids = [h["indicator"] for h in output["hints"]]
    assert "many-phones" in ids and "goes-missing" in ids
    for hint in output["hints"]:
        assert list(hint) == ["indicator", "evidence"]
        assert hint["evidence"]
        for ev in hint["evidence"]:
            assert list(ev) == ["start", "end", "text"]
            assert TEACHER_NOTE[ev["start"] : ev["end"]] == ev["text"]


def test_a_file_is_read_and_offsets_count_characters_not_bytes(tmp_path: Path) -> None:
    text = "Café notes \u2013 she has two phones."
    path = tmp_path / "note.txt"
    path.write_text(text, encoding="utf-8")
    result = hints(str(path))
    assert result.returncode == 0, result.stderr
    (hint,) = json.loads(result.stdout)["hints"]
    ev = hint["evidence"][0]
    assert text[ev["start"] : ev["end"]] == "two phones"


def test_a_note_with_no_signs_prints_an_empty_list() -> None:
    result = hints("-", stdin=b"She enjoys netball.")
    assert result.returncode == 0
    assert json.loads(result.stdout)["hints"] == []


def test_explain_adds_whether_the_evidence_was_uncertain() -> None:
    result = hints("--explain", "-", stdin=b"Not sure if she has a second phone.")
    (hint,) = json.loads(result.stdout)["hints"]
    assert hint["evidence"][0]["uncertain"] is True


@pytest.mark.parametrize(
    "stdin",
    [
        b"",
        b"   \n\t  ",
        b"\x01\x02\x1b\x7f\n",
        "\u200b\u00a0\n".encode(),
        b"\xff\xfe\x00bad",
        b"a\x00b",
    ],
    ids=["empty", "whitespace", "control", "invisible", "not-utf8", "nul-bytes"],
)
def test_empty_or_non_text_input_gets_one_line_on_stderr_and_exit_2(stdin: bytes) -> None:
    result = hints("-", stdin=stdin)
    assert result.returncode == 2
    assert result.stdout == b""
    err = result.stderr.decode()
    assert err.startswith("error: ")
    assert len(err.strip().splitlines()) == 1


def test_a_missing_file_gets_exit_2(tmp_path: Path) -> None:
    result = hints(str(tmp_path / "nope.txt"))
    assert result.returncode == 2
    assert len(result.stderr.decode().strip().splitlines()) == 1
