"""Every daily job is `job(*, today: date) -> int` (issue 18; docs/conventions.md "Daily job"):
core/scheduling.py calls each with `today=` only, and `run_daily_jobs --today` runs them as of
another day, so `today` must be keyword-only and the only parameter a job requires."""

from __future__ import annotations

import inspect
from datetime import date

import pytest
from django.conf import settings
from django.utils.module_loading import import_string


def _jobs() -> list[str]:
    return list(settings.SIGNPOST_DAILY_JOBS)


def test_the_daily_jobs_are_the_known_ones() -> None:
    assert set(_jobs()) == {
        "learning.services.action_reminders_send",
        "concerns.services.drafts_purge_daily",
        "cases.services.send_task_reminders",
        "referrals.services.send_deadline_reminders",
        "privacy.retention.apply_retention_daily",
        "counting.store.recount_all_daily",
        "audit.checkpoints.checkpoint_daily",
    }
    assert len(_jobs()) == len(set(_jobs()))


@pytest.mark.parametrize("path", _jobs())
def test_each_job_takes_today_keyword_only_and_nothing_else_required(path: str) -> None:
    parameters = inspect.signature(import_string(path)).parameters
    today = parameters.get("today")
    assert today is not None, f"{path} takes no `today`"
    assert today.kind is inspect.Parameter.KEYWORD_ONLY, f"{path}: `today` is not keyword-only"
    assert today.default is inspect.Parameter.empty, f"{path}: `today` must be required"
    required = [
        name
        for name, p in parameters.items()
        if p.default is inspect.Parameter.empty
        and p.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    ]
    assert required == ["today"], f"{path} requires {required}"
    annotation = inspect.signature(import_string(path), eval_str=True).parameters["today"]
    assert annotation.annotation is date, f"{path}: `today` is not a date"
