"""Issue 18's probes against a running endpoint: each is refused, in ClickHouse's error format,
and nothing is read, written or changed; the owner's token and clickhouse-connect still work."""

from __future__ import annotations

import base64
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from chorus.pipeline import Pipeline
from chorus.query import HttpQueryClient
from core.errors import QueryError
from sinks.clickhouse.chdb_store import ChdbStore
from sinks.clickhouse.http_server import Limits, QueryServer
from tests.integration.helpers import codec, pipeline_settings, produce, wait_for

pytestmark = pytest.mark.integration


@pytest.fixture
def endpoint(tmp_path):
    store = ChdbStore(tmp_path / "ch")
    store.execute("CREATE TABLE some_table (id UInt32) ENGINE = MergeTree ORDER BY id")
    store.insert("chorus.some_table", {"id": [1, 2, 3]})
    (tmp_path / "secret.txt").write_text("the owner's secret\n")
    server = QueryServer(store, "127.0.0.1", 0, tmp_path / "query-server.json").start()
    try:
        yield server, store, tmp_path
    finally:
        server.stop()
        store.close()


def _send(
    server: QueryServer,
    sql: str,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    query: dict[str, str] | None = None,
    timeout: float = 30,
) -> tuple[int, str, str]:
    """(status, X-ClickHouse-Exception-Code, body) of one request."""
    params = dict(query or {})
    if method == "GET":
        params["query"] = sql
        data = None
    else:
        data = sql.encode()
    url = f"{server.url}/?{urllib.parse.urlencode(params)}"
    request = urllib.request.Request(  # noqa: S310 - loopback
        url, data=data, method=method, headers={"Content-Type": "text/plain", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, "", response.read().decode()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.headers.get("X-ClickHouse-Exception-Code", ""), exc.read().decode()


def _table_is_there(store: ChdbStore) -> bool:
    return store.rows("SELECT count() FROM chorus.some_table") == [(3,)]


# (method, SQL with {secret}/{out}/{url} filled in, ClickHouse code expected)
PROBES = [
    # 0: one statement per request
    ("GET", "SELECT 1; DROP TABLE chorus.some_table", 62),
    ("POST", "SELECT 1; DROP TABLE chorus.some_table", 62),
    ("POST", "select 1 ;drop table some_table", 62),
    ("POST", "SELECT 1 /* ; */; DROP TABLE some_table -- ;", 62),
    ("POST", "SELECT ';'; DROP TABLE some_table", 62),
    # 1: nothing reaches outside the store
    ("GET", "SELECT * FROM file('{secret}', 'LineAsString')", 497),
    ("GET", "SELECT * FROM file('/proc/self/environ', 'LineAsString')", 497),
    ("POST", "SELECT * FROM file('/etc/passwd', 'LineAsString')", 497),
    ("GET", "select * from FILE('{secret}', 'LineAsString')", 497),
    ("GET", "SELECT/**/*/**/FROM/**/file(/* x */'{secret}',\n'LineAsString')", 497),
    ("GET", "SELECT * FROM `file`('{secret}', 'LineAsString')", 497),
    ("GET", "SELECT file('{secret}')", 497),
    ("GET", "SELECT count() FROM some_table WHERE id IN (SELECT length(file('{secret}')))", 497),
    ("GET", "WITH s AS (SELECT * FROM file('{secret}', 'LineAsString')) SELECT * FROM s", 497),
    ("GET", "SELECT * FROM (SELECT * FROM (SELECT * FROM file('{secret}', 'LineAsString')))", 497),
    ("GET", "SELECT 1 UNION ALL SELECT length(line) FROM file('{secret}', 'LineAsString')", 497),
    ("GET", "SELECT * FROM view(SELECT * FROM file('{secret}', 'LineAsString'))", 497),
    ("GET", "SELECT * FROM some_table AS t JOIN file('{secret}', 'id UInt32') AS f USING id", 497),
    ("GET", "SELECT * FROM default.`{secret}`", 497),
    ("GET", "DESCRIBE TABLE file('{secret}', 'LineAsString')", 497),
    ("GET", "EXPLAIN SELECT * FROM file('{secret}', 'LineAsString')", 497),
    ("GET", "SELECT * FROM url('{url}/?query=SELECT+1', 'TSV', 'a String')", 497),
    ("GET", "SELECT * FROM remote('127.0.0.1:9000', system.one)", 497),
    ("GET", "SELECT * FROM s3('http://127.0.0.1:1/b/k', 'CSV', 'a String')", 497),
    ("GET", "SELECT * FROM executable('id', 'TSV', 'a String')", 497),
    ("GET", "SELECT * FROM mysql('127.0.0.1:3306', 'd', 't', 'u', 'p')", 497),
    ("GET", "SELECT * FROM python(chorus_batch)", 497),
    ("GET", "SELECT * FROM system.query_log", 497),
    ("GET", "SELECT 1 WHERE 1 IN system.processes", 497),
    ("GET", "SELECT * FROM some_table WHERE id = {{p:Identifier}}", 497),
    ("GET", "SELECT 1 INTO OUTFILE '{out}'", 164),
    # 2: writes need a key (GET and POST alike)
    ("POST", "INSERT INTO FUNCTION file('{out}', 'LineAsString') VALUES ('x')", 164),
    ("POST", "INSERT INTO FUNCTION file('{out}', 'LineAsString') SELECT 'x'", 164),
    ("POST", "CREATE TABLE leak (line String) ENGINE = File(LineAsString, '{secret}')", 164),
    ("POST", "CREATE TABLE made (a UInt8) ENGINE = Memory", 164),
    ("POST", "INSERT INTO some_table VALUES (4)", 164),
    ("POST", "DROP TABLE some_table", 164),
    ("POST", "drop /* c */ table\nsome_table", 164),
    ("POST", "ALTER TABLE some_table DELETE WHERE 1", 164),
    ("POST", "TRUNCATE TABLE some_table", 164),
    ("POST", "RENAME TABLE some_table TO other", 164),
    ("POST", "SET readonly = 0", 164),
    ("POST", "CREATE TEMPORARY TABLE tmp (a UInt8)", 164),
    ("GET", "DROP TABLE some_table", 164),
    # client settings cannot loosen any of it
    ("GET", "SELECT count() FROM some_table SETTINGS readonly = 0", 164),
    ("GET", "SELECT count() FROM some_table SETTINGS max_execution_time = 0", 164),
]


@pytest.mark.parametrize(("method", "sql", "code"), PROBES)
def test_probe_is_refused_and_changes_nothing(endpoint, method, sql, code):
    server, store, tmp_path = endpoint
    out = tmp_path / "written.txt"
    text = sql.format(secret=tmp_path / "secret.txt", out=out, url=server.url)
    status, header, body = _send(server, text, method)
    assert status != 200, body
    assert header == str(code), body
    assert body.startswith(f"Code: {code}. DB::Exception: "), body
    assert "the owner's secret" not in body
    assert not out.exists()
    assert _table_is_there(store)
    assert store.rows("SELECT count() FROM system.tables WHERE database = 'chorus'") == [(1,)]
    assert _send(server, "SELECT 42")[::2] == (200, "42\n")  # the store still answers


def test_settings_in_the_url_cannot_loosen_anything(endpoint):
    server, store, tmp_path = endpoint
    status, code, _ = _send(
        server,
        "DROP TABLE some_table",
        "POST",
        query={"readonly": "0", "allow_ddl": "1", "max_execution_time": "0"},
    )
    assert (status, code) == (403, "164")
    status, code, _ = _send(
        server,
        f"SELECT * FROM file('{tmp_path / 'secret.txt'}', 'LineAsString')",
        query={"readonly": "0"},
    )
    assert (status, code) == (403, "497")
    # a table named in a parameter is a table the guard never saw: refused
    status, code, _ = _send(
        server, "SELECT * FROM {t:Identifier}", query={"param_t": "system.query_log"}
    )
    assert (status, code) == (403, "497")
    assert _send(server, "SELECT {n:UInt8} + 1", query={"param_n": "41"})[::2] == (200, "42\n")
    assert _table_is_there(store)


def test_the_self_call_is_refused_and_the_store_keeps_answering(endpoint):
    server, _, _ = endpoint
    sql = f"SELECT * FROM url('{server.url}/?query=SELECT+1', 'TSV', 'a String')"
    assert _send(server, sql)[:2] == (403, "497")
    # the owner may call url(): the inner request runs in a session of its own, no deadlock
    status, _, body = _send(server, sql, headers={"X-ClickHouse-Key": server.token})
    assert (status, body) == (200, "1\n")
    assert _send(server, "SELECT 2")[::2] == (200, "2\n")


def test_browsers_cannot_drive_it(endpoint):
    server, store, _ = endpoint
    evil = {"Origin": "http://evil.example"}
    assert _send(server, "DROP TABLE some_table", "POST", evil)[:2] == (403, "497")
    assert _send(server, "SELECT 1", "GET", evil)[:2] == (403, "497")
    # DNS rebinding: the page's own name in Host, our address underneath
    rebound = {"Host": f"rebind.evil.example:{server.port}"}
    assert _send(server, "SELECT count() FROM some_table", "GET", rebound)[:2] == (403, "497")
    assert _send(server, "SELECT 1", "GET", {"Host": f"localhost:{server.port}"})[::2] == (
        200,
        "1\n",
    )
    assert _table_is_there(store)


def test_an_allowed_origin_gets_cors_headers(tmp_path):
    store = ChdbStore(tmp_path / "ch")
    server = QueryServer(
        store,
        "127.0.0.1",
        0,
        tmp_path / "query-server.json",
        allowed_origins="http://grafana.local:3000",
    ).start()
    try:
        request = urllib.request.Request(  # noqa: S310 - loopback
            f"{server.url}/?query=SELECT%201", headers={"Origin": "http://grafana.local:3000"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            assert response.read() == b"1\n"
            assert response.headers["Access-Control-Allow-Origin"] == "http://grafana.local:3000"
        assert _send(server, "SELECT 1", headers={"Origin": "http://other:3000"})[0] == 403
    finally:
        server.stop()
        store.close()


def test_the_owner_token_grants_writes_and_ddl(endpoint):
    server, store, tmp_path = endpoint
    token_file = tmp_path / "query-http.token"
    assert token_file.stat().st_mode & 0o777 == 0o600
    assert token_file.read_text() == server.token
    owner = HttpQueryClient(server.url, "chorus", server.token)
    owner.formatted("CREATE TABLE owner_made (a UInt8) ENGINE = MergeTree ORDER BY a", "TSV")
    owner.formatted("INSERT INTO owner_made VALUES (7)", "TSV")
    assert owner.formatted("SELECT a FROM owner_made", "TSV") == b"7\n"
    with pytest.raises(QueryError, match="Multi-statements"):
        owner.formatted("INSERT INTO owner_made VALUES (8); DROP TABLE some_table", "TSV")
    assert _table_is_there(store)
    with pytest.raises(QueryError, match="password is incorrect"):
        HttpQueryClient(server.url, "chorus", "guessed").formatted("SELECT 1", "TSV")
    basic = "Basic " + base64.b64encode(f"default:{server.token}".encode()).decode()
    assert _send(server, "DROP TABLE owner_made", "POST", {"Authorization": basic})[0] == 200
    server.stop()
    assert not token_file.exists()


def test_clickhouse_connect_reads_anonymously(endpoint):
    clickhouse_connect = pytest.importorskip("clickhouse_connect")
    server, _, _ = endpoint
    client = clickhouse_connect.get_client(host="127.0.0.1", port=server.port, username="default")
    assert client.query("SELECT id FROM some_table ORDER BY id").result_rows == [(1,), (2,), (3,)]
    frame = client.query_df("SELECT name FROM system.tables WHERE database = 'chorus'")
    assert list(frame["name"]) == ["some_table"]
    with pytest.raises(Exception, match=r"readonly|164"):
        client.command("DROP TABLE some_table")


def test_limits_stop_a_runaway_query_and_bound_concurrency(tmp_path):
    store = ChdbStore(tmp_path / "ch")
    limits = Limits(max_seconds=1.0, max_memory=64 * 1024**2, max_concurrent=1)
    server = QueryServer(store, "127.0.0.1", 0, tmp_path / "query-server.json", limits=limits)
    server.start()
    try:
        started = time.monotonic()
        status, code, _ = _send(server, "SELECT count() FROM numbers_mt(1e13)")
        assert (status, code) == (500, "159")  # TIMEOUT_EXCEEDED
        assert time.monotonic() - started < 10
        status, code, _ = _send(
            server, "SELECT count() FROM (SELECT groupArray(number) FROM numbers(1e8))"
        )
        assert code == "241"  # MEMORY_LIMIT_EXCEEDED
        # one slot: a second query while one runs is answered 202 after a short wait
        owner = {"X-ClickHouse-Key": server.token}
        slow = threading.Thread(
            target=_send,
            args=(
                server,
                "SELECT sleepEachRow(0.5) FROM numbers(6) SETTINGS max_block_size = 1,"
                " max_execution_time = 30",
                "POST",
                owner,
            ),
        )
        slow.start()
        time.sleep(0.5)
        assert _send(server, "SELECT 1")[:2] == (503, "202")
        slow.join()
        assert _send(server, "SELECT 1")[::2] == (200, "1\n")
    finally:
        server.stop()
        store.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_the_sink_keeps_storing_while_a_slow_http_query_runs(test_settings, tmp_path: Path):
    from tests.integration.test_pipeline import _interaction

    settings = pipeline_settings(test_settings, tmp_path, query_http_port=_free_port())
    c = codec()

    def publish(batch: str) -> None:
        produce(
            settings.bootstrap_servers,
            settings.topics.raw,
            [
                (f"k{n}".encode(), c.encode("interaction", _interaction(n, batch)))
                for n in range(50)
            ],
            batch,
        )

    with Pipeline(settings, workers=1) as pipeline:
        server = pipeline.query_server
        assert server is not None
        publish("warm-up")  # the worker is up and the sink has stored a batch
        wait_for(lambda: pipeline.counts("warm-up").interactions >= 50, timeout_s=120)
        result: list[tuple[int, str, str]] = []
        sql = (
            "SELECT sum(sleepEachRow(1)) FROM numbers(40)"
            " SETTINGS max_block_size = 1, max_execution_time = 120"
        )
        slow = threading.Thread(
            target=lambda: result.append(
                _send(server, sql, "POST", {"X-ClickHouse-Key": server.token}, timeout=120)
            )
        )
        slow.start()
        time.sleep(1)
        publish("during-slow-query")
        wait_for(lambda: pipeline.counts("during-slow-query").interactions >= 50, timeout_s=30)
        assert slow.is_alive(), "the slow query ended before the events were stored"
        # and anonymous readers are not blocked by it either
        assert _send(server, "SELECT 1")[::2] == (200, "1\n")
        slow.join(timeout=90)
        assert result, "the slow query never answered"
        assert result[0][0] == 200, result
