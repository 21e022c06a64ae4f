"""Shared helpers of the integration tests (real broker, real chdb)."""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from confluent_kafka import Producer

from core.settings import Settings, load_settings
from processors.routing import BATCH_HEADER
from schemas import AvroCodec, load_catalog, make_registry


def pipeline_settings(base: Settings, state_dir: Path, **overrides: Any) -> Settings:
    """Settings for one test: its own topics (from ``base``), chdb dir and no HTTP port clash."""
    values: dict[str, Any] = {
        "kafka_bootstrap_servers": base.bootstrap_servers,
        "topic_prefix": base.topic_prefix,
        "state_dir": state_dir,
        "partitions": 3,
        "query_http_port": 0,
        "sink_batch_seconds": 0.3,
    }
    values.update(overrides)
    return load_settings(**values)


def codec() -> AvroCodec:
    catalog = load_catalog()
    return AvroCodec(catalog, make_registry(catalog, None))


def produce(
    bootstrap: str, topic: str, values: Iterable[tuple[bytes | None, bytes]], batch_id: str
) -> int:
    producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True, "acks": "all"})
    failures: list[Any] = []
    count = 0
    for key, value in values:
        producer.produce(
            topic,
            value=value,
            key=key,
            headers={BATCH_HEADER: batch_id.encode()},
            on_delivery=lambda err, _msg: failures.append(err) if err else None,
        )
        count += 1
        producer.poll(0)
    assert producer.flush(30) == 0
    assert not failures, failures
    return count


def wait_for(predicate, timeout_s: float = 90.0, interval_s: float = 0.3) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval_s)
    raise AssertionError(f"condition not met within {timeout_s}s")
