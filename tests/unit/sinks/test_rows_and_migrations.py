from processors.routing import RawMessage
from sinks.clickhouse.migrations import available
from sinks.clickhouse.rows import ColumnBatch, Position, dead_letter_row, interaction_row
from tests.unit.factories import NOW, interaction


def test_interaction_row_flattens_identifiers_and_keeps_position():
    row = interaction_row(interaction(), Position("t", 3, 99), NOW)
    assert row["email"] == "Ann@Example.com"
    assert row["customer_key"] == "email:Ann@Example.com"
    assert (row["kafka_topic"], row["kafka_partition"], row["kafka_offset"]) == ("t", 3, 99)


def test_dead_letter_row_keeps_original_bytes():
    message = RawMessage("raw", 0, 5, None, b"\xff\x00")
    row = dead_letter_row(
        {
            "source_topic": message.topic,
            "source_partition": 0,
            "source_offset": 5,
            "source_key": None,
            "payload": b"\xff\x00",
            "reason_code": "not_avro",
            "reason": "r",
            "failed_at": NOW,
        },
        Position("dl", 1, 2),
        NOW,
    )
    assert row["payload"] == b"\xff\x00"
    assert row["event_id"] is None


def test_column_batch_transposes_rows():
    batch = ColumnBatch("t")
    batch.add({"a": 1, "b": "x"})
    batch.add({"a": 2, "b": "y"})
    assert len(batch) == 2
    assert batch.columns() == {"a": [1, 2], "b": ["x", "y"]}
    batch.clear()
    assert batch.columns() == {}


def test_migrations_are_ordered_and_split_into_statements():
    migrations = available()
    assert [m.version for m in migrations] == sorted(m.version for m in migrations)
    statements = migrations[0].statements("analytics")
    assert len(statements) == 3
    assert all(s.startswith("CREATE TABLE IF NOT EXISTS analytics.") for s in statements)
    assert not any("{db}" in s for s in statements)
