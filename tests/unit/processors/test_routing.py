from datetime import timedelta

from processors.routing import BATCH_HEADER, InteractionRouter, RawMessage
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
