"""What the national figures page shows: the headline sentences, a chart for each breakdown with
the years it draws, and the years missing from the data.

Built from the years read from the database (insights.services.national_years) with the sums of
insights/national_figures.py; the charts are server-side SVG (insights/charts.py), each followed
on the page by a table of every figure. No case data is read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from insights import charts
from insights.national import YearFigures
from insights.national_figures import (
    Headline,
    YearRow,
    headline,
    latest_headline,
    number,
    percent,
    year_rows,
)

# The year the seed briefing's "Why it matters" gives its figures for.
SEED_YEAR = 2014


@dataclass(frozen=True)
class ChartSection:
    chart: SafeString
    rows: list[YearRow]
    sources: list[tuple[int, str]]


def _sources(rows: list[YearRow]) -> list[tuple[int, str]]:
    return [(row.year, row.figures.source) for row in rows]


def _trend(rows: list[YearRow]) -> ChartSection:
    first, last = rows[0].figures, rows[-1].figures
    dtn = [row for row in rows if row.figures.duty_to_notify is not None]
    desc = (
        f"Bar chart, one row per year from {first.year} to {last.year}: "
        f"{number(first.referrals)} referrals in {first.year} and "
        f"{number(last.referrals)} in {last.year}."
    )
    if dtn:
        desc += (
            f" Duty to Notify reports: {number(dtn[0].figures.duty_to_notify)} in {dtn[0].year}"
            f" and {number(dtn[-1].figures.duty_to_notify)} in {dtn[-1].year}."
        )
    desc += " The table after the chart gives every figure."
    svg = charts.grouped_bar_chart(
        chart_id="chart-referrals",
        title="NRM referrals and Duty to Notify reports by year",
        desc=desc,
        series_list=[
            charts.series("NRM referrals", charts.DARK_BLUE),
            charts.series("Duty to Notify reports", charts.TURQUOISE),
        ],
        rows=[
            charts.Row(str(r.year), (r.figures.referrals, r.figures.duty_to_notify)) for r in rows
        ],
    )
    return ChartSection(mark_safe(svg), rows, _sources(rows))  # noqa: S308 (escaped in charts)


def _share_desc(what: str, row: YearRow, parts: list[tuple[str, str]]) -> str:
    said = ", ".join(f"{label} {text}" for label, text in parts)
    return (
        f"Bar chart, one bar per year where {what} was published, split into shares of all "
        f"referrals that year. In {row.year}: {said}. The table after the chart gives every figure."
    )


@dataclass(frozen=True)
class ShareSpec:
    """One "shares of all referrals" chart: its parts, then what was not recorded."""

    chart_id: str
    title: str
    what: str  # for the chart's description: "the age at exploitation"
    parts: tuple[tuple[str, str, str, charts.Series], ...]  # (label, short, field, colour)
    known: str  # YearRow property saying the year has this breakdown
    remainder: str  # YearRow property with the referrals not in any part
    remainder_label: str


AGE = ShareSpec(
    chart_id="chart-age",
    title="Referrals for exploitation as adults and as minors, by year",
    what="the age at exploitation",
    parts=(
        ("Exploited as adults", "adults", "exploited_as_adult", charts.DARK_BLUE),
        ("Exploited as minors", "minors", "exploited_as_minor", charts.TURQUOISE),
    ),
    known="has_age",
    remainder="age_remainder",
    remainder_label="Age not recorded or not published",
)

GENDER = ShareSpec(
    chart_id="chart-gender",
    title="Referrals by gender, by year",
    what="gender",
    parts=(
        ("Female", "female", "female", charts.DARK_BLUE),
        ("Male", "male", "male", charts.TURQUOISE),
        ("Transgender or other", "transgender or other", "transgender_or_other", charts.DARK_PINK),
    ),
    known="has_gender",
    remainder="gender_remainder",
    remainder_label="Gender not recorded or not published",
)


def _share_section(rows: list[YearRow], spec: ShareSpec) -> ChartSection | None:
    known = [row for row in rows if getattr(row, spec.known)]
    if not known:
        return None
    last = known[-1]
    shares = [(short, last.share(field)) for _, short, field, _ in spec.parts]
    shares.append(
        (
            spec.remainder_label.lower(),
            percent(getattr(last, spec.remainder), last.figures.referrals),
        )
    )
    parts = [(label, str(share)) for label, share in shares if share is not None]
    svg = charts.stacked_share_chart(
        chart_id=spec.chart_id,
        title=spec.title,
        desc=_share_desc(spec.what, last, parts),
        series_list=[
            *(charts.series(label, colour) for label, _, _, colour in spec.parts),
            charts.series(spec.remainder_label, charts.UNKNOWN),
        ],
        rows=[
            _share_row(
                row,
                (
                    *(getattr(row.figures, field) for _, _, field, _ in spec.parts),
                    getattr(row, spec.remainder),
                ),
            )
            for row in known
        ],
    )
    return ChartSection(mark_safe(svg), known, _sources(known))  # noqa: S308 (escaped in charts)


def _share_row(row: YearRow, values: tuple[int | None, ...]) -> charts.Row:
    texts = tuple(str(percent(v, row.figures.referrals) or "") for v in values)
    return charts.Row(str(row.year), values, total=row.figures.referrals, texts=texts)


def _missing_years(years: list[YearFigures]) -> list[int]:
    held = {f.year for f in years}
    return [y for y in range(min(held), max(held) + 1) if y not in held] if held else []


def national_page(years: list[YearFigures]) -> dict[str, Any]:
    """The national page's context: every year's row and, when there are any, the headlines
    (the seed briefing's year, and the latest year if it is another), charts and gaps."""
    rows = year_rows(years)
    context: dict[str, Any] = {"rows": rows}
    if rows:
        seed: Headline | None = headline(rows, SEED_YEAR)
        latest = latest_headline(rows)
        context.update(
            first_year=rows[0].year,
            last_year=rows[-1].year,
            seed=seed,
            latest=latest if latest and (seed is None or latest.year != seed.year) else None,
            trend=_trend(rows),
            age=_share_section(rows, AGE),
            gender=_share_section(rows, GENDER),
            missing_years=_missing_years(years),
        )
    return context
