"""The embedded ClickHouse engine (chdb): the default store.

chdb allows one process per data path, so exactly one process owns the store (``chorus run`` or
``chorus demo``) and serves ClickHouse's HTTP interface to everyone else
(:mod:`sinks.clickhouse.http_server`).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
from chdb import session as chdb_session

from core.errors import QueryError, UnavailableError

# chdb's Python() table function reads a variable from the calling frame by name; keep it local.
_INSERT_SQL = "INSERT INTO {table} ({columns}) SELECT {columns} FROM Python(chorus_batch)"


class ChdbStore:
    """One chdb session on a data directory; thread-safe (chdb >= 4.0 sessions are)."""

    def __init__(self, path: Path, database: str = "chorus") -> None:
        self.path = path
        self.database = database
        path.mkdir(parents=True, exist_ok=True)
        try:
            self._session = chdb_session.Session(str(path))  # type: ignore[no-untyped-call]
        except Exception as exc:
            raise UnavailableError(
                f"cannot open the embedded ClickHouse at {path}: {_first_line(exc)} "
                "(is another Chorus process using it? `chorus query` reaches it over HTTP)"
            ) from exc
        self._closed = False
        self._lock = threading.Lock()  # guards close() against concurrent queries only
        self.execute(f"CREATE DATABASE IF NOT EXISTS {database}")
        # later unqualified names (BI tools, `chorus query`) resolve in our database
        self.execute(f"USE {database}")

    def _run(self, sql: str, fmt: str, params: Mapping[str, str] | None = None) -> Any:
        self._check_open()
        try:
            if params:
                return self._session.query(sql, fmt, params=dict(params))  # type: ignore[no-untyped-call]
            return self._session.query(sql, fmt)  # type: ignore[no-untyped-call]
        except Exception as exc:  # chdb raises ChdbError / RuntimeError with the server text
            raise QueryError(_first_line(exc)) from exc

    def _check_open(self) -> None:
        if self._closed:
            raise UnavailableError("the embedded ClickHouse store is closed")

    def execute(self, sql: str) -> None:
        self._run(sql, "TabSeparated")

    def formatted(self, sql: str, fmt: str, params: Mapping[str, str] | None = None) -> bytes:
        result = self._run(sql, fmt, params)
        data: bytes = result.bytes()
        return data

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        data = self.formatted(sql, "Arrow")
        if not data:
            return []
        table = pa.ipc.open_file(pa.BufferReader(data)).read_all()
        columns = [_python_values(column) for column in table.columns]
        return list(zip(*columns, strict=True))

    def insert(self, table: str, columns: Mapping[str, Sequence[Any]]) -> None:
        self._check_open()
        # chdb finds the object by name in the frame that calls query(): call it from here
        chorus_batch = _to_arrow(columns)  # noqa: F841
        names = ", ".join(columns)
        try:
            self._session.query(  # type: ignore[no-untyped-call]
                _INSERT_SQL.format(table=table, columns=names), "TabSeparated"
            )
        except Exception as exc:
            raise QueryError(f"insert into {table} failed: {_first_line(exc)}") from exc

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._session.close()  # type: ignore[no-untyped-call]

    def open_session(
        self, settings: Mapping[str, float | str] | None = None, readonly: int = 0
    ) -> ChdbSession:
        """A chdb session of its own on this store, for one HTTP request.

        chdb runs one query at a time per session: the store's own session (the sink's inserts)
        must never wait behind a client's query, nor a client's query behind a ``url()`` call of
        another. ``settings`` are SET first, then ``readonly``, so a session at ``readonly=1``
        cannot change them back (ClickHouse refuses any setting change at that level)."""
        self._check_open()
        return ChdbSession(self.path, self.database, settings or {}, readonly)


class ChdbSession:
    """One more chdb session on an open store's data path (see :meth:`ChdbStore.open_session`)."""

    def __init__(
        self, path: Path, database: str, settings: Mapping[str, float | str], readonly: int
    ) -> None:
        try:
            self._session = chdb_session.Session(str(path))  # type: ignore[no-untyped-call]
        except Exception as exc:
            raise UnavailableError(f"cannot open a session on {path}: {_first_line(exc)}") from exc
        try:
            self._run(f"USE {database}", "TabSeparated")
            for name, value in settings.items():
                literal = repr(value) if isinstance(value, int | float) else f"'{_quote(value)}'"
                self._run(f"SET {name} = {literal}", "TabSeparated")
            if readonly:
                self._run(f"SET readonly = {int(readonly)}", "TabSeparated")
        except BaseException:
            self.close()
            raise

    def _run(self, sql: str, fmt: str, params: Mapping[str, str] | None = None) -> Any:
        try:
            if params:
                return self._session.query(sql, fmt, params=dict(params))  # type: ignore[no-untyped-call]
            return self._session.query(sql, fmt)  # type: ignore[no-untyped-call]
        except Exception as exc:
            raise QueryError(_first_line(exc)) from exc

    def formatted(self, sql: str, fmt: str, params: Mapping[str, str] | None = None) -> bytes:
        data: bytes = self._run(sql, fmt, params).bytes()
        return data

    def close(self) -> None:
        self._session.close()  # type: ignore[no-untyped-call]

    def __enter__(self) -> ChdbSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace("'", "\\'")


def _to_arrow(columns: Mapping[str, Sequence[Any]]) -> pa.Table:
    return pa.table({name: _arrow_array(values) for name, values in columns.items()})


def _arrow_array(values: Sequence[Any]) -> pa.Array | pa.ChunkedArray:
    """Arrow infers dicts as structs; ClickHouse wants Map, so dict columns become map arrays."""
    if isinstance(values, pa.Array | pa.ChunkedArray):
        return values
    sample = next((v for v in values if v is not None), None)
    if isinstance(sample, dict):
        item = next((x for d in values if d for x in d.values()), "")
        item_type = (
            pa.bool_()
            if isinstance(item, bool)
            else pa.int64()
            if isinstance(item, int)
            else pa.string()
        )
        entries = [list(d.items()) if d is not None else [] for d in values]
        return pa.array(entries, pa.map_(pa.string(), item_type))
    if isinstance(sample, datetime):
        return pa.array(values, pa.timestamp("ms", tz="UTC"))
    if isinstance(sample, list):
        # a batch of empty lists would infer list<null>, which ClickHouse cannot store
        item = next((x for items in values if items for x in items), "")
        if isinstance(item, str):
            return pa.array(values, pa.list_(pa.string()))
    return pa.array(values)


def _python_values(column: pa.ChunkedArray) -> list[Any]:
    """Column values; ClickHouse Strings that are not UTF-8 (raw payloads) come back as bytes."""
    try:
        values: list[Any] = column.to_pylist()
    except UnicodeDecodeError:
        return [_text_or_bytes(v) for v in column.cast(pa.binary()).to_pylist()]
    return values


def _text_or_bytes(value: bytes | None) -> str | bytes | None:
    if value is None:
        return None
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
