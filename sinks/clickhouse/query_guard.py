"""What a request to the store's HTTP endpoint may run, decided from ClickHouse's own parse.

The engine parses; this module decides. :func:`analyse` asks the engine for the statement's
syntax tree (``parseQueryToJSON``, fed the SQL as a *query parameter*, so nothing of the request
is ever executed to look at it; ``EXPLAIN AST`` of the engine's canonical single-line form for
the few statement kinds that have no JSON form yet: DESCRIBE, EXISTS, SHOW CREATE, ...) and
reduces it to a :class:`Statement`: its kind and every table function, engine, table and
function it names, in subqueries, CTEs, ``IN`` and ``view()`` too. :func:`check` then allows or
refuses it for a :class:`Role`. No regular expression over the SQL text decides anything.

Why not ClickHouse's own settings alone (probed on chdb 4.4 / engine 26.9, docs/security.md):
``readonly=1`` refuses writes, DDL and table functions such as ``file()`` and ``url()``, and every
change of a setting; but it lets the scalar ``file()`` function read any file, ``INTO OUTFILE``
write one, ``DESCRIBE file(...)`` read one, and the ``default`` database (an Overlay with a
Filesystem engine) serve ``default.`/etc/passwd```. ``readonly=2`` even lets
``INSERT INTO FUNCTION file(...)`` write. ``user_files_path`` is a server setting chdb does not
take per query, and in chdb (clickhouse-local) it confines nothing. So anonymous requests run
in a ``readonly=1`` session *and* pass this guard; an allow-list (tables, table functions) where
BI needs little, and a deny-list derived from ``system.functions`` for scalar functions, where
BI needs hundreds.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

from core.errors import QueryError

# ClickHouse's error codes, and the HTTP status its HTTP interface gives each
SYNTAX_ERROR = 62
READONLY = 164
TOO_MANY_SIMULTANEOUS_QUERIES = 202
ACCESS_DENIED = 497
AUTHENTICATION_FAILED = 516
BAD_ARGUMENTS = 36

HTTP_STATUS = {
    SYNTAX_ERROR: 400,
    READONLY: 403,
    ACCESS_DENIED: 403,
    AUTHENTICATION_FAILED: 401,
    TOO_MANY_SIMULTANEOUS_QUERIES: 503,
}


class Role(Enum):
    READER = "reader"  # anonymous: reads the store, nothing else
    ADMIN = "admin"  # the owner token or CHORUS_QUERY_HTTP_PASSWORD: anything, one statement


class RefusedError(QueryError):
    """A request the endpoint does not run, with ClickHouse's error code."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"Code: {code}. DB::Exception: {message}")
        self.code = code
        self.message = message

    @property
    def http_status(self) -> int:
        return HTTP_STATUS.get(self.code, 500)


#: table functions an anonymous reader may use: they compute rows and reach nothing outside
#: the store (``view`` and ``values`` only wrap what is checked like any other query)
READER_TABLE_FUNCTIONS = frozenset(
    {
        "numbers",
        "numbers_mt",
        "zeros",
        "zeros_mt",
        "generate_series",
        "generateSeries",
        "primes",
        "values",
        "SQLStandardValues",
        "null",
        "view",
        "format",
        "generateRandom",
    }
)

#: the system tables BI tools and clickhouse-connect read; the rest (query_log, processes,
#: text_log, ...) shows other users' queries or the machine and stays with the owner
READER_SYSTEM_TABLES = frozenset(
    {
        "one",
        "numbers",
        "numbers_mt",
        "zeros",
        "zeros_mt",
        "databases",
        "tables",
        "columns",
        "functions",
        "table_functions",
        "table_engines",
        "formats",
        "data_type_families",
        "settings",
        "time_zones",
        "collations",
        "build_options",
        "aggregate_function_combinators",
        "keywords",
        "parts",
        "parts_columns",
        "dictionaries",
        "contributors",
    }
)

