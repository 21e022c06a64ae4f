"""The report's SQL on a real chdb store (current migrations, rows from the sink's row code),
and the plain data it becomes."""

from __future__ import annotations

from datetime import date

import pytest

from chorus.report.model import LifeEventCount, SampleCustomer, Switch, TierCount, VolumePoint
from chorus.report.queries import collect, missing_reason, sql_string
from chorus.report.render import render_report
from tests.unit.report.helpers import Charts, loaded_store, runner

WEEK = date(2026, 3, 2)


@pytest.fixture
def store(tmp_path):
    store = loaded_store(tmp_path / "ch")
    try:
        yield store
    finally:
        store.close()


def test_volumes_per_week_and_channel(store):
    data = collect(runner(store))
    assert set(data.volumes.rows) == {
        VolumePoint(WEEK, "web", 3),
        VolumePoint(WEEK, "email", 2),
        VolumePoint(WEEK, "chat", 1),
        VolumePoint(WEEK, "sms", 1),
        VolumePoint(WEEK, "store", 1),
        VolumePoint(date(2026, 3, 9), "web", 1),
    }


def test_switches_within_the_window_count_once_despite_replays(store):
    data = collect(runner(store), switch_hours=24)
    assert set(data.switches.rows) == {
        Switch("web", "email", 1),
        Switch("chat", "web", 1),
        Switch("sms", "web", 1),
    }


def test_a_wider_window_takes_slower_switches(store):
    data = collect(runner(store), switch_hours=48)
    assert Switch("email", "chat", 1) in data.switches.rows
    assert sum(s.switches for s in data.switches.rows) == 4


def test_sample_customer_has_the_most_channels(store):
    data = collect(runner(store))
    assert data.sample == SampleCustomer("alice", 3, 5)
    assert [i.channel for i in data.timeline.rows] == ["web", "email", "email", "chat", "web"]
    assert data.timeline.rows[2].direction == "outbound"


def test_a_chosen_customer(store):
    data = collect(runner(store), customer="bob")
    assert data.sample == SampleCustomer("bob", 2, 3)
    assert len(data.timeline.rows) == 3


def test_an_unknown_customer_is_no_data_not_an_error(store):
    data = collect(runner(store), customer="nobody's 'quoted' name")
    assert data.sample == SampleCustomer("nobody's 'quoted' name", 0, 0)
    assert data.timeline.missing == "no rows yet"


def test_tables_not_built_yet_are_no_data(store):
    data = collect(runner(store))
    assert data.life_events.missing == "no rows yet"  # the table exists (0004), still empty
    charts = Charts(render_report(data))
    assert set(charts.no_data) == {"life_events"}
    assert charts.marks == {"volumes": 6, "switches": 3, "value_tiers": 2, "timeline": 5}


def test_value_tiers_come_from_the_customer_value_snapshot_of_migration_0007(store):
    data = collect(runner(store))
    assert data.value_tiers.rows == (TierCount("growth", 2), TierCount("below_zero", 1))


def test_life_events_once_the_stream_detected_some(store):
    """Rows in the life_events table of migration 0004."""
    db = store.database
    store.execute(
        f"INSERT INTO {db}.life_events (customer_id, type, detected_at, detection_id, version)"
        " VALUES ('alice', 'marriage', '2026-01-05 10:00:00', 'd1', 1), "
        "('alice', 'marriage', '2026-01-05 10:00:00', 'd1', 1), "
        "('bob', 'moving', '2026-02-01 00:00:00', 'd2', 1),"
        " ('bob', 'new_job', '2026-02-27', 'd3', 1)"
    )
    data = collect(runner(store))
    assert data.life_events.rows == (
        LifeEventCount(date(2026, 1, 1), "marriage", 1),
        LifeEventCount(date(2026, 2, 1), "moving", 1),
        LifeEventCount(date(2026, 2, 1), "new_job", 1),
    )


def test_a_table_without_the_columns_is_no_data(store):
    db = store.database
    store.execute(f"DROP TABLE {db}.customer_value_snapshot")  # the table of 0007
    store.execute(f"CREATE TABLE {db}.customer_value_snapshot (x UInt8) ENGINE = Memory")
    data = collect(runner(store))
    assert (
        data.value_tiers.missing
        == "table customer_value_snapshot has no column value_tier, customer_id yet"
    )


def test_an_empty_table_is_no_data(store):
    assert collect(runner(store)).life_events.missing == "no rows yet"  # 0004's, empty


def test_an_empty_database_is_all_no_data(tmp_path):
    from sinks.clickhouse.chdb_store import ChdbStore

    store = ChdbStore(tmp_path / "empty")
    try:
        data = collect(runner(store))
    finally:
        store.close()
    assert data.volumes.missing == "table interactions does not exist yet"
    assert data.sample is None
    assert data.timeline.missing == "table timeline does not exist yet"


def test_server_style_quoted_integers_and_progress_steps():
    """A ClickHouse server quotes 64-bit integers in JSON; collect() reports each step."""
    steps: list[str] = []

    def run(sql: str):
        if "system.columns" in sql:
            return [{"table": "interactions", "name": c} for c in ("occurred_at", "channel")]
        return [{"week": "2026-03-02", "channel": "web", "interactions": "12"}]

    data = collect(run, on_step=steps.append)
    assert data.volumes.rows == (VolumePoint(WEEK, "web", 12),)
    assert steps == ["schema", "volumes", "switches", "life_events", "value_tiers", "timeline"]
    assert data.switches.missing == "table timeline does not exist yet"


def test_sql_string_escapes_quotes_and_backslashes(store):
    value = "a'b\\c"
    assert store.rows(f"SELECT {sql_string(value)}") == [(value,)]


def test_missing_reason_names_the_first_gap():
    from chorus.report.queries import VOLUMES

    assert missing_reason(VOLUMES, {}) == "table interactions does not exist yet"
    assert missing_reason(VOLUMES, {"interactions": {"occurred_at", "channel"}}) is None
