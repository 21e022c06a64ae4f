"""By property (issue 19, part 7): for any bytes and headers on the raw topic, and for valid
records bent out of shape, the router's outcome is exactly one of "stored" (the two onward
outputs) or "dead-lettered" (one dead letter that fits in a Kafka message), and it never raises.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from processors.routing import (
    BATCH_HEADER,
    MAX_OUTPUT_BYTES,
    InteractionRouter,
    Output,
    RawMessage,
)
from schemas.channels import CHANNELS, IDENTIFIER_TYPES
from schemas.codec import DecodeError
from tests.unit.factories import NOW, codec, interaction

CODEC = codec()
ROUTER = InteractionRouter(CODEC, max_future_skew=timedelta(days=1), clock=lambda: NOW)
INTERACTION_ID = CODEC.registry.id_for("interaction")
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

headers = st.dictionaries(
    st.sampled_from([BATCH_HEADER, "x-other", "chorus-command"]) | st.text(max_size=20),
    st.binary(max_size=300),
    max_size=4,
)
keys = st.none() | st.binary(max_size=2000)


def _message(value: bytes | None, key: bytes | None, hdrs: dict[str, bytes]) -> RawMessage:
    return RawMessage("t.interactions.raw", 1, 42, key, value, hdrs)


def _check_one_outcome(message: RawMessage, outputs: list[Output]) -> dict[str, Any] | None:
    """Exactly one outcome; returns the dead letter's record when dead-lettered."""
    streams = [o.stream for o in outputs]
    assert streams in (["interactions", "identity_in"], ["dead_letter"]), streams
    for output in outputs:
        assert output.size <= MAX_OUTPUT_BYTES
    if streams != ["dead_letter"]:
        return None
    (letter,) = outputs
    assert letter.key == b"t.interactions.raw:1:42"
    record = CODEC.decode(letter.value, expect="dead_letter").record
    original = message.value or b""
    assert (record["source_topic"], record["source_partition"], record["source_offset"]) == (
        "t.interactions.raw",
        1,
        42,
    )
    assert record["original_size"] == len(original)
    assert record["original_sha256"] == hashlib.sha256(original).hexdigest()
    assert original.startswith(record["payload"])
    assert record["payload_truncated"] == (len(record["payload"]) < len(original))
    assert record["reason_code"] and record["reason"]
    return record


@PROPERTY
@given(value=st.none() | st.binary(max_size=3000), key=keys, hdrs=headers)
def test_any_bytes_have_exactly_one_outcome(value, key, hdrs):
    message = _message(value, key, hdrs)
    _check_one_outcome(message, ROUTER.route(message))


@PROPERTY
@given(body=st.binary(max_size=400), hdrs=headers)
def test_any_body_behind_our_schema_id_has_exactly_one_outcome(body, hdrs):
    """Past the framing, where the Avro decoder itself gets arbitrary bytes."""
    value = b"\x00" + INTERACTION_ID.to_bytes(4, "big") + body
    message = _message(value, b"k", hdrs)
    _check_one_outcome(message, ROUTER.route(message))


@st.composite
def damaged_encodings(draw: st.DrawFn) -> bytes:
    """A valid record's bytes with some cut, flipped, inserted or deleted."""
    data = bytearray(CODEC.encode("interaction", interaction()))
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["flip", "insert", "delete", "cut"]))
        if action == "flip" and position < len(data):
            data[position] ^= draw(st.integers(1, 255))
        elif action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=8))
        elif action == "delete":
            del data[position : position + draw(st.integers(1, 8))]
        elif action == "cut":
            del data[position:]
    return bytes(data)


@PROPERTY
@given(value=damaged_encodings(), hdrs=headers)
def test_damaged_encodings_have_exactly_one_outcome(value, hdrs):
    message = _message(value, b"k", hdrs)
    _check_one_outcome(message, ROUTER.route(message))


texts = st.text(max_size=60) | st.sampled_from(["", " ", "x" * 400, "文" * 200])
long_or_not = st.integers(0, 600).map(lambda n: "a" * n)
amounts = st.sampled_from(
    ["12.50", "-3", "1e309", "NaN", "inf", "-inf", "1e16", "9999999999999999.99", "", "-", "1,5"]
) | st.decimals(allow_nan=True, allow_infinity=True).map(str)


@st.composite
def mutated_records(draw: st.DrawFn) -> dict[str, Any]:
    record = interaction()
    record["identifiers"] = dict(record["identifiers"])
    if draw(st.booleans()):
        record["event_id"] = draw(texts | long_or_not)
    if draw(st.booleans()):
        record["channel"] = draw(st.sampled_from(CHANNELS) | texts)
    if draw(st.booleans()):
        record["interaction_type"] = draw(st.sampled_from(["purchase", "return"]) | texts)
    for kind in draw(st.lists(st.sampled_from(IDENTIFIER_TYPES), max_size=3)):
        record["identifiers"][kind] = draw(st.none() | texts | long_or_not)
    if draw(st.booleans()):
        record["text"] = draw(st.none() | texts | st.integers(0, 300_000).map(lambda n: "t" * n))
    if draw(st.booleans()):
        count = draw(st.integers(0, 400))
        record["attributes"] = {f"a{i}": "v" for i in range(count)}
    if draw(st.booleans()):
        record["attributes"] = {**record["attributes"], "amount": draw(amounts)}
    if draw(st.booleans()):
        record["attributes"] = {**record["attributes"], draw(texts): draw(texts | long_or_not)}
    if draw(st.booleans()):
        record["batch_id"] = draw(st.none() | texts | long_or_not)
    if draw(st.booleans()):
        record["occurred_at"] = NOW + timedelta(days=draw(st.integers(-20_000, 20_000)))
    return record


@PROPERTY
@given(record=mutated_records(), hdrs=headers)
def test_mutated_records_have_exactly_one_outcome(record, hdrs):
    message = _message(CODEC.encode("interaction", record), b"k", hdrs)
    letter = _check_one_outcome(message, ROUTER.route(message))
    if letter is not None and letter["reason_code"] == "internal_error":
        raise AssertionError(f"a record the schema accepts made the router fail: {letter}")


@PROPERTY
@given(size=st.integers(0, 1_100_000), key=keys)
def test_dead_letters_fit_in_one_message_whatever_the_size(size, key):
    message = _message(b"\x01" * size, key, {BATCH_HEADER: b"b" * 5000})
    letter = _check_one_outcome(message, ROUTER.route(message))
    assert letter is not None
    assert letter["reason_code"] == "not_avro"
    assert len(letter["payload"]) == min(size, ROUTER.dead_letter_payload_bytes)


@PROPERTY
@given(
    data=st.binary(max_size=600)
    | damaged_encodings()
    | st.binary(max_size=400).map(lambda b: b"\x00" + INTERACTION_ID.to_bytes(4, "big") + b)
)
def test_the_raw_decoder_decodes_or_raises_decode_error_only(data):
    try:
        decoded = CODEC.decode(data, expect="interaction")
    except DecodeError as exc:
        assert exc.code in {"not_avro", "unknown_schema_id", "unknown_schema", "schema_violation"}
    else:
        assert decoded.name == "interaction"
        assert isinstance(decoded.record, dict)