#: function categories of ``system.functions`` that reach outside the store (LLM endpoints,
#: dictionaries with external sources, the binary's symbols)
DENIED_FUNCTION_CATEGORIES = ("AI", "Introspection", "Dictionary", "Embedded Dictionary")
#: further functions, by name, that read files, the machine's certificates, client headers,
#: Keeper, or tables by a name in a string (joinGet), so past the table allow-list
DENIED_FUNCTIONS = frozenset(
    {
        "file",
        "showcertificate",
        "getclienthttpheader",
        "getserversetting",
        "globalvariable",
        "generateserialid",
        "zookeepersessionuptime",
        "joinget",
        "joingetornull",
        "catboostevaluate",
    }
)

#: statement kinds (the root of the engine's syntax tree) that only read
READ_KINDS = frozenset(
    {
        "SelectWithUnionQuery",
        "SelectIntersectExceptQuery",
        "SelectQuery",
        "ShowTablesQuery",
        "ShowColumnsQuery",
        "ShowIndexesQuery",
        "DescribeQuery",
        "ExistsTableQuery",
        "ExistsDatabaseQuery",
        "ExistsDictionaryQuery",
        "ExistsViewQuery",
        "ShowCreateTableQuery",
        "ShowCreateViewQuery",
        "ShowCreateDatabaseQuery",
        "ShowCreateDictionaryQuery",
        "ExplainQuery",
    }
)


@dataclass(frozen=True)
class Statement:
    """One statement as the engine parsed it: what it is and everything it names."""

    kind: str
    table_functions: frozenset[str] = frozenset()
    engines: frozenset[str] = frozenset()
    tables: frozenset[tuple[str | None, str]] = frozenset()
    functions: frozenset[str] = frozenset()
    writes_file: bool = False  # INTO OUTFILE
    #: types of the ``{name:Type}`` query parameters (an Identifier names a table at run time)
    parameter_types: frozenset[str] = frozenset()
    explained: Statement | None = None  # the statement under EXPLAIN
    inline_data_format: str | None = None  # INSERT ... VALUES / FORMAT <data>

    @property
    def reads_only(self) -> bool:
        if self.kind == "ExplainQuery":
            return self.explained is None or self.explained.reads_only
        return self.kind in READ_KINDS and not self.writes_file


@dataclass(frozen=True)
class Policy:
    """What an anonymous reader may name; ``denied_functions`` comes from the engine."""

    database: str
    denied_functions: frozenset[str] = DENIED_FUNCTIONS
    table_functions: frozenset[str] = READER_TABLE_FUNCTIONS
    system_tables: frozenset[str] = READER_SYSTEM_TABLES
    databases: frozenset[str] = field(default_factory=lambda: frozenset({"information_schema"}))

    def readable(self, database: str | None, table: str) -> bool:
        if database is None:
            return True  # the session's database (USE <database>), or a CTE's name
        db = database.lower()
        if db == "system":
            return table.lower() in self.system_tables
        return database == self.database or db in self.databases


def check(statement: Statement, role: Role, policy: Policy, *, read_only: bool) -> None:
    """Refuse ``statement`` (raise :class:`RefusedError`) unless ``role`` may run it.

    ``read_only`` is an HTTP GET: only reads, for everyone, as in ClickHouse."""
    if (role is Role.READER or read_only) and not statement.reads_only:
        how = (
            "use POST to change data"
            if role is Role.ADMIN
            else "anonymous requests only read (send the owner token or "
            "CHORUS_QUERY_HTTP_PASSWORD, e.g. in X-ClickHouse-Key, to change data)"
        )
        raise RefusedError(READONLY, f"Cannot execute query in readonly mode: {how}")
    if role is Role.ADMIN:
        return
    _check_reader(statement, policy)


