"""The Faust agent's output producer: librdkafka (confluent-kafka) instead of Faust's own.

Faust produces one awaited message at a time (~3k messages/s here); librdkafka batches in C.
At-least-once is kept by hand: the agent calls :meth:`OutputProducer.flush` at the end of every
batch of input events, before Faust may ack (and later commit) them, and a failed delivery stops
the worker so the batch is replayed rather than lost.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping

from confluent_kafka import KafkaError, Message, Producer

from core.errors import ChorusError

log = logging.getLogger(__name__)

FLUSH_TIMEOUT_S = 60.0


class DeliveryError(ChorusError):
    """The broker did not take an output message; the input batch must not be acked."""


class OutputProducer:
    def __init__(self, bootstrap: str, *, linger_ms: int = 5) -> None:
        self._producer = Producer(
            {
                "bootstrap.servers": bootstrap,
                "enable.idempotence": True,
                "acks": "all",
                "linger.ms": linger_ms,
                "compression.type": "lz4",
                "partitioner": "murmur2_random",  # same partition as the Java client
                "queue.buffering.max.messages": 500_000,
                "client.id": "chorus-processor",
                "logger": log,
            }
        )
        self._errors: list[str] = []

    def _on_delivery(self, error: KafkaError | None, message: Message) -> None:
        if error is not None:
            self._errors.append(f"{message.topic()}: {error}")

    def send(
        self, topic: str, key: bytes, value: bytes | None, headers: Mapping[str, bytes]
    ) -> None:
        """Queue one record; ``value=None`` is a tombstone (compacted topics)."""
        while True:
            try:
                self._producer.produce(
                    topic,
                    value=value,
                    key=key,
                    headers=dict(headers) or None,
                    on_delivery=self._on_delivery,
                )
                return
            except BufferError:  # local queue full: serve delivery reports, then retry
                self._producer.poll(0.05)

    def _flush(self) -> int:
        return self._producer.flush(FLUSH_TIMEOUT_S)

    async def flush(self) -> None:
        """Wait (off the event loop) until every message sent so far is acknowledged."""
        pending = await asyncio.get_running_loop().run_in_executor(None, self._flush)
        if pending or self._errors:
            errors, self._errors = self._errors[:5], []
            raise DeliveryError(
                f"{pending} output messages unacknowledged after {FLUSH_TIMEOUT_S:.0f}s; "
                f"delivery errors: {errors}"
            )
