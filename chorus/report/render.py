"""The report's plain data → one self-contained HTML file. Pure functions, no I/O.

Charts are hand-written inline SVG, drawn here so the file reads (and prints) without any
script; the small inline script only adds behaviour: hovering a legend entry highlights that
series, and it counts every chart's visibly drawn marks into ``data-points`` on the chart's
``<figure>`` (the headless-browser test reads those back). Nothing is fetched: no CDN, no
fonts, no images.

Every drawn datum is an SVG element with class ``mark`` and a ``<title>`` (the browser's
tooltip): one per row of the chart's query, so "points drawn" can be checked against the SQL.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from html import escape
from typing import Any

from chorus.report.model import ReportData, Section, Switch, TierCount, TimelineItem, VolumePoint
from chorus.report.queries import LIFE_EVENTS, SWITCHES, TIMELINE, VALUE_TIERS, VOLUMES, Panel

# Tableau 10: distinguishable, and still readable when printed in grey
PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)
WIDTH = 880  # viewBox width of every chart; the SVG scales to the page
PLOT_HEIGHT = 240
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 12, 44
MAX_X_LABELS = 12

Stack = tuple[str, Sequence[tuple[str, int]]]  # (group label, [(series, value)])


def colours(names: Iterable[str]) -> dict[str, str]:
    """One colour per name, stable for a given set of names (sorted order)."""
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(sorted(set(names)))}


def render_report(data: ReportData) -> str:
    palette = colours(data.channels())
    sections = [
        _section(VOLUMES, data.volumes, lambda: volumes_chart(data.volumes.rows, palette)),
        _section(
            SWITCHES,
            data.switches,
            lambda: switches_chart(data.switches.rows, palette),
            description=SWITCHES.description.format(switch_hours=data.switch_hours),
        ),
        _section(LIFE_EVENTS, data.life_events, lambda: life_events_chart(data)),
        _section(VALUE_TIERS, data.value_tiers, lambda: tiers_chart(data.value_tiers.rows)),
        _section(
            TIMELINE,
            data.timeline,
            lambda: timeline_chart(data.timeline.rows, palette),
            description=_timeline_description(data),
        ),
    ]
    return _PAGE.format(
        style=_STYLE,
        script=_SCRIPT,
        summary=_summary(data),
        sections="\n".join(sections),
    )


def no_data_panel(key: str, reason: str) -> str:
    return (
        f'<div class="no-data" data-chart="{escape(key)}" role="status">'
        f"<strong>No data yet</strong><span>{escape(reason)}</span></div>"
    )


def _section(
    panel: Panel,
    section: Section[Any],
    chart: Callable[[], str],
    description: str | None = None,
) -> str:
    body = (
        chart() if section.has_data else no_data_panel(panel.key, section.missing or "no rows yet")
    )
    return (
        f'<section class="panel" id="{panel.key}">'
        f"<h2>{escape(panel.title)}</h2>"
        f'<p class="desc">{escape(description or panel.description)}</p>'
        f"{body}</section>"
    )


def _summary(data: ReportData) -> str:
    facts = [f"generated {data.generated_at.astimezone().strftime('%Y-%m-%d %H:%M %Z')}"]
    if data.source:
        facts.append(f"from {data.source}")
    if data.volumes.has_data:
        total = sum(p.interactions for p in data.volumes.rows)
        weeks = sorted({p.week for p in data.volumes.rows})
        facts.append(
            f"{total:,} interactions on {len({p.channel for p in data.volumes.rows})} channels, "
            f"weeks of {weeks[0].isoformat()} to {weeks[-1].isoformat()}"
        )
    if data.switches.has_data:
        facts.append(
            f"{sum(s.switches for s in data.switches.rows):,} channel switches within "
            f"{data.switch_hours} h"
        )
    return " · ".join(escape(f) for f in facts)


def _timeline_description(data: ReportData) -> str:
    if data.sample is None:
        return TIMELINE.description
    shown = len(data.timeline.rows)
    return (
        f"Customer {data.sample.customer_id}: {data.sample.entries} interactions on "
        f"{data.sample.channels} channels; {shown} timeline entries shown, oldest first."
    )


# --- charts ----------------------------------------------------------------------------------


def volumes_chart(rows: Sequence[VolumePoint], palette: Mapping[str, str]) -> str:
    weeks = sorted({p.week for p in rows})
    by_week: dict[str, list[tuple[str, int]]] = {w.isoformat(): [] for w in weeks}
    for point in sorted(rows, key=lambda p: (p.week, p.channel)):
        by_week[point.week.isoformat()].append((point.channel, point.interactions))
    return stacked_bars(
        "volumes", list(by_week.items()), palette, unit="interactions", label_prefix="week of "
    )


def life_events_chart(data: ReportData) -> str:
    rows = data.life_events.rows
    months = sorted({r.month for r in rows})
    by_month: dict[str, list[tuple[str, int]]] = {m.strftime("%Y-%m"): [] for m in months}
    for row in sorted(rows, key=lambda r: (r.month, r.life_event)):
        by_month[row.month.strftime("%Y-%m")].append((row.life_event, row.events))
    return stacked_bars(
        "life_events",
        list(by_month.items()),
        colours(r.life_event for r in rows),
        unit="life events",
    )


def stacked_bars(
    key: str,
    stacks: Sequence[Stack],
    palette: Mapping[str, str],
    *,
    unit: str,
    label_prefix: str = "",
) -> str:
    """Vertical bars, one per group, stacked by series; one mark per (group, series) value."""
    top = max((sum(v for _, v in values) for _, values in stacks), default=0)
    scale_max = nice_max(top)
    plot_w = WIDTH - LEFT - RIGHT
    slot = plot_w / max(1, len(stacks))
    bar_w = max(1.0, slot * 0.8)
    every = max(1, math.ceil(len(stacks) / MAX_X_LABELS))
    parts = [_y_grid(scale_max)]
    marks = 0
    for index, (label, values) in enumerate(stacks):
        x = LEFT + index * slot + (slot - bar_w) / 2
        base = 0
        for series, value in values:
            y0 = _y(base, scale_max)
            y1 = _y(base + value, scale_max)
            height = max(y0 - y1, 0.75)  # a tiny value stays visible (and hoverable)
            parts.append(
                f'<rect class="mark" data-series="{escape(series)}" x="{x:.1f}" '
                f'y="{y0 - height:.1f}" width="{bar_w:.1f}" height="{height:.1f}" '
                f'fill="{palette.get(series, PALETTE[0])}">'
                f"<title>{escape(f'{label_prefix}{label} · {series}: {value:,} {unit}')}</title>"
                "</rect>"
            )
            base += value
            marks += 1
        if index % every == 0:
            parts.append(
                f'<text class="x-label" x="{x + bar_w / 2:.1f}" y="{TOP + PLOT_HEIGHT + 16}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    series_names = sorted({s for _, values in stacks for s, _ in values})
    return _figure(key, marks, _svg(parts, TOP + PLOT_HEIGHT + BOTTOM), series_names, palette)


def switches_chart(rows: Sequence[Switch], palette: Mapping[str, str]) -> str:
    """A from-by-to matrix; one cell (mark) per pair that occurred, shaded by its count."""
    sources = sorted({r.from_channel for r in rows})
    targets = sorted({r.to_channel for r in rows})
    top = max(r.switches for r in rows)
    cell_w, cell_h, left, head = 74, 26, 120, 64
    width = left + cell_w * len(targets) + RIGHT
    height = head + cell_h * len(sources) + 8
    parts = [
        f'<text class="axis-title" x="{left - 8}" y="{head - 44}" text-anchor="end">'
        "from ↓ / to →</text>"
    ]
    for column, target in enumerate(targets):
        x = left + column * cell_w + cell_w / 2
        parts.append(
            f'<text class="x-label" x="{x:.1f}" y="{head - 10}" text-anchor="middle">'
            f"{escape(target)}</text>"
        )
    for row_index, source in enumerate(sources):
        y = head + row_index * cell_h
        parts.append(
            f'<text class="y-label" x="{left - 8}" y="{y + cell_h / 2 + 4:.1f}" '
            f'text-anchor="end">{escape(source)}</text>'
        )
        for column in range(len(targets)):
            parts.append(
                f'<rect class="cell-bg" x="{left + column * cell_w + 1}" y="{y + 1}" '
                f'width="{cell_w - 2}" height="{cell_h - 2}"/>'
            )
    for r in rows:
        x = left + targets.index(r.to_channel) * cell_w
        y = head + sources.index(r.from_channel) * cell_h
        strength = 0.15 + 0.85 * r.switches / top
        ink = "#fff" if strength > 0.55 else "#1d2b3a"
        parts.append(
            f'<g class="mark" data-series="{escape(r.from_channel)}">'
            f'<rect x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" height="{cell_h - 2}" '
            f'fill="#2f5d8a" fill-opacity="{strength:.2f}"/>'
            f'<text x="{x + cell_w / 2}" y="{y + cell_h / 2 + 4}" text-anchor="middle" '
            f'fill="{ink}">{r.switches:,}</text>'
            f"<title>{escape(f'{r.from_channel} → {r.to_channel}: {r.switches:,} switches')}"
            "</title></g>"
        )
    return _figure("switches", len(rows), _svg(parts, height, width), [], palette)


def tiers_chart(rows: Sequence[TierCount]) -> str:
    """Horizontal bars, one per tier, in the query's order."""
    scale_max = nice_max(max(r.customers for r in rows))
    left, bar_h, gap = 140, 22, 8
    plot_w = WIDTH - left - RIGHT - 60
    palette = colours(r.tier for r in rows)
    parts = []
    for index, row in enumerate(rows):
        y = TOP + index * (bar_h + gap)
        width = max(plot_w * row.customers / scale_max, 0.75)
        parts.append(
            f'<text class="y-label" x="{left - 8}" y="{y + bar_h / 2 + 4}" '
            f'text-anchor="end">{escape(row.tier)}</text>'
            f'<rect class="mark" data-series="{escape(row.tier)}" x="{left}" y="{y}" '
            f'width="{width:.1f}" height="{bar_h}" fill="{palette[row.tier]}">'
            f"<title>{escape(f'{row.tier}: {row.customers:,} customers')}</title></rect>"
            f'<text class="value" x="{left + width + 6:.1f}" y="{y + bar_h / 2 + 4}">'
            f"{row.customers:,}</text>"
        )
    height = TOP + len(rows) * (bar_h + gap) + 8
    return _figure("value_tiers", len(rows), _svg(parts, height), [], palette)