def _check_reader(statement: Statement, policy: Policy) -> None:
    if statement.writes_file:
        raise RefusedError(ACCESS_DENIED, "Not enough privileges: INTO OUTFILE writes a file")
    if any("identifier" in kind.lower() for kind in statement.parameter_types):
        raise RefusedError(
            ACCESS_DENIED,
            "Not enough privileges: Identifier query parameters name tables at run time, past "
            "the checks; anonymous requests may bind values only",
        )
    for name in sorted(statement.table_functions):
        if name.lower() not in {allowed.lower() for allowed in policy.table_functions}:
            raise RefusedError(
                ACCESS_DENIED,
                f"Not enough privileges: table function {name} is not available to anonymous "
                f"requests (they may use {', '.join(sorted(policy.table_functions))})",
            )
    for name in sorted(statement.functions):
        if name.lower() in policy.denied_functions:
            raise RefusedError(
                ACCESS_DENIED,
                f"Not enough privileges: function {name} reaches outside the store",
            )
    for database, table in sorted(statement.tables, key=lambda t: (t[0] or "", t[1])):
        if not policy.readable(database, table):
            raise RefusedError(
                ACCESS_DENIED,
                f"Not enough privileges: anonymous requests cannot read {database}.{table}",
            )
    if statement.explained is not None:
        _check_reader(statement.explained, policy)


# --- the engine's parse -> Statement -------------------------------------------------------


def statement_from_json(ast: Mapping[str, Any]) -> Statement:
    """Reduce ``parseQueryToJSON``'s tree to a :class:`Statement`."""
    kind = str(ast.get("type", ""))
    if kind == "ExplainQuery" and isinstance(ast.get("query"), Mapping):
        inner = statement_from_json(ast["query"])
        return replace(inner, kind=kind, explained=inner)
    collected = _Collected()
    collected.walk(ast, parent_key="")
    return Statement(
        kind,
        frozenset(collected.table_functions),
        frozenset(collected.engines),
        frozenset(collected.tables),
        frozenset(collected.functions),
        collected.writes_file,
        frozenset(collected.parameter_types),
    )


@dataclass
class _Collected:
    table_functions: set[str] = field(default_factory=set)
    engines: set[str] = field(default_factory=set)
    tables: set[tuple[str | None, str]] = field(default_factory=set)
    functions: set[str] = field(default_factory=set)
    writes_file: bool = False
    parameter_types: set[str] = field(default_factory=set)

    def walk(self, node: Any, parent_key: str) -> None:
        if isinstance(node, list):
            for item in node:
                self.walk(item, parent_key)
            return
        if not isinstance(node, Mapping):
            return
        if "out_file" in node:
            self.writes_file = True
        self._note(node, parent_key)
        for key, value in node.items():
            if isinstance(value, Mapping | list):
                self.walk(value, key)

    def _note(self, node: Mapping[str, Any], parent_key: str) -> None:
        kind = node.get("type")
        if kind == "Function":
            name = str(node.get("name", ""))
            if parent_key in ("table_function", "as_table_function"):
                self.table_functions.add(name)
            elif parent_key == "engine":
                self.engines.add(name)
            else:
                self.functions.add(name)
                self._in_table(name, node)
        elif kind == "TableIdentifier":
            self.tables.add(_table_of(node))
        elif kind == "QueryParameter":
            self.parameter_types.add(str(node.get("param_type", "")))
        elif kind in ("ShowColumnsQuery", "ShowIndexesQuery") and node.get("table"):
            database = node.get("database") or None
            self.tables.add((str(database) if database else None, str(node["table"])))

    def _in_table(self, name: str, node: Mapping[str, Any]) -> None:
        """``x IN db.table`` reads a table named by an Identifier, not a TableIdentifier."""
        if name.lower() not in ("in", "notin", "globalin", "globalnotin", "nullin", "notnullin"):
            return
        arguments = node.get("arguments", {}).get("children", [])
        if len(arguments) == 2 and arguments[1].get("type") == "Identifier":
            self.tables.add(_table_of(arguments[1]))


def _table_of(node: Mapping[str, Any]) -> tuple[str | None, str]:
    parts = node.get("name_parts")
    if isinstance(parts, list) and len(parts) >= 2:
        return str(parts[-2]), str(parts[-1])
    database = node.get("database")
    return (str(database) if database else None), str(node.get("name", ""))


@dataclass
class _Line:
    depth: int
    kind: str
    words: list[str]
    children: list[_Line] = field(default_factory=list)


