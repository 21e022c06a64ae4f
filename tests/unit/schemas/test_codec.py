import io
import json
from pathlib import Path

import pytest
from fastavro import schemaless_writer

from schemas import AvroCodec, DecodeError, make_registry
from schemas.catalog import SCHEMA_DIR, read_catalog
from tests.unit.factories import codec, interaction


def test_round_trip_in_confluent_wire_format():
    c = codec()
    data = c.encode("interaction", interaction())
    assert data[0] == 0
    assert int.from_bytes(data[1:5], "big") == c.registry.id_for("interaction")
    decoded = c.decode(data, expect="interaction")
    assert decoded.record == interaction()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (None, "not_avro"),
        (b"", "not_avro"),
        (b"hello world, not avro", "not_avro"),
        (b"\x00\x00\x00\x00\x07abc", "unknown_schema_id"),
    ],
)
def test_undecodable_bytes_have_a_reason(data, code):
    with pytest.raises(DecodeError) as info:
        codec().decode(data)
    assert info.value.code == code


def test_truncated_body_is_a_schema_violation():
    data = codec().encode("interaction", interaction())
    with pytest.raises(DecodeError) as info:
        codec().decode(data[:-10])
    assert info.value.code == "schema_violation"


def test_trailing_garbage_is_a_schema_violation():
    data = codec().encode("interaction", interaction())
    with pytest.raises(DecodeError) as info:
        codec().decode(data + b"\x01\x02")
    assert info.value.code == "schema_violation"


def test_wrong_record_kind_is_rejected():
    c = codec()
    entry = c.encode(
        "timeline_entry",
        {
            "entry_id": "e#interaction",
            "customer_id": "email:a",
            "occurred_at": interaction()["occurred_at"],
            "channel": "web",
            "direction": "inbound",
            "entry_kind": "interaction",
            "entry_type": "page_view",
            "summary": "s",
            "source_event_id": "e",
        },
    )
    with pytest.raises(DecodeError) as info:
        c.decode(entry, expect="interaction")
    assert info.value.code == "unknown_schema"


def test_old_writer_versions_decode_into_the_current_reader(tmp_path: Path):
    """A record written with v1 (no 'extra' field) reads as v2 with the default filled in."""
    (tmp_path / "history").mkdir()
    source = (SCHEMA_DIR / "timeline_entry.avsc").read_text()
    (tmp_path / "history" / "timeline_entry.v1.avsc").write_text(source)
    evolved = json.loads(source)
    evolved["fields"].append(
        {"name": "extra", "type": ["null", "string"], "default": None, "doc": "x"}
    )
    (tmp_path / "timeline_entry.avsc").write_text(json.dumps(evolved))
    catalog = read_catalog(tmp_path)
    c = AvroCodec(catalog, make_registry(catalog, None))
    v1 = catalog.history("timeline_entry")[0]
    record = {
        "entry_id": "e#interaction",
        "customer_id": "email:a",
        "occurred_at": interaction()["occurred_at"],
        "channel": "web",
        "direction": "inbound",
        "entry_kind": "interaction",
        "entry_type": "page_view",
        "summary": "s",
        "source_event_id": "e",
        "batch_id": None,
    }
    out = io.BytesIO()
    out.write(b"\x00" + v1.derived_id.to_bytes(4, "big"))
    schemaless_writer(out, v1.parsed, record)
    decoded = c.decode(out.getvalue())
    assert decoded.record == record | {"extra": None}
