"""What the simulator yields, and the ground truth written alongside it."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Final, Self

from schemas.codec import AvroCodec

# Malformed-event kinds, named after the DeadLetter.reason_code the processor must give them.
BAD_KINDS: Final = (
    "not_avro",  # bytes that are not Confluent-framed Avro (a JSON document)
    "unknown_schema_id",  # Avro framed with a schema id nobody registered
    "schema_violation",  # a truncated Avro body
    "no_identifier",  # a valid Interaction with all six identifiers null
    "unknown_channel",  # a valid Interaction from channel "fax"
    "future_timestamp",  # a valid Interaction that occurred 10 years after base_time
)
RAW_BAD_KINDS: Final = frozenset({"not_avro", "unknown_schema_id", "schema_violation"})


@dataclass(frozen=True, slots=True)
class SimulatedEvent:
    """One event to publish: an Interaction record, or raw bytes (``is_raw``).

    ``bad_kind`` is None for good events, else the reason code the processor should
    dead-letter it with. ``truth`` is this event's ground-truth line.
    """

    key: str | None
    record: dict[str, Any] | None
    raw: bytes | None
    bad_kind: str | None
    truth: dict[str, Any]

    @property
    def is_raw(self) -> bool:
        return self.raw is not None

    @property
    def is_bad(self) -> bool:
        return self.bad_kind is not None

    @property
    def event_id(self) -> str:
        return str(self.truth["event_id"])

    def value(self, codec: AvroCodec) -> bytes:
        """The bytes that go on the wire."""
        if self.raw is not None:
            return self.raw
        if self.record is None:  # pragma: no cover - the constructors never do this
            raise ValueError("a simulated event has a record or raw bytes")
        return codec.encode("interaction", self.record)


def truth_line(event: SimulatedEvent) -> str:
    """One JSON Lines row: compact, key order as built, non-ASCII kept readable."""
    return json.dumps(event.truth, ensure_ascii=False, separators=(",", ":")) + "\n"


class TruthWriter:
    """Writes ground truth as events go by: ``with TruthWriter(path) as t: t.write(event)``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self._file: IO[str] | None = None

    def __enter__(self) -> Self:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file = self.path.open("w", encoding="utf-8", newline="\n")
        return self

    def write(self, event: SimulatedEvent) -> None:
        if self._file is None:
            raise RuntimeError("TruthWriter used outside its with-block")
        self._file.write(truth_line(event))
        self.count += 1

    def tee(self, events: Iterable[SimulatedEvent]) -> Iterator[SimulatedEvent]:
        """Pass events through, writing each one's truth on the way."""
        for event in events:
            self.write(event)
            yield event

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def write_truth(path: Path, events: Iterable[SimulatedEvent]) -> int:
    """Write the ground truth of ``events`` to ``path`` (JSON Lines); returns the row count."""
    with TruthWriter(path) as writer:
        for event in events:
            writer.write(event)
        return writer.count
