"""Migration 0007 and the snapshot refresh on a real chdb store: a snapshot is the exact view's
answer as of its refresh, stays put while new rows arrive, and catches up on the next refresh;
the refresher thread rebuilds only when something was written."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.analytics_load import load_simulated
from sinks.clickhouse.chdb_store import ChdbStore
from sinks.clickhouse.migrations import migrate
from sinks.clickhouse.snapshots import SNAPSHOTS, SnapshotRefresher, refresh

EVENTS = 1500
# recency_days counts days up to now(): equal unless the test straddles midnight
_VOLATILE = {"customer_value": ["recency_days"]}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Iterator[ChdbStore]:
    store = ChdbStore(Path(tmp_path_factory.mktemp("snapshots")))
    try:
        migrate(store)
        load_simulated(store, EVENTS, seed=5, days=30, batch_id="first")
        yield store
    finally:
        store.close()


def _view(store: ChdbStore, view: str) -> list[tuple[Any, ...]]:
    skip = _VOLATILE.get(view, [])
    columns = f"* EXCEPT ({', '.join(skip)})" if skip else "*"
    return store.rows(f"SELECT {columns} FROM {view} ORDER BY customer_id SETTINGS final = 1")


def _snapshot(store: ChdbStore, table: str, view: str) -> list[tuple[Any, ...]]:
    skip = ", ".join([*_VOLATILE.get(view, []), "refreshed_at"])
    return store.rows(f"SELECT * EXCEPT ({skip}) FROM {table} ORDER BY customer_id")


def _stamp(store: ChdbStore, table: str) -> Any:
    return store.rows(f"SELECT max(refreshed_at) FROM {table}")[0][0]


def test_a_snapshot_is_the_views_answer_until_new_rows_and_catches_up_on_refresh(store):
    refresh(store)
    for snapshot in SNAPSHOTS:
        assert _snapshot(store, snapshot.table, snapshot.source) == _view(store, snapshot.source)
    assert len(_view(store, "customer_current")) > 20, "the simulation merges customers"

    before = {s.table: _snapshot(store, s.table, s.source) for s in SNAPSHOTS}
    stamps = {s.table: _stamp(store, s.table) for s in SNAPSHOTS}
    load_simulated(store, EVENTS, seed=6, days=30, batch_id="second")
    for snapshot in SNAPSHOTS:  # stale until refreshed: the old answer, not a mixture
        assert _snapshot(store, snapshot.table, snapshot.source) == before[snapshot.table]
        assert _view(store, snapshot.source) != before[snapshot.table]

    took = refresh(store)
    assert set(took) == {s.table for s in SNAPSHOTS}
    for snapshot in SNAPSHOTS:
        assert _snapshot(store, snapshot.table, snapshot.source) == _view(store, snapshot.source)
        assert _stamp(store, snapshot.table) > stamps[snapshot.table]


def test_the_migration_and_the_refresh_build_the_same_table(store):
    def shape() -> list[tuple[Any, ...]]:
        return store.rows(
            "SELECT name, engine, sorting_key FROM system.tables WHERE database = 'chorus' "
            "AND name LIKE '%\\_snapshot' ORDER BY name"
        ) + store.rows(
            "SELECT table, name, type FROM system.columns WHERE database = 'chorus' "
            "AND table LIKE '%\\_snapshot' ORDER BY table, position"
        )

    as_migrated = shape()
    assert [r[:3] for r in as_migrated[: len(SNAPSHOTS)]] == sorted(
        (s.table, "MergeTree", s.order_by) for s in SNAPSHOTS
    )
    refresh(store)
    assert shape() == as_migrated


def test_tiers_reach_the_profile_and_complaints_by_tier_reads_the_snapshot(store):
    refresh(store)
    tiers = dict(store.rows("SELECT customer_id, value_tier FROM customer_value_snapshot"))
    profiles = store.rows("SELECT customer_id, value_tier FROM customer_profiles")
    assert profiles and sum(1 for _, tier in profiles if tier is not None) > len(profiles) // 2
    for customer_id, tier in profiles:
        assert tier == tiers.get(customer_id)
    by_tier = store.rows(
        "SELECT value_tier, customers, complaints_total FROM complaints_by_tier ORDER BY value_tier"
    )
    expected = store.rows(
        "SELECT value_tier, count(), sum(complaints) FROM customer_value GROUP BY value_tier "
        "ORDER BY value_tier SETTINGS final = 1"
    )
    assert by_tier == expected


def test_the_refresher_rebuilds_only_after_writes(store):
    writes = 0
    refresher = SnapshotRefresher(store, 0.05, lambda: writes).start()
    try:
        _wait(lambda: refresher.refreshes == 1)  # first tick: never refreshed yet
        time.sleep(0.3)
        assert refresher.refreshes == 1, "nothing was written: no rebuild"
        writes += 1
        _wait(lambda: refresher.refreshes == 2)
        assert set(refresher.last_took) == {s.table for s in SNAPSHOTS}
    finally:
        refresher.stop()
    assert not any(t.name == "snapshots" for t in threading.enumerate())


def _wait(condition: Any, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)
