"""Route one raw interaction message: valid ones onward (and to the identity stage, which
writes their timeline entries under the resolved customer), bad ones to the dead-letter topic
with the reason. Pure: no Kafka, no Faust; the agent only moves bytes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Literal

from processors.validation import Rejection, validate_interaction
from schemas.channels import primary_key
from schemas.codec import AvroCodec, DecodeError

BATCH_HEADER = "chorus-batch-id"

OutputStream = Literal["interactions", "identity_in", "dead_letter"]


@dataclass(frozen=True)
class RawMessage:
    """A message as read from Kafka, with where it came from."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: Mapping[str, bytes] = field(default_factory=dict)

    @property
    def where(self) -> str:
        return f"{self.topic}[{self.partition}]@{self.offset}"


@dataclass(frozen=True)
class Output:
    stream: OutputStream
    key: bytes
    value: bytes
    headers: Mapping[str, bytes] = field(default_factory=dict)


def utc_now() -> datetime:
    return datetime.now(UTC)


class InteractionRouter:
    def __init__(
        self,
        codec: AvroCodec,
        *,
        max_future_skew: timedelta,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.codec = codec
        self.max_future_skew = max_future_skew
        self.clock = clock
        self._current_id = codec.registry.id_for("interaction")

    def route(self, message: RawMessage) -> list[Output]:
        try:
            decoded = self.codec.decode(message.value, expect="interaction")
        except DecodeError as exc:
            return [self._dead_letter(message, Rejection(exc.code, str(exc)), None, None)]
        record = decoded.record
        rejection = validate_interaction(
            record, now=self.clock(), max_future_skew=self.max_future_skew
        )
        batch_id = record.get("batch_id") or _header(message, BATCH_HEADER)
        if rejection is not None:
            return [self._dead_letter(message, rejection, record.get("event_id"), batch_id)]
        customer_key = primary_key(record).encode()
        headers = {BATCH_HEADER: batch_id.encode()} if batch_id else {}
        # Forward the original bytes when they already carry the current schema: no re-encode.
        value = (
            message.value
            if decoded.schema_id == self._current_id and message.value is not None
            else self.codec.encode("interaction", record)
        )
        return [
            Output("interactions", customer_key, value, headers),
            Output("identity_in", customer_key, value, headers),
        ]

    def _dead_letter(
        self,
        message: RawMessage,
        rejection: Rejection,
        event_id: str | None,
        batch_id: str | None,
    ) -> Output:
        batch_id = batch_id or _header(message, BATCH_HEADER)
        record = {
            "source_topic": message.topic,
            "source_partition": message.partition,
            "source_offset": message.offset,
            "source_key": message.key,
            "payload": message.value or b"",
            "reason_code": rejection.code,
            "reason": rejection.reason,
            "failed_at": self.clock(),
            "event_id": event_id,
            "batch_id": batch_id,
        }
        headers = {BATCH_HEADER: batch_id.encode()} if batch_id else {}
        key = f"{message.topic}:{message.partition}:{message.offset}".encode()
        return Output("dead_letter", key, self.codec.encode("dead_letter", record), headers)


def _header(message: RawMessage, name: str) -> str | None:
    value = message.headers.get(name)
    return value.decode("utf-8", "replace") if value else None
