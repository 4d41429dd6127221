"""The counting store's rows (counting/store.py). They were insights' models until issue 18 moved
the store below the apps that count; the tables keep their names (`db_table`), so no data
moved."""

from django.db import models

SIDE_LENGTH = 10  # the longest side name a counting app may register


class TallyMonth(models.Model):
    """One organisation's month of one side of the figures (a side is what one app counts:
    "concerns", "cases"): the row every write and recount of its tallies locks, so they run one
    after the other."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField()  # the first day of the month, UK time
    side = models.CharField(max_length=SIDE_LENGTH)
    counted_at = models.DateTimeField()  # last locked, by a write or a recount
    changed_at = models.DateTimeField(null=True, blank=True)  # last written to by a service

    class Meta:
        db_table = "insights_tallymonth"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "side", "month"], name="tally_month_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.side} {self.month:%Y-%m} of {self.organisation_id}"


class Tally(models.Model):
    """A count of one figure in one organisation's month (concerns by age group, cases by
    pathway action done...: each side registers its figures). Counts only, never a person or a
    case: a page sums a few hundred of these rows instead of counting a million records
    (counting/store.py keeps them in step with the records they count)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField()
    figure = models.CharField(max_length=20)
    key = models.CharField(max_length=200, blank=True)
    count = models.PositiveIntegerField()

    class Meta:
        db_table = "insights_tally"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "figure", "month", "key"], name="tally_unique"
            ),
        ]
        indexes = [
            models.Index(
                fields=["organisation", "month"],
                include=["figure", "key", "count"],
                name="tally_org_month",
            )
        ]

    def __str__(self) -> str:
        return f"{self.figure} {self.key} {self.month:%Y-%m}: {self.count}"
