"""The publisher's keying and its failure accounting, against a real librdkafka producer whose
broker is a closed loopback port: deliveries time out quickly, nothing leaves the machine.
(Successful delivery is covered in tests/integration/test_publisher.py.)"""

from __future__ import annotations

import time

import pytest

from schemas import AvroCodec, load_catalog, make_registry
from streams.publisher import InteractionPublisher, PublishError, interaction_key
from tests.unit.factories import interaction

NOWHERE = "127.0.0.1:1"  # nothing listens on port 1
FAST_FAIL = {"message.timeout.ms": 200, "socket.connection.setup.timeout.ms": 1000}


@pytest.fixture(scope="module")
def codec() -> AvroCodec:
    catalog = load_catalog()
    return AvroCodec(catalog, make_registry(catalog, None))


def _ids(**values: str | None) -> dict[str, object]:
    ids = dict.fromkeys(("email", "phone", "loyalty_id", "account_id", "device_id", "crm_id"))
    ids.update(values)
    return {"identifiers": ids}


@pytest.mark.parametrize(
    ("identifiers", "key"),
    [
        (_ids(device_id="d1", email="a@b.c", account_id=" A1 "), "account_id:A1"),
        (_ids(device_id="d1", crm_id="CRM-1", loyalty_id="LC1"), "crm_id:CRM-1"),
        (_ids(phone="+1 415", loyalty_id="LC1"), "loyalty_id:LC1"),
        (_ids(phone="+1 415", email="Ann@Example.com"), "email:Ann@Example.com"),
        (_ids(phone="+1 415", device_id="d1"), "phone:+1 415"),
        (_ids(device_id="d1", email="  "), "device_id:d1"),
        (_ids(), None),
        ({}, None),
    ],
)
def test_key_is_the_most_stable_identifier_present(
    identifiers: dict[str, object], key: str | None
) -> None:
    assert interaction_key(identifiers) == key


def test_undeliverable_records_are_counted_and_flush_raises(codec: AvroCodec) -> None:
    publisher = InteractionPublisher(NOWHERE, "t.raw", codec, batch_id="b1", config=FAST_FAIL)
    for n in range(3):
        publisher.publish(interaction(event_id=f"web:{n}"))
    publisher.publish_raw(b"not avro", b"k", [("x-test", "1")])
    with pytest.raises(PublishError, match="4 of 4 records failed delivery") as err:
        publisher.flush(timeout=10)
    assert err.value.stats is not None
    assert (err.value.stats.produced, err.value.stats.failed) == (4, 4)
    assert err.value.stats.delivered == 0
    assert not err.value.stats.ok


def test_full_local_queue_is_retried_until_room(codec: AvroCodec) -> None:
    # One message fits; the next ones wait for the previous to time out and free the queue.
    publisher = InteractionPublisher(
        NOWHERE, "t.raw", codec, config={**FAST_FAIL, "queue.buffering.max.messages": 1}
    )
    publisher.publish_raw(b"m1")
    publisher.publish_raw(b"m2")  # BufferError inside, polled until m1 timed out
    assert publisher.produced == 2
    with pytest.raises(PublishError):
        publisher.flush(timeout=10)
    assert publisher.failed == 2


def test_queue_full_for_too_long_is_an_error(codec: AvroCodec) -> None:
    publisher = InteractionPublisher(
        NOWHERE,
        "t.raw",
        codec,
        max_block_s=0.3,
        config={"queue.buffering.max.messages": 1, "message.timeout.ms": 60_000},
    )
    publisher.publish_raw(b"first")
    started = time.monotonic()
    with pytest.raises(PublishError, match="queue still full"):
        publisher.publish_raw(b"second")
    assert time.monotonic() - started < 5
    assert publisher.produced == 1
    with pytest.raises(PublishError, match="not acknowledged"):
        publisher.flush(timeout=0.1)


def test_record_outside_the_schema_is_refused_before_producing(codec: AvroCodec) -> None:
    publisher = InteractionPublisher(NOWHERE, "t.raw", codec, config=FAST_FAIL)
    with pytest.raises(PublishError, match="does not fit the schema"):
        publisher.publish(interaction(direction="sideways"))
    record = interaction()
    del record["channel"]
    with pytest.raises(PublishError, match="does not fit the schema"):
        publisher.publish(record)
    assert publisher.produced == 0
    assert publisher.flush(timeout=1).ok


def test_leaving_the_block_flushes_and_reports_failures(codec: AvroCodec) -> None:
    with (
        pytest.raises(PublishError, match="failed delivery"),
        InteractionPublisher(NOWHERE, "t.raw", codec, config=FAST_FAIL) as publisher,
    ):
        publisher.publish(interaction())


def test_an_error_inside_the_block_is_not_masked(codec: AvroCodec) -> None:
    with (
        pytest.raises(KeyError, match="boom"),
        InteractionPublisher(NOWHERE, "t.raw", codec, config=FAST_FAIL) as publisher,
    ):
        publisher.publish(interaction())
        raise KeyError("boom")
