"""Is a decoded interaction fit to enter the pipeline? Pure checks, one reason per rejection."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from schemas.channels import CHANNELS, present_identifiers

# Anything before this is a broken clock or a unit mix-up (seconds taken for millis), not history.
EARLIEST_PLAUSIBLE = datetime.fromisoformat("1990-01-01T00:00:00+00:00")


@dataclass(frozen=True)
class Rejection:
    code: str  # machine-readable, becomes DeadLetter.reason_code
    reason: str  # for people


def validate_interaction(
    record: Mapping[str, Any],
    *,
    now: datetime,
    max_future_skew: timedelta,
    channels: Collection[str] = CHANNELS,
) -> Rejection | None:
    """None when the interaction is valid, else the first reason it is not."""
    if not str(record.get("event_id", "")).strip():
        return Rejection("invalid_field", "event_id is empty")
    if record.get("channel") not in channels:
        return Rejection("unknown_channel", f"unknown channel {record.get('channel')!r}")
    if not present_identifiers(record):
        return Rejection("no_identifier", "the interaction carries no customer identifier")
    occurred_at: datetime = record["occurred_at"]
    if occurred_at > now + max_future_skew:
        return Rejection(
            "future_timestamp",
            f"occurred_at {occurred_at.isoformat()} is more than {max_future_skew} in the future",
        )
    if occurred_at < EARLIEST_PLAUSIBLE:
        return Rejection("invalid_field", f"occurred_at {occurred_at.isoformat()} is before 1990")
    return None
