"""DriverStore's pure parts: settings -> connection parameters, error mapping and retries over a
fake driver client, and the output formats rendered from a fixed typed result."""

from __future__ import annotations

import datetime as dt
import json
import math
import time
import uuid
from decimal import Decimal
from typing import Any
from unittest.mock import MagicMock, call

import pytest
from clickhouse_driver import Client
from clickhouse_driver import errors as ch_errors

from core.errors import BackpressureError, ConfigError, QueryError, UnavailableError
from core.settings import load_settings
from sinks.clickhouse.driver_store import ConnectionParams, DriverStore, connection_params
from sinks.clickhouse.formats import FORMATS, render

# --- settings -> connection parameters ---------------------------------------------------------


def test_url_with_every_part() -> None:
    params = connection_params(
        load_settings(clickhouse_url="clickhouse://ana:s%40cret@ch.example:9001/events")
    )
    assert (params.host, params.port, params.database, params.user) == (
        "ch.example",
        9001,
        "events",
        "ana",
    )
    assert params.password.get_secret_value() == "s@cret"
    assert not params.secure
    assert "s@cret" not in repr(params)
    assert params.describe() == "clickhouse://ana@ch.example:9001/events"


def test_url_gaps_come_from_the_clickhouse_variables() -> None:
    settings = load_settings(
        clickhouse_url="clickhouse://ch.example",
        clickhouse_user="writer",
        clickhouse_password="from-env",  # noqa: S106 - test value
        clickhouse_database="chorus_prod",
        clickhouse_port=9999,  # ignored: the URL's scheme decides the default port
    )
    params = connection_params(settings)
    assert (params.port, params.database, params.user) == (9000, "chorus_prod", "writer")
    assert params.password.get_secret_value() == "from-env"


def test_tls_url_and_query_options() -> None:
    params = connection_params(
        load_settings(
            clickhouse_url=(
                "clickhouses://u:p@ch.example/db?connect_timeout=2.5&compression=lz4"
                "&max_execution_time=30"
            )
        )
    )
    assert params.secure
    assert params.port == 9440
    assert params.options == {
        "connect_timeout": 2.5,
        "compression": "lz4",
        "settings": {"max_execution_time": "30"},
    }
    kwargs = params.client_kwargs()
    assert kwargs["secure"] is True
    assert kwargs["connect_timeout"] == 2.5
    assert kwargs["password"] == "p"  # noqa: S105 - test value


def test_host_variables_without_url() -> None:
    settings = load_settings(
        clickhouse_host="10.0.0.5",
        clickhouse_port=19000,
        clickhouse_user="u",
        clickhouse_password="pw",  # noqa: S106 - test value
        clickhouse_database="d",
    )
    params = connection_params(settings)
    assert params == ConnectionParams(
        host="10.0.0.5", port=19000, database="d", user="u", password=params.password
    )
    assert params.client_kwargs() == {
        "client_name": "chorus",
        "host": "10.0.0.5",
        "port": 19000,
        "database": "d",
        "user": "u",
        "password": "pw",
        "secure": False,
    }
    assert params.client_kwargs(database="")["database"] == ""


@pytest.mark.parametrize(
    "url",
    ["http://ch.example:8123/db", "ch.example:9000", "clickhouse:///db"],
)
def test_bad_urls_are_config_errors(url: str) -> None:
    with pytest.raises(ConfigError):
        connection_params(load_settings(clickhouse_url=url))


def test_no_server_configured_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="CLICKHOUSE_URL"):
        DriverStore.from_settings(load_settings())


# --- the store over a fake driver client -------------------------------------------------------

PARAMS = ConnectionParams(host="ch.example", port=9000, database="chorus")


