"""Publish Interaction records to Kafka, keyed per customer, with delivery accounting.

One idempotent producer (``acks=all``, lz4, a little linger for batching). Every record is
Avro-encoded with the codec and keyed by the customer's primary identifier, so one customer's
interactions land on one partition in order. Delivery reports are counted; :meth:`flush` turns
any failure or timeout into a :class:`PublishError` instead of letting it pass unnoticed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Final, Self

from confluent_kafka import KafkaError, KafkaException, Message, Producer

from core.errors import ChorusError
from schemas.channels import IDENTIFIER_TYPES
from schemas.codec import AvroCodec

log = logging.getLogger(__name__)

BATCH_HEADER: Final = "chorus-batch-id"
_MAX_ERRORS_KEPT = 10

Headers = Iterable[tuple[str, bytes | str]]


class PublishError(ChorusError):
    """Records could not be produced or were not acknowledged by the broker."""

    def __init__(self, message: str, stats: PublishStats | None = None) -> None:
        super().__init__(message)
        self.stats = stats


@dataclass(frozen=True)
class PublishStats:
    produced: int  # handed to the producer
    delivered: int  # acknowledged by the broker (acks=all)
    failed: int  # delivery reports with an error
    pending: int  # neither, when flush returned

    @property
    def ok(self) -> bool:
        return self.failed == 0 and self.pending == 0


def interaction_key(record: Mapping[str, Any]) -> str | None:
    """``"type:value"`` of the first identifier present in priority order, else None.

    Priority (schemas.channels.IDENTIFIER_TYPES): account_id, crm_id, loyalty_id, email,
    phone, device_id — the most stable first. Values are sent raw (stripped only), exactly as
    the processor derives its key, so the key still agrees with the record.
    """
    identifiers = record.get("identifiers") or {}
    for kind in IDENTIFIER_TYPES:
        value = identifiers.get(kind)
        if isinstance(value, str) and value.strip():
            return f"{kind}:{value.strip()}"
    return None


class InteractionPublisher:
    """Produces Interaction records (and deliberately raw bytes) to one topic.

    Use as a context manager; leaving the block normally flushes and raises PublishError if
    anything was not delivered.
    """

    def __init__(
        self,
        bootstrap: str,
        topic: str,
        codec: AvroCodec,
        *,
        linger_ms: int = 20,
        batch_id: str | None = None,
        max_block_s: float = 60.0,
        config: Mapping[str, Any] | None = None,
    ) -> None:
        """``max_block_s``: how long :meth:`publish` waits for room in a full local queue
        before giving up; ``config``: extra librdkafka settings (they win over ours)."""
        self.topic = topic
        self.codec = codec
        self.batch_id = batch_id
        self.max_block_s = max_block_s
        conf: dict[str, Any] = {
            "bootstrap.servers": bootstrap,
            "enable.idempotence": True,
            "acks": "all",
            "compression.type": "lz4",
            "linger.ms": linger_ms,
            # the Java client's partitioner: a key lands where every other client puts it
            "partitioner": "murmur2_random",
            "client.id": "chorus-publisher",
            "logger": log,
            "error_cb": self._on_error,
        }
        conf.update(config or {})
        self.produced = 0
        self.delivered = 0
        self.failed = 0
        self.errors: list[str] = []  # the first few delivery errors, for the PublishError
        self._last_error_code: int | None = None
        try:
            self._producer = Producer(conf)
        except KafkaException as exc:
            raise PublishError(f"cannot create a producer for {bootstrap}: {exc}") from exc

    # --- producing ---------------------------------------------------------------------------

    def publish(self, record: dict[str, Any], key: str | None = None) -> None:
        """Encode ``record`` as an Interaction and produce it, keyed per customer.

        ``key`` overrides the derived key. A record that does not fit the schema raises
        PublishError (a bug upstream, not a broker problem).
        """
        try:
            value = self.codec.encode("interaction", record)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise PublishError(
                f"interaction {record.get('event_id')!r} does not fit the schema: {exc}"
            ) from exc
        key = key if key is not None else interaction_key(record)
        batch_id = self.batch_id or record.get("batch_id")
        self._produce(value, key.encode() if key is not None else None, batch_id, ())

    def publish_raw(self, value: bytes, key: bytes | None = None, headers: Headers = ()) -> None:
        """Produce bytes as they are: for deliberately malformed test input."""
        self._produce(value, key, self.batch_id, headers)

    def _produce(
        self, value: bytes, key: bytes | None, batch_id: str | None, extra: Headers
    ) -> None:
        headers: list[tuple[str, str | bytes | None]] = [
            (name, v.encode() if isinstance(v, str) else v) for name, v in extra
        ]
        if batch_id and not any(name == BATCH_HEADER for name, _ in headers):
            headers.append((BATCH_HEADER, batch_id.encode()))
        deadline = time.monotonic() + self.max_block_s
        while True:
            try:
                self._producer.produce(
                    self.topic, value, key, headers=headers or None, on_delivery=self._on_delivery
                )
                break
            except BufferError:
                # The local queue is full: serve delivery reports to make room, then retry.
                if time.monotonic() >= deadline:
                    raise PublishError(
                        f"local producer queue still full after {self.max_block_s:.0f}s; "
                        f"is the broker reachable?",
                        self.stats(),
                    ) from None
                self._producer.poll(0.1)
            except KafkaException as exc:
                raise PublishError(f"cannot produce to {self.topic}: {exc}", self.stats()) from exc
        self.produced += 1
        self._producer.poll(0)

    def poll(self, timeout: float = 0) -> int:
        """Serve delivery reports (the publish methods already do, without waiting)."""
        return int(self._producer.poll(timeout))

    # --- delivery accounting -----------------------------------------------------------------

    def _on_delivery(self, err: KafkaError | None, msg: Message) -> None:
        if err is None:
            self.delivered += 1
            self._last_error_code = None
            return
        self.failed += 1
        if len(self.errors) < _MAX_ERRORS_KEPT:
            self.errors.append(str(err))
        log.error(
            "delivery to %s failed: %s (key %r)",
            msg.topic() or self.topic,
            err,
            msg.key(),
        )

    def _on_error(self, err: KafkaError) -> None:
        # Client-level errors (broker down, auth); librdkafka retries until message timeout,
        # when the affected deliveries fail and are counted above. A broker that stays down
        # repeats the same error every few hundred ms: say it once.
        if err.code() == self._last_error_code:
            log.debug("kafka client error (again): %s", err)
            return
        self._last_error_code = err.code()
        log.warning("kafka client error: %s", err)

    def stats(self, pending: int | None = None) -> PublishStats:
        if pending is None:
            pending = len(self._producer)
        return PublishStats(self.produced, self.delivered, self.failed, pending)

    def flush(self, timeout: float = 30.0) -> PublishStats:
        """Wait for every delivery report; PublishError if any failed or is still pending."""
        pending = self._producer.flush(timeout)
        stats = self.stats(pending)
        if stats.failed:
            raise PublishError(
                f"{stats.failed} of {stats.produced} records failed delivery to {self.topic}: "
                + "; ".join(self.errors),
                stats,
            )
        if stats.pending:
            raise PublishError(
                f"{stats.pending} of {stats.produced} records not acknowledged by {self.topic} "
                f"within {timeout:g}s",
                stats,
            )
        return stats

    # --- context manager ---------------------------------------------------------------------

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.flush()
            return
        # Already failing: deliver what we can, report what we could not, keep the original
        # exception propagating.
        pending = self._producer.flush(5.0)
        if pending or self.failed:
            log.error(
                "publisher closed on %s with %d undelivered and %d failed records",
                exc_type.__name__,
                pending,
                self.failed,
            )
