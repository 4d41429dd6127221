"""The store knows no app's side by name: a side is what an app registers with it
(counting/store.py refuses a write to a side nobody registered), so the check that a month's side
is "concerns" or "cases" goes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("counting", "0001_tallies_from_insights"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="tallymonth", name="tally_month_side"),
    ]