class FakeClients:
    """Client factory handing out MagicMock(spec_set=a real Client) objects.

    Clients for the user's default database (``database=""``) are ensure_database's: they
    answer the system.databases lookup with ``database_exists``.
    """

    def __init__(self) -> None:
        self.made: list[tuple[dict[str, Any], MagicMock]] = []
        self.database_exists = True

    def __call__(self, **kwargs: Any) -> MagicMock:
        real = Client("localhost")
        fake = MagicMock(spec_set=real)
        fake.connection = MagicMock(spec_set=real.connection)
        fake.connection.connected = True
        if kwargs.get("database") == "":
            fake.execute.side_effect = self._admin_execute
        self.made.append((kwargs, fake))
        return fake

    def _admin_execute(self, sql: str, params: Any = None) -> list[tuple[int]]:
        return [(int(self.database_exists),)] if "system.databases" in sql else []

    @property
    def main(self) -> MagicMock:
        return self.made[0][1]

    @property
    def admins(self) -> list[MagicMock]:
        return [fake for kwargs, fake in self.made if kwargs.get("database") == ""]

    @staticmethod
    def statements(fake: MagicMock) -> list[str]:
        return [c.args[0] for c in fake.execute.call_args_list]


@pytest.fixture
def clients() -> FakeClients:
    return FakeClients()


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)  # the back-off between connect attempts
    return slept


def _store(clients: FakeClients, **kwargs: Any) -> DriverStore:
    kwargs.setdefault("create_database", False)
    return DriverStore(PARAMS, client_factory=clients, **kwargs)


def _server_error(code: int, message: str) -> ch_errors.ServerException:
    return ch_errors.ServerException(message, code=code)


def test_rows_and_execute(clients: FakeClients) -> None:
    store = _store(clients)
    clients.main.execute.return_value = [(1, "a"), (2, "b")]
    assert store.rows("SELECT 1") == [(1, "a"), (2, "b")]
    store.execute("CREATE TABLE t (x UInt8) ENGINE = Memory")
    assert clients.main.execute.call_args_list == [
        call("SELECT 1"),
        call("CREATE TABLE t (x UInt8) ENGINE = Memory"),
    ]
    assert store.database == "chorus"


def test_insert_is_one_columnar_batch_with_settings(clients: FakeClients) -> None:
    store = _store(clients)
    store.insert(
        "chorus.events",
        {"id": [1, 2], "odd`name": ["a", "b"]},
        settings={"insert_deduplication_token": "batch-7"},
    )
    clients.main.execute.assert_called_once_with(
        "INSERT INTO chorus.events (`id`, `odd\\`name`) VALUES",
        [[1, 2], ["a", "b"]],
        columnar=True,
        settings={"insert_deduplication_token": "batch-7"},
    )


def test_insert_checks_its_batch(clients: FakeClients) -> None:
    store = _store(clients)
    with pytest.raises(ValueError, match="different lengths"):
        store.insert("t", {"a": [1, 2], "b": [1]})
    with pytest.raises(ValueError, match="at least one column"):
        store.insert("t", {})
    store.insert("t", {"a": [], "b": []})
    clients.main.execute.assert_not_called()


def test_server_error_is_a_query_error_with_its_first_line(clients: FakeClients) -> None:
    store = _store(clients)
    clients.main.execute.side_effect = _server_error(
        62,
        "DB::Exception: Syntax error: failed at position 1. Stack trace:\n\n0. StackTrace()\n",
    )
    with pytest.raises(QueryError) as caught:
        store.rows("SELEC 1")
    assert str(caught.value) == "Code: 62. DB::Exception: Syntax error: failed at position 1."
    assert clients.main.execute.call_count == 1


@pytest.mark.parametrize("code", [202, 252])
def test_overload_errors_are_backpressure(clients: FakeClients, code: int) -> None:
    store = _store(clients)
    clients.main.execute.side_effect = _server_error(code, "DB::Exception: Too many parts")
    with pytest.raises(BackpressureError) as caught:
        store.insert("t", {"a": [1]})
    assert caught.value.retry_after_s > 0


def test_client_side_type_error_is_a_query_error(clients: FakeClients) -> None:
    store = _store(clients)
    clients.main.execute.side_effect = ch_errors.TypeMismatchError("Type mismatch in VALUES")
    with pytest.raises(QueryError, match="Type mismatch"):
        store.insert("t", {"a": ["x"]})


