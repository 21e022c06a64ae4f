"""What detection reads (:class:`DetectionInput`) and what it emits (:class:`Detection`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Final, Literal

Kind = Literal["life_event", "address_change"]
Signal = Literal["text", "structured", "behavioural", "address", "timer"]


ADDRESS_CHANGE: Final = "address_change"
"""Type (and kind) of an address change detection."""

HOUSEHOLD_TYPES: Final[frozenset[str]] = frozenset({"new_baby", "moving", "home_purchase"})
"""Types where the customer's household counts as the customer ("my wife gave birth")."""


@dataclass(frozen=True, slots=True)
class DetectionInput:
    """One interaction as detection sees it, whether it came from a file or from Kafka.

    ``customer_id`` is already resolved; ``occurred_at`` is timezone-aware.
    """

    event_id: str
    customer_id: str
    occurred_at: datetime
    channel: str
    direction: Literal["inbound", "outbound"]
    interaction_type: str
    text: str | None = None
    attributes: Mapping[str, str] = field(default_factory=dict)

    @property
    def occurred_ms(self) -> int:
        """``occurred_at`` as epoch milliseconds (the unit the state stores)."""
        return int(self.occurred_at.timestamp() * 1000)


@dataclass(frozen=True, slots=True)
class Evidence:
    """One interaction that supports a detection."""

    event_id: str
    channel: str

    def to_dict(self) -> dict[str, str]:
        return {"event_id": self.event_id, "channel": self.channel}


@dataclass(frozen=True, slots=True)
class AddressValue:
    """An address as reported (``raw``) and as compared (``normalised``)."""

    raw: str
    normalised: str

    def to_dict(self) -> dict[str, str]:
        return {"raw": self.raw, "normalised": self.normalised}


@dataclass(frozen=True, slots=True)
class Detection:
    """A life event or an address change detected for one customer.

    ``detection_id`` is stable for a given customer, type and first evidence, so a replay yields
    the same ids and a sink can write idempotently. ``event_date`` is the date the event happened
    or is expected to happen, when the evidence says so. For address changes ``old_address`` and
    ``new_address`` are set; ``conflict`` is true when two channels contradicted each other
    within the conflict window (then ``old_address`` is the address held and ``new_address`` the
    contradicting one, and the held address is *not* replaced).
    """

    detection_id: str
    customer_id: str
    kind: Kind
    type: str
    confidence: float
    evidence: tuple[Evidence, ...]
    detected_at: datetime
    signal: Signal
    event_date: date | None = None
    old_address: AddressValue | None = None
    new_address: AddressValue | None = None
    conflict: bool = False
    details: Mapping[str, str] = field(default_factory=dict)

    def to_json_dict(self) -> dict[str, Any]:
        """The batch output line's fields (``evidence`` as event ids, channels alongside)."""
        out: dict[str, Any] = {
            "kind": self.kind,
            "type": self.type,
            "customer_id": self.customer_id,
            "confidence": round(self.confidence, 3),
            "evidence": [e.event_id for e in self.evidence],
            "channels": [e.channel for e in self.evidence],
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "detected_at": self.detected_at.isoformat(),
            "signal": self.signal,
            "detection_id": self.detection_id,
        }
        if self.kind == "address_change":
            out["old_address"] = self.old_address.to_dict() if self.old_address else None
            out["new_address"] = self.new_address.to_dict() if self.new_address else None
            out["conflict"] = self.conflict
        if self.details:
            out["details"] = dict(self.details)
        return out
