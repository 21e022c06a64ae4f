"""The Avro contract of Chorus: ``*.avsc`` files here are the single source of truth.

``catalog`` loads and parses them once, ``registry`` gives them ids (derived from the files, or
from a Confluent Schema Registry), and ``codec`` frames records in the Confluent wire format.
"""

from schemas.catalog import SchemaCatalog, load_catalog
from schemas.codec import AvroCodec, Decoded, DecodeError
from schemas.registry import SchemaRegistry, make_registry

__all__ = [
    "AvroCodec",
    "DecodeError",
    "Decoded",
    "SchemaCatalog",
    "SchemaRegistry",
    "load_catalog",
    "make_registry",
]
