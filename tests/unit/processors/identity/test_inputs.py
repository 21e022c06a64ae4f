from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from processors.identity import (
    MalformedInteractionError,
    Observation,
    observation_from_avro,
    parse_line,
    resolve_lines,
)
from tests.unit.factories import NOW, codec, interaction


def line(**overrides: Any) -> str:
    record: dict[str, Any] = {
        "event_id": "web:1",
        "occurred_at": "2026-03-01T20:00:00+08:00",
        "channel": "web",
        "identifiers": {"email": "Ann@Mail.com", "device_id": "dev-1"},
        "type": "page_view",
        "direction": "inbound",
        "text": None,
        "attributes": {"page": "/"},
    }
    record.update(overrides)
    return json.dumps({k: v for k, v in record.items() if v is not ...})


def test_a_line_becomes_an_observation() -> None:
    observation = parse_line(line())
    assert observation == Observation(
        event_id="web:1",
        occurred_ms=int(datetime(2026, 3, 1, 12, tzinfo=UTC).timestamp() * 1000),
        channel="web",
        identifiers=(("email", "Ann@Mail.com"), ("device_id", "dev-1")),
        source_system="jsonl",  # processors.jsonl.SOURCE_SYSTEM: the line names none
    )


def test_optional_fields_may_be_missing_and_null_identifiers_are_absent() -> None:
    observation = parse_line(
        line(text=..., attributes=..., identifiers={"email": None, "phone": "+1 415 234 5678"})
    )
    assert observation.identifiers == (("phone", "+1 415 234 5678"),)
    assert parse_line(line(occurred_at="2026-03-01T12:00:00Z")).occurred_ms == (
        parse_line(line()).occurred_ms
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"event_id": ""}, "rejected (invalid_field): event_id is empty"),
        ({"event_id": 7}, "'event_id'"),
        ({"occurred_at": "yesterday"}, "ISO-8601"),
        ({"occurred_at": "2026-03-01T12:00:00"}, "no UTC offset"),
        ({"channel": ...}, "'channel'"),
        ({"type": ...}, "'type'"),
        ({"direction": "sideways"}, "'direction'"),
        ({"identifiers": ["email"]}, "'identifiers'"),
        ({"identifiers": {"fax": "123"}}, "unknown identifier types ['fax']"),
        ({"identifiers": {"phone": 4152345678}}, "'phone' must be a string"),
        ({"text": 3}, "'text'"),
        ({"attributes": {"amount": 3}}, "'attributes'"),
    ],
)
def test_contract_violations_name_the_line(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(MalformedInteractionError) as caught:
        parse_line(line(**overrides), 12)
    assert caught.value.line_no == 12
    assert str(caught.value).startswith("line 12: ")
    assert message in str(caught.value)


def test_resolve_lines_reports_the_line_number_of_bad_json() -> None:
    lines = [line(event_id="a"), "", line(event_id="b"), '{"event_id": "c", ']
    with pytest.raises(MalformedInteractionError, match=r"^line 4: not JSON"):
        list(resolve_lines(lines))
    with pytest.raises(MalformedInteractionError, match=r"^line 1: an interaction is a JSON"):
        list(resolve_lines(["[1, 2]"]))


def test_avro_records_convert_to_the_same_observation() -> None:
    record = interaction(occurred_at=NOW)
    decoded = codec().decode(codec().encode("interaction", record), expect="interaction").record
    observation = observation_from_avro(decoded)
    assert observation == Observation(
        event_id="web:hit-1",
        occurred_ms=int(NOW.timestamp() * 1000),
        channel="web",
        identifiers=(("email", "Ann@Example.com"), ("device_id", "dev-1")),
        source_system="web-analytics",
    )
    as_millis = observation_from_avro({**record, "occurred_at": int(NOW.timestamp() * 1000)})
    assert as_millis == observation
    same_line = parse_line(
        json.dumps(
            {
                "event_id": "web:hit-1",
                "occurred_at": NOW.isoformat(),
                "channel": "web",
                "identifiers": {"email": "Ann@Example.com", "device_id": "dev-1"},
                "type": "page_view",
                "direction": "inbound",
            }
        )
    )
    assert same_line.identifiers == observation.identifiers
    assert same_line.occurred_ms == observation.occurred_ms


def test_bad_avro_timestamps_are_refused() -> None:
    with pytest.raises(MalformedInteractionError):
        observation_from_avro(interaction(occurred_at=datetime(2026, 1, 1)))
    with pytest.raises(MalformedInteractionError):
        observation_from_avro(interaction(occurred_at="2026-01-01"))
