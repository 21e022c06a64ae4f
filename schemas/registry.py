"""Schema ids: derived from the committed files, or from a Confluent Schema Registry.

Both registries answer the same two questions: which id to frame a record of schema ``name``
with, and which schema version an id on the wire refers to.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

import fastavro

from core.errors import ConfigError, UnavailableError
from schemas.catalog import SchemaCatalog, SchemaVersion


class SchemaRegistry(Protocol):
    def id_for(self, name: str) -> int:
        """The id to write records of the current version of ``name`` with."""
        ...

    def lookup(self, schema_id: int) -> SchemaVersion | None:
        """The schema version an id refers to, or None when it is unknown."""
        ...


class FileRegistry:
    """Ids derived from the committed schema files (the local default, no server needed)."""

    def __init__(self, catalog: SchemaCatalog) -> None:
        self._catalog = catalog
        self._by_id = {v.derived_id: v for v in catalog.versions}

    def id_for(self, name: str) -> int:
        return self._catalog.current(name).derived_id

    def lookup(self, schema_id: int) -> SchemaVersion | None:
        return self._by_id.get(schema_id)


class ConfluentRegistry:
    """Registers the current schemas under their record full names (RecordNameStrategy)."""

    def __init__(self, catalog: SchemaCatalog, url: str) -> None:
        from confluent_kafka.schema_registry import Schema, SchemaRegistryClient

        self._catalog = catalog
        self.client = SchemaRegistryClient.new_client({"url": url})
        self._ids: dict[str, int] = {}
        self._by_id: dict[int, SchemaVersion | None] = {}
        try:
            for name in catalog.names():
                for version in catalog.history(name):
                    schema_id = self.client.register_schema(
                        version.fullname, Schema(version.source, "AVRO")
                    )
                    self._by_id[schema_id] = version
                self._ids[name] = self._id_of(catalog.current(name))
        except Exception as exc:  # the client raises many kinds; all mean "can't use it"
            raise UnavailableError(f"schema registry at {url} failed: {exc}") from exc

    def _id_of(self, version: SchemaVersion) -> int:
        for schema_id, known in self._by_id.items():
            if known is version:
                return schema_id
        raise ConfigError(f"schema {version.name} v{version.version} was not registered")

    def id_for(self, name: str) -> int:
        return self._ids[name]

    def lookup(self, schema_id: int) -> SchemaVersion | None:
        if schema_id not in self._by_id:
            self._by_id[schema_id] = self._fetch(schema_id)
        return self._by_id[schema_id]

    def _fetch(self, schema_id: int) -> SchemaVersion | None:
        """An id another producer registered: accept it if it is a version of one of ours."""
        try:
            schema = self.client.get_schema(schema_id)
        except Exception:  # unknown id (404) or registry down: treated as unknown here
            return None
        raw: Any = json.loads(schema.schema_str or "null")
        fullname = f"{raw.get('namespace', '')}.{raw.get('name', '')}" if raw else ""
        for version in self._catalog.versions:
            if version.fullname == fullname:
                parsed = fastavro.parse_schema(raw, _write_hint=False)
                canonical = fastavro.schema.to_parsing_canonical_form(raw)
                return SchemaVersion(version.name, 0, schema.schema_str or "", parsed, canonical)
        return None


def make_registry(catalog: SchemaCatalog, url: str | None) -> SchemaRegistry:
    return ConfluentRegistry(catalog, url) if url else FileRegistry(catalog)
