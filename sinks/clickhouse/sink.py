"""The ClickHouse sink: consume processed topics, insert in batches, commit after the insert.

Batches are bounded by size and age. Offsets are committed only once a batch is stored, and on
(re)assignment each partition resumes from max(kafka_offset)+1 already in the table, so a crash
between insert and commit never inserts a batch twice.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any

from confluent_kafka import OFFSET_INVALID, Consumer, KafkaError, Message, TopicPartition

from core.errors import BackpressureError, UnavailableError
from core.settings import Settings
from schemas.amounts import money_problem
from schemas.codec import AvroCodec, DecodeError
from sinks.clickhouse.pseudonyms import Pseudonymiser
from sinks.clickhouse.rows import (
    ColumnBatch,
    Position,
    address_change_row,
    dead_letter_row,
    golden_profile_row,
    identity_event_row,
    interaction_row,
    life_event_row,
    timeline_row,
)
from sinks.clickhouse.store import Store

log = logging.getLogger(__name__)

RowBuilder = Callable[[dict[str, Any], Position, datetime], dict[str, Any]]


#: what the sink stores: ``Topics`` attribute -> (table, Avro schema of the topic's values)
STORED: dict[str, tuple[str, str]] = {
    "interactions": ("interactions", "interaction"),
    "timeline": ("timeline", "timeline_entry"),
    "identities": ("identity_events", "identity_event"),
    "profiles": ("golden_profiles", "golden_profile"),
    "life_events": ("life_events", "detection"),
    "address_changes": ("address_changes", "detection"),
    "dead_letter": ("dead_letters", "dead_letter"),
}


def consumer_group(settings: Settings) -> str:
    return f"{settings.topic_prefix}-clickhouse-sink"


@dataclass(frozen=True)
class Route:
    table: str
    schema: str
    build: RowBuilder


@dataclass
class SinkStats:
    rows: dict[str, int] = field(default_factory=dict)
    batches: int = 0
    undecodable: int = 0


class ClickHouseSink:
    def __init__(
        self, settings: Settings, store: Store, codec: AvroCodec, pseudonyms: Pseudonymiser
    ) -> None:
        """``pseudonyms``: direct identifiers also go into pseudonymised analytic columns
        (docs/privacy.md), keyed as identity resolution keys them."""
        self.settings = settings
        self.store = store
        self.codec = codec
        topics = settings.topics
        builders: dict[str, RowBuilder] = {
            "interactions": partial(interaction_row, pseudonyms=pseudonyms),
            "timeline": timeline_row,
            "identity_events": identity_event_row,
            "golden_profiles": partial(golden_profile_row, pseudonyms=pseudonyms),
            "life_events": life_event_row,
            "address_changes": address_change_row,
            "dead_letters": dead_letter_row,
        }
        self.routes = {
            getattr(topics, attribute): Route(table, schema, builders[table])
            for attribute, (table, schema) in STORED.items()
        }
        self.stats = SinkStats()
        self._batches = {r.table: ColumnBatch(r.table) for r in self.routes.values()}
        self._pending: dict[tuple[str, int], int] = {}  # (topic, partition) -> last offset
        self._oldest: float | None = None
        self._consumer = Consumer(
            {
                "bootstrap.servers": settings.bootstrap_servers,
                "group.id": consumer_group(settings),
                "enable.auto.commit": False,
                "auto.offset.reset": "earliest",
                "fetch.min.bytes": 1,
                "fetch.wait.max.ms": 100,
            }
        )

    # --- lifecycle -----------------------------------------------------------------------
    def subscribe(self) -> None:
        self._consumer.subscribe(
            list(self.routes), on_assign=self._on_assign, on_revoke=self._on_revoke
        )

    def close(self) -> None:
        self._consumer.close()

    def run(self, stop: threading.Event) -> None:
        """Consume until ``stop`` is set, then store what is buffered and close."""
        self.subscribe()
        try:
            while not stop.is_set():
                self.poll_once()
            self._flush_until_stored(stop_requested=True)
        finally:
            self.close()

    def poll_once(self, timeout_s: float = 0.2) -> None:
        messages = self._consumer.consume(self.settings.sink_batch_size, timeout_s)
        for message in messages:
            self._add(message)
        if self._due():
            self._flush_until_stored(stop_requested=False)

    # --- batching ------------------------------------------------------------------------
    def _add(self, message: Message) -> None:
        error = message.error()
        if error is not None:
            if error.code() != KafkaError._PARTITION_EOF:
                log.warning("consumer error: %s", error)
            return
        # never None on a message without error; the defaults only satisfy the type checker
        topic = message.topic() or ""
        partition, offset = message.partition() or 0, message.offset() or 0
        route = self.routes[topic]
        position = Position(topic, partition, offset)
        now = datetime.now(UTC)
        if message.value() is None:
            # a tombstone on a compacted topic (`chorus privacy erase`): a deletion, not a row;
            # the erasure removes the table's rows itself
            self._pending[(topic, partition)] = offset
            if self._oldest is None:
                self._oldest = time.monotonic()
            return
        try:
            decoded = self.codec.decode(message.value(), expect=route.schema)
        except DecodeError as exc:
            # Our own topics should hold only our records; anything else is kept as a dead letter.
            log.error(
                "undecodable %s[%d]@%d key=%r: %s", topic, partition, offset, message.key(), exc
            )
            self.stats.undecodable += 1
            self._dead_letter(message, position, exc.code, f"sink: {exc}", now)
        else:
            # The processor dead-letters such interactions; one that reached the topic some other
            # way (an older processor, a hand-made message) must not become a stored purchase
            # that is silently missing from `purchases`.
            problem = money_problem(decoded.record) if route.table == "interactions" else None
            if problem is None:
                self._batches[route.table].add(route.build(decoded.record, position, now))
            else:
                log.error("%s[%d]@%d: %s", topic, partition, offset, problem)
                reason = f"sink: {problem}"
                self._dead_letter(message, position, "invalid_number", reason, now, decoded.record)
        self._pending[(topic, partition)] = offset
        if self._oldest is None:
            self._oldest = time.monotonic()

    def _dead_letter(
        self,
        message: Message,
        position: Position,
        code: str,
        reason: str,
        now: datetime,
        record: dict[str, Any] | None = None,
    ) -> None:
        """A dead_letters row for ``message`` (``record``: what it decoded to, if anything)."""
        value = message.value() or b""
        letter = {
            "source_topic": position.topic,
            "source_partition": position.partition,
            "source_offset": position.offset,
            "source_key": message.key(),
            "payload": value,  # a table, not a Kafka message: no size limit to respect here
            "original_size": len(value),
            "original_sha256": hashlib.sha256(value).hexdigest(),
            "reason_code": code,
            "reason": reason,
            "failed_at": now,
            "event_id": (record or {}).get("event_id"),
            "batch_id": (record or {}).get("batch_id"),
        }
        self._batches["dead_letters"].add(dead_letter_row(letter, position, now))

    def _due(self) -> bool:
        if self._oldest is None:
            return False
        size = max(len(b) for b in self._batches.values())
        age = time.monotonic() - self._oldest
        return size >= self.settings.sink_batch_size or age >= self.settings.sink_batch_seconds

    def write(self) -> None:
        """Insert every buffered batch, then commit their offsets. Idempotent on replay."""
        for batch in self._batches.values():
            if len(batch) == 0:
                continue
            try:
                self.store.insert(f"{self.store.database}.{batch.table}", batch.columns())
            except UnavailableError as exc:
                raise BackpressureError(f"ClickHouse unavailable: {exc}", 1.0) from exc
            self.stats.rows[batch.table] = self.stats.rows.get(batch.table, 0) + len(batch)
            batch.clear()
        self.stats.batches += 1
        if self._pending:
            self._commit([TopicPartition(t, p, o + 1) for (t, p), o in self._pending.items()])
        self._pending.clear()
        self._oldest = None

    def _commit(self, offsets: list[TopicPartition]) -> None:
        try:
            self._consumer.commit(offsets=offsets, asynchronous=False)
        except Exception as exc:  # a rebalance may void the commit: resume logic covers it
            log.warning("offset commit failed (rows are stored; resume dedups): %s", exc)

    def _flush_until_stored(self, *, stop_requested: bool) -> None:
        attempts = 0
        while True:
            try:
                self.write()
                return
            except BackpressureError as exc:
                attempts += 1
                if stop_requested and attempts >= 10:
                    raise
                log.warning("%s; retrying in %.1fs", exc, exc.retry_after_s)
                time.sleep(exc.retry_after_s)

    # --- rebalance -----------------------------------------------------------------------
    def stored_offsets(self, table: str, topic: str) -> dict[int, int]:
        rows = self.store.rows(
            f"SELECT kafka_partition, max(kafka_offset) FROM {self.store.database}.{table} "
            f"WHERE kafka_topic = '{topic}' GROUP BY kafka_partition"
        )
        return {int(p): int(o) for p, o in rows}

    def _on_assign(self, consumer: Consumer, partitions: list[TopicPartition]) -> None:
        committed = {
            (tp.topic, tp.partition): tp.offset for tp in consumer.committed(partitions, 30)
        }
        stored: dict[str, dict[int, int]] = {}
        for tp in partitions:
            table = self.routes[tp.topic].table
            if tp.topic not in stored:
                stored[tp.topic] = self.stored_offsets(table, tp.topic)
            last_stored = stored[tp.topic].get(tp.partition)
            commit = committed.get((tp.topic, tp.partition), OFFSET_INVALID)
            if last_stored is not None and last_stored + 1 > commit:
                tp.offset = last_stored + 1
                log.info(
                    "resuming %s[%d] at %d (stored ahead of commit)",
                    tp.topic,
                    tp.partition,
                    tp.offset,
                )
        consumer.assign(partitions)

    def _on_revoke(self, consumer: Consumer, partitions: list[TopicPartition]) -> None:
        if self._oldest is not None:
            self._flush_until_stored(stop_requested=False)
