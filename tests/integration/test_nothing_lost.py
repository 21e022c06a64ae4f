"""Issue 19 on the real broker and chdb: every accepted message ends up stored or dead-lettered,
however hostile the input, and a crash in the middle of a batch loses and skips nothing."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable

import pytest
from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, ConfigResource

from chorus.kafka_admin import ensure_topics
from chorus.pipeline import Pipeline, ensure_pipeline_topics, sink_pseudonymiser
from processors.routing import BATCH_HEADER
from sinks.clickhouse.chdb_store import ChdbStore
from sinks.clickhouse.migrations import migrate
from sinks.clickhouse.sink import ClickHouseSink
from tests.integration.helpers import codec, pipeline_settings, produce
from tests.integration.test_pipeline import _interaction

pytestmark = pytest.mark.integration


def _wait(pipeline: Pipeline, predicate: Callable[[], bool], timeout_s: float = 180.0) -> None:
    """Like helpers.wait_for, but supervising the workers as `chorus run` does."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        pipeline.supervise()
        if predicate():
            return
        time.sleep(0.3)
    raise AssertionError(f"condition not met within {timeout_s}s")


def _committed_equals_high_water(settings, topic: str) -> bool:
    consumer = Consumer(
        {"bootstrap.servers": settings.bootstrap_servers, "group.id": settings.app_id}
    )
    try:
        partitions = [TopicPartition(topic, p) for p in range(settings.partitions)]
        committed = consumer.committed(partitions, timeout=10)
        for tp in committed:
            _, high = consumer.get_watermark_offsets(tp, timeout=10)
            if tp.offset != high and not (high == 0 and tp.offset < 0):  # < 0: none committed
                return False
        return True
    finally:
        consumer.close()


# --- part 1: the crash in the middle of a batch -----------------------------------------------


def test_a_crash_in_the_middle_of_a_batch_loses_and_skips_nothing(test_settings, tmp_path):
    crash_after = 40
    settings = pipeline_settings(test_settings, tmp_path, test_crash_after=crash_after)
    c = codec()
    batch = "it-crash-mid-batch"
    events = [
        (f"k{n % 30}".encode(), c.encode("interaction", _interaction(n, batch))) for n in range(900)
    ]
    # a backlog before the worker starts, so that its first batches are large
    ensure_pipeline_topics(settings)
    produce(settings.bootstrap_servers, settings.topics.raw, events, batch)
    with Pipeline(settings) as pipeline:
        _wait(pipeline, lambda: pipeline.counts(batch).accounted >= len(events))
        counts = pipeline.counts(batch)
        assert (counts.interactions, counts.timeline, counts.dead_letters) == (900, 900, 0)
        assert pipeline.restarts == [1]  # the deliberate crash, and only that
        _wait(pipeline, lambda: _committed_equals_high_water(settings, settings.topics.raw), 30)
        log = (settings.state_dir / "logs" / "worker-0.log").read_text(errors="replace")
    crash = re.search(r"crashing after (\d+) messages, at message (\d+) of a batch of (\d+)", log)
    assert crash is not None, log[-3000:]
    routed, index, size = (int(n) for n in crash.groups())
    # in the middle of a batch: some of its events routed, not all, and the batch not acked
    assert routed >= crash_after
    assert 1 <= index < size
    assert "is NOT acknowledged" in log


# --- part 3: a worker that lives but does nothing is restarted --------------------------------


def test_a_frozen_worker_is_found_and_restarted(test_settings, tmp_path, caplog):
    settings = pipeline_settings(test_settings, tmp_path, worker_stall_seconds=15.0)
    c = codec()
    with Pipeline(settings) as pipeline:
        first = [(b"k", c.encode("interaction", _interaction(n, "it-frozen-1"))) for n in range(50)]
        produce(settings.bootstrap_servers, settings.topics.raw, first, "it-frozen-1")
        _wait(pipeline, lambda: pipeline.counts("it-frozen-1").accounted >= 50)
        worker = pipeline._processes[0]
        os.killpg(worker.pid, signal.SIGSTOP)  # alive, holds its partitions, does nothing
        second = [
            (b"k", c.encode("interaction", _interaction(n, "it-frozen-2"))) for n in range(50)
        ]
        produce(settings.bootstrap_servers, settings.topics.raw, second, "it-frozen-2")
        with caplog.at_level("ERROR", logger="chorus.pipeline"):
            _wait(pipeline, lambda: pipeline.counts("it-frozen-2").accounted >= 50, 240)
        assert pipeline.restarts == [1]
        assert worker.poll() is not None  # killed, not left behind
    assert any("no heartbeat for" in r.getMessage() for r in caplog.records)
    assert any("restart 1 of" in r.getMessage() for r in caplog.records)


# --- the done-when test: hostile messages while the pipeline runs -----------------------------