@pytest.mark.parametrize(
    "error",
    [
        ch_errors.NetworkError("Connection reset"),
        ch_errors.SocketTimeoutError("timed out"),
        EOFError("Unexpected EOF while reading bytes"),
        ConnectionResetError(104, "Connection reset by peer"),
    ],
    ids=["network", "timeout", "eof", "reset"],
)
def test_connection_lost_mid_statement_is_unavailable_and_not_resent(
    clients: FakeClients, sleeps: list[float], error: BaseException
) -> None:
    store = _store(clients)
    clients.main.execute.side_effect = error
    with pytest.raises(UnavailableError, match="lost the connection"):
        store.insert("t", {"a": [1]})
    assert clients.main.execute.call_count == 1  # the batch may have landed: never sent twice
    assert sleeps == []


def test_connect_is_retried_with_backoff(clients: FakeClients, sleeps: list[float]) -> None:
    store = _store(clients, connect_attempts=4, retry_backoff_s=0.5)
    connection = clients.main.connection
    connection.connected = False
    connection.connect.side_effect = [
        ch_errors.NetworkError("Connection refused"),
        ch_errors.NetworkError("Connection refused"),
        None,
    ]
    clients.main.execute.return_value = [(1,)]
    assert store.rows("SELECT 1") == [(1,)]
    assert connection.connect.call_count == 3
    assert sleeps == [0.5, 1.0]


def test_connect_retries_are_bounded(clients: FakeClients, sleeps: list[float]) -> None:
    store = _store(clients, connect_attempts=3, retry_backoff_s=0.1)
    connection = clients.main.connection
    connection.connected = False
    connection.connect.side_effect = ch_errors.NetworkError("Connection refused")
    with pytest.raises(UnavailableError, match=r"after 3 attempts: Code: 210\. Connection refused"):
        store.rows("SELECT 1")
    assert connection.connect.call_count == 3
    assert sleeps == [0.1, 0.2]
    clients.main.execute.assert_not_called()


def test_refused_handshake_is_a_config_error(clients: FakeClients, sleeps: list[float]) -> None:
    store = _store(clients)
    clients.main.connection.connected = False
    clients.main.connection.connect.side_effect = _server_error(
        516, "DB::Exception: default: Authentication failed"
    )
    with pytest.raises(ConfigError, match="Authentication failed"):
        store.rows("SELECT 1")
    assert sleeps == []


def test_database_is_ensured_once_before_the_first_statement(clients: FakeClients) -> None:
    store = DriverStore(PARAMS, client_factory=clients)
    assert len(clients.made) == 1  # nothing is contacted before the first call
    store.rows("SELECT 1")
    store.rows("SELECT 2")
    (admin,) = clients.admins
    assert clients.statements(admin) == [
        "SELECT count() FROM system.databases WHERE name = %(name)s"
    ]
    assert admin.execute.call_args.args[1] == {"name": "chorus"}
    admin.disconnect.assert_called_once()
    assert clients.statements(clients.main) == ["SELECT 1", "SELECT 2"]


def test_ensure_database_creates_only_when_missing(clients: FakeClients) -> None:
    store = _store(clients)
    clients.database_exists = False
    store.ensure_database()
    assert clients.statements(clients.admins[0])[1] == "CREATE DATABASE IF NOT EXISTS `chorus`"
    clients.database_exists = True
    store.ensure_database()
    assert len(clients.statements(clients.admins[1])) == 1


def test_failed_ensure_is_tried_again(clients: FakeClients, sleeps: list[float]) -> None:
    store = DriverStore(PARAMS, client_factory=clients, connect_attempts=1)
    original = clients.__call__

    def unreachable_admin(**kwargs: Any) -> MagicMock:
        fake = original(**kwargs)
        if kwargs["database"] == "":
            fake.connection.connected = False
            fake.connection.connect.side_effect = ch_errors.NetworkError("Connection refused")
        return fake

    store._client_factory = unreachable_admin
    with pytest.raises(UnavailableError):
        store.rows("SELECT 1")
    clients.main.execute.assert_not_called()
    store._client_factory = clients
    store.rows("SELECT 1")
    assert len(clients.admins) == 2
    assert clients.statements(clients.main) == ["SELECT 1"]


