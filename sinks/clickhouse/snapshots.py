"""Snapshots of the whole-population views, refreshed by the process that owns the store.

``customer_current`` (retired id -> current customer) and ``customer_value`` (measures and tier
per customer) are exact views, but computing them reads every merge record and every
customer's aggregate states: seconds at 10M interactions. Questions over the whole population
(complaints by tier, channel switches, ...) read a copy of each instead, a plain table sorted by
``customer_id`` and stamped with ``refreshed_at``. A refresh rebuilds the copy beside the old one
and swaps it in (``CREATE OR REPLACE TABLE``, atomic on the Atomic database engine of chdb and of
a ClickHouse server), so readers never see a half-built snapshot.

Refreshable materialized views would do this inside ClickHouse, but they need ClickHouse 24.10
and Chorus supports 23.8; so :class:`SnapshotRefresher` (a thread of ``chorus run``) refreshes
every ``CHORUS_SNAPSHOT_SECONDS`` when new rows arrived, and ``chorus db refresh`` does it once.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from core.errors import ChorusError
from sinks.clickhouse.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Snapshot:
    table: str  # the copy
    engine: str
    select: str  # what it holds; {db} is the database

    def refresh_sql(self, database: str) -> str:
        return (
            f"CREATE OR REPLACE TABLE {database}.{self.table} ENGINE = {self.engine} "
            f"AS {self.select.format(db=database)} SETTINGS final = 1"
        )


# In dependency order. The views' joins type customer_id Nullable (it never is NULL), which a
# sort key refuses: assumeNotNull. The columns are the views' plus refreshed_at.
SNAPSHOTS = (
    Snapshot(
        "customer_current_snapshot",
        "MergeTree ORDER BY customer_id",
        "SELECT * REPLACE (assumeNotNull(customer_id) AS customer_id), "
        "now64(3, 'UTC') AS refreshed_at FROM {db}.customer_current",
    ),
    # The same mapping as an in-memory hash table for joinGet: event_customers re-keys millions
    # of rows through it 3x faster than through a JOIN (ClickHouse 26 builds the JOIN's hash
    # table on the bigger side). Persisted by the Join engine, reloaded when the store opens.
    Snapshot(
        "customer_current_lookup",
        "Join(ANY, LEFT, customer_id)",
        "SELECT customer_id, ifNull(current_id, customer_id) AS current_id "
        "FROM {db}.customer_current_snapshot",
    ),
    Snapshot(
        "customer_value_snapshot",
        "MergeTree ORDER BY customer_id",
        "SELECT * REPLACE (assumeNotNull(customer_id) AS customer_id), "
        "now64(3, 'UTC') AS refreshed_at FROM {db}.customer_value",
    ),
)


def refresh_with(execute: Callable[[str], object], database: str) -> dict[str, float]:
    """Rebuild every snapshot now through ``execute`` (a store's, or a query runner's that goes
    through a running pipeline's query server); seconds per snapshot."""
    took: dict[str, float] = {}
    for snapshot in SNAPSHOTS:
        started = time.perf_counter()
        execute(snapshot.refresh_sql(database))
        took[snapshot.table] = round(time.perf_counter() - started, 3)
    return took


def refresh(store: Store) -> dict[str, float]:
    """Rebuild every snapshot of ``store`` now; seconds per snapshot."""
    return refresh_with(store.execute, store.database)


# A refresh is followed by at least this many times its own duration of rest, so that on a big
# store the refresh takes at most 1 / (1 + REST_FACTOR) of a core whatever the interval says.
REST_FACTOR = 4.0


class SnapshotRefresher:
    """Refreshes the snapshots every ``interval_s`` seconds while ``changes()`` moves on.

    ``changes`` is any counter that grows when rows are written (the sink's batch count): an
    idle store is not rebuilt over and over. After a refresh that took T seconds the next one
    waits at least REST_FACTOR x T (10 s at 10M interactions: every 60 s stays 60 s; a store ten
    times bigger is refreshed every ~7 minutes). A refresh that fails is logged and retried at
    the next tick; the pipeline goes on (the snapshots are only as old as ``refreshed_at`` says).
    """

    def __init__(self, store: Store, interval_s: float, changes: Callable[[], int]) -> None:
        self.store = store
        self.interval_s = interval_s
        self.changes = changes
        self.refreshes = 0
        self.last_took: dict[str, float] = {}
        self._seen: int | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()  # one refresh at a time (thread and refresh_now)
        self._thread: threading.Thread | None = None

    def start(self) -> SnapshotRefresher:
        self._thread = threading.Thread(target=self._loop, name="snapshots", daemon=True)
        self._thread.start()
        return self

    def stop(self, *, final: bool = True) -> None:
        """Stop the thread; with ``final``, refresh once more if rows arrived since the last
        refresh, so that a store left behind (after `chorus demo`, a batch) is consistent."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if final and self.changes() != self._seen:
            try:
                self.refresh_now()
            except ChorusError as exc:
                log.warning("the last snapshot refresh failed: %s", exc)

    def refresh_now(self) -> dict[str, float]:
        with self._lock:
            seen = self.changes()
            self.last_took = refresh(self.store)
            self._seen = seen
            self.refreshes += 1
            return self.last_took

    def wait_s(self) -> float:
        """Seconds until the next refresh may run."""
        return max(self.interval_s, REST_FACTOR * sum(self.last_took.values()))

    def _loop(self) -> None:
        while not self._stop.wait(self.wait_s()):
            if self.changes() == self._seen:
                continue
            try:
                took = self.refresh_now()
            except ChorusError as exc:
                log.warning("snapshot refresh failed (retried in %.0f s): %s", self.interval_s, exc)
                continue
            log.info("snapshots refreshed: %s", took)
