"""A processor's state kept in a compacted, single-partition Kafka topic (its changelog).

Why not a Faust table: in this project a restarted worker sometimes stayed "Ready" with its
partitions assigned and consumed nothing for minutes (Faust's table recovery, see
faust-streaming issues #21, #74), and every table write goes through Faust's own producer, one
awaited message at a time, which cut end-to-end throughput to ~870 events/s. Here the writes go
through the same librdkafka producer as the agent's outputs, and the agent reads the changelog
back itself (to the high watermark, with librdkafka) when it takes the partition over.

Keys are the state's shard names (``i:``/``c:``/``l:`` + key, see
:mod:`processors.identity.state`); values JSON, or a tombstone for a deleted shard.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Mapping

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, TopicPartition

from core.errors import UnavailableError
from processors.output import OutputProducer

log = logging.getLogger(__name__)

LOAD_TIMEOUT_S = 120.0
NO_HEADERS: Mapping[str, bytes] = {}


class StateTopic:
    """Write-behind mirror of a keyed state; :meth:`load` reads it back from the topic."""

    def __init__(self, bootstrap: str, topic: str, producer: OutputProducer) -> None:
        self.bootstrap = bootstrap
        self.topic = topic
        self._producer = producer
        self._stored: dict[str, bytes] = {}  # what the topic holds, to skip unchanged shards

    def load(self) -> dict[str, bytes]:
        """Every live shard in the topic (the last value per key, tombstones removed)."""
        shards: dict[str, bytes] = {}
        for key, value in _read_to_end(self.bootstrap, self.topic):
            if value is None:
                shards.pop(key, None)
            else:
                shards[key] = value
        self._stored = dict(shards)
        return shards

    def write(self, shards: Mapping[str, bytes | None]) -> int:
        """Queue the shards that differ from what is stored; the caller flushes the producer.

        Returns how many records were queued."""
        written = 0
        for key, value in shards.items():
            if value is None:
                if self._stored.pop(key, None) is None:
                    continue
            elif self._stored.get(key) == value:
                continue
            else:
                self._stored[key] = value
            self._producer.send(self.topic, key.encode(), value, NO_HEADERS)
            written += 1
        return written


def _read_to_end(bootstrap: str, topic: str) -> Iterator[tuple[str, bytes | None]]:
    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": f"{topic}.loader",  # required by librdkafka; nothing is committed
            "enable.auto.commit": False,
            "enable.partition.eof": True,
            "fetch.max.bytes": 52_428_800,
            "logger": log,
        }
    )
    try:
        partition = TopicPartition(topic, 0)
        watermarks = consumer.get_watermark_offsets(partition, timeout=10.0)
        if watermarks is None:
            raise UnavailableError(f"state topic {topic}: no watermarks from the broker")
        low, high = int(watermarks[0]), int(watermarks[1])
        if high <= low:
            return
        consumer.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
        deadline = time.monotonic() + LOAD_TIMEOUT_S
        while time.monotonic() < deadline:
            for message in consumer.consume(10_000, timeout=1.0):
                error = message.error()
                if error is not None:
                    if error.code() == KafkaError._PARTITION_EOF:
                        return
                    raise UnavailableError(f"reading state topic {topic}: {error}")
                key = message.key()
                if isinstance(key, bytes):
                    yield key.decode(), message.value()
                offset = message.offset()
                if offset is not None and offset >= high - 1:
                    return
        raise UnavailableError(f"state topic {topic} not read to its end in {LOAD_TIMEOUT_S:.0f}s")
    finally:
        consumer.close()