def test_close_disconnects(clients: FakeClients) -> None:
    with _store(clients):
        pass
    clients.main.disconnect.assert_called_once()


def test_formatted_renders_the_typed_result(clients: FakeClients) -> None:
    store = _store(clients)
    clients.main.execute.return_value = ([(1, "a")], [("id", "UInt64"), ("name", "String")])
    assert store.formatted("SELECT ...", "JSONEachRow") == b'{"id":"1","name":"a"}\n'
    clients.main.execute.assert_called_once_with("SELECT ...", with_column_types=True)


def test_unknown_format_is_refused_before_running_anything(clients: FakeClients) -> None:
    store = _store(clients)
    with pytest.raises(QueryError, match="Parquet"):
        store.formatted("SELECT 1", "Parquet")
    clients.main.execute.assert_not_called()


# --- rendering ---------------------------------------------------------------------------------

UTC = dt.UTC
UID = uuid.UUID("6f1c2a4e-0d1b-4c8e-9a57-2b6f3f0c9d11")
COLUMNS = [
    ("id", "UInt64"),
    ("name", "LowCardinality(String)"),
    ("at", "DateTime64(3, 'UTC')"),
    ("attrs", "Map(LowCardinality(String), UInt64)"),
    ("score", "Nullable(Float32)"),
    ("tags", "Array(Nullable(String))"),
    ("ok", "Bool"),
    ("amount", "Decimal(18, 4)"),
    ("uid", "UUID"),
    ("pair", "Tuple(a UInt8, b String)"),
    ("kind", "Enum8('a,b' = 1, 'c(' = 2)"),
]
ROWS = [
    (
        2**64 - 1,
        "中文\t'x'",
        dt.datetime(2024, 1, 2, 3, 4, 5, 678000, tzinfo=UTC),
        {"k": 1, "q'": 2},
        0.10000000149011612,  # 0.1 as a Float32 comes back like this
        [None, "a"],
        True,
        Decimal("1.5"),
        UID,
        {"a": 1, "b": "x"},
        "a,b",
    ),
    (0, "", dt.datetime(2024, 1, 2, tzinfo=UTC), {}, None, [], False, Decimal(0), UID, {}, "c("),
]


def test_json_each_row() -> None:
    lines = render(COLUMNS, ROWS, "JSONEachRow").decode().splitlines()
    assert lines[0] == (
        '{"id":"18446744073709551615","name":"中文\\t\'x\'","at":"2024-01-02 03:04:05.678",'
        '"attrs":{"k":"1","q\'":"2"},"score":0.1,"tags":[null,"a"],"ok":true,'
        f'"amount":1.5000,"uid":"{UID}","pair":{{"a":1,"b":"x"}},"kind":"a,b"}}'
    )
    assert json.loads(lines[1])["score"] is None


def test_json_document() -> None:
    document = json.loads(render(COLUMNS, ROWS, "JSON"))
    assert document["meta"] == [{"name": n, "type": t} for n, t in COLUMNS]
    assert document["rows"] == 2
    assert document["data"][0]["id"] == "18446744073709551615"
    assert document["data"][0]["amount"] == 1.5
    assert document["data"][1]["at"] == "2024-01-02 00:00:00.000"
    assert json.loads(render([("x", "UInt8")], [], "JSON")) == {
        "meta": [{"name": "x", "type": "UInt8"}],
        "data": [],
        "rows": 0,
    }


