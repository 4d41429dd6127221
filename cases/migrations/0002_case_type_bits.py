"""Case.type_bits: the case's exploitation types as bits, for the queue's type filter.

Backfilled from the CaseType rows with one UPDATE per type (portable: SQLite and PostgreSQL),
before the index is built.
"""

from django.db import migrations, models
from django.db.models import Exists, F, OuterRef

# A frozen copy of cases.models.TYPE_BITS as it was when this migration was written.
TYPE_BITS = {
    "sexual": 1,
    "labour": 2,
    "criminal": 4,
    "domestic-servitude": 8,
    "organ-harvesting": 16,
}


def backfill(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    CaseType = apps.get_model("cases", "CaseType")
    for type_, bit in TYPE_BITS.items():
        # One row per (case, type) is a unique constraint, so adding each bit once is exact.
        Case.objects.filter(
            Exists(CaseType.objects.filter(case_id=OuterRef("pk"), type=type_))
        ).update(type_bits=F("type_bits") + bit)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("cases", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="type_bits",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["organisation", "status", "type_bits", "treated_as_child"],
                name="case_org_status_types",
            ),
        ),
    ]
