"""The report's SQL, and turning its results into plain data.

Each panel is one SELECT over Chorus tables. The same text feeds `chorus report` and the Grafana
dashboard in ``deploy/grafana/`` (generated from :data:`PANELS` by :mod:`chorus.report.grafana`),
so the two always show the same numbers. Two placeholders are filled per consumer:

- ``{switch_hours}``: how close two interactions must be to count as a channel switch;
- ``{customer}``: the sample customer, as a quoted SQL string literal.

Every query ends with ``SETTINGS final = 1``: ClickHouse applies ``FINAL`` to every table that
supports it (our ReplacingMergeTree tables, so replays never count twice) and ignores it on
engines that do not, which keeps the SQL valid whatever engine the tables of other teams use.

Tables may not exist yet (``life_events``, ``customer_value_snapshot``: older schemas), so
each panel names the tables and columns it reads; :func:`collect` checks them in
``system.tables`` / ``system.columns`` first and reports a missing one as "no data yet".
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from chorus.report.model import (
    LifeEventCount,
    ReportData,
    SampleCustomer,
    Section,
    Switch,
    TierCount,
    TimelineItem,
    VolumePoint,
)

DEFAULT_SWITCH_HOURS = 24
TIMELINE_LIMIT = 500

#: runs one SELECT and returns its rows as dicts (column name → value, as JSON decoded them)
Runner = Callable[[str], list[dict[str, Any]]]


@dataclass(frozen=True)
class Panel:
    """One chart's query and what it needs to exist."""

    key: str
    title: str
    description: str
    sql: str
    needs: Mapping[str, tuple[str, ...]]  # table → columns


VOLUMES = Panel(
    key="volumes",
    title="Channel volumes over time",
    description="Interactions per channel per week (weeks start on Monday, UTC).",
    sql="""SELECT toStartOfWeek(occurred_at, 1) AS week, channel, count() AS interactions
FROM interactions
GROUP BY week, channel
ORDER BY week, channel
SETTINGS final = 1""",
    needs={"interactions": ("occurred_at", "channel")},
)

# lagInFrame over a two-row frame gives each timeline entry the customer's previous one;
# row_number() > 1 drops each customer's first entry (whose "previous" is the default value).
SWITCHES = Panel(
    key="switches",
    title="Channel switches",
    description=(
        "A customer's consecutive interactions on different channels at most {switch_hours} "
        "hours apart, counted from → to (customers as the timeline identifies them)."
    ),
    sql="""SELECT from_channel, to_channel, count() AS switches
FROM
(
    SELECT
        channel AS to_channel,
        occurred_at,
        lagInFrame(channel) OVER w AS from_channel,
        lagInFrame(occurred_at) OVER w AS previous_at,
        row_number() OVER w AS position
    FROM timeline
    WHERE entry_kind = 'interaction'
    WINDOW w AS (PARTITION BY customer_id ORDER BY occurred_at, entry_id
                 ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
)
WHERE position > 1
  AND from_channel != to_channel
  AND dateDiff('second', previous_at, occurred_at) <= {switch_hours} * 3600
GROUP BY from_channel, to_channel
ORDER BY switches DESC, from_channel, to_channel
SETTINGS final = 1""",
    needs={"timeline": ("customer_id", "occurred_at", "channel", "entry_kind", "entry_id")},
)

LIFE_EVENTS = Panel(
    key="life_events",
    title="Life events by month",
    description="Detected life events per month of detection, by type.",
    sql="""SELECT toStartOfMonth(detected_at) AS month, type AS life_event, count() AS events
FROM life_events
GROUP BY month, life_event
ORDER BY month, life_event
SETTINGS final = 1""",
    needs={"life_events": ("detected_at", "type")},
)

VALUE_TIERS = Panel(
    key="value_tiers",
    title="Customers by value tier",
    description="Distinct customers in each value tier (as of the last snapshot refresh).",
    sql="""SELECT value_tier, uniqExact(customer_id) AS customers
FROM customer_value_snapshot
GROUP BY value_tier
ORDER BY customers DESC, value_tier
SETTINGS final = 1""",
    needs={"customer_value_snapshot": ("value_tier", "customer_id")},
)