def statement_from_explain(text: str) -> Statement:
    """Reduce ``EXPLAIN AST`` output (one node a line, indented by depth) to a Statement.

    Only for the statement kinds ``parseQueryToJSON`` has no JSON form for yet."""
    root = _explain_tree(text)
    if root is None:
        raise RefusedError(SYNTAX_ERROR, "Empty query")
    collected = _Collected()
    tables: set[tuple[str | None, str]] = set()
    if root.kind.startswith(("Exists", "ShowCreate")):
        names = [" ".join(child.words) for child in root.children if child.kind == "Identifier"]
        if names:
            tables.add((names[0], names[1]) if len(names) >= 2 else (None, names[0]))
    for parent, line in _explain_walk(root, None):
        if line.kind == "Function" and line.words:
            if parent is not None and parent.kind == "TableExpression":
                collected.table_functions.add(line.words[0])
            elif parent is not None and parent.kind == "Storage":
                collected.engines.add(line.words[0])
            else:
                collected.functions.add(line.words[0])
        elif line.kind == "TableIdentifier" and line.words:
            # the whole rest of the line: a quoted name may hold spaces
            database, _, table = " ".join(line.words).rpartition(".")
            tables.add((database or None, table))
        elif line.kind == "QueryParameter":
            collected.parameter_types.add(" ".join(line.words))
    return Statement(
        root.kind,
        frozenset(collected.table_functions),
        frozenset(collected.engines),
        frozenset(tables),
        frozenset(collected.functions),
        parameter_types=frozenset(collected.parameter_types),
    )


def _explain_tree(text: str) -> _Line | None:
    stack: list[_Line] = []
    root: _Line | None = None
    for raw in text.splitlines():
        if not raw.strip():
            continue
        depth = len(raw) - len(raw.lstrip(" "))
        words = raw.strip().split(" ")
        if words[-2:-1] == ["(children"]:
            words = words[:-2]
        line = _Line(depth, words[0], words[1:])
        while stack and stack[-1].depth >= depth:
            stack.pop()
        if stack:
            stack[-1].children.append(line)
        elif root is None:
            root = line
        stack.append(line)
    return root


def _explain_walk(line: _Line, parent: _Line | None) -> Iterator[tuple[_Line | None, _Line]]:
    yield parent, line
    for child in line.children:
        yield from _explain_walk(child, line)


# --- asking the engine ---------------------------------------------------------------------

#: run(sql, params) -> the result in TSVRaw, raising QueryError with the engine's message
Runner = Callable[[str, Mapping[str, str]], bytes]


def escape_parameter(value: str) -> str:
    """A query parameter's value as ClickHouse reads it (escaped like TSV)."""
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def analyse(run: Runner, sql: str) -> Statement:
    """Parse ``sql`` with the engine, refusing anything but exactly one statement."""
    param = {"q": escape_parameter(sql)}
    try:
        return statement_from_json(json.loads(run("SELECT parseQueryToJSON({q:String})", param)))
    except QueryError as exc:
        if isinstance(exc, RefusedError):
            raise
        message = _engine_message(exc)
        if f"Code: {SYNTAX_ERROR}." in str(exc):
            raise RefusedError(SYNTAX_ERROR, message) from exc
        if "INSERT with inline data" in str(exc):
            return _inline_insert(run, param)
        if "does not support JSON serialization" not in str(exc):
            # e.g. 167 "AST is too deep": the engine's refusal, without our wrapper query
            code = str(exc).removeprefix("Code: ").split(".", 1)[0]
            if not code.isdigit():
                raise
            raise QueryError(f"Code: {code}. DB::Exception: {message}") from exc
    # no JSON form for this kind (DESCRIBE, EXISTS, SHOW CREATE, GRANT, ...): EXPLAIN AST of
    # the engine's own canonical text of the one statement it parsed
    canonical = _canonical(run, param)
    return statement_from_explain(run(f"EXPLAIN AST {canonical}", {}).decode())


