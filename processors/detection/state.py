"""Per-customer detection state: plain JSON-serialisable data (persisted beside the identity
state, see ``processors/detections.py``).

Times are epoch milliseconds (like the Avro ``timestamp-millis`` fields), dates ISO strings.
``version`` is checked when a stored state is read back, so a state written by an older layout
fails loudly (:class:`StateFormatError`) instead of being half-understood.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, TypedDict

from processors.detection.errors import StateFormatError

STATE_VERSION: Final = 1


class EvidenceDict(TypedDict):
    event_id: str
    channel: str


class AttributeRecord(TypedDict):
    """The last value seen for one structured attribute, and where it was seen."""

    value: str
    event_id: str
    channel: str
    at_ms: int


class AddressRecord(TypedDict):
    raw: str
    normalised: str
    event_id: str
    channel: str
    at_ms: int


class AddressChangeRecord(TypedDict):
    """The last address change, kept for the conflict window."""

    at_ms: int
    event_id: str
    channel: str
    conflicts: list[str]  # normalised addresses already raised as conflicts against it


class EmittedRecord(TypedDict):
    """A life event already emitted; later evidence of the same event is attached here."""

    detection_id: str
    type: str
    anchor_ms: int  # occurred_at of the first evidence
    event_date: str | None
    confidence: float
    evidence: list[EvidenceDict]


class HintRecord(TypedDict):
    """A weak signal that is no event on its own (a surname change)."""

    kind: str
    at_ms: int
    event_id: str
    channel: str


class CustomerDetectionState(TypedDict):
    version: int
    customer_id: str
    attributes: dict[str, AttributeRecord]
    address: AddressRecord | None
    address_by_channel: dict[str, str]  # channel → normalised address it reported last
    last_address_change: AddressChangeRecord | None
    emitted: list[EmittedRecord]
    baby_purchases_ms: list[int]  # baby-category purchases inside the behavioural window
    baby_first_ms: int | None  # first baby-category purchase ever seen
    date_of_birth: AttributeRecord | None
    hints: list[HintRecord]


def new_state(customer_id: str) -> CustomerDetectionState:
    """The state of a customer nothing is known about yet."""
    return {
        "version": STATE_VERSION,
        "customer_id": customer_id,
        "attributes": {},
        "address": None,
        "address_by_channel": {},
        "last_address_change": None,
        "emitted": [],
        "baby_purchases_ms": [],
        "baby_first_ms": None,
        "date_of_birth": None,
        "hints": [],
    }


def load_state(data: Mapping[str, Any]) -> CustomerDetectionState:
    """Check a stored state (e.g. a state-topic shard) and return it typed."""
    if not isinstance(data, Mapping):
        raise StateFormatError(f"a detection state is an object, got {type(data).__name__}")
    if data.get("version") != STATE_VERSION:
        raise StateFormatError(
            f"detection state version {data.get('version')!r}, expected {STATE_VERSION}"
        )
    missing = set(CustomerDetectionState.__annotations__) - set(data)
    if missing:
        raise StateFormatError(f"detection state lacks {sorted(missing)}")
    state: CustomerDetectionState = dict(data)  # type: ignore[assignment]
    return state
