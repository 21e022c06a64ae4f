from processors.routing import RawMessage
from sinks.clickhouse.migrations import available
from sinks.clickhouse.rows import (
    ColumnBatch,
    Position,
    dead_letter_row,
    identity_event_row,
    interaction_row,
)
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


def test_identity_event_row_keeps_lists_and_version():
    record = {
        "event_id": "e1#merged:c_b",
        "kind": "merged",
        "customer_id": "c_a",
        "survivor": "c_a",
        "merged_ids": ["c_b"],
        "identifiers": ["account_id:A1", "device_id:d1"],
        "evidence_event_id": "e1",
        "at": NOW,
        "version": 65537,
        "detail": None,
        "batch_id": "b1",
    }
    row = identity_event_row(record, Position("p.identities", 1, 9), NOW)
    assert row["merged_ids"] == ["c_b"]
    assert row["identifiers"] == ["account_id:A1", "device_id:d1"]
    assert (row["version"], row["kafka_partition"], row["kafka_offset"]) == (65537, 1, 9)


def test_identity_migration_creates_the_lookup_tables():
    statements = available()[1].statements("analytics")
    assert [next(w for w in s.split() if w.startswith("analytics.")) for s in statements] == [
        "analytics.identity_events",
        "analytics.identity_members",
        "analytics.identity_members_mv",
        "analytics.customer_aliases",
        "analytics.customer_aliases_mv",
    ]
