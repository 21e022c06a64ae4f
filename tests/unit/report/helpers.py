"""Plain report data and a real chdb store with known rows, for the report's unit tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
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
from chorus.report.queries import json_rows
from processors.timeline import interaction_entry
from sinks.clickhouse.chdb_store import ChdbStore
from sinks.clickhouse.migrations import migrate
from sinks.clickhouse.rows import ColumnBatch, Position, interaction_row, timeline_row
from sinks.clickhouse.snapshots import refresh
from tests.unit.factories import NOW, interaction

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday

# (customer, channel, direction, hours after T0): consecutive interactions per customer
JOURNEYS: list[tuple[str, str, str, float]] = [
    ("alice", "web", "inbound", 0),
    ("alice", "email", "inbound", 1),  # web → email within 1 h
    ("alice", "email", "outbound", 2),  # same channel: no switch
    ("alice", "chat", "inbound", 50),  # 48 h after the e-mail: a switch only for windows ≥ 48 h
    ("alice", "web", "inbound", 51),  # chat → web
    ("bob", "sms", "outbound", 0),
    ("bob", "web", "inbound", 3),  # sms → web
    ("bob", "web", "inbound", 200),  # next week
    ("carol", "store", "inbound", 10),  # one interaction only: never a switch
]


def journey_records() -> list[tuple[str, dict[str, Any]]]:
    records = []
    for n, (customer, channel, direction, hours) in enumerate(JOURNEYS):
        at = T0 + timedelta(hours=hours)
        record = interaction(
            event_id=f"{channel}:e{n}",
            occurred_at=at,
            received_at=at,
            channel=channel,
            direction=direction,
            interaction_type="message",
            text=f"message {n} from {customer}",
        )
        records.append((customer, record))
    return records


def loaded_store(path: Path) -> ChdbStore:
    """A chdb store with the current migrations and the JOURNEYS, through the sink's row code."""
    store = ChdbStore(path)
    migrate(store)
    interactions, timeline = ColumnBatch("interactions"), ColumnBatch("timeline")
    for offset, (customer, record) in enumerate(journey_records()):
        interactions.add(interaction_row(record, Position("i", 0, offset), NOW))
        entry = interaction_entry(record, customer)
        timeline.add(timeline_row(entry, Position("t", 0, offset), NOW))
    store.insert(f"{store.database}.interactions", interactions.columns())
    store.insert(f"{store.database}.timeline", timeline.columns())
    # a replay of the first rows (at-least-once upstream) must not count twice
    again = ColumnBatch("timeline")
    for offset, (customer, record) in enumerate(journey_records()[:3]):
        again.add(timeline_row(interaction_entry(record, customer), Position("t", 0, offset), NOW))
    store.insert(f"{store.database}.timeline", again.columns())
    refresh(store)  # the value tiers come from customer_value_snapshot, as `chorus run` keeps it
    return store


def runner(store: ChdbStore):
    return lambda sql: json_rows(store.formatted(sql, "JSON"))


def sample_data(**overrides: Any) -> ReportData:
    week = date(2026, 3, 2)
    values: dict[str, Any] = {
        "generated_at": datetime(2026, 3, 20, 12, 0, tzinfo=UTC),
        "source": "test",
        "switch_hours": 24,
        "volumes": Section(
            rows=(
                VolumePoint(week, "web", 10),
                VolumePoint(week, "email", 4),
                VolumePoint(week + timedelta(days=7), "web", 7),
            )
        ),
        "switches": Section(rows=(Switch("web", "email", 3), Switch("sms", "web", 1))),
        "life_events": Section(
            rows=(
                LifeEventCount(date(2026, 1, 1), "marriage", 2),
                LifeEventCount(date(2026, 2, 1), "moving", 1),
                LifeEventCount(date(2026, 2, 1), "new_job", 4),
            )
        ),
        "value_tiers": Section(rows=(TierCount("gold", 5), TierCount("silver", 12))),
        "sample": SampleCustomer("alice", 3, 4),
        "timeline": Section(
            rows=tuple(
                TimelineItem(T0 + timedelta(hours=h), ch, d, "interaction", "message", s)
                for h, ch, d, s in (
                    (0, "web", "inbound", "hello"),
                    (1, "email", "inbound", "re: hello"),
                    (2, "email", "outbound", "answer"),
                    (50, "chat", "inbound", "</script><script>alert(1)</script>"),
                )
            )
        ),
    }
    values.update(overrides)
    return ReportData(**values)


class Charts(HTMLParser):
    """Marks per chart (``figure[data-chart]``) and the "no data yet" panels of a page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.marks: dict[str, int] = {}
        self.declared: dict[str, int] = {}
        self.no_data: dict[str, str] = {}
        self._figure: str | None = None
        self._no_data: str | None = None
        self.scripts = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if tag == "script":
            self.scripts += 1
        if tag == "figure" and "chart" in classes:
            self._figure = found["data-chart"]
            self.marks[self._figure] = 0
            self.declared[self._figure] = int(found["data-marks"] or -1)
        elif self._figure is not None and "mark" in classes:
            self.marks[self._figure] += 1
        if "no-data" in classes:
            self._no_data = found["data-chart"]
            self.no_data[self._no_data] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "figure" and self._figure is not None:
            self._figure = None
        if tag == "div" and self._no_data is not None:
            self._no_data = None

    def handle_data(self, data: str) -> None:
        if self._no_data is not None:
            self.no_data[self._no_data] += data
