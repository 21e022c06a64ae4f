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

from bench.analytics import catalogue
from bench.analytics_load import load_simulated
from sinks.clickhouse.chdb_store import ChdbStore
from sinks.clickhouse.migrations import migrate
from sinks.clickhouse.snapshots import SNAPSHOTS, SnapshotRefresher, refresh

EVENTS = 1500
# recency_days counts days up to now(): equal unless the test straddles midnight
_VOLATILE = {"customer_value": ["recency_days"]}
COPIES = {
    "customer_current_snapshot": "customer_current",
    "customer_value_snapshot": "customer_value",
}


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


def _lookup(store: ChdbStore) -> list[tuple[Any, ...]]:
    """customer_current through the Join table's joinGet, as event_customers reads it."""
    return store.rows(
        "SELECT customer_id, joinGet('chorus.customer_current_lookup', 'current_id', customer_id)"
        " FROM customer_current ORDER BY customer_id"
    )


def _current(store: ChdbStore) -> list[tuple[Any, ...]]:
    return store.rows(
        "SELECT customer_id, ifNull(current_id, customer_id) FROM customer_current "
        "ORDER BY customer_id"
    )


def test_a_snapshot_is_the_views_answer_until_new_rows_and_catches_up_on_refresh(store):
    refresh(store)
    for table, view in COPIES.items():
        assert _snapshot(store, table, view) == _view(store, view)
    assert _lookup(store) == _current(store)
    assert len(_current(store)) > 20, "the simulation merges customers"

    before = {table: _snapshot(store, table, view) for table, view in COPIES.items()}
    stamps = {table: _stamp(store, table) for table in COPIES}
    load_simulated(store, EVENTS, seed=6, days=30, batch_id="second")
    for table, view in COPIES.items():  # stale until refreshed: the old answer, not a mixture
        assert _snapshot(store, table, view) == before[table]
        assert _view(store, view) != before[table]
    assert _lookup(store) != _current(store)

    took = refresh(store)
    assert set(took) == {s.table for s in SNAPSHOTS}
    for table, view in COPIES.items():
        assert _snapshot(store, table, view) == _view(store, view)
        assert _stamp(store, table) > stamps[table]
    assert _lookup(store) == _current(store)


def test_the_migration_and_the_refresh_build_the_same_table(store):
    names = ", ".join(f"'{s.table}'" for s in SNAPSHOTS)

    def shape() -> list[tuple[Any, ...]]:
        return store.rows(
            "SELECT name, engine_full FROM system.tables WHERE database = 'chorus' "
            f"AND name IN ({names}) ORDER BY name"
        ) + store.rows(
            "SELECT table, name, type FROM system.columns WHERE database = 'chorus' "
            f"AND table IN ({names}) ORDER BY table, position"
        )

    as_migrated = shape()
    assert [r[0] for r in as_migrated[: len(SNAPSHOTS)]] == sorted(s.table for s in SNAPSHOTS)
    refresh(store)
    assert shape() == as_migrated


def test_event_customers_re_keys_through_the_lookup_as_the_exact_view_does(store):
    refresh(store)
    sql = (
        "SELECT event_id, customer_id, recorded_customer_id FROM {} "
        "ORDER BY event_id, recorded_customer_id SETTINGS final = 1"
    )
    fast = store.rows(sql.format("event_customers"))
    assert fast == store.rows(sql.format("event_customers_exact"))
    assert sum(1 for _, now, then in fast if now != then) > 20, "merged ids are re-keyed"


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


def test_a_slow_refresh_spaces_the_next_ones_out(store):
    refresher = SnapshotRefresher(store, 60.0, lambda: 0)
    assert refresher.wait_s() == 60.0
    refresher.last_took = {"customer_current_snapshot": 5.0, "customer_value_snapshot": 20.0}
    assert refresher.wait_s() == 100.0  # REST_FACTOR x 25 s: at most a fifth of a core


def _timeline(store: ChdbStore, name: str, customer: str) -> list[tuple[Any, ...]]:
    (query,) = [q for q in catalogue() if q.name == name]
    return store.rows(query.bind(customer=customer))


def _retired_with_rows(store: ChdbStore, batch_id: str) -> list[str]:
    return [
        str(r[0])
        for r in store.rows(
            "SELECT DISTINCT alias FROM customer_aliases WHERE alias IN (SELECT customer_id FROM "
            f"timeline WHERE batch_id = '{batch_id}') ORDER BY alias LIMIT 15"
        )
    ]


def test_the_fast_timeline_equals_the_exact_one_once_refreshed(store):
    refresh(store)
    first = _retired_with_rows(store, "first")
    assert len(first) >= 5
    survivors = {str(r[0]) for r in store.rows("SELECT current_id FROM customer_current")}
    for customer in [*first, *sorted(survivors)[:10], "c_0000000000000000"]:
        exact = _timeline(store, "customer_timeline_exact", customer)
        assert _timeline(store, "customer_timeline", customer) == exact, customer

    # merges after the refresh: the exact query follows them at once, the fast one after the
    # next refresh (until then a new retired id shows only its own rows)
    load_simulated(store, EVENTS, seed=9, days=30, batch_id="late")
    late = _retired_with_rows(store, "late")
    assert late
    lagging = [
        c
        for c in late
        if _timeline(store, "customer_timeline", c)
        != _timeline(store, "customer_timeline_exact", c)
    ]
    assert lagging, "a merge the snapshot has not seen yet"
    refresh(store)
    for customer in late:
        exact = _timeline(store, "customer_timeline_exact", customer)
        assert len(exact) > 1
        assert _timeline(store, "customer_timeline", customer) == exact, customer
