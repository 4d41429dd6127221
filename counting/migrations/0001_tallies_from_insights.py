"""The monthly tallies move from insights to the counting store (issue 18), keeping their tables
(insights_tally, insights_tallymonth): only Django's record of which app owns them changes, so no
row moves, on PostgreSQL or SQLite. insights/migrations/0007 forgets them on its side. The
content types follow the models, so nothing refers to a model that no longer exists."""

import django.db.models.deletion
from django.db import migrations, models

MODELS = ["tally", "tallymonth"]


def _move_content_types(apps, source: str, target: str) -> None:  # noqa: ANN001
    """Relabel the models' content types, unless the target's already exist (a migration run
    back and forth: Django made them afresh)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def content_types_follow(apps, schema_editor):  # noqa: ANN001, ANN201 (Django's signature)
    _move_content_types(apps, "insights", "counting")


def content_types_go_back(apps, schema_editor):  # noqa: ANN001, ANN201 (Django's signature)
    _move_content_types(apps, "counting", "insights")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("insights", "0006_tally_month_changed_at"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Tally",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("month", models.DateField()),
                        ("figure", models.CharField(max_length=20)),
                        ("key", models.CharField(blank=True, max_length=200)),
                        ("count", models.PositiveIntegerField()),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="accounts.organisation",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "insights_tally",
                        "indexes": [
                            models.Index(
                                fields=["organisation", "month"],
                                include=("figure", "key", "count"),
                                name="tally_org_month",
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("organisation", "figure", "month", "key"), name="tally_unique"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="TallyMonth",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("month", models.DateField()),
                        ("side", models.CharField(max_length=10)),
                        ("counted_at", models.DateTimeField()),
                        ("changed_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="accounts.organisation",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "insights_tallymonth",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("organisation", "side", "month"), name="tally_month_unique"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("side__in", ["concerns", "cases"])),
                                name="tally_month_side",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_follow, content_types_go_back),
    ]