def _broker_limit(settings, topic: str) -> int:
    admin = AdminClient({"bootstrap.servers": settings.bootstrap_servers})
    (future,) = admin.describe_configs([ConfigResource("topic", topic)]).values()
    return int(future.result(timeout=30)["max.message.bytes"].value)


def _raw_producer(settings) -> Producer:
    # not idempotent, no compression: the message sizes the broker sees are the ones we choose
    return Producer(
        {
            "bootstrap.servers": settings.bootstrap_servers,
            "message.max.bytes": 4_000_000,
            "compression.type": "none",
            "linger.ms": 0,
        }
    )


PROBE = """
import sys
from confluent_kafka import Producer
bootstrap, topic, size, batch = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
producer = Producer({"bootstrap.servers": bootstrap, "message.max.bytes": 4_000_000,
                     "compression.type": "none", "linger.ms": 0})
result = []
producer.produce(topic, key=b"hostile", value=b"x" * size, partition=0,
                 headers={"chorus-batch-id": batch.encode()},
                 on_delivery=lambda err, _msg: result.append(err))
producer.flush(30)
sys.exit(0 if result == [None] else 3)
"""


def _taken(settings, topic: str, size: int, batch: str) -> bool:
    """Does the broker take a ``size``-byte value (with our key and header) on ``topic``? In a
    process of its own: after a broker's MSG_SIZE_TOO_LARGE, confluent-kafka 2.16 leaves a stray
    TypeError pending in the interpreter that breaks the next call into the library."""
    probe = subprocess.run(
        [sys.executable, "-c", PROBE, settings.bootstrap_servers, topic, str(size), batch],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert probe.returncode in (0, 3), probe.stderr
    return probe.returncode == 0


def _deliver(producer: Producer, topic: str, key: bytes, value: bytes, batch: str) -> bool:
    """Publish one message to partition 0; True when the broker took it."""
    result: list[object] = []
    producer.produce(
        topic,
        key=key,
        value=value,
        partition=0,
        headers={BATCH_HEADER: batch.encode()},
        on_delivery=lambda err, _msg: result.append(err),
    )
    producer.flush(30)
    return result == [None]


def _largest_accepted(settings, topic: str, batch: str, limit: int) -> int:
    """The largest value the broker takes on ``topic`` with our key and header (bisection)."""
    low, high = limit - 4096, limit  # low is taken, high is not
    assert _taken(settings, topic, low, batch)
    assert not _taken(settings, topic, high, batch)
    while high - low > 1:
        middle = (low + high) // 2
        if _taken(settings, topic, middle, batch):
            low = middle
        else:
            high = middle
    return low


def _invalid_utf8(c) -> bytes:
    record = _interaction(0, "x", event_id="PLACEHOLDER")
    data = c.encode("interaction", record)
    return data.replace(b"PLACEHOLDER", b"\xff\xfe\xfdPLACEH", 1)


def test_hostile_messages_are_each_stored_or_dead_lettered(test_settings, tmp_path):
    settings = pipeline_settings(test_settings, tmp_path)
    c = codec()
    batch = "it-hostile"

    def event(n: int, **overrides) -> bytes:
        return c.encode("interaction", _interaction(n, batch, **overrides))

    def purchase(n: int, amount: str) -> bytes:
        return event(n, interaction_type="purchase", attributes={"amount": amount})

    ensure_pipeline_topics(settings)
    probe = f"{settings.topic_prefix}.size-probe"
    ensure_topics(settings.bootstrap_servers, [probe], 1)
    limit = _broker_limit(settings, settings.topics.raw)
    assert _broker_limit(settings, probe) == limit
    at_limit = _largest_accepted(settings, probe, batch, limit)
    assert limit - at_limit < 200  # only the record batch's own overhead is left
    at_limit_body = os.urandom(at_limit)  # not Avro (could start with 0 by chance)
    at_limit_body = b"\x01" + at_limit_body[1:]
    truncated = event(2)
    expected: list[tuple[str, bytes, str | None]] = [  # (what, value, reason code or None)
        ("at the broker's limit, not Avro", at_limit_body, "not_avro"),
        ("valid behind it", event(1), None),
        ("just under the limit, not Avro", b"\x02" + b"y" * (at_limit - 1025), "not_avro"),
        ("valid behind that", event(3), None),
        ("JSON, not Avro", b'{"event_id": "json"}', "not_avro"),
        ("Avro cut short", truncated[: len(truncated) // 2], "schema_violation"),
        ("empty", b"", "not_avro"),
        ("invalid UTF-8 in a string", _invalid_utf8(c), "schema_violation"),
        ("200 KB event_id", event(4, event_id="e" * 200_000), "field_too_large"),
        (
            "200 KB e-mail",
            event(
                5,
                identifiers={
                    **_interaction(5, batch)["identifiers"],
                    "email": "a" * 200_000 + "@example.com",
                },
            ),
            "field_too_large",
        ),
        (
            "10,000 attributes",
            event(6, attributes={f"a{i}": "v" for i in range(10_000)}),
            "too_many_attributes",
        ),
        ("300 KB text", event(7, text="文" * 100_000), "field_too_large"),
        ("amount 1e309", purchase(8, "1e309"), "invalid_number"),
        ("amount NaN", purchase(9, "NaN"), "invalid_number"),
        ("amount inf", purchase(10, "inf"), "invalid_number"),
        ("amount -1e20", purchase(11, "-1e20"), "invalid_number"),
        ("a valid purchase", purchase(12, "12.50"), None),
        ("valid last", event(13), None),
    ]
    with Pipeline(settings) as pipeline:
        producer = _raw_producer(settings)
        for what, value, _ in expected:
            assert _deliver(producer, settings.topics.raw, b"hostile", value, batch), what
        published = len(expected)
        _wait(pipeline, lambda: pipeline.counts(batch).accounted >= published)
        time.sleep(2)  # anything extra (a duplicate, a stray row) would show up by now
        counts = pipeline.counts(batch)
        valid = sum(1 for _, _, code in expected if code is None)
        assert (counts.interactions, counts.timeline, counts.dead_letters) == (
            valid,
            valid,
            published - valid,
        )
        assert counts.interactions + counts.dead_letters == published
        assert pipeline.restarts == [0]
        store = pipeline.running_store
        letters = store.rows(
            "SELECT source_offset, reason_code, length(payload), payload_truncated,"
            " original_size, original_sha256"
            f" FROM dead_letters FINAL WHERE batch_id = '{batch}' ORDER BY source_offset"
        )
        bad = [(what, value, code) for what, value, code in expected if code is not None]
        assert [row[1] for row in letters] == [code for _, _, code in bad]
        for (what, value, _), (_, _, stored, cut, size, sha) in zip(bad, letters, strict=True):
            assert size == len(value), what
            assert sha == hashlib.sha256(value).hexdigest(), what
            assert cut == (len(value) > settings.dead_letter_payload_bytes), what
            assert stored == min(len(value), settings.dead_letter_payload_bytes), what
        # the one valid purchase is in purchases with its amount; no absurd one is anywhere
        purchases = store.rows(
            "SELECT toString(amount) FROM purchases FINAL WHERE event_id IN"
            f" (SELECT event_id FROM interactions WHERE batch_id = '{batch}')"
        )
        assert purchases == [("12.5",)]
        raw = settings.topics.raw
        _wait(pipeline, lambda: _committed_equals_high_water(settings, raw), 30)


def test_the_producer_of_the_probe_really_hits_the_limit(test_settings, tmp_path):
    """The hostile test's premise: one byte more than its largest message is refused."""
    settings = pipeline_settings(test_settings, tmp_path, partitions=1)
    probe = f"{settings.topic_prefix}.size-probe"
    ensure_topics(settings.bootstrap_servers, [probe], 1)
    limit = _broker_limit(settings, probe)
    largest = _largest_accepted(settings, probe, "b", limit)
    assert not _taken(settings, probe, largest + 1, "b")
    with pytest.raises(KafkaException):
        # librdkafka's own default limit (what OutputProducer uses) refuses it before sending
        Producer({"bootstrap.servers": settings.bootstrap_servers}).produce(
            probe, value=b"x" * largest
        )


# --- the sink's own guard: an absurd amount that reached the interactions topic directly ------


def test_the_sink_dead_letters_an_amount_purchases_cannot_hold(test_settings, tmp_path):
    settings = pipeline_settings(test_settings, tmp_path, sink_batch_size=10)
    ensure_topics(settings.bootstrap_servers, settings.topics.all(), settings.partitions)
    store = ChdbStore(settings.chdb_dir)
    c = codec()
    batch = "it-sink-amount"
    try:
        migrate(store)
        records = [
            _interaction(1, batch, interaction_type="purchase", attributes={"amount": "1e309"}),
            _interaction(2, batch, interaction_type="purchase", attributes={"amount": "7.25"}),
        ]
        values = [(b"k", c.encode("interaction", r)) for r in records]
        produce(settings.bootstrap_servers, settings.topics.interactions, values, batch)
        sink = ClickHouseSink(settings, store, c, sink_pseudonymiser(settings))
        sink.subscribe()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and sum(sink.stats.rows.values()) < 2:
            sink.poll_once(0.2)
        sink.write()
        sink.close()
        assert store.rows(f"SELECT event_id FROM interactions WHERE batch_id = '{batch}'") == [
            (f"{batch}:evt-2",)
        ]
        assert store.rows(
            f"SELECT event_id, reason_code FROM dead_letters WHERE batch_id = '{batch}'"
        ) == [(f"{batch}:evt-1", "invalid_number")]
        assert store.rows("SELECT toString(amount) FROM purchases") == [("7.25",)]
    finally:
        store.close()
