"""The monthly tallies now belong to the counting store (counting/migrations/0001, issue 18).
Only Django's record of the models goes: the tables stay, with their rows, now the counting
app's."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0006_tally_month_changed_at"),
        ("counting", "0001_tallies_from_insights"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Tally"),
                migrations.DeleteModel(name="TallyMonth"),
            ],
            database_operations=[],
        ),
    ]