def test_tab_separated_with_names() -> None:
    assert render(COLUMNS, ROWS[:1], "TabSeparatedWithNames").decode() == (
        "id\tname\tat\tattrs\tscore\ttags\tok\tamount\tuid\tpair\tkind\n"
        "18446744073709551615\t中文\\t\\'x\\'\t2024-01-02 03:04:05.678\t{'k':1,'q\\'':2}\t0.1\t"
        f"[NULL,'a']\ttrue\t1.5000\t{UID}\t(1,'x')\ta,b\n"
    )
    assert render([("n", "Nullable(String)")], [(None,)], "TSV") == b"\\N\n"


def test_csv_with_names() -> None:
    assert render(COLUMNS, ROWS[:1], "CSVWithNames").decode() == (
        '"id","name","at","attrs","score","tags","ok","amount","uid","pair","kind"\n'
        "18446744073709551615,\"中文\t'x'\",\"2024-01-02 03:04:05.678\",\"{'k':1,'q\\'':2}\","
        f'0.1,"[NULL,\'a\']",true,1.5000,"{UID}",1,"x","a,b"\n'
    )
    assert render([("s", "String")], [('say "hi"',)], "CSV") == b'"say ""hi"""\n'


def test_pretty_compact_aligns_wide_characters_and_numbers() -> None:
    text = render([("n", "UInt8"), ("name", "String")], [(1, "中文"), (10, None)], "PrettyCompact")
    assert text.decode() == ("┌──n─┬─name─┐\n│  1 │ 中文 │\n│ 10 │ ᴺᵁᴸᴸ │\n└────┴──────┘\n")


def test_pretty() -> None:
    text = render([("n", "UInt8"), ("s", "String")], [(1, "a\tb"), (2, "")], "Pretty")
    assert text.decode() == (
        "┏━━━┳━━━━━━┓\n"
        "┃ n ┃ s    ┃\n"
        "┡━━━╇━━━━━━┩\n"
        "│ 1 │ a\\tb │\n"
        "├───┼──────┤\n"
        "│ 2 │      │\n"
        "└───┴──────┘\n"
    )
    assert render([("n", "UInt8")], [], "Pretty") == b""


def test_statement_without_result_renders_nothing() -> None:
    for fmt in FORMATS:
        assert render([], [], fmt) == b""


@pytest.mark.parametrize(
    ("value", "type_", "text"),
    [
        (1.0, "Float64", "1"),
        (-0.0, "Float64", "-0"),
        (123.456, "Float64", "123.456"),
        (1e20, "Float64", "100000000000000000000"),
        (1e21, "Float64", "1e21"),
        (1e-6, "Float64", "0.000001"),
        (1e-7, "Float64", "1e-7"),
        (-1.5e-10, "Float64", "-1.5e-10"),
        (float(2**53), "Float64", "9007199254740992"),
        (0.10000000149011612, "Float32", "0.1"),
        (math.nan, "Float64", "nan"),
        (-math.inf, "Float64", "-inf"),
        (Decimal("2"), "Decimal64(3)", "2.000"),
        (dt.date(2024, 2, 29), "Date32", "2024-02-29"),
        (dt.datetime(2024, 1, 1, 0, 0, 0, 5), "DateTime64(6)", "2024-01-01 00:00:00.000005"),
        (dt.datetime(2024, 1, 1), "DateTime64(9)", "2024-01-01 00:00:00.000000000"),
        ([(1, "a")], "Array(Tuple(UInt8, String))", "[(1,'a')]"),
        ({"k": [1]}, "Map(String, Array(UInt64))", "{'k':[1]}"),
        (b"\xff", "FixedString(1)", "\ufffd"),
    ],
)
def test_value_text(value: Any, type_: str, text: str) -> None:
    assert render([("v", type_)], [(value,)], "TSV").decode() == text + "\n"


def test_non_finite_floats_are_null_in_json() -> None:
    out = render([("a", "Float64"), ("b", "Float64")], [(math.nan, math.inf)], "JSONEachRow")
    assert out == b'{"a":null,"b":null}\n'


def test_unknown_format() -> None:
    with pytest.raises(QueryError, match="XML"):
        render([("x", "UInt8")], [(1,)], "XML")
