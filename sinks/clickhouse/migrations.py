"""Versioned, forward-only DDL: ``migrations/NNNN_name.sql`` applied in order, once each.

Applied versions are recorded in ``<db>.schema_migrations``; ``{db}`` in a file is the database.
Statements are separated by a ``;`` at the end of a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from core.errors import ConfigError
from sinks.clickhouse.store import Store

_FILE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    def statements(self, database: str) -> list[str]:
        body = "\n".join(
            line for line in self.sql.splitlines() if not line.lstrip().startswith("--")
        )
        parts = re.split(r";\s*$", body, flags=re.MULTILINE)
        return [p.strip().replace("{db}", database) for p in parts if p.strip()]


def available() -> list[Migration]:
    found = []
    for entry in resources.files("sinks.clickhouse").joinpath("migrations").iterdir():
        match = _FILE.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
        elif entry.name.endswith(".sql"):
            raise ConfigError(f"migration file {entry.name} must be named NNNN_name.sql")
    found.sort(key=lambda m: m.version)
    if len({m.version for m in found}) != len(found):
        raise ConfigError("two migration files share a version number")
    return found


def _ensure_ledger(store: Store) -> None:
    store.execute(f"CREATE DATABASE IF NOT EXISTS {store.database}")
    store.execute(
        f"CREATE TABLE IF NOT EXISTS {store.database}.schema_migrations "
        "(version UInt32, name String, applied_at DateTime DEFAULT now()) "
        "ENGINE = MergeTree ORDER BY version"
    )


def applied_versions(store: Store) -> set[int]:
    _ensure_ledger(store)
    rows = store.rows(f"SELECT version FROM {store.database}.schema_migrations")
    return {int(r[0]) for r in rows}


def migrate(store: Store) -> list[Migration]:
    """Apply what is not applied yet; returns what was applied now."""
    done = applied_versions(store)
    newly = []
    for migration in available():
        if migration.version in done:
            continue
        for statement in migration.statements(store.database):
            store.execute(statement)
        store.insert(
            f"{store.database}.schema_migrations",
            {"version": [migration.version], "name": [migration.name]},
        )
        newly.append(migration)
    return newly
