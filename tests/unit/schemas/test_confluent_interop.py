"""Bytes Chorus writes decode with confluent-kafka's own AvroDeserializer, and back."""

import uuid

from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

from schemas import AvroCodec, load_catalog
from schemas.registry import ConfluentRegistry
from tests.unit.factories import interaction


def _codec() -> AvroCodec:
    catalog = load_catalog()
    # mock:// gives confluent's in-process MockSchemaRegistryClient: a real client code path
    return AvroCodec(catalog, ConfluentRegistry(catalog, f"mock://{uuid.uuid4().hex}"))


def _ms(record):
    return {
        k: int(v.timestamp() * 1000) if k in ("occurred_at", "received_at") else v
        for k, v in record.items()
    }


def test_confluent_deserializer_reads_chorus_bytes():
    codec = _codec()
    registry = codec.registry
    assert isinstance(registry, ConfluentRegistry)
    data = codec.encode("interaction", interaction())
    deserializer = AvroDeserializer(registry.client)
    ctx = SerializationContext("chorus.interactions.raw", MessageField.VALUE)
    decoded = deserializer(data, ctx)
    assert decoded["event_id"] == interaction()["event_id"]
    assert decoded["identifiers"] == interaction()["identifiers"]
    assert decoded["occurred_at"] == interaction()["occurred_at"]


def test_chorus_reads_confluent_serializer_bytes():
    codec = _codec()
    registry = codec.registry
    assert isinstance(registry, ConfluentRegistry)
    source = load_catalog().current("interaction").source
    serializer = AvroSerializer(
        registry.client,
        source,
        conf={
            "auto.register.schemas": True,
            "subject.name.strategy": lambda ctx, name: "dev.chorus.events.Interaction",
        },
    )
    ctx = SerializationContext("chorus.interactions.raw", MessageField.VALUE)
    data = serializer(_ms(interaction()), ctx)
    assert data is not None
    # the serializer may register its own normalised copy under a new id: we resolve it anyway
    assert codec.decode(data, expect="interaction").record == interaction()
