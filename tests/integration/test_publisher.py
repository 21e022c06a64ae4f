"""The publisher and the simulation run against the real broker: everything acknowledged,
keyed per customer, batch header set, bytes as the simulator made them."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from pathlib import Path

import pytest
from confluent_kafka import Consumer, Message

from chorus.kafka_admin import ensure_topics
from core.settings import Settings
from schemas import AvroCodec, DecodeError, load_catalog, make_registry
from streams.publisher import BATCH_HEADER, InteractionPublisher
from streams.simulator import simulate
from streams.simulator.run import run_simulation

pytestmark = pytest.mark.integration


def _codec() -> AvroCodec:
    catalog = load_catalog()
    return AvroCodec(catalog, make_registry(catalog, None))


def _consume(bootstrap: str, topic: str, expected: int, timeout_s: float = 60) -> list[Message]:
    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": f"{topic}-reader",
            "auto.offset.reset": "earliest",
            "enable.auto.commit": False,
        }
    )
    consumer.subscribe([topic])
    messages: list[Message] = []
    deadline = time.monotonic() + timeout_s
    try:
        while len(messages) < expected and time.monotonic() < deadline:
            for message in consumer.consume(500, timeout=1.0):
                assert message.error() is None, message.error()
                messages.append(message)
    finally:
        consumer.close()
    return messages


def test_publisher_delivers_good_and_raw_events(test_settings: Settings) -> None:
    topic = test_settings.topics.raw
    ensure_topics(test_settings.bootstrap_servers, [topic], partitions=3)
    codec = _codec()
    events = list(simulate(400, seed=5, batch_id="pub-1", bad_fraction=0.05, codec=codec))

    with InteractionPublisher(
        test_settings.bootstrap_servers, topic, codec, batch_id="pub-1"
    ) as publisher:
        for event in events:
            if event.record is not None:
                publisher.publish(event.record)
            else:
                publisher.publish_raw(event.value(codec), event.key.encode() if event.key else None)
        stats = publisher.flush()
    assert (stats.produced, stats.delivered, stats.failed, stats.pending) == (400, 400, 0, 0)

    messages = _consume(test_settings.bootstrap_servers, topic, 400)
    assert len(messages) == 400
    by_value = {m.value(): m for m in messages}
    partitions_of_key: dict[bytes, set[int]] = defaultdict(set)
    for event in events:
        message = by_value[event.value(codec)]
        assert message.key() == (event.key.encode() if event.key else None)
        assert dict(message.headers() or [])[BATCH_HEADER] == b"pub-1"
        if message.key() is not None:
            partitions_of_key[message.key()].add(message.partition())
    assert all(len(p) == 1 for p in partitions_of_key.values())  # one customer, one partition


def test_run_simulation_publishes_everything_and_writes_truth(
    test_settings: Settings, tmp_path: Path
) -> None:
    ensure_topics(test_settings.bootstrap_servers, [test_settings.topics.raw], partitions=3)
    truth = tmp_path / "truth.jsonl"
    seen: list[int] = []
    report = run_simulation(
        test_settings,
        events=300,
        rate=None,
        seed=9,
        batch_id="run-1",
        truth_path=truth,
        bad_fraction=0.02,
        progress=seen.append,
    )
    assert report.published == 300 == report.good + report.bad
    assert report.bad > 0
    assert report.delivery.delivered == 300
    assert seen[-1] == 300
    lines = [json.loads(line) for line in truth.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 300
    assert sum("bad" in line for line in lines) == report.bad

    messages = _consume(test_settings.bootstrap_servers, test_settings.topics.raw, 300)
    assert len(messages) == 300
    codec = _codec()
    assert all(dict(m.headers() or [])[BATCH_HEADER] == b"run-1" for m in messages)
    decoded = [_event_id(codec, m.value()) for m in messages]
    expected = {line["event_id"] for line in lines if "bad" not in line}
    assert expected <= set(decoded)
    undecodable = {"not_avro", "unknown_schema_id", "schema_violation"}
    assert sum(d is None for d in decoded) == sum(line.get("bad") in undecodable for line in lines)


def _event_id(codec: AvroCodec, value: bytes | None) -> str | None:
    try:
        return str(codec.decode(value).record["event_id"])
    except DecodeError:
        return None


def test_run_simulation_respects_the_rate(test_settings: Settings) -> None:
    ensure_topics(test_settings.bootstrap_servers, [test_settings.topics.raw], partitions=1)
    report = run_simulation(
        test_settings,
        events=60,
        rate=100.0,
        seed=3,
        batch_id="rate-1",
        truth_path=None,
        bad_fraction=0.0,
        progress=None,
    )
    assert report.published == 60
    assert report.seconds >= 0.55