# The customer whose timeline shows the most channels (then the most entries): the sample.
SAMPLE_CUSTOMER = Panel(
    key="sample_customer",
    title="Sample customer",
    description="The customer with the most channels in the timeline, then the most entries.",
    sql="""SELECT customer_id, uniqExact(channel) AS channels, count() AS entries
FROM timeline
WHERE entry_kind = 'interaction'
GROUP BY customer_id
ORDER BY channels DESC, entries DESC, customer_id
LIMIT 1
SETTINGS final = 1""",
    needs={"timeline": ("customer_id", "channel", "entry_kind")},
)

# the customers worth a look, best first: the Grafana dashboard offers them as choices
CUSTOMER_CHOICES_SQL = """SELECT customer_id
FROM timeline
WHERE entry_kind = 'interaction'
GROUP BY customer_id
ORDER BY uniqExact(channel) DESC, count() DESC, customer_id
LIMIT 50
SETTINGS final = 1"""

# the same figures for a customer named on the command line
CHOSEN_CUSTOMER_SQL = """SELECT customer_id, uniqExact(channel) AS channels, count() AS entries
FROM timeline
WHERE entry_kind = 'interaction' AND customer_id = {customer}
GROUP BY customer_id
SETTINGS final = 1"""

TIMELINE = Panel(
    key="timeline",
    title="A sample customer's timeline",
    description="Every timeline entry of one customer, oldest first (at most 500).",
    sql=f"""SELECT occurred_at, channel, direction, entry_kind, entry_type, summary
FROM timeline
WHERE customer_id = {{customer}}
ORDER BY occurred_at, entry_id
LIMIT {TIMELINE_LIMIT}
SETTINGS final = 1""",
    needs={
        "timeline": (
            "customer_id",
            "occurred_at",
            "channel",
            "direction",
            "entry_kind",
            "entry_type",
            "summary",
            "entry_id",
        )
    },
)

#: the charts, in the order the report and the dashboard show them
PANELS: tuple[Panel, ...] = (VOLUMES, SWITCHES, LIFE_EVENTS, VALUE_TIERS, TIMELINE)

COLUMNS_SQL = """SELECT table, name
FROM system.columns
WHERE database = currentDatabase() AND table IN ({tables})"""

#: (key, label) of each step of :func:`collect`, for progress displays
STEPS: tuple[tuple[str, str], ...] = (
    ("schema", "checking which tables exist"),
    (VOLUMES.key, "channel volumes"),
    (SWITCHES.key, "channel switches"),
    (LIFE_EVENTS.key, "life events"),
    (VALUE_TIERS.key, "value tiers"),
    (TIMELINE.key, "sample customer's timeline"),
)


