"""DriverStore against a real ClickHouse server: Debian's clickhouse-server 18.16.

18.16 (2018) lacks DateTime64, Map and LowCardinality, so these tests check the backend's
mechanics on simple types, not Chorus's schema: connecting, creating the database, batch
inserts, output formats (compared with the server's own HTTP output), error mapping and
reconnecting after a restart. One private server (ports 19000/18124) serves the module; each
test works in a database of its own.

Without the binary the tests are skipped, or fail when ``CI`` is set: install it with
``deploy/install-clickhouse-server.sh``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import time
import uuid
from collections.abc import Iterator
from decimal import Decimal

import pytest

from core.errors import ConfigError, QueryError, UnavailableError
from core.settings import load_settings
from sinks.clickhouse.driver_store import DriverStore
from tests.integration.clickhouse_server import ClickHouseServer, find_server_command

pytestmark = [pytest.mark.server, pytest.mark.integration]

UTC = dt.UTC


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClickHouseServer]:
    command = find_server_command()
    if command is None:
        message = (
            "clickhouse-server is not installed (looked on PATH and in /usr/sbin); "
            "run deploy/install-clickhouse-server.sh"
        )
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    instance = ClickHouseServer(tmp_path_factory.mktemp("clickhouse-server"), command=command)
    instance.start()
    try:
        yield instance
    finally:
        instance.stop()


@pytest.fixture
def database() -> str:
    return f"chorus_test_{uuid.uuid4().hex[:12]}"


@pytest.fixture
def store(server: ClickHouseServer, database: str) -> Iterator[DriverStore]:
    if not server.running:  # a failed restart test must not take the others down with it
        server.start()
    settings = load_settings(clickhouse_url=server.url(database))
    with DriverStore.from_settings(settings, retry_backoff_s=0.05) as instance:
        yield instance


def _databases(server: ClickHouseServer) -> set[str]:
    return set(server.http_query("SELECT name FROM system.databases").decode().split())


EVENTS_DDL = """
    CREATE TABLE {db}.events (
        id UInt64,
        name String,
        ts DateTime('UTC'),
        note Nullable(String)
    ) ENGINE = MergeTree ORDER BY id
"""


def _events(n: int) -> dict[str, list[object]]:
    start = dt.datetime(2024, 5, 1, tzinfo=UTC)
    return {
        "id": list(range(n)),
        "name": [f"客户-{i}\t'{i}'" for i in range(n)],
        "ts": [start + dt.timedelta(seconds=i) for i in range(n)],
        "note": [None if i % 3 == 0 else f"note {i}" for i in range(n)],
    }


# --- connecting --------------------------------------------------------------------------------


def test_server_is_the_old_debian_one(store: DriverStore) -> None:
    (version,) = store.rows("SELECT version()")[0]
    assert str(version).startswith(("18.", "19.", "2")), version


def test_first_call_creates_the_database(server: ClickHouseServer, store: DriverStore) -> None:
    assert store.database not in _databases(server)
    assert store.rows("SELECT currentDatabase()") == [(store.database,)]
    assert store.database in _databases(server)
    store.ensure_database()  # idempotent
    assert store.rows("SELECT 1") == [(1,)]


def test_ensure_database_explicitly(server: ClickHouseServer, database: str) -> None:
    settings = load_settings(clickhouse_host="127.0.0.1", clickhouse_port=server.tcp_port)
    settings = settings.model_copy(update={"clickhouse_database": database})
    with DriverStore.from_settings(settings) as store:
        store.ensure_database()
        assert database in _databases(server)


def test_wrong_password_is_a_config_error(server: ClickHouseServer, database: str) -> None:
    url = f"clickhouse://default:wrong@127.0.0.1:{server.tcp_port}/{database}"
    with (
        DriverStore.from_settings(load_settings(clickhouse_url=url)) as store,
        pytest.raises(ConfigError, match="refused the connection"),
    ):
        store.rows("SELECT 1")


# --- inserts and reads -------------------------------------------------------------------------


def test_batch_insert_of_10k_rows_reads_back(store: DriverStore) -> None:
    store.ensure_database()
    store.execute(EVENTS_DDL.format(db=store.database))
    batch = _events(10_000)

    started = time.perf_counter()
    store.insert(f"{store.database}.events", batch)
    elapsed = time.perf_counter() - started

    rows = store.rows(f"SELECT id, name, ts, note FROM {store.database}.events ORDER BY id")
    assert rows == list(zip(*batch.values(), strict=True))
    assert all(row[2].tzinfo is not None for row in rows[:10])
    assert store.rows(f"SELECT count() FROM {store.database}.events") == [(10_000,)]
    assert elapsed < 10, f"one 10k-row insert took {elapsed:.2f}s"


def test_insert_settings_reach_the_server(store: DriverStore) -> None:
    store.execute(EVENTS_DDL.format(db=store.database))
    # readonly=1 for this insert only: the server must refuse it, which proves the settings
    # travelled with the query (18.16 predates insert_deduplication_token)
    with pytest.raises(QueryError, match="readonly"):
        store.insert(f"{store.database}.events", _events(3), settings={"readonly": 1})
    store.insert(f"{store.database}.events", _events(3))
    assert store.rows(f"SELECT count() FROM {store.database}.events") == [(3,)]


def test_empty_batch_is_a_no_op(store: DriverStore) -> None:
    store.execute(EVENTS_DDL.format(db=store.database))
    store.insert(f"{store.database}.events", {"id": [], "name": [], "ts": [], "note": []})
    assert store.rows(f"SELECT count() FROM {store.database}.events") == [(0,)]


# --- output formats: ours from typed columns vs the server's own ------------------------------

FORMATS_DDL = """
    CREATE TABLE {db}.mixed (
        id UInt64, name String, ts DateTime('UTC'), note Nullable(String), tags Array(String),
        score Float64, ratio Float32, day Date, amount Decimal(9, 2), delta Int32,
        kind Enum8('call' = 1, 'web chat' = 2), pair Tuple(String, Float64)
    ) ENGINE = MergeTree ORDER BY id
