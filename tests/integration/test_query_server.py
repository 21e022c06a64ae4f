"""The process that owns chdb serves ClickHouse's HTTP interface to everyone else."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request

import pytest

from chorus.query import HttpQueryClient
from core.errors import QueryError
from sinks.clickhouse.chdb_store import ChdbStore
from sinks.clickhouse.http_server import QueryServer

pytestmark = pytest.mark.integration


@pytest.fixture
def served(tmp_path):
    store = ChdbStore(tmp_path / "ch")
    store.execute("CREATE TABLE t (id UInt32, name String) ENGINE = MergeTree ORDER BY id")
    store.insert("chorus.t", {"id": [1, 2, 3], "name": ["a", "b", "中文"]})
    server = QueryServer(store, "127.0.0.1", 0, tmp_path / "advert.json").start()
    try:
        yield server, tmp_path / "advert.json"
    finally:
        server.stop()
        store.close()


def test_ping_and_advert(served):
    server, advert = served
    with urllib.request.urlopen(f"{server.url}/ping", timeout=5) as response:  # noqa: S310
        assert response.read() == b"Ok.\n"
    assert json.loads(advert.read_text())["port"] == server.port


def test_queries_in_any_format(served):
    server, _ = served
    client = HttpQueryClient(server.url, "chorus")
    assert client.formatted("SELECT count() FROM t", "TabSeparated") == b"3\n"
    rows = [
        json.loads(line)
        for line in client.formatted("SELECT * FROM t ORDER BY id", "JSONEachRow").splitlines()
    ]
    assert rows[2] == {"id": 3, "name": "中文"}


def test_bad_sql_is_an_error_with_the_message(served):
    server, _ = served
    with pytest.raises(QueryError, match="Syntax error"):
        HttpQueryClient(server.url, "chorus").formatted("SELEC 1", "TabSeparated")


def test_query_parameters_are_bound_on_the_server(served):
    server, _ = served
    client = HttpQueryClient(server.url, "chorus")
    sql = "SELECT {n:UInt8} + 1, {name:String}"
    assert (
        client.formatted(sql, "TabSeparated", {"n": "41", "name": "O'Brien"}) == b"42\tO\\'Brien\n"
    )
    with pytest.raises(QueryError, match="customer"):
        client.formatted("SELECT {customer:String}", "TabSeparated")


def test_clickhouse_connect_works_unchanged(served):
    clickhouse_connect = pytest.importorskip("clickhouse_connect")
    server, _ = served
    client = clickhouse_connect.get_client(host="127.0.0.1", port=server.port, username="default")
    result = client.query("SELECT id, name FROM t ORDER BY id")
    assert result.result_rows == [(1, "a"), (2, "b"), (3, "中文")]


def test_stopped_server_removes_its_advert(tmp_path):
    store = ChdbStore(tmp_path / "ch")
    advert = tmp_path / "advert.json"
    server = QueryServer(store, "127.0.0.1", 0, advert).start()
    assert advert.exists()
    server.stop()
    store.close()
    assert not advert.exists()


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_get_is_read_only_like_clickhouse(served):
    server, _ = served
    status, body = _get(f"{server.url}/?query=SELECT%20count()%20FROM%20t")
    assert (status, body) == (200, b"3\n")
    # even with the owner's token, a GET only reads (a link or a prefetch changes nothing)
    status, body = _get(f"{server.url}/?query=DROP%20TABLE%20t", {"X-ClickHouse-Key": server.token})
    assert status == 403
    assert b"readonly" in body
    client = HttpQueryClient(server.url, "chorus")
    assert client.formatted("SELECT count() FROM t", "TabSeparated") == b"3\n"  # still there


def test_password_is_required_when_configured(tmp_path):
    store = ChdbStore(tmp_path / "ch")
    server = QueryServer(store, "127.0.0.1", 0, tmp_path / "advert.json", "s3cret").start()
    try:
        assert _get(f"{server.url}/ping")[0] == 200  # health checks need no password
        status, body = _get(f"{server.url}/?query=SELECT%201")
        assert status == 401
        assert b"Authentication failed" in body
        assert _get(f"{server.url}/?query=SELECT%201", {"X-ClickHouse-Key": "s3cret"}) == (
            200,
            b"1\n",
        )
        basic = "Basic " + base64.b64encode(b"default:s3cret").decode()
        assert _get(f"{server.url}/?query=SELECT%202", {"Authorization": basic}) == (200, b"2\n")
        assert (
            HttpQueryClient(server.url, "chorus", "s3cret").formatted("SELECT 3", "TSV") == b"3\n"
        )
        with pytest.raises(QueryError, match="Authentication failed"):
            HttpQueryClient(server.url, "chorus", "wrong").formatted("SELECT 3", "TSV")
    finally:
        server.stop()
        store.close()
