import hashlib
from datetime import timedelta

from processors import routing
from processors.routing import BATCH_HEADER, MAX_OUTPUT_BYTES, InteractionRouter, RawMessage
from tests.unit.factories import NOW, codec, interaction


def _router():
    return InteractionRouter(codec(), max_future_skew=timedelta(days=1), clock=lambda: NOW)


def _message(value, headers=None):
    return RawMessage("chorus.interactions.raw", 2, 17, b"k", value, headers or {})


def test_valid_interaction_goes_onward_and_to_identity_resolution():
    c = codec()
    data = c.encode("interaction", interaction())
    outputs = _router().route(_message(data))
    # the timeline entry is written by the identity stage, under the resolved customer
    assert [o.stream for o in outputs] == ["interactions", "identity_in"]
    forwarded, to_identity = outputs
    assert forwarded.value == data  # current schema: bytes forwarded untouched
    assert forwarded.key == b"email:Ann@Example.com"
    assert forwarded.headers == {BATCH_HEADER: b"b1"}
    assert to_identity.value == data
    assert to_identity.headers == {BATCH_HEADER: b"b1"}


def test_garbage_becomes_a_dead_letter_with_its_origin():
    outputs = _router().route(_message(b"\xff\xfenot avro", {BATCH_HEADER: b"b9"}))
    assert [o.stream for o in outputs] == ["dead_letter"]
    letter = codec().decode(outputs[0].value, expect="dead_letter").record
    assert letter["reason_code"] == "not_avro"
    assert letter["payload"] == b"\xff\xfenot avro"
    assert letter["source_key"] == b"k"
    assert (letter["source_topic"], letter["source_partition"], letter["source_offset"]) == (
        "chorus.interactions.raw",
        2,
        17,
    )
    assert letter["batch_id"] == "b9"
    assert outputs[0].key == b"chorus.interactions.raw:2:17"


def test_invalid_interaction_is_dead_lettered_with_its_event_id():
    data = codec().encode("interaction", interaction(channel="fax"))
    outputs = _router().route(_message(data))
    letter = codec().decode(outputs[0].value, expect="dead_letter").record
    assert (letter["reason_code"], letter["event_id"], letter["batch_id"]) == (
        "unknown_channel",
        "web:hit-1",
        "b1",
    )


# --- issue 19: bounded dead letters, nothing raises ------------------------------------------


def test_a_large_payload_is_cut_with_its_size_and_hash():
    value = b"\x01" + b"z" * 1_048_000
    outputs = _router().route(_message(value))
    (letter,) = outputs
    assert letter.size < MAX_OUTPUT_BYTES
    record = codec().decode(letter.value, expect="dead_letter").record
    assert record["payload"] == value[: 64 * 1024]
    assert record["payload_truncated"] is True
    assert record["original_size"] == len(value)
    assert record["original_sha256"] == hashlib.sha256(value).hexdigest()


def test_a_small_payload_is_kept_whole():
    record = codec().decode(_router().route(_message(b"junk"))[0].value).record
    assert (record["payload"], record["payload_truncated"], record["original_size"]) == (
        b"junk",
        False,
        4,
    )


def test_an_exception_while_routing_dead_letters_that_message(monkeypatch):
    router = _router()

    def broken(record, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(routing, "validate_interaction", broken)
    outputs = router.route(_message(codec().encode("interaction", interaction())))
    (letter,) = outputs
    record = codec().decode(letter.value, expect="dead_letter").record
    assert record["reason_code"] == "internal_error"
    assert record["reason"] == "ZeroDivisionError: a bug"


def test_a_huge_batch_header_on_a_valid_event_is_too_large():
    data = codec().encode("interaction", interaction(batch_id=None))
    outputs = _router().route(_message(data, {BATCH_HEADER: b"b" * 500_000}))
    (letter,) = outputs
    record = codec().decode(letter.value, expect="dead_letter").record
    assert record["reason_code"] == "field_too_large"
    assert len(record["batch_id"]) <= 200
    assert letter.size < 10_000


def test_oversized_fields_are_typed_dead_letters():
    data = codec().encode("interaction", interaction(event_id="e" * 200_000))
    (letter,) = _router().route(_message(data))
    record = codec().decode(letter.value, expect="dead_letter").record
    assert record["reason_code"] == "field_too_large"
    assert len(record["event_id"]) <= 200
