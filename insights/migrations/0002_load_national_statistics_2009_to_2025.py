"""Load the national NRM statistics shipped in insights/data/nrm-statistics.csv (2009 to 2025).

Self-contained on purpose: a migration must keep working however the app's own code changes
later, so it reads the file with the csv module rather than through insights.national. The file
is checked by tests/insights/test_data_file.py; newer files are loaded with
`manage.py load_national_statistics FILE`.
"""

import csv
from pathlib import Path

from django.db import migrations

DATA_FILE = Path(__file__).resolve().parents[1] / "data" / "nrm-statistics.csv"
COUNTS = (
    "referrals",
    "exploited_as_adult",
    "exploited_as_minor",
    "female",
    "male",
    "transgender_or_other",
    "duty_to_notify",
)


def load(apps, schema_editor):
    NationalYear = apps.get_model("insights", "NationalYear")
    with DATA_FILE.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            values = {name: int(row[name]) if row[name].strip() else None for name in COUNTS}
            values["note"] = row["note"].strip()
            values["source"] = row["source"].strip()
            NationalYear.objects.update_or_create(year=int(row["year"]), defaults=values)


def unload(apps, schema_editor):
    apps.get_model("insights", "NationalYear").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("insights", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
