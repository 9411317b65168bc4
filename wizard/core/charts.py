"""Bar charts drawn on the server as accessible SVG: a title and description, patterns as well as
colours, and text at a readable size. The numbers are the suppressed ones the table beside it shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

#: Text sizes in px (the chart is drawn at its own width, so these are the sizes read).
TEXT = 16
LABEL_WIDTH = 300
BAR_AREA = 340
ROW = 36


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its count (None when hidden) and the words shown for a hidden count."""

    label: str
    value: int | None
    hidden_text: str = "fewer than 10"


def bar_chart(chart_id: str, title: str, description: str, bars: Sequence[Bar]) -> str:
    """A horizontal bar chart as SVG markup (role="img", labelled by its title and description).

    Shown counts are solid bars with diagonal lines; a hidden count is a short hatched outline
    with its words, so neither colour nor length alone carries the meaning.
    """
    height = max(ROW * len(bars) + 20, 60)
    width = LABEL_WIDTH + BAR_AREA + 140
    biggest = max((bar.value for bar in bars if bar.value is not None), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px" font-family="Arial, sans-serif" font-size="{TEXT}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        "<defs>",
        f'<pattern id="{chart_id}-shown" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="8" height="8" fill="#1d70b8"/>'
        '<line x1="0" y1="0" x2="0" y2="8" stroke="#ffffff" stroke-width="2"/></pattern>',
        f'<pattern id="{chart_id}-hidden" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="#ffffff"/>'
        '<path d="M0,6 L6,0" stroke="#0b0c0c" stroke-width="1.5"/></pattern>',
        "</defs>",
    ]
    for index, bar in enumerate(bars):
        y = 10 + index * ROW
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 22}" text-anchor="end" fill="#0b0c0c">'
            f"{escape(_short(bar.label))}</text>"
        )
        if bar.value is None:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="24" height="24" '
                f'fill="url(#{chart_id}-hidden)" stroke="#0b0c0c" stroke-width="1"/>'
            )
            words = bar.hidden_text
            end = LABEL_WIDTH + 32
        else:
            length = max(round(BAR_AREA * bar.value / biggest), 2)
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{length}" height="24" '
                f'fill="url(#{chart_id}-shown)" stroke="#003078" stroke-width="1"/>'
            )
            words = f"{bar.value:,}"
            end = LABEL_WIDTH + length + 8
        parts.append(f'<text x="{end}" y="{y + 22}" fill="#0b0c0c">{escape(words)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _short(label: str) -> str:
    """A label that fits beside the bars (the table beside the chart has it in full)."""
    return label if len(label) <= 32 else label[:31] + "…"
