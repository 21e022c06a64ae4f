"""What every ClickHouse backend offers the rest of Chorus.

Two backends implement it: :mod:`sinks.clickhouse.chdb_store` (embedded, the default) and
:mod:`sinks.clickhouse.driver_store` (a ClickHouse server over the native protocol).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol


class Store(Protocol):
    """A ClickHouse database. Methods raise :class:`core.errors.QueryError` for bad SQL and
    :class:`core.errors.UnavailableError` when the engine cannot be reached."""

    database: str

    def execute(self, sql: str) -> None:
        """Run one statement that returns nothing (DDL, INSERT ... SELECT, ...)."""
        ...

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        """Run a SELECT and return its rows as Python values."""
        ...

    def formatted(self, sql: str, fmt: str, params: Mapping[str, str] | None = None) -> bytes:
        """Run a statement and return its result in a ClickHouse output format (e.g. JSON).

        ``params`` are query parameters (``{name:Type}`` in the SQL), values as text."""
        ...

    def insert(self, table: str, columns: Mapping[str, Sequence[Any]]) -> None:
        """Insert one batch given column-wise; all sequences have the same length."""
        ...

    def close(self) -> None: ...
