"""Detection in the stream: life events and address changes per *resolved* customer.

Pure (no Kafka, no Faust). The identity stage owns an instance: it knows each interaction's
resolved customer and every merge, which is exactly what detection needs (one real-world event
is detected once per customer, whatever channels mention it). Per-customer states
(:mod:`processors.detection.state`) are kept in memory and persisted as ``d:<customer id>``
shards next to the identity state; the birthdays already announced as ``b:<customer id>``.

Outputs are plain records (``detection.avsc``) and their timeline entries; the identity stage
encodes them and gives them versions.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from processors.detection import (
    DEFAULT_CONFIG,
    CustomerDetectionState,
    Detection,
    DetectorConfig,
    from_avro_record,
    load_state,
    step,
    upcoming_birthdays,
)
from processors.detection.errors import DetectionError
from processors.detection.merge import merge_states
from processors.identity.state import shard_bytes

STATE_SHARD = "d:"
BIRTHDAY_SHARD = "b:"
DEFAULT_HORIZON_DAYS = 30


@dataclass(frozen=True)
class DetectionOutput:
    """One detection, as the Avro record and the timeline entry that go out."""

    record: dict[str, Any]
    entry: dict[str, Any]

    @property
    def kind(self) -> str:
        return str(self.record["kind"])


def detection_record(detection: Detection) -> dict[str, Any]:
    """``detection.avsc`` fields (version set by the caller)."""
    return {
        "detection_id": detection.detection_id,
        "customer_id": detection.customer_id,
        "kind": detection.kind,
        "type": detection.type,
        "confidence": float(detection.confidence),
        "evidence": [e.to_dict() for e in detection.evidence],
        "detected_at": detection.detected_at,
        "event_date": detection.event_date,
        "signal": detection.signal,
        "old_address": detection.old_address.to_dict() if detection.old_address else None,
        "new_address": detection.new_address.to_dict() if detection.new_address else None,
        "conflict": detection.conflict,
        "details": {str(k): str(v) for k, v in detection.details.items()},
        "version": 0,
    }


def detection_entry(detection: Detection) -> dict[str, Any]:
    """The timeline entry of a detection, on the customer's timeline."""
    last = detection.evidence[-1] if detection.evidence else None
    if detection.kind == "address_change":
        old = detection.old_address.raw if detection.old_address else "?"
        new = detection.new_address.raw if detection.new_address else "?"
        verb = "conflicting address" if detection.conflict else "address changed"
        summary = f"{verb}: {old} → {new}"
    else:
        when = f", on {detection.event_date.isoformat()}" if detection.event_date else ""
        summary = f"life event: {detection.type}{when} (confidence {detection.confidence:.2f})"
    channels = sorted({e.channel for e in detection.evidence})
    if channels:
        summary += f"; seen on {', '.join(channels)}"
    return {
        "entry_id": f"{detection.detection_id}#detection",
        "customer_id": detection.customer_id,
        "occurred_at": detection.detected_at,
        "channel": last.channel if last else "chorus",
        "direction": "inbound",
        "entry_kind": detection.kind,
        "entry_type": detection.type,
        "summary": summary,
        "source_event_id": last.event_id if last else detection.detection_id,
        "batch_id": None,  # per-batch counts stay one entry per interaction
    }


class DetectionStage:
    """Per-customer detection states, following identity resolution's merges."""

    def __init__(
        self,
        config: DetectorConfig = DEFAULT_CONFIG,
        horizon_days: int = DEFAULT_HORIZON_DAYS,
    ) -> None:
        self.config = config
        self.horizon_days = horizon_days
        self.states: dict[str, CustomerDetectionState] = {}
        self.announced: dict[str, str] = {}  # customer -> date of the last birthday announced
        self._dirty: set[str] = set()

    # --- persistence ---------------------------------------------------------------------

    def load_shard(self, shard: str, value: bytes) -> bool:
        """Take a ``d:``/``b:`` shard; False if the shard is not detection's."""
        if shard.startswith(STATE_SHARD):
            state = load_state(json.loads(value))
            self.states[state["customer_id"]] = state
            return True
        if shard.startswith(BIRTHDAY_SHARD):
            self.announced[shard[len(BIRTHDAY_SHARD) :]] = json.loads(value)
            return True
        return False

    def dirty(self) -> dict[str, bytes | None]:
        out: dict[str, bytes | None] = {}
        for customer_id in sorted(self._dirty):
            state = self.states.get(customer_id)
            out[STATE_SHARD + customer_id] = None if state is None else shard_bytes(state)
            announced = self.announced.get(customer_id)
            out[BIRTHDAY_SHARD + customer_id] = (
                None if announced is None else shard_bytes(announced)
            )
        self._dirty.clear()
        return out

    def all_shards(self) -> dict[str, bytes]:
        out = {STATE_SHARD + c: shard_bytes(s) for c, s in self.states.items()}
        out.update({BIRTHDAY_SHARD + c: shard_bytes(d) for c, d in self.announced.items()})
        return out

    def forget(self, customer_id: str) -> None:
        """Privacy erase: drop what detection holds about the customer."""
        self.states.pop(customer_id, None)
        self.announced.pop(customer_id, None)
        self._dirty.add(customer_id)

    # --- the stream ------------------------------------------------------------------------

    def merge(self, survivor: str, retired: str) -> None:
        """Identity resolution retired ``retired`` into ``survivor``: so does detection."""
        gone = self.states.pop(retired, None)
        announced = self.announced.pop(retired, None)
        if announced is not None and announced > self.announced.get(survivor, ""):
            self.announced[survivor] = announced
        if gone is not None:
            kept = self.states.get(survivor)
            base = kept if kept is not None else {**gone, "customer_id": survivor}
            self.states[survivor] = merge_states(base, gone)
        self._dirty.update((survivor, retired))

    def observe(
        self, record: Mapping[str, Any], customer_id: str, merges: Iterable[tuple[str, str]] = ()
    ) -> list[DetectionOutput]:
        """Fold one interaction (a decoded Avro record) into its customer's state."""
        for survivor, retired in merges:
            self.merge(survivor, retired)
        if not customer_id:
            return []
        try:
            event = from_avro_record(record, lambda _record: customer_id)
        except DetectionError:
            return []  # validated upstream; nothing detection can use
        state, detections = step(self.states.get(customer_id), event, self.config)
        self.states[customer_id] = state
        self._dirty.add(customer_id)
        return [DetectionOutput(detection_record(d), detection_entry(d)) for d in detections]

    def birthdays(self, now: datetime) -> list[DetectionOutput]:
        """Upcoming birthdays not announced yet (a timer calls this)."""
        out = []
        found = upcoming_birthdays(self.states.values(), now, self.horizon_days, self.config)
        for detection in found:
            day = detection.event_date.isoformat() if detection.event_date else ""
            if self.announced.get(detection.customer_id, "") >= day:
                continue
            self.announced[detection.customer_id] = day
            self._dirty.add(detection.customer_id)
            out.append(DetectionOutput(detection_record(detection), detection_entry(detection)))
        return out
