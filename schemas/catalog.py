"""Load every schema file once at start-up, so a broken schema fails at boot.

``schemas/<name>.avsc`` is the current version of each schema; ``schemas/history/<name>.vN.avsc``
are earlier versions still accepted from old producers. Each file gets an id derived from its
canonical form, so every process agrees on ids without a registry server.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import fastavro
from fastavro.schema import to_parsing_canonical_form

from core.errors import ConfigError

SCHEMA_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class SchemaVersion:
    """One version of one schema, parsed."""

    name: str  # file stem, e.g. "interaction"
    version: int  # 1-based; the current file has the highest
    source: str  # the file's JSON text, as registered
    parsed: Any = field(repr=False, compare=False)  # fastavro's parsed form
    canonical: str = field(repr=False)

    @property
    def fullname(self) -> str:
        return str(self.parsed["name"])

    @property
    def derived_id(self) -> int:
        """A stable positive 31-bit id from the canonical form (Confluent ids are int32)."""
        digest = hashlib.sha256(self.canonical.encode()).digest()
        return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF


@dataclass(frozen=True)
class SchemaCatalog:
    """Every schema version in ``schemas/``; the current one of each name is the reader schema."""

    versions: tuple[SchemaVersion, ...]

    def current(self, name: str) -> SchemaVersion:
        candidates = [v for v in self.versions if v.name == name]
        if not candidates:
            raise ConfigError(f"no schema named {name!r} in {SCHEMA_DIR}")
        return max(candidates, key=lambda v: v.version)

    def names(self) -> list[str]:
        return sorted({v.name for v in self.versions})

    def history(self, name: str) -> list[SchemaVersion]:
        return sorted((v for v in self.versions if v.name == name), key=lambda v: v.version)


def _parse(name: str, version: int, path: Path) -> SchemaVersion:
    source = path.read_text(encoding="utf-8")
    try:
        raw = json.loads(source)
        parsed = fastavro.parse_schema(raw, _write_hint=False)
    except (ValueError, fastavro.schema.SchemaParseException) as exc:
        raise ConfigError(f"schema file {path} is not a valid Avro schema: {exc}") from exc
    canonical = to_parsing_canonical_form(raw)
    return SchemaVersion(name, version, source, parsed, canonical)


def _history_version(path: Path) -> tuple[str, int]:
    stem, _, suffix = path.stem.rpartition(".v")
    if not stem or not suffix.isdigit():
        raise ConfigError(f"history schema {path.name} must be named <name>.v<N>.avsc")
    return stem, int(suffix)


def read_catalog(directory: Path = SCHEMA_DIR) -> SchemaCatalog:
    """Parse every schema file under ``directory`` (no caching: for tests and tools)."""
    versions: list[SchemaVersion] = []
    past: dict[str, int] = {}
    for path in sorted((directory / "history").glob("*.avsc")):
        name, version = _history_version(path)
        versions.append(_parse(name, version, path))
        past[name] = max(past.get(name, 0), version)
    for path in sorted(directory.glob("*.avsc")):
        versions.append(_parse(path.stem, past.get(path.stem, 0) + 1, path))
    ids = [v.derived_id for v in versions]
    if len(set(ids)) != len(ids):
        raise ConfigError("two schema versions derive the same id; change one of them")
    return SchemaCatalog(tuple(versions))


@cache
def load_catalog() -> SchemaCatalog:
    """The project's schemas, parsed once per process."""
    return read_catalog()
