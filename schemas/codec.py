"""Avro encoding in the Confluent wire format: magic byte 0, 4-byte big-endian id, Avro body.

fastavro on the hot path with schemas parsed once; any Confluent-compatible consumer can read
what this writes.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass
from typing import Any

from fastavro import schemaless_reader, schemaless_writer

from core.errors import ChorusError
from schemas.catalog import SchemaCatalog
from schemas.registry import SchemaRegistry

MAGIC = 0
_HEADER = struct.Struct(">bI")


class DecodeError(ChorusError):
    """Bytes that are not a record of one of our schemas; ``code`` says why, for dead letters."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Decoded:
    name: str
    schema_id: int
    record: dict[str, Any]


class AvroCodec:
    def __init__(self, catalog: SchemaCatalog, registry: SchemaRegistry) -> None:
        self.catalog = catalog
        self.registry = registry
        self._writers = {
            name: (registry.id_for(name), catalog.current(name).parsed) for name in catalog.names()
        }

    def encode(self, name: str, record: dict[str, Any]) -> bytes:
        schema_id, parsed = self._writers[name]
        out = io.BytesIO()
        out.write(_HEADER.pack(MAGIC, schema_id))
        schemaless_writer(out, parsed, record)
        return out.getvalue()

    def decode(self, data: bytes | None, expect: str | None = None) -> Decoded:
        """Decode framed bytes into the *current* version of their schema (resolving old ones)."""
        if data is None or len(data) < _HEADER.size or data[0] != MAGIC:
            raise DecodeError("not_avro", "not Confluent-framed Avro (no magic byte 0 + schema id)")
        _, schema_id = _HEADER.unpack_from(data)
        writer = self.registry.lookup(schema_id)
        if writer is None:
            raise DecodeError("unknown_schema_id", f"schema id {schema_id} is not registered")
        if expect is not None and writer.name != expect:
            raise DecodeError("unknown_schema", f"expected a {expect}, got a {writer.name}")
        reader = self.catalog.current(writer.name)
        body = io.BytesIO(data)
        body.seek(_HEADER.size)
        try:
            record = schemaless_reader(
                body, writer.parsed, None if reader is writer else reader.parsed
            )
        except Exception as exc:  # fastavro raises EOFError, ValueError, UnicodeError, ...
            raise DecodeError(
                "schema_violation", f"body does not match schema {writer.name}: {exc!r}"
            ) from exc
        if body.tell() != len(data):
            raise DecodeError(
                "schema_violation",
                f"{len(data) - body.tell()} trailing bytes after a {writer.name} record",
            )
        if not isinstance(record, dict):
            raise DecodeError("schema_violation", "decoded value is not a record")
        return Decoded(writer.name, schema_id, record)
