"""Route one raw interaction message: valid ones onward (and to the identity stage, which
writes their timeline entries under the resolved customer), bad ones to the dead-letter topic
with the reason. Pure: no Kafka, no Faust; the agent only moves bytes.

:meth:`InteractionRouter.route` never raises: whatever the bytes and headers, the outcome is
either the two onward outputs or exactly one dead letter, and every output fits in one Kafka
message (:data:`MAX_OUTPUT_BYTES`).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from processors.validation import DEFAULT_LIMITS, InputLimits, Rejection, validate_interaction
from schemas.channels import primary_key
from schemas.codec import AvroCodec, DecodeError

log = logging.getLogger(__name__)

BATCH_HEADER = "chorus-batch-id"

OutputStream = Literal["interactions", "identity_in", "dead_letter"]

#: Largest output (key + value + headers) the router emits. librdkafka refuses messages over its
#: ``message.max.bytes`` (1,000,000 by default, what OutputProducer uses), the broker over
#: 1,048,588; the margin is for record overhead.
MAX_OUTPUT_BYTES = 900_000
#: Past this a dead letter carries only the first bytes of the payload (plus its size and
#: SHA-256, and topic/partition/offset to fetch the original while retention lasts).
DEFAULT_DEAD_LETTER_PAYLOAD_BYTES = 64 * 1024
#: A dead letter's other variable fields, cut to this many characters (bytes for the key).
MAX_REASON_CHARS = 2000
MAX_SOURCE_KEY_BYTES = 1024
MAX_DEAD_LETTER_ID_CHARS = 200  # event_id and batch_id of a dead letter


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

    @property
    def size(self) -> int:
        return (
            len(self.key) + len(self.value) + sum(len(k) + len(v) for k, v in self.headers.items())
        )


def utc_now() -> datetime:
    return datetime.now(UTC)


def dead_letter_record(
    message: RawMessage,
    rejection: Rejection,
    *,
    event_id: str | None,
    batch_id: str | None,
    failed_at: datetime,
    max_payload_bytes: int = DEFAULT_DEAD_LETTER_PAYLOAD_BYTES,
) -> dict[str, Any]:
    """The DeadLetter record of ``message``, bounded in size whatever the message.

    ``payload`` is the original value, or its first ``max_payload_bytes`` bytes when it is
    longer (``payload_truncated``); ``original_size`` and ``original_sha256`` always describe
    the whole original, so a truncated letter can be matched to the message at
    ``source_topic[source_partition]@source_offset``.
    """
    value = message.value or b""
    truncated = len(value) > max_payload_bytes
    return {
        "source_topic": message.topic,
        "source_partition": message.partition,
        "source_offset": message.offset,
        "source_key": None if message.key is None else message.key[:MAX_SOURCE_KEY_BYTES],
        "payload": value[:max_payload_bytes] if truncated else value,
        "reason_code": rejection.code,
        "reason": _clean(_clip(rejection.reason, MAX_REASON_CHARS)),
        "failed_at": failed_at,
        "event_id": _clip_optional(event_id, MAX_DEAD_LETTER_ID_CHARS),
        "batch_id": _clip_optional(batch_id, MAX_DEAD_LETTER_ID_CHARS),
        "payload_truncated": truncated,
        "original_size": len(value),
        "original_sha256": hashlib.sha256(value).hexdigest(),
    }


def dead_letter_key(message: RawMessage) -> bytes:
    """Key of a dead letter on Kafka: where the original was, so a replay overwrites."""
    return f"{message.topic}:{message.partition}:{message.offset}".encode()


def internal_error(exc: BaseException) -> Rejection:
    """The rejection of a message whose processing raised: a bug, kept as data."""
    return Rejection("internal_error", f"{type(exc).__name__}: {exc}")


class InteractionRouter:
    def __init__(
        self,
        codec: AvroCodec,
        *,
        max_future_skew: timedelta,
        clock: Callable[[], datetime] = utc_now,
        limits: InputLimits = DEFAULT_LIMITS,
        dead_letter_payload_bytes: int = DEFAULT_DEAD_LETTER_PAYLOAD_BYTES,
    ) -> None:
        self.codec = codec
        self.max_future_skew = max_future_skew
        self.clock = clock
        self.limits = limits
        self.dead_letter_payload_bytes = dead_letter_payload_bytes
        self._current_id = codec.registry.id_for("interaction")

    def route(self, message: RawMessage) -> list[Output]:
        """The outputs of one raw message; never raises (see the module's docstring)."""
        try:
            outputs = self._route(message)
        except Exception as exc:  # a bug or an input we did not foresee: dead-letter, go on
            log.exception("routing %s key=%r failed", message.where, _short(message.key))
            return [self.dead_letter(message, internal_error(exc))]
        too_large = [o for o in outputs if o.size > MAX_OUTPUT_BYTES]
        if too_large:
            return [
                self.dead_letter(
                    message,
                    Rejection(
                        "event_too_large",
                        f"a {too_large[0].stream} output would be {too_large[0].size} bytes, "
                        f"more than {MAX_OUTPUT_BYTES}",
                    ),
                )
            ]
        return outputs

    def _route(self, message: RawMessage) -> list[Output]:
        try:
            decoded = self.codec.decode(message.value, expect="interaction")
        except DecodeError as exc:
            return [self.dead_letter(message, Rejection(exc.code, str(exc)))]
        record = decoded.record
        rejection = validate_interaction(
            record, now=self.clock(), max_future_skew=self.max_future_skew, limits=self.limits
        )
        batch_id = record.get("batch_id") or _header(message, BATCH_HEADER)
        if rejection is None and batch_id and len(batch_id) > self.limits.max_event_id_length:
            rejection = Rejection(
                "field_too_large",
                f"the {BATCH_HEADER} header is {len(batch_id)} characters long, "
                f"more than {self.limits.max_event_id_length}",
            )
        if rejection is not None:
            return [self.dead_letter(message, rejection, record.get("event_id"), batch_id)]
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

    def dead_letter(
        self,
        message: RawMessage,
        rejection: Rejection,
        event_id: str | None = None,
        batch_id: str | None = None,
    ) -> Output:
        batch_id = _clip_optional(
            batch_id or _header(message, BATCH_HEADER), MAX_DEAD_LETTER_ID_CHARS
        )
        record = dead_letter_record(
            message,
            rejection,
            event_id=event_id,
            batch_id=batch_id,
            failed_at=self.clock(),
            max_payload_bytes=self.dead_letter_payload_bytes,
        )
        headers = {BATCH_HEADER: batch_id.encode()} if batch_id else {}
        value = self.codec.encode("dead_letter", record)
        return Output("dead_letter", dead_letter_key(message), value, headers)


def _header(message: RawMessage, name: str) -> str | None:
    value = message.headers.get(name)
    return value.decode("utf-8", "replace") if value else None


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"


def _clip_optional(text: str | None, limit: int) -> str | None:
    return None if text is None else _clean(text[:limit])


def _clean(text: str) -> str:
    """``text`` without lone surrogates (Avro strings must encode as UTF-8)."""
    return text.encode("utf-8", "replace").decode("utf-8")


def _short(key: bytes | None) -> bytes | None:
    return None if key is None else key[:64]