def timeline_chart(items: Sequence[TimelineItem], palette: Mapping[str, str]) -> str:
    """Swim lanes (one per channel) along time; one dot per timeline entry, then a table."""
    lanes = sorted({i.channel for i in items})
    start = min(i.occurred_at for i in items)
    end = max(i.occurred_at for i in items)
    if end - start < timedelta(hours=1):
        start, end = start - timedelta(minutes=30), end + timedelta(minutes=30)
    span = (end - start).total_seconds()
    left, lane_h = 120, 30
    plot_w = WIDTH - left - RIGHT - 16  # room for the dots at either end
    height = TOP + lane_h * len(lanes) + BOTTOM

    def x_of(moment: datetime) -> float:
        return left + 8 + plot_w * (moment - start).total_seconds() / span

    parts = []
    for index, lane in enumerate(lanes):
        y = TOP + index * lane_h + lane_h / 2
        parts.append(
            f'<line class="lane" x1="{left}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}"/>'
            f'<text class="y-label" x="{left - 8}" y="{y + 4}" text-anchor="end">'
            f"{escape(lane)}</text>"
        )
    for tick, anchor in enumerate(("start", "middle", "middle", "middle", "end")):
        moment = start + (end - start) * tick / 4
        parts.append(
            f'<text class="x-label" x="{x_of(moment):.1f}" y="{height - BOTTOM + 18}" '
            f'text-anchor="{anchor}">{moment.strftime("%Y-%m-%d")}</text>'
        )
    for item in items:
        y = TOP + lanes.index(item.channel) * lane_h + lane_h / 2
        hollow = item.direction == "outbound"
        colour = palette.get(item.channel, PALETTE[0])
        tip = f"{_when(item.occurred_at)} · {item.channel} · {item.summary}"
        parts.append(
            f'<circle class="mark" data-series="{escape(item.channel)}" '
            f'cx="{x_of(item.occurred_at):.1f}" cy="{y}" r="5" '
            f'fill="{"#fff" if hollow else colour}" stroke="{colour}" stroke-width="2">'
            f"<title>{escape(tip)}</title></circle>"
        )
    figure = _figure("timeline", len(items), _svg(parts, height), lanes, palette)
    rows = "".join(
        f"<tr><td>{escape(_when(i.occurred_at))}</td><td>{escape(i.channel)}</td>"
        f"<td>{escape(i.direction)}</td><td>{escape(i.kind)}: {escape(i.type)}</td>"
        f"<td>{escape(i.summary)}</td></tr>"
        for i in items
    )
    table = (
        '<details class="entries"><summary>All entries</summary><table><thead><tr>'
        "<th>when (UTC)</th><th>channel</th><th>direction</th><th>entry</th><th>summary</th>"
        f"</tr></thead><tbody>{rows}</tbody></table></details>"
    )
    return figure + '<p class="note">filled: inbound · hollow: outbound</p>' + table