def _canonical(run: Runner, param: Mapping[str, str]) -> str:
    try:
        return run("SELECT formatQuerySingleLine({q:String})", param).decode().rstrip("\n")
    except QueryError as exc:
        if f"Code: {SYNTAX_ERROR}." in str(exc):
            raise RefusedError(SYNTAX_ERROR, _engine_message(exc)) from exc
        raise


def _inline_insert(run: Runner, param: Mapping[str, str]) -> Statement:
    """``INSERT ... VALUES (...)``: the engine parses the statement but not its data; chdb runs
    whatever follows the VALUES data after a ``;``, so the engine's lexer looks for that."""
    head = json.loads(
        run(
            "SELECT parseQueryToJSON({q:String})",
            {"q": escape_parameter(_canonical(run, param))},
        )
    )
    statement = statement_from_json(head)
    fmt = _insert_format(head)
    if fmt is not None and fmt.lower() == "values":
        tokens = json.loads(
            run("SELECT toJSONString(tokenizeQuery({q:String}))", param).decode() or "[]"
        )
        if _statement_after_semicolon(tokens):
            raise RefusedError(
                SYNTAX_ERROR,
                "Syntax error (Multi-statements are not allowed): one statement per request",
            )
    return replace(statement, inline_data_format=fmt or "Values")


def _insert_format(head: Mapping[str, Any]) -> str | None:
    fmt = head.get("format")
    if isinstance(fmt, str):
        return fmt
    if isinstance(fmt, Mapping):
        return str(fmt.get("name", "")) or None
    return None


def _statement_after_semicolon(tokens: Iterable[Any]) -> bool:
    seen_semicolon = False
    for token in tokens:
        kind = _token_kind(token)
        if kind == "Semicolon":
            seen_semicolon = True
        elif seen_semicolon and kind not in _BLANK_TOKENS:
            return True
    return False


def _token_kind(token: Any) -> str:
    if isinstance(token, Mapping):
        return str(token.get("type") or token.get("token_type") or "")
    if isinstance(token, list | tuple) and len(token) >= 3:
        return str(token[2])
    return ""


def split_statements(run: Runner, script: str) -> list[str]:
    """The statements of a script, cut at the engine's own ``;`` tokens (a ``;`` in a string or
    a comment is no token); pieces with nothing but blanks and comments are dropped. Inline
    INSERT data in a format other than VALUES is not supported in a script."""
    data = script.encode()
    # a string literal, not a query parameter: clickhouse-driver binds no server-side parameters
    # (the owner's own script; ``\\`` and ``\'`` are all a ClickHouse string literal escapes)
    literal = script.replace("\\", "\\\\").replace("'", "\\'")
    tokens = json.loads(
        run(f"SELECT toJSONString(tokenizeQuery('{literal}'))", {}).decode() or "[]"
    )
    statements: list[str] = []
    start, meaningful = 0, False
    for token in tokens:
        kind = _token_kind(token)
        if kind == "Semicolon":
            if meaningful:
                statements.append(data[start : _token_begin(token)].decode().strip())
            start, meaningful = _token_begin(token) + 1, False
        elif kind not in _BLANK_TOKENS:
            meaningful = True
    if meaningful:
        statements.append(data[start:].decode().strip())
    return statements


_BLANK_TOKENS = frozenset({"Whitespace", "Comment", "EndOfStream"})


def _token_begin(token: Any) -> int:
    if isinstance(token, Mapping):
        return int(token.get("begin", 0))
    return int(token[0])


def _engine_message(exc: BaseException) -> str:
    """The engine's message without its code prefix and without the guard's own wrapper query
    (``In scope SELECT parseQueryToJSON('...')``, which would echo the request back)."""
    text = str(exc)
    for marker in (
        ": In scope SELECT parseQueryToJSON(",
        ": In scope SELECT formatQuerySingleLine(",
    ):
        text = text.split(marker, maxsplit=1)[0]
    prefix = "DB::Exception: "
    if prefix in text:
        text = text.split(prefix, 1)[1]
    return text.rstrip(". ")
