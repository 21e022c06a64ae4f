"""Two customers' detection states become one when identity resolution merges them.

Pure and symmetric except for the id the result carries: per attribute and address the later
statement wins (by ``at_ms``, then event id), emitted events and hints are kept from both (so a
life event detected under the retired id is not detected again under the survivor's), baby
purchases are pooled.
"""

from __future__ import annotations

from typing import TypeVar

from processors.detection.state import CustomerDetectionState

_Timed = TypeVar("_Timed")


def _later(a: _Timed | None, b: _Timed | None) -> _Timed | None:
    if a is None:
        return b
    if b is None:
        return a
    key_a = (a["at_ms"], a["event_id"])  # type: ignore[index]
    key_b = (b["at_ms"], b["event_id"])  # type: ignore[index]
    return b if key_b > key_a else a


def merge_states(
    survivor: CustomerDetectionState, retired: CustomerDetectionState
) -> CustomerDetectionState:
    """The survivor's state with everything the retired customer's state knew."""
    attributes = dict(survivor["attributes"])
    for name, record in retired["attributes"].items():
        attributes[name] = _later(attributes.get(name), record) or record
    emitted = list(survivor["emitted"])
    known = {e["detection_id"] for e in emitted}
    emitted += [e for e in retired["emitted"] if e["detection_id"] not in known]
    emitted.sort(key=lambda e: (e["anchor_ms"], e["detection_id"]))
    hints = sorted(
        {
            (h["at_ms"], h["event_id"], h["kind"]): h
            for h in [*survivor["hints"], *retired["hints"]]
        }.values(),
        key=lambda h: (h["at_ms"], h["event_id"], h["kind"]),
    )
    firsts = [m for m in (survivor["baby_first_ms"], retired["baby_first_ms"]) if m is not None]
    return {
        "version": survivor["version"],
        "customer_id": survivor["customer_id"],
        "attributes": attributes,
        "address": _later(survivor["address"], retired["address"]),
        "address_by_channel": {**retired["address_by_channel"], **survivor["address_by_channel"]},
        "last_address_change": _later(
            survivor["last_address_change"], retired["last_address_change"]
        ),
        "emitted": emitted,
        "baby_purchases_ms": sorted(
            set(survivor["baby_purchases_ms"]) | set(retired["baby_purchases_ms"])
        ),
        "baby_first_ms": min(firsts) if firsts else None,
        "date_of_birth": _later(survivor["date_of_birth"], retired["date_of_birth"]),
        "hints": hints,
    }