# --- shared pieces ---------------------------------------------------------------------------


def nice_max(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times 10^n at or above ``value`` (at least 1)."""
    if value <= 1:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return float(step * magnitude)
    return float(10 * magnitude)  # unreachable: 10 × magnitude > value


def _y(value: float, scale_max: float) -> float:
    return TOP + PLOT_HEIGHT * (1 - value / scale_max)


def _y_grid(scale_max: float) -> str:
    lines = []
    for tick in range(5):
        value = scale_max * tick / 4
        y = _y(value, scale_max)
        label = f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"
        lines.append(
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="y-label" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{label}</text>"
        )
    return "".join(lines)


def _svg(parts: Sequence[str], height: float, width: float = WIDTH) -> str:
    return (
        f'<svg viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        f'style="max-width:{width:.0f}px">{"".join(parts)}</svg>'
    )


def _figure(
    key: str, marks: int, svg: str, legend: Sequence[str], palette: Mapping[str, str]
) -> str:
    items = "".join(
        f'<li data-series="{escape(name)}"><span class="swatch" '
        f'style="background:{palette.get(name, PALETTE[0])}"></span>{escape(name)}</li>'
        for name in legend
    )
    legend_html = f'<ul class="legend">{items}</ul>' if items else ""
    return (
        f'<figure class="chart" data-chart="{escape(key)}" data-marks="{marks}">'
        f"{svg}{legend_html}</figure>"
    )


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


_STYLE = """
:root { color-scheme: light; --ink: #1d2b3a; --muted: #5b6b7b; --line: #dde3ea; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: var(--ink); background: #f5f7fa; }
header { padding: 24px 32px 8px; }
h1 { margin: 0 0 4px; font-size: 24px; }
header p { margin: 0; color: var(--muted); }
main { display: grid; gap: 20px; padding: 16px 32px 40px; max-width: 1000px; }
.panel { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; }
.panel h2 { margin: 0; font-size: 17px; }
.desc { margin: 2px 0 12px; color: var(--muted); }
figure { margin: 0; }
svg { width: 100%; height: auto; display: block; font-size: 11px; }
svg .x-label, svg .y-label, svg .axis-title { fill: var(--muted); }
svg .mark text { font-size: 12px; font-weight: 600; }
.grid { stroke: var(--line); }
.lane { stroke: var(--line); stroke-dasharray: 2 3; }
.cell-bg { fill: #f2f4f7; }
.value { fill: var(--ink); }
.axis-title { font-style: italic; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 8px 0 0;
  padding: 0; color: var(--muted); font-size: 12px; }
.legend li { cursor: default; display: flex; align-items: center; gap: 5px; }
.swatch { width: 11px; height: 11px; border-radius: 2px; display: inline-block; }
figure.focus .mark { opacity: 0.15; }
figure.focus .mark.on { opacity: 1; }
.no-data { display: flex; flex-direction: column; gap: 2px; padding: 28px; text-align: center;
  border: 2px dashed var(--line); border-radius: 6px; color: var(--muted); }
.no-data strong { font-size: 16px; color: var(--ink); }
.note { margin: 6px 0 0; color: var(--muted); font-size: 12px; }
details.entries { margin-top: 10px; }
details.entries summary { cursor: pointer; color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin-top: 8px; font-size: 12px; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--line);
  vertical-align: top; }
td:first-child { white-space: nowrap; }
"""

# Plain ES5-style script: runs in any browser that opens the file, no build step.
_SCRIPT = """
(function () {
  "use strict";
  var figures = document.querySelectorAll("figure.chart");
  Array.prototype.forEach.call(figures, function (figure) {
    var drawn = 0;
    Array.prototype.forEach.call(figure.querySelectorAll(".mark"), function (mark) {
      var box = mark.getBoundingClientRect();
      if (box.width > 0 && box.height > 0) { drawn += 1; }
    });
    figure.setAttribute("data-points", String(drawn));
    Array.prototype.forEach.call(figure.querySelectorAll(".legend li"), function (item) {
      var series = item.getAttribute("data-series");
      item.addEventListener("mouseenter", function () {
        figure.classList.add("focus");
        Array.prototype.forEach.call(figure.querySelectorAll(".mark"), function (mark) {
          mark.classList.toggle("on", mark.getAttribute("data-series") === series);
        });
      });
      item.addEventListener("mouseleave", function () { figure.classList.remove("focus"); });
    });
  });
  document.documentElement.setAttribute("data-ready", "1");
})();
"""

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chorus report</title>
<style>{style}</style>
</head>
<body>
<header><h1>Chorus report</h1><p>{summary}</p></header>
<main>
{sections}
</main>
<script>{script}</script>
</body>
</html>
"""
