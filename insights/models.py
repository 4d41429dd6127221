from django.db import models

from core.models import BaseModel
from insights.national import FIRST_YEAR, YearFigures


class NationalYear(BaseModel):
    """One year of the UK's National Referral Mechanism statistics, with where they come from.

    Public figures, not case data. A blank (None) count was not published for that year; the
    pages say so rather than showing 0. Loaded from insights/data/nrm-statistics.csv by a data
    migration, and from newer files with `manage.py load_national_statistics FILE`.
    """

    year = models.PositiveSmallIntegerField(unique=True)
    referrals = models.PositiveIntegerField(null=True, blank=True)
    exploited_as_adult = models.PositiveIntegerField(null=True, blank=True)
    exploited_as_minor = models.PositiveIntegerField(null=True, blank=True)
    female = models.PositiveIntegerField(null=True, blank=True)
    male = models.PositiveIntegerField(null=True, blank=True)
    transgender_or_other = models.PositiveIntegerField(null=True, blank=True)
    duty_to_notify = models.PositiveIntegerField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    source = models.CharField(max_length=500)

    class Meta:
        ordering = ["year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=FIRST_YEAR), name="national_year_from_2009"
            ),
            models.CheckConstraint(condition=~models.Q(source=""), name="national_year_has_source"),
        ]

    def __str__(self) -> str:
        return f"NRM statistics {self.year}"

    def figures(self) -> YearFigures:
        return YearFigures(
            **{name: getattr(self, name) for name in YearFigures.__dataclass_fields__}
        )


class OrganisationInsightSettings(BaseModel):
    """How the organisation's own figures are protected. No row: the default threshold."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="insight_settings"
    )
    # Counts from 1 to threshold - 1 are shown as "suppressed" (insights/suppression.py).
    suppression_threshold = models.PositiveSmallIntegerField(default=5)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(suppression_threshold__gte=2, suppression_threshold__lte=50),
                name="insight_threshold_2_to_50",
            )
        ]

    def __str__(self) -> str:
        return f"insight settings for {self.organisation_id}"
