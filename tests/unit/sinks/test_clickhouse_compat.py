"""The schema and every shipped query under ClickHouse's ``compatibility = '23.8'`` (we promise a
server >= 23.8; none can be installed here).

What this can and cannot catch: ``compatibility`` only puts back the *defaults of settings* that
changed after 23.8 (e.g. ``output_format_json_quote_64bit_integers = 1``). It does not remove
functions, types, syntax or the new query analyzer (mandatory in chdb's ClickHouse 26.9): a
function added in 23.10 (``arrayFold``) or ``ORDER BY ALL`` (23.12) still run under it. That half
is the manual audit in docs/schema.md ("Compatibility with ClickHouse 23.8"). What it does catch:
features that arrived after 23.8 behind a setting whose default changed since, e.g. correlated
subqueries or lightweight ``UPDATE``, and SQL that depends on a changed default."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bench.analytics import catalogue
from bench.analytics_load import load_simulated
from chorus.report.queries import (
    CHOSEN_CUSTOMER_SQL,
    CUSTOMER_CHOICES_SQL,
    PANELS,
    SAMPLE_CUSTOMER,
    render_sql,
    sql_string,
)
from sinks.clickhouse.chdb_store import ChdbStore
from sinks.clickhouse.migrations import migrate

COMPATIBILITY = "23.8"
# How chdb hands results to the store (Arrow), not the SQL we promise: a server is read through
# clickhouse-driver's native protocol. With 23.8's Date-as-UInt16 in Arrow, chdb 26.9 hangs or
# crashes on about half the runs, and Strings would come back as bytes.
ARROW_TRANSPORT = {
    "output_format_arrow_date_as_uint16": "0",
    "output_format_arrow_string_as_string": "1",
}
SETTINGS_SQL = "SELECT name, value FROM system.settings WHERE name IN ({names})"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Iterator[ChdbStore]:
    """A fresh store whose session runs as 23.8 from before the first migration on."""
    store = ChdbStore(Path(tmp_path_factory.mktemp("compat-23-8")))
    try:
        store.execute(f"SET compatibility = '{COMPATIBILITY}'")
        for name, value in ARROW_TRANSPORT.items():
            store.execute(f"SET {name} = {value}")
        migrate(store)
        # events up to now: the catalogue's "last N days" queries then have rows to work on
        load_simulated(
            store, 300, seed=5, days=30, base_time=datetime.now(UTC) - timedelta(days=30)
        )
        yield store
    finally:
        store.close()


def _settings(store: ChdbStore, *names: str) -> dict[str, str]:
    rows = store.rows(SETTINGS_SQL.format(names=", ".join(sql_string(n) for n in names)))
    return {str(name): str(value) for name, value in rows}


def test_the_session_runs_with_the_23_8_defaults(store):
    # defaults that changed after 23.8: chdb 26.9 has 0 and 1 here
    names = (
        "compatibility",
        "output_format_json_quote_64bit_integers",
        "enable_lightweight_update",
    )
    assert _settings(store, *names) == {
        "compatibility": COMPATIBILITY,
        "output_format_json_quote_64bit_integers": "1",
        "enable_lightweight_update": "0",
    }


def test_every_catalogue_query_runs(store):
    customer = str(store.rows("SELECT alias FROM customer_aliases LIMIT 1")[0][0])
    answered = {}
    for query in catalogue():
        sql = query.bind(customer=customer) if query.params else query.sql
        answered[query.name] = len(store.rows(sql))
    assert answered["daily_volume"] > 0, "the simulated data reaches the aggregates"
    assert answered["customer_timeline"] > 0


def test_every_report_query_runs(store):
    customer = str(store.rows(SAMPLE_CUSTOMER.sql)[0][0])
    for panel in PANELS:
        store.rows(render_sql(panel, customer=customer))
    assert store.rows(CUSTOMER_CHOICES_SQL)
    assert store.rows(CHOSEN_CUSTOMER_SQL.replace("{customer}", sql_string(customer)))
