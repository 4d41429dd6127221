"""The data migration loads the shipped file, and the shipped file is the reference file."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from insights.models import NationalYear
from tests.conftest import SHARED
from tests.insights.conftest import DATA_FILE, shipped_years

REFERENCE = SHARED / "reference" / "nrm-statistics.csv"

migration = importlib.import_module(
    "insights.migrations.0002_load_national_statistics_2009_to_2025"
)


@pytest.mark.skipif(not REFERENCE.exists(), reason="the shared reference file is not here")
def test_the_shipped_data_file_is_the_reference_file_verbatim() -> None:
    assert DATA_FILE.read_bytes() == REFERENCE.read_bytes()


@pytest.mark.django_db
def test_the_data_migration_loads_every_year_of_the_shipped_file() -> None:
    NationalYear.objects.all().delete()
    migration.load(apps, None)
    held = [year.figures() for year in NationalYear.objects.order_by("year")]
    assert held == shipped_years()
    assert NationalYear.objects.get(year=2014).female == 1432
    assert NationalYear.objects.get(year=2024).female is None
