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

from chorus.errors import ChorusError
from sinks.clickhouse.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Snapshot:
    table: str  # the copy
    source: str  # the exact view it copies
    order_by: str

    def refresh_sql(self, database: str) -> str:
        # the snapshot's columns are the view's plus refreshed_at: the view is their only source;
        # the key is never NULL, but the views' joins type it Nullable, which a sort key refuses
        return (
            f"CREATE OR REPLACE TABLE {database}.{self.table} "
            f"ENGINE = MergeTree ORDER BY {self.order_by} "
            f"AS SELECT * REPLACE (assumeNotNull({self.order_by}) AS {self.order_by}), "
            f"now64(3, 'UTC') AS refreshed_at FROM {database}.{self.source} "
            "SETTINGS final = 1"
        )


# In dependency order (none today: customer_value folds ids through the exact customer_current).
SNAPSHOTS = (
    Snapshot("customer_current_snapshot", "customer_current", "customer_id"),
    Snapshot("customer_value_snapshot", "customer_value", "customer_id"),
)


def refresh(store: Store) -> dict[str, float]:
    """Rebuild every snapshot now; seconds per snapshot."""
    took: dict[str, float] = {}
    for snapshot in SNAPSHOTS:
        started = time.perf_counter()
        store.execute(snapshot.refresh_sql(store.database))
        took[snapshot.table] = round(time.perf_counter() - started, 3)
    return took


class SnapshotRefresher:
    """Refreshes the snapshots every ``interval_s`` seconds while ``changes()`` moves on.

    ``changes`` is any counter that grows when rows are written (the sink's batch count): an
    idle store is not rebuilt over and over. A refresh that fails is logged and retried at the
    next tick; the pipeline goes on (the snapshots are only as old as ``refreshed_at`` says).
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

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def refresh_now(self) -> dict[str, float]:
        with self._lock:
            seen = self.changes()
            self.last_took = refresh(self.store)
            self._seen = seen
            self.refreshes += 1
            return self.last_took

    def _loop(self) -> None:
        while not self._stop.wait(self.interval_s):
            if self.changes() == self._seen:
                continue
            try:
                took = self.refresh_now()
            except ChorusError as exc:
                log.warning("snapshot refresh failed (retried in %.0f s): %s", self.interval_s, exc)
                continue
            log.info("snapshots refreshed: %s", took)
