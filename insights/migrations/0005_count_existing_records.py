"""Count the records already held into the monthly tallies, so the figures are right from the
moment the upgrade that added them is deployed (not only after the first daily recount).

It calls the counting store's recount_all() (counting/store.py, insights/tallies.py when this
was written), today's code, which reads today's models. It runs only
where there are records (an existing installation upgrading to this release, whose schema is
this release's); a new database has none and skips it, so a later change to the models cannot
break it there. `manage.py recount_figures` does the same at any time.
"""

from django.db import migrations


def count_existing(apps, schema_editor):  # noqa: ANN001, ANN201 (Django's signature)
    Concern = apps.get_model("concerns", "Concern")
    if not Concern.objects.exists():
        return
    from counting import store

    store.recount_all()


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0004_monthly_tallies"),
        ("cases", "0001_initial"),
        ("concerns", "0003_concern_org_figures_index"),
    ]

    operations = [migrations.RunPython(count_existing, migrations.RunPython.noop)]
