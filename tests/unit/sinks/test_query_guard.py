"""The endpoint's guard: the engine's parse reduced to a Statement, and who may run what."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from sinks.clickhouse.chdb_store import ChdbStore
from sinks.clickhouse.http_server import _denied_functions
from sinks.clickhouse.query_guard import (
    ACCESS_DENIED,
    READER_TABLE_FUNCTIONS,
    READONLY,
    SYNTAX_ERROR,
    Policy,
    RefusedError,
    Role,
    Statement,
    analyse,
    check,
    escape_parameter,
    split_statements,
    statement_from_explain,
)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Iterator[ChdbStore]:
    store = ChdbStore(Path(tmp_path_factory.mktemp("guard")))
    store.execute("CREATE TABLE t (id UInt32, name String) ENGINE = MergeTree ORDER BY id")
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(scope="module")
def policy(store) -> Policy:
    return Policy("chorus", _denied_functions(store))


def _run(store: ChdbStore):
    def run(sql: str, params: Mapping[str, str]) -> bytes:
        return store.formatted(sql, "TSVRaw", dict(params) or None)

    return run


def _code(store: ChdbStore, policy: Policy, sql: str, role: Role, read_only: bool) -> int:
    """0 when allowed, else the ClickHouse code of the refusal."""
    try:
        check(analyse(_run(store), sql), role, policy, read_only=read_only)
    except RefusedError as exc:
        return exc.code
    return 0


READER_CASES = [
    ("SELECT count() FROM t", 0),
    ("select * from chorus.t where id in (select id from t) format JSON", 0),
    ("WITH x AS (SELECT 1 AS a) SELECT * FROM x", 0),
    ("SELECT name FROM system.tables WHERE database = 'chorus'", 0),
    ("SELECT * FROM information_schema.tables", 0),
    ("SELECT sum(number) FROM numbers(10)", 0),
    ("SELECT * FROM view(SELECT 1)", 0),
    ("SELECT ';' -- ; DROP TABLE t", 0),
    ("SELECT {n:UInt8}", 0),
    ("SHOW TABLES", 0),
    ("DESCRIBE TABLE t", 0),
    ("EXISTS TABLE t", 0),
    ("SHOW CREATE TABLE t", 0),
    ("EXPLAIN SELECT * FROM t", 0),
    ("SELECT 1; DROP TABLE t", SYNTAX_ERROR),
    ("SELECT 1;\nDROP TABLE t;", SYNTAX_ERROR),
    ("SELEC 1", SYNTAX_ERROR),
    ("SELECT * FROM file('/etc/passwd', 'LineAsString')", ACCESS_DENIED),
    ("SELECT * FROM FiLe('/etc/passwd', 'LineAsString')", ACCESS_DENIED),
    ("SELECT * FROM t JOIN url('http://x', 'TSV', 'id UInt32') USING id", ACCESS_DENIED),
    ("SELECT (SELECT file('/etc/passwd'))", ACCESS_DENIED),
    ("SELECT aiGenerate('x')", ACCESS_DENIED),
    ("SELECT AIGenerate('x')", ACCESS_DENIED),
    ("SELECT dictGet('d', 'a', 1)", ACCESS_DENIED),
    ("SELECT joinGet('chorus.j', 'a', 1)", ACCESS_DENIED),
    ("SELECT * FROM merge('system', '.*')", ACCESS_DENIED),
    ("SELECT * FROM system.processes", ACCESS_DENIED),
    ("SELECT * FROM SYSTEM.QUERY_LOG", ACCESS_DENIED),
    ("SELECT * FROM default.`/etc/passwd`", ACCESS_DENIED),
    ("SELECT 1 WHERE 1 IN system.text_log", ACCESS_DENIED),
    ("SELECT * FROM {t:Identifier}", ACCESS_DENIED),
    ("DESCRIBE TABLE file('/etc/passwd')", ACCESS_DENIED),
    ("EXPLAIN SELECT * FROM s3('http://x/b')", ACCESS_DENIED),
    ("SELECT 1 INTO OUTFILE '/tmp/x'", READONLY),
    ("INSERT INTO t VALUES (1, 'a')", READONLY),
    ("INSERT INTO FUNCTION file('/tmp/x', 'LineAsString') SELECT 'a'", READONLY),
    ("CREATE TABLE x (a String) ENGINE = File(TSV, '/etc/passwd')", READONLY),
    ("DROP TABLE t", READONLY),
    ("SET readonly = 0", READONLY),
    ("SHOW PROCESSLIST", READONLY),
    ("GRANT ALL ON *.* TO default", READONLY),
]


@pytest.mark.parametrize(("sql", "code"), READER_CASES)
def test_anonymous_reader(store, policy, sql, code):
    assert _code(store, policy, sql, Role.READER, read_only=False) == code
    assert _code(store, policy, sql, Role.READER, read_only=True) == code


ADMIN_CASES = [
    ("CREATE TABLE x (a String) ENGINE = Memory", 0, READONLY),
    ("INSERT INTO t VALUES (1, 'a;b')", 0, READONLY),
    ("INSERT INTO t VALUES (1, 'a'); DROP TABLE t", SYNTAX_ERROR, SYNTAX_ERROR),
    ("INSERT INTO t FORMAT TSV\n1\ta;b\n", 0, READONLY),
    ("SELECT * FROM file('/etc/hostname', 'LineAsString')", 0, 0),
    ("SELECT 1; SELECT 2", SYNTAX_ERROR, SYNTAX_ERROR),
    ("ALTER TABLE t DELETE WHERE id = 1", 0, READONLY),
    ("GRANT ALL ON *.* TO default", 0, READONLY),
]


@pytest.mark.parametrize(("sql", "post", "get"), ADMIN_CASES)
def test_admin(store, policy, sql, post, get):
    assert _code(store, policy, sql, Role.ADMIN, read_only=False) == post
    assert _code(store, policy, sql, Role.ADMIN, read_only=True) == get


def test_parse_never_runs_the_request(store, policy):
    _code(store, policy, "SELECT 1; DROP TABLE t", Role.ADMIN, read_only=False)
    _code(store, policy, "DESCRIBE TABLE t; DROP TABLE t", Role.ADMIN, read_only=False)
    _code(store, policy, "EXISTS t; DROP TABLE t", Role.ADMIN, read_only=False)
    assert store.rows("EXISTS TABLE t") == [(1,)]


def test_reader_table_functions_exist_in_this_engine(store):
    shipped = {name for (name,) in store.rows("SELECT name FROM system.table_functions")}
    assert shipped >= READER_TABLE_FUNCTIONS
    # and the allow-list leaves out everything that reaches files, URLs, servers or processes
    assert {"file", "url", "remote", "s3", "executable", "mysql", "python", "filesystem"} <= (
        shipped - READER_TABLE_FUNCTIONS
    )


def test_denied_functions_come_from_the_engine(policy):
    assert {"file", "aigenerate", "dictget", "addresstoline", "showcertificate"} <= (
        policy.denied_functions
    )
    assert "count" not in policy.denied_functions


def test_statement_from_explain():
    text = (
        "DescribeQuery (children 1)\n"
        " TableExpression (children 1)\n"
        "  Function file (children 1)\n"
        "   ExpressionList (children 2)\n"
        "    Literal '/etc/passwd'\n"
        "    Literal 'LineAsString'\n"
    )
    statement = statement_from_explain(text)
    assert statement.kind == "DescribeQuery"
    assert statement.table_functions == {"file"}
    exists = statement_from_explain(
        "ExistsTableQuery system query_log (children 2)\n"
        " Identifier system\n"
        " Identifier query_log\n"
    )
    assert exists.tables == {("system", "query_log")}


def test_check_without_the_engine():
    policy = Policy("chorus")
    check(
        Statement("SelectWithUnionQuery", tables=frozenset({(None, "t")})),
        Role.READER,
        policy,
        read_only=True,
    )
    with pytest.raises(RefusedError) as refused:
        check(Statement("DropQuery"), Role.READER, policy, read_only=False)
    assert (refused.value.code, refused.value.http_status) == (READONLY, 403)
    assert str(refused.value).startswith("Code: 164. DB::Exception: Cannot execute query")
    check(Statement("DropQuery"), Role.ADMIN, policy, read_only=False)
    with pytest.raises(RefusedError):
        check(Statement("DropQuery"), Role.ADMIN, policy, read_only=True)
    explained_drop = Statement("ExplainQuery", explained=Statement("DropQuery"))
    with pytest.raises(RefusedError):
        check(explained_drop, Role.READER, policy, read_only=True)


def test_split_statements_follows_the_lexer(store):
    script = "SELECT ';' AS a; -- a comment; still a comment\nSELECT 2 /* ; */;\n\n;  -- end"
    assert split_statements(_run(store), script) == [
        "SELECT ';' AS a",
        "-- a comment; still a comment\nSELECT 2 /* ; */",
    ]
    assert split_statements(_run(store), "SELECT 'it''s'; SELECT '\\'; x'") == [
        "SELECT 'it''s'",
        "SELECT '\\'; x'",
    ]


def test_escape_parameter_round_trips(store):
    text = "a\tb\nc\\d'e"
    assert store.formatted("SELECT {q:String}", "TSVRaw", {"q": escape_parameter(text)}) == (
        text.encode() + b"\n"
    )
