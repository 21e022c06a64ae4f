from datetime import timedelta

from processors.routing import BATCH_HEADER, InteractionRouter, RawMessage
from tests.unit.factories import NOW, codec, interaction


def _router():
    return InteractionRouter(codec(), max_future_skew=timedelta(days=1), clock=lambda: NOW)


def _message(value, headers=None):
    return RawMessage("chorus.interactions.raw", 2, 17, b"k", value, headers or {})


def test_valid_interaction_goes_onward_with_a_timeline_entry():
    c = codec()
    data = c.encode("interaction", interaction())
    outputs = _router().route(_message(data))
    assert [o.stream for o in outputs] == ["interactions", "timeline"]
    forwarded, entry = outputs
    assert forwarded.value == data  # current schema: bytes forwarded untouched
    assert forwarded.key == b"email:Ann@Example.com"
    assert forwarded.headers == {BATCH_HEADER: b"b1"}
    timeline = c.decode(entry.value, expect="timeline_entry").record
    assert timeline["source_event_id"] == "web:hit-1"
    assert timeline["entry_id"] == "web:hit-1#interaction"
    assert timeline["summary"] == "inbound page_view via web (page=/pricing)"


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