"""


@pytest.fixture
def mixed(store: DriverStore) -> str:
    store.execute(FORMATS_DDL.format(db=store.database))
    ts = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    store.insert(
        f"{store.database}.mixed",
        {
            "id": [1, 2**64 - 1, 3, 4],
            "name": ["tab\there\nline\\back'quote\"dq", "", "中文 名字", "\\N"],
            "ts": [ts] * 4,
            "note": [None, "x", 'comma, "quoted"', "\\N"],
            "tags": [["it's", "b"], [], ["\t"], ["\\"]],
            "score": [1.0, 1e20, 0.1, 1e21],
            "ratio": [0.1, 1.5, -2.0, 1e-7],
            "day": [dt.date(2024, 1, 1)] * 4,
            "amount": [Decimal("1.5"), Decimal("-2"), Decimal("0.01"), Decimal(0)],
            "delta": [-1, 0, 7, 2**31 - 1],
            "kind": ["call", "web chat", "call", "call"],
            "pair": [("a'b", 1.5), ("", 0.0), ("x", -1e-8), ("y", 1e-6)],
        },
    )
    return f"SELECT * FROM {store.database}.mixed ORDER BY id"


@pytest.mark.parametrize("fmt", ["JSONEachRow", "TabSeparatedWithNames", "CSVWithNames"])
def test_text_formats_match_the_server_byte_for_byte(
    server: ClickHouseServer, store: DriverStore, mixed: str, fmt: str
) -> None:
    assert store.formatted(mixed, fmt) == server.http_query(f"{mixed} FORMAT {fmt}")


def test_json_matches_the_server(server: ClickHouseServer, store: DriverStore, mixed: str) -> None:
    ours = json.loads(store.formatted(mixed, "JSON"))
    theirs = json.loads(server.http_query(f"{mixed} FORMAT JSON"))
    assert ours["meta"] == theirs["meta"]
    assert ours["data"] == theirs["data"]
    assert ours["rows"] == theirs["rows"] == 4
    assert ours["data"][-1]["id"] == "18446744073709551615"  # 64-bit integers quoted


@pytest.mark.parametrize("fmt", ["Pretty", "PrettyCompact"])
def test_pretty_formats_have_the_server_layout(
    server: ClickHouseServer, store: DriverStore, mixed: str, fmt: str
) -> None:
    # Same frame and alignment; the server adds colours and prints control characters raw
    sql = f"SELECT id, score, day, kind, tags FROM ({mixed})"
    theirs = re.sub(rb"\x1b\[[0-9;]*m", b"", server.http_query(f"{sql} FORMAT {fmt}"))
    assert store.formatted(sql, fmt) == theirs


def test_formats_of_an_empty_result(server: ClickHouseServer, store: DriverStore) -> None:
    sql = "SELECT 1 AS x WHERE 0"
    for fmt in ("TabSeparatedWithNames", "CSVWithNames", "JSONEachRow", "PrettyCompact"):
        assert store.formatted(sql, fmt) == server.http_query(f"{sql} FORMAT {fmt}"), fmt
    assert json.loads(store.formatted(sql, "JSON"))["rows"] == 0


def test_statement_without_result_formats_as_nothing(store: DriverStore) -> None:
    ddl = f"CREATE TABLE {store.database}.f (x UInt8) ENGINE = Memory"
    assert store.formatted(ddl, "JSON") == b""
    assert store.rows(f"EXISTS TABLE {store.database}.f") == [(1,)]


def test_unknown_format_is_a_query_error(store: DriverStore) -> None:
    with pytest.raises(QueryError, match="XML"):
        store.formatted("SELECT 1", "XML")


# --- errors ------------------------------------------------------------------------------------


def test_bad_sql_is_a_query_error_with_the_servers_first_line(store: DriverStore) -> None:
    with pytest.raises(QueryError) as caught:
        store.rows("SELEC 1")
    message = str(caught.value)
    assert message.startswith("Code: 62. DB::Exception: Syntax error")
    assert "\n" not in message
    assert "Stack trace" not in message

    with pytest.raises(QueryError, match="Code: 60"):  # UNKNOWN_TABLE
        store.execute(f"INSERT INTO {store.database}.nope SELECT 1")
    with pytest.raises(QueryError, match="Unknown data type family: DateTime64"):
        store.execute(f"CREATE TABLE {store.database}.t64 (t DateTime64(3)) ENGINE = Memory")

    assert store.rows("SELECT 1") == [(1,)]  # the connection is still usable


def test_value_of_the_wrong_type_is_a_query_error(store: DriverStore) -> None:
    store.execute(EVENTS_DDL.format(db=store.database))
    batch = _events(2)
    batch["id"] = ["one", "two"]
    with pytest.raises(QueryError, match="Type mismatch"):
        store.insert(f"{store.database}.events", batch)
    store.insert(f"{store.database}.events", _events(2))
    assert store.rows(f"SELECT count() FROM {store.database}.events") == [(2,)]


def test_unreachable_server_is_unavailable_after_bounded_retries() -> None:
    # nothing listens on port 1: connection refused at once, every attempt
    settings = load_settings(clickhouse_url="clickhouse://default@127.0.0.1:1/x")
    store = DriverStore.from_settings(settings, connect_attempts=3, retry_backoff_s=0.05)
    started = time.monotonic()
    with pytest.raises(UnavailableError, match="after 3 attempts"):
        store.rows("SELECT 1")
    assert time.monotonic() - started < 5


# --- restarts (keep last: they stop the module's server) ---------------------------------------


def test_first_call_after_a_restart_works(server: ClickHouseServer, store: DriverStore) -> None:
    assert store.rows("SELECT 1") == [(1,)]
    server.restart()  # the store's socket is now dead, which it only finds out on the next call
    assert store.rows("SELECT 2") == [(2,)]


@pytest.mark.parametrize("kill", [False, True], ids=["sigterm", "sigkill"])
def test_reconnects_after_the_server_restarts(
    server: ClickHouseServer, store: DriverStore, kill: bool
) -> None:
    store.execute(EVENTS_DDL.format(db=store.database))
    store.insert(f"{store.database}.events", _events(100))
    assert store.rows(f"SELECT count() FROM {store.database}.events") == [(100,)]

    server.stop(kill=kill)
    with pytest.raises(UnavailableError):
        store.rows("SELECT 1")
    with pytest.raises(UnavailableError):  # still down: fails again, after the retries
        store.insert(f"{store.database}.events", _events(1))

    server.start()
    assert store.rows(f"SELECT count() FROM {store.database}.events") == [(100,)]
    store.insert(f"{store.database}.events", _events(5))
    assert store.rows(f"SELECT count() FROM {store.database}.events") == [(105,)]


def test_connect_retries_bridge_a_short_restart(
    server: ClickHouseServer, database: str, caplog: pytest.LogCaptureFixture
) -> None:
    settings = load_settings(clickhouse_url=server.url(database))
    store = DriverStore.from_settings(settings, connect_attempts=8, retry_backoff_s=0.1)
    assert store.rows("SELECT 1") == [(1,)]
    store.close()  # the next call connects afresh, through the retrying connect step

    server.stop()
    server.start(wait=False)  # the server takes a moment to listen; the retries wait for it
    try:
        with caplog.at_level(logging.WARNING, logger="sinks.clickhouse.driver_store"):
            assert store.rows("SELECT 2") == [(2,)]
        assert "unreachable (attempt 1/8)" in caplog.text  # it did have to retry
    finally:
        server.wait_ready()
        store.close()
