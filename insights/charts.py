"""Charts drawn on the server as SVG: no JavaScript, no inline styles (CSP), readable by screen
readers as one image with a name and description, always next to a table with the same figures.

Colours are the Government Analysis Function's accessible categorical palette: each has at least
3:1 contrast with white (WCAG 1.4.11), they stay distinct for the common kinds of colour
blindness, and stacked segments are separated by a white gap. Every bar is labelled with its
figure in text, so nothing depends on colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 640
FONT = 'font-family="Arial, sans-serif"'
TEXT = "#0b0c0c"
GRID = "#b1b4b6"
WHITE = "#ffffff"


@dataclass(frozen=True)
class Series:
    label: str
    fill: str
    # The colour of a figure written inside the bar (enough contrast with `fill`).
    ink: str = WHITE
    # Drawn as an outline only: the part of a total that was not recorded or not published.
    outline: bool = False


DARK_BLUE = Series("", "#12436d")
TURQUOISE = Series("", "#28a197", ink=TEXT)
DARK_PINK = Series("", "#801650")
UNKNOWN = Series("", WHITE, ink=TEXT, outline=True)


def series(label: str, like: Series) -> Series:
    return Series(label=label, fill=like.fill, ink=like.ink, outline=like.outline)


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple[int | None, ...]
    # For shares: the total the values are parts of (drawn as a full-width bar).
    total: int | None = None
    # What each value says in text ("1,669 (71%)"); defaults to the number.
    texts: tuple[str, ...] = ()


def _fmt(value: int | None) -> str:
    return "not published" if value is None else f"{value:,}"


def _scale(value: int) -> tuple[int, int]:
    """A round step and a scale end of at most five steps that reaches `value`: 23,411 gives
    steps of 5,000 up to 25,000."""
    value = max(value, 1)
    magnitude = 1
    while magnitude * 10 <= value:
        magnitude *= 10
    for step in (magnitude // 10, magnitude // 5, magnitude // 4, magnitude // 2, magnitude):
        if step >= 1 and -(-value // step) <= 5:
            return step, -(-value // step) * step
    return magnitude * 2, -(-value // (magnitude * 2)) * magnitude * 2


def _open(chart_id: str, title: str, desc: str, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%"'
        f' role="img" aria-labelledby="{chart_id}-title {chart_id}-desc"'
        f' class="signpost-chart" id="{chart_id}" focusable="false">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]


def _legend(items: Sequence[Series], top: int, left: int) -> tuple[list[str], int]:
    parts = []
    y = top
    for item in items:
        stroke = f' stroke="{TEXT}" stroke-width="1.5"' if item.outline else ""
        parts.append(
            f'<rect x="{left}" y="{y}" width="16" height="16" fill="{item.fill}"{stroke}/>'
            f'<text x="{left + 24}" y="{y + 13}" {FONT} font-size="15" fill="{TEXT}">'
            f"{escape(item.label)}</text>"
        )
        y += 24
    return parts, y + 8


def grouped_bar_chart(
    *,
    chart_id: str,
    title: str,
    desc: str,
    series_list: Sequence[Series],
    rows: Sequence[Row],
    missing_text: str = "not published",
    label_width: int = 56,
) -> str:
    """Horizontal bars, one row per category (year) and one bar per series, each labelled.
    A value of None is written as `missing_text` ("not published", "suppressed")."""
    value_room, bar, gap, row_gap = 110, 16, 3, 12
    parts, y = _legend(series_list, 8, label_width)
    step, scale_top = _scale(max((v for r in rows for v in r.values if v is not None), default=0))
    plot_width = WIDTH - label_width - value_room
    chart_top = y
    body: list[str] = []
    for row in rows:
        row_height = len(series_list) * (bar + gap) - gap
        body.append(
            f'<text x="{label_width - 8}" y="{y + row_height / 2 + 5:.1f}" text-anchor="end"'
            f' {FONT} font-size="15" font-weight="bold" fill="{TEXT}">{escape(row.label)}</text>'
        )
        for index, (item, value) in enumerate(zip(series_list, row.values, strict=True)):
            top = y + index * (bar + gap)
            if value is None:
                body.append(
                    f'<text x="{label_width + 4}" y="{top + 12}" {FONT} font-size="13"'
                    f' fill="{TEXT}">{escape(item.label)}: {escape(missing_text)}</text>'
                )
                continue
            length = plot_width * value / scale_top
            body.append(
                f'<rect x="{label_width}" y="{top}" width="{length:.1f}" height="{bar}"'
                f' fill="{item.fill}"/>'
                f'<text x="{label_width + length + 6:.1f}" y="{top + 13}" {FONT} font-size="13"'
                f' fill="{TEXT}">{_fmt(value)}</text>'
            )
        y += row_height + row_gap
    bottom = y - row_gap + 6
    grid: list[str] = []
    for tick in range(0, scale_top + 1, step):
        x = label_width + plot_width * tick / scale_top
        grid.append(
            f'<line x1="{x:.1f}" y1="{chart_top - 4}" x2="{x:.1f}" y2="{bottom}"'
            f' stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{x:.1f}" y="{bottom + 18}" text-anchor="middle" {FONT} font-size="13"'
            f' fill="{TEXT}">{tick:,}</text>'
        )
    height = bottom + 28
    return "".join([*_open(chart_id, title, desc, height), *parts, *grid, *body, "</svg>"])


def stacked_share_chart(
    *,
    chart_id: str,
    title: str,
    desc: str,
    series_list: Sequence[Series],
    rows: Sequence[Row],
) -> str:
    """One full-width bar per row (the total), split into each series' share of it. Shares are
    written inside the segments that are wide enough; the table has every figure."""
    label_width, right, bar, row_gap = 56, 16, 28, 10
    parts, y = _legend(series_list, 8, label_width)
    plot_width = WIDTH - label_width - right
    chart_top = y
    body: list[str] = []
    for row in rows:
        body.append(
            f'<text x="{label_width - 8}" y="{y + bar / 2 + 5:.1f}" text-anchor="end" {FONT}'
            f' font-size="15" font-weight="bold" fill="{TEXT}">{escape(row.label)}</text>'
        )
        total = row.total or 0
        x = float(label_width)
        for index, (item, value) in enumerate(zip(series_list, row.values, strict=True)):
            if not value or total <= 0:
                continue
            width = plot_width * value / total
            stroke = f' stroke="{TEXT}" stroke-width="1.5"' if item.outline else ""
            inset = 1.5 if item.outline else 0
            # A white gap of 2 between segments keeps neighbouring colours apart.
            drawn = max(width - 2 - inset * 2, 1)
            body.append(
                f'<rect x="{x + inset:.1f}" y="{y + inset}" width="{drawn:.1f}"'
                f' height="{bar - inset * 2}" fill="{item.fill}"{stroke}/>'
            )
            text = row.texts[index] if row.texts else _fmt(value)
            if width >= 9 * len(text):
                body.append(
                    f'<text x="{x + width / 2:.1f}" y="{y + bar / 2 + 5:.1f}" text-anchor="middle"'
                    f' {FONT} font-size="14" fill="{item.ink}">{escape(text)}</text>'
                )
            x += width
        y += bar + row_gap
    bottom = y - row_gap + 6
    grid: list[str] = []
    for step in range(5):
        x = label_width + plot_width * step / 4
        grid.append(
            f'<line x1="{x:.1f}" y1="{chart_top - 4}" x2="{x:.1f}" y2="{bottom}"'
            f' stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{x:.1f}" y="{bottom + 18}" text-anchor="middle" {FONT} font-size="13"'
            f' fill="{TEXT}">{step * 25}%</text>'
        )
    height = bottom + 28
    # Grid first, so the bars sit on top of it.
    return "".join([*_open(chart_id, title, desc, height), *parts, *grid, *body, "</svg>"])