def sql_string(value: str) -> str:
    """A ClickHouse string literal (backslash and quote escaped)."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def render_sql(panel: Panel, switch_hours: int = DEFAULT_SWITCH_HOURS, customer: str = "") -> str:
    return panel.sql.replace("{switch_hours}", str(int(switch_hours))).replace(
        "{customer}", sql_string(customer)
    )


def json_rows(raw: bytes) -> list[dict[str, Any]]:
    """Rows of a ClickHouse ``JSON`` format answer (empty for a statement without result)."""
    if not raw.strip():
        return []
    document = json.loads(raw)
    rows: list[dict[str, Any]] = document.get("data", [])
    return rows


def available_columns(run: Runner, tables: Iterable[str]) -> dict[str, set[str]]:
    """Columns of each of ``tables`` that exists in the current database."""
    names = sorted(set(tables))
    found: dict[str, set[str]] = {}
    for row in run(COLUMNS_SQL.format(tables=", ".join(sql_string(t) for t in names))):
        found.setdefault(str(row["table"]), set()).add(str(row["name"]))
    return found


def missing_reason(panel: Panel, columns: Mapping[str, set[str]]) -> str | None:
    """Why ``panel`` cannot be queried yet, or None when everything it reads exists."""
    for table, needed in panel.needs.items():
        if table not in columns:
            return f"table {table} does not exist yet"
        absent = [c for c in needed if c not in columns[table]]
        if absent:
            return f"table {table} has no column {', '.join(absent)} yet"
    return None


def collect(
    run: Runner,
    *,
    switch_hours: int = DEFAULT_SWITCH_HOURS,
    customer: str | None = None,
    generated_at: datetime | None = None,
    source: str = "",
    on_step: Callable[[str], None] | None = None,
) -> ReportData:
    """Run every panel's SQL through ``run`` and return the report's plain data."""

    def step(key: str) -> None:
        if on_step is not None:
            on_step(key)

    step("schema")
    columns = available_columns(run, (t for p in (*PANELS, SAMPLE_CUSTOMER) for t in p.needs))

    def section(panel: Panel, convert: Callable[[dict[str, Any]], Any], **values: Any) -> Any:
        step(panel.key)
        reason = missing_reason(panel, columns)
        if reason is not None:
            return Section(missing=reason)
        rows = tuple(convert(row) for row in run(render_sql(panel, switch_hours, **values)))
        return Section(rows=rows, missing=None if rows else "no rows yet")

    volumes = section(VOLUMES, _volume)
    switches = section(SWITCHES, _switch)
    life_events = section(LIFE_EVENTS, _life_event)
    value_tiers = section(VALUE_TIERS, _tier)
    sample = _sample_customer(run, columns, customer)
    if sample is None:
        step(TIMELINE.key)
        reason = missing_reason(TIMELINE, columns) or "no customer in the timeline yet"
        timeline: Section[TimelineItem] = Section(missing=reason)
    else:
        timeline = section(TIMELINE, _timeline_item, customer=sample.customer_id)
    return ReportData(
        generated_at=generated_at or datetime.now(UTC),
        source=source,
        switch_hours=switch_hours,
        volumes=volumes,
        switches=switches,
        life_events=life_events,
        value_tiers=value_tiers,
        sample=sample,
        timeline=timeline,
    )


def _sample_customer(
    run: Runner, columns: Mapping[str, set[str]], customer: str | None
) -> SampleCustomer | None:
    if missing_reason(SAMPLE_CUSTOMER, columns) is not None:
        return None
    if customer is not None:
        rows = run(CHOSEN_CUSTOMER_SQL.replace("{customer}", sql_string(customer)))
        if not rows:
            return SampleCustomer(customer_id=customer, channels=0, entries=0)
    else:
        rows = run(SAMPLE_CUSTOMER.sql)
        if not rows:
            return None
    row = rows[0]
    return SampleCustomer(
        customer_id=str(row["customer_id"]),
        channels=int(row["channels"]),
        entries=int(row["entries"]),
    )


# ClickHouse's JSON output quotes 64-bit integers by default (a server does, chdb does not):
# int() takes both.


def _volume(row: dict[str, Any]) -> VolumePoint:
    return VolumePoint(_date(row["week"]), str(row["channel"]), int(row["interactions"]))


def _switch(row: dict[str, Any]) -> Switch:
    return Switch(str(row["from_channel"]), str(row["to_channel"]), int(row["switches"]))


def _life_event(row: dict[str, Any]) -> LifeEventCount:
    return LifeEventCount(_date(row["month"]), str(row["life_event"]), int(row["events"]))


def _tier(row: dict[str, Any]) -> TierCount:
    return TierCount(str(row["value_tier"]), int(row["customers"]))


def _timeline_item(row: dict[str, Any]) -> TimelineItem:
    return TimelineItem(
        occurred_at=_datetime(row["occurred_at"]),
        channel=str(row["channel"]),
        direction=str(row["direction"]),
        kind=str(row["entry_kind"]),
        type=str(row["entry_type"]),
        summary=str(row["summary"]),
    )


def _date(value: Any) -> date:
    return date.fromisoformat(str(value)[:10])


def _datetime(value: Any) -> datetime:
    """ClickHouse's ``YYYY-MM-DD hh:mm:ss[.fff]`` in UTC (our columns are all UTC)."""
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
