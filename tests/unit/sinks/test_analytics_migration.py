"""Migration 0005 on a real chdb store: the aggregates its materialized views keep on insert are
exactly what its backfill computes from rows already stored, and applying it again (a crash
before the ledger row) changes nothing. Data: simulated events through the identity stage and
the sink's row functions (bench.analytics_load), so merges are real."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from bench.analytics import catalogue
from bench.analytics_load import load_simulated
from sinks.clickhouse.chdb_store import ChdbStore
from sinks.clickhouse.migrations import available, migrate
from sinks.clickhouse.snapshots import refresh

EVENTS = 2500
COMPARED = {
    "customer_value": "SELECT * EXCEPT (recency_days) FROM {db}.customer_value "
    "ORDER BY customer_id SETTINGS final = 1",
    "customer_current": "SELECT * FROM {db}.customer_current ORDER BY customer_id",
    "daily_volume": "SELECT day, channel, interaction_type, direction, "
    "uniqExactMerge(interactions) FROM {db}.daily_volume GROUP BY ALL ORDER BY ALL",
    "purchases": "SELECT event_id, amount, currency FROM {db}.purchases FINAL ORDER BY event_id",
    "purchase_customers": "SELECT event_id, customer_id FROM {db}.purchase_customers FINAL "
    "ORDER BY event_id",
    "switches": "SELECT * FROM {db}.channel_switches(switch_hours = 24, days = 3650) ORDER BY ALL "
    "SETTINGS final = 1",
    "mix": "SELECT * FROM {db}.customer_channel_mix ORDER BY customer_id, channel",
}


class OtherDatabase:
    """The same chdb session, another database (chdb allows one data path per process)."""

    def __init__(self, store: ChdbStore, database: str) -> None:
        self._store = store
        self.database = database

    def execute(self, sql: str) -> None:
        self._store.execute(sql)

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return self._store.rows(sql)

    def formatted(self, sql: str, fmt: str, params: Mapping[str, str] | None = None) -> bytes:
        return self._store.formatted(sql, fmt, params)

    def insert(self, table: str, columns: Mapping[str, Sequence[Any]]) -> None:
        self._store.insert(table, columns)

    def close(self) -> None:
        pass


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> Iterator[tuple[ChdbStore, OtherDatabase]]:
    """``chorus``: 0005 applied before the data (its views fill the aggregates);
    ``late``: data loaded under 0001-0003, then 0005 applied (its backfill fills them)."""
    store = ChdbStore(Path(tmp_path_factory.mktemp("analytics-migration")))
    try:
        migrate(store)
        load_simulated(store, EVENTS, seed=3, days=30)
        late = OtherDatabase(store, "late")
        late.execute("CREATE DATABASE late")
        for migration in available():
            if migration.version < 5:
                for statement in migration.statements("late"):
                    late.execute(statement)
        load_simulated(late, EVENTS, seed=3, days=30)
        _apply_0005(late)
        for migration in available():
            if migration.version > 5:
                for statement in migration.statements("late"):
                    late.execute(statement)
        # mix and switches fold merges through the snapshots of 0007: as of now in both
        refresh(store)
        refresh(late)
        yield store, late
    finally:
        store.close()


def _apply_0005(store: Any) -> None:
    (analytics,) = [m for m in available() if m.version == 5]
    for statement in analytics.statements(store.database):
        store.execute(statement)


def _answers(store: Any) -> dict[str, list[tuple[Any, ...]]]:
    return {name: store.rows(sql.format(db=store.database)) for name, sql in COMPARED.items()}


def test_the_views_and_the_backfill_agree(stores):
    early, late = stores
    ours = _answers(early)
    assert ours == _answers(late)
    assert len(ours["customer_current"]) > 50, "the simulation merges customers"
    assert {r[1] for r in ours["customer_value"]} == {"most_valuable", "growth", "below_zero"}


def test_applying_it_again_changes_nothing(stores):
    early, _ = stores
    before = _answers(early)
    _apply_0005(early)  # as after a crash between its statements and its ledger row
    assert _answers(early) == before


def test_every_catalogue_query_runs(stores):
    early, _ = stores
    customer = early.rows("SELECT alias FROM customer_aliases LIMIT 1")[0][0]
    for query in catalogue():
        early.rows(query.bind(customer=customer) if query.params else query.sql)


def test_every_catalogue_file_says_what_it_answers():
    for query in catalogue():
        first = query.sql.splitlines()[0]
        assert first.startswith("-- "), query.name
        assert len(query.question) > 40, query.name
        assert query.params <= {"customer"}, query.name
