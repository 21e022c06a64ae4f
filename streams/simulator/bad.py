"""Malformed events, one kind for each reason the processor must dead-letter a message.

Each is derived from the good event just generated (same customer, same key), with an event id
of its own (``<batch_id>:bad:<n>``) so it can never be confused with a good one.
"""

from __future__ import annotations

import json
import struct
from datetime import datetime, timedelta
from typing import Any, Final

from schemas.codec import AvroCodec
from streams.simulator.model import RAW_BAD_KINDS, SimulatedEvent

UNKNOWN_CHANNEL: Final = "fax"
FUTURE: Final = timedelta(days=3652)  # ten years after base_time
_FRAME = struct.Struct(">bI")


def unknown_schema_id(codec: AvroCodec) -> int:
    """A schema id that neither the committed files nor the codec's registry use."""
    taken = {v.derived_id for v in codec.catalog.versions}
    taken |= {codec.registry.id_for(name) for name in codec.catalog.names()}
    candidate = 2_147_000_001
    while candidate in taken:
        candidate -= 1
    return candidate


def make_bad(
    kind: str,
    good: SimulatedEvent,
    n: int,
    *,
    batch_id: str,
    base_time: datetime,
    codec: AvroCodec,
) -> SimulatedEvent:
    if good.record is None:
        raise ValueError("malformed events are derived from a good record")
    record: dict[str, Any] = dict(good.record)
    record["identifiers"] = dict(record["identifiers"])
    record["event_id"] = f"{batch_id}:bad:{n:06d}"
    key = good.key
    if kind == "no_identifier":
        record["identifiers"] = dict.fromkeys(record["identifiers"])
        key = None
    elif kind == "unknown_channel":
        record["channel"] = UNKNOWN_CHANNEL
    elif kind == "future_timestamp":
        occurred: datetime = record["occurred_at"]
        record["occurred_at"] = base_time + FUTURE + timedelta(seconds=occurred.second)
    elif kind not in RAW_BAD_KINDS:
        raise ValueError(f"unknown malformed-event kind {kind!r}")
    truth: dict[str, Any] = {
        "event_id": record["event_id"],
        "person_id": good.truth["person_id"],
        "channel": record["channel"],
        "locale": good.truth["locale"],
        "bad": kind,
    }
    if kind not in RAW_BAD_KINDS:
        return SimulatedEvent(key, record, None, kind, truth)
    if kind == "not_avro":  # someone published the record as JSON
        raw = json.dumps(record, default=str, ensure_ascii=False, sort_keys=True).encode()
    else:
        framed = codec.encode("interaction", record)
        if kind == "unknown_schema_id":
            raw = _FRAME.pack(0, unknown_schema_id(codec)) + framed[_FRAME.size :]
        else:  # schema_violation: the body cut in half
            raw = framed[: _FRAME.size + (len(framed) - _FRAME.size) // 2]
    return SimulatedEvent(key, None, raw, kind, truth)
