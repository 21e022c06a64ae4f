"""`chorus report` on real demo data (real broker, Faust, chdb), opened in headless Chromium.

The page's script counts each chart's visibly drawn marks into ``data-points``; the test reads
them back from the DOM after the script ran and compares them with what the same SQL returns
through `chorus query`, and requires a console free of messages and errors.
"""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from chorus.report.queries import (
    LIFE_EVENTS,
    SAMPLE_CUSTOMER,
    SWITCHES,
    TIMELINE,
    VALUE_TIERS,
    VOLUMES,
    render_sql,
)
from chorus.report.render import render_report
from tests.integration.test_cli import _chorus
from tests.unit.report.helpers import sample_data

pytestmark = pytest.mark.integration

CHROMIUM = "/usr/bin/chromium"
SWITCH_HOURS = 72
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
)


class Rendered(HTMLParser):
    """What the DOM says after the page's script ran."""

    def __init__(self, dom: str) -> None:
        super().__init__()
        self.ready = False
        self.points: dict[str, int | None] = {}
        self.no_data: set[str] = set()
        self.feed(dom)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if tag == "html":
            self.ready = found.get("data-ready") == "1"
        if tag == "figure" and "chart" in classes:
            points = found.get("data-points")
            self.points[str(found["data-chart"])] = int(points) if points is not None else None
        if "no-data" in classes:
            self.no_data.add(str(found["data-chart"]))


def open_in_chromium(page: Path, profile: Path) -> tuple[Rendered, list[str]]:
    """The DOM after load, and every console message (log, warning, error, uncaught)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run `bash deploy/install-chromium.sh` (make test does)"
        )
    result = subprocess.run(
        [
            CHROMIUM,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            "--dump-dom",
            page.resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    # Chromium logs each console message as "...:INFO:CONSOLE:<line>] "<text>", source: ..."
    console = [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
    return Rendered(result.stdout), console


def _rows(sql: str, env: dict[str, str]) -> list[dict[str, object]]:
    result = _chorus("query", sql, "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_report_of_demo_data_renders_every_chart_in_a_browser(
    kafka_bootstrap, topic_prefix, tmp_path
):
    env = {
        "CHORUS_STATE_DIR": str(tmp_path / "state"),
        "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
        "CHORUS_TOPIC_PREFIX": topic_prefix,
        "CHORUS_QUERY_HTTP_PORT": "0",
    }
    demo = _chorus("demo", "--events", "3000", "--json", env=env)
    assert demo.returncode == 0, demo.stderr[-3000:]
    stored = json.loads(demo.stdout.strip().splitlines()[-1])["stored"]["interactions"]

    page = tmp_path / "report.html"
    result = _chorus(
        "report", "--out", str(page), "--switch-hours", str(SWITCH_HOURS), env=env, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"wrote {page}" in " ".join(result.stdout.split())
    assert "5 of 5 charts with data" in result.stdout

    # what the charts must show, straight from the store through `chorus query`
    volumes = _rows(render_sql(VOLUMES), env)
    assert sum(int(str(r["interactions"])) for r in volumes) == stored
    switches = _rows(render_sql(SWITCHES, SWITCH_HOURS), env)
    assert switches, "the demo's journeys have channel switches within 72 hours"
    sample = _rows(SAMPLE_CUSTOMER.sql, env)[0]
    timeline = _rows(render_sql(TIMELINE, customer=str(sample["customer_id"])), env)
    life_events = _rows(render_sql(LIFE_EVENTS), env)
    assert life_events, "the demo's journeys have life events the stream detects"
    tiers = _rows(render_sql(VALUE_TIERS), env)  # refreshed when the demo's pipeline stopped
    assert {str(r["value_tier"]) for r in tiers} <= {"most_valuable", "growth", "below_zero"}
    assert str(sample["customer_id"]) in page.read_text(encoding="utf-8")

    rendered, console = open_in_chromium(page, tmp_path / "profile")
    assert console == [], console
    assert rendered.ready, "the page's script did not finish"
    assert rendered.points == {
        "volumes": len(volumes),
        "switches": len(switches),
        "life_events": len(life_events),
        "value_tiers": len(tiers),
        "timeline": len(timeline),
    }
    assert rendered.no_data == set()


def test_the_browser_check_catches_a_broken_page(tmp_path):
    """The check above can fail: a script error leaves no data-points and shows in the console."""
    html = render_report(sample_data())
    good = tmp_path / "good.html"
    good.write_text(html, encoding="utf-8")
    rendered, console = open_in_chromium(good, tmp_path / "profile-good")
    assert console == []
    assert rendered.ready
    assert rendered.points == {
        "volumes": 3,
        "switches": 2,
        "life_events": 3,
        "value_tiers": 2,
        "timeline": 4,
    }

    broken = tmp_path / "broken.html"
    broken.write_text(
        re.sub(r'"use strict";', '"use strict"; undefinedFunction();', html, count=1),
        encoding="utf-8",
    )
    rendered, console = open_in_chromium(broken, tmp_path / "profile-broken")
    assert any("undefinedFunction" in line for line in console), console
    assert not rendered.ready
    assert set(rendered.points.values()) == {None}

    # a chart whose marks collapse to nothing is caught too (drawn, not just present)
    hidden = tmp_path / "hidden.html"
    hidden.write_text(html.replace("</style>", ".mark { display: none; }</style>"), "utf-8")
    rendered, _ = open_in_chromium(hidden, tmp_path / "profile-hidden")
    assert set(rendered.points.values()) == {0}


def test_report_goes_over_http_while_another_process_owns_the_store(tmp_path):
    """Like `chorus run`: this process owns chdb and serves it; `chorus report` asks over HTTP."""
    from sinks.clickhouse.http_server import QueryServer
    from tests.unit.report.helpers import Charts, loaded_store

    state = tmp_path / "state"
    store = loaded_store(tmp_path / "owned")  # not state/clickhouse: only HTTP reaches it
    server = QueryServer(store, "127.0.0.1", 0, state / "query-server.json").start()
    try:
        page = tmp_path / "report.html"
        result = _chorus("report", "--out", str(page), env={"CHORUS_STATE_DIR": str(state)})
    finally:
        server.stop()
        store.close()
    assert result.returncode == 0, result.stderr
    charts = Charts(page.read_text(encoding="utf-8"))
    assert charts.marks == {"volumes": 6, "switches": 3, "value_tiers": 2, "timeline": 5}
    assert set(charts.no_data) == {"life_events"}


def test_unwritable_out_is_one_clear_line(tmp_path):
    env = {"CHORUS_STATE_DIR": str(tmp_path / "state")}
    result = _chorus("report", "--out", str(tmp_path / "no" / "such" / "dir.html"), env=env)
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: cannot write"), result.stderr
