"""``chorus report``: the analytics report as one self-contained HTML file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from chorus.cli.common import console, err_console, settings
from chorus.query import run_query
from core.errors import ConfigError
from core.safe_text import cell


def report(
    out: Annotated[
        Path,
        typer.Option(
            "--out", "-o", help="The HTML file to write (replaced if it exists).", dir_okay=False
        ),
    ] = Path("chorus-report.html"),
    switch_hours: Annotated[
        int,
        typer.Option(
            min=1,
            help="Two consecutive interactions of a customer on different channels at most "
            "this many hours apart count as a channel switch.",
        ),
    ] = 24,
    customer: Annotated[
        str | None,
        typer.Option(
            help="Customer id (the timeline's customer_id) whose timeline to show "
            "(default: the one with the most channels)."
        ),
    ] = None,
) -> None:
    """Write a self-contained HTML report with charts: channel volumes over time, channel
    switches (from → to), life events by month, value tiers and a sample customer's timeline.

    The data comes from SQL against the configured ClickHouse (the embedded store, also while
    `chorus run` owns it, or a server). Tables that do not exist yet show as "no data yet". The
    file has no external references: open it anywhere, mail it, archive it.
    """
    from chorus.report import Section, collect, render_report
    from chorus.report.queries import STEPS, json_rows

    s = settings()
    source = (
        f"embedded ClickHouse at {s.chdb_dir}"
        if s.uses_embedded_clickhouse
        else "the configured ClickHouse server"
    )
    labels = dict(STEPS)

    def run(sql: str) -> list[dict[str, Any]]:
        return json_rows(run_query(s, sql, "JSON"))

    with err_console.status("querying…") as status:
        data = collect(
            run,
            switch_hours=switch_hours,
            customer=customer,
            source=source,
            on_step=lambda key: status.update(f"querying {labels.get(key, key)}…"),
        )
    html = render_report(data)
    try:
        out.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write {out}: {exc.strerror}") from exc
    sections: dict[str, Section[Any]] = {
        "channel volumes": data.volumes,
        "channel switches": data.switches,
        "life events": data.life_events,
        "value tiers": data.value_tiers,
        "sample timeline": data.timeline,
    }
    empty = [
        f"{name} ({section.missing})" for name, section in sections.items() if not section.rows
    ]
    console.print(
        cell(
            f"wrote {out} ({len(html.encode()) / 1024:.0f} KiB): "
            f"{len(sections) - len(empty)} of {len(sections)} charts with data"
        )
    )
    if empty:
        console.print(cell(f"no data yet: {'; '.join(empty)}"))
