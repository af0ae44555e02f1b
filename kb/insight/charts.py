"""Charts as SVG text, drawn on the server: no JavaScript, no fonts or scripts from anywhere else.

Every piece of text is escaped, so labels that came from customers (questions, page names)
cannot add markup. The SVG scales to its container (``viewBox``, no fixed size) and carries a
``<title>`` and ``<desc>`` for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

__all__ = ["Bar", "bar_chart"]

_FONT = "font-family:system-ui,sans-serif;font-size:11px"
_BAR = "#4051b5"
_LINE = "#e65100"
_GRID = "#ccc"
_TEXT = "#555"


@dataclass(frozen=True)
class Bar:
    """One bar: its label (the x axis), its height, and optionally a rate (0..1) for the line."""

    label: str
    value: float
    rate: float | None = None


def _text(x: float, y: float, text: str, anchor: str = "start", color: str = _TEXT) -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{color}">{escape(text)}</text>'


def _nice_max(value: float) -> float:
    """A round axis maximum at or above ``value`` (1, 2, 5, 10, 20, 50, ...)."""
    if value <= 0:
        return 1.0
    step = 1.0
    while True:
        for factor in (1.0, 2.0, 5.0):
            if step * factor >= value:
                return step * factor
        step *= 10


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    description: str = "",
    value_label: str = "",
    rate_label: str = "",
    width: int = 720,
    height: int = 240,
    chart_id: str = "kb-chart",
) -> str:
    """Vertical bars for ``value``; where bars have a ``rate``, a line on a 0-100 % axis at the right.

    ``chart_id`` prefixes the ids of the title and description: give each chart on a page its own.
    """
    cid = escape(chart_id)
    left, right, top, bottom = 44.0, 44.0 if any(b.rate is not None for b in bars) else 12.0, 28.0, 36.0
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = _nice_max(max((b.value for b in bars), default=0.0))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img"'
        f' aria-labelledby="{cid}-title {cid}-desc" style="{_FONT};max-width:100%;height:auto">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(description or title)}</desc>',
        _text(left, 16, title, color="#222"),
    ]
    for fraction in (0.0, 0.5, 1.0):  # grid lines with the value axis
        y = top + plot_h * (1 - fraction)
        parts.append(f'<line x1="{left:.1f}" x2="{left + plot_w:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="{_GRID}"/>')
        parts.append(_text(left - 6, y + 4, f"{peak * fraction:g}", "end"))
        if right > 12:
            parts.append(_text(left + plot_w + 6, y + 4, f"{fraction:.0%}", "start", _LINE))
    if value_label:
        parts.append(_text(4, top - 8, value_label, color=_BAR))
    if rate_label and right > 12:
        parts.append(_text(width - 4, top - 8, rate_label, "end", _LINE))
    slot = plot_w / max(len(bars), 1)
    gap = min(2.0, slot * 0.2)
    points: list[tuple[float, float]] = []
    for i, bar in enumerate(bars):
        x = left + i * slot
        h = plot_h * (max(bar.value, 0.0) / peak)
        label = escape(f"{bar.label}: {bar.value:g}" + (f", {bar.rate:.0%}" if bar.rate is not None else ""))
        parts.append(
            f'<rect x="{x + gap / 2:.1f}" y="{top + plot_h - h:.1f}" width="{max(slot - gap, 0.5):.1f}"'
            f' height="{h:.1f}" fill="{_BAR}"><title>{label}</title></rect>'
        )
        if bar.rate is not None:
            rate = min(max(bar.rate, 0.0), 1.0)
            points.append((x + slot / 2, top + plot_h * (1 - rate)))
    if len(points) > 1:
        line = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        parts.append(f'<polyline points="{line}" fill="none" stroke="{_LINE}" stroke-width="2"/>')
    elif points:
        parts.append(f'<circle cx="{points[0][0]:.1f}" cy="{points[0][1]:.1f}" r="3" fill="{_LINE}"/>')
    if bars:  # first, middle and last labels: enough to read the dates without crowding
        for i in sorted({0, len(bars) // 2, len(bars) - 1}):
            anchor = "start" if i == 0 else ("end" if i == len(bars) - 1 else "middle")
            x = left + i * slot + (0 if anchor == "start" else slot if anchor == "end" else slot / 2)
            parts.append(_text(x, height - bottom + 16, bars[i].label, anchor))
    else:
        parts.append(_text(left + plot_w / 2, top + plot_h / 2, "no data", "middle"))
    parts.append("</svg>")
    return "\n".join(parts)
