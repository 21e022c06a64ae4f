"""Is a decoded interaction fit to enter the pipeline? Pure checks, one reason per rejection.

Every entry point (the stream's router, ``chorus resolve``, ``chorus detect``) calls
:func:`validate_interaction`, so a record is judged the same way wherever it comes in.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from schemas.amounts import money_problem, preview
from schemas.channels import CHANNELS, IDENTIFIER_TYPES, present_identifiers

if TYPE_CHECKING:
    from core.settings import Settings

# Anything before this is a broken clock or a unit mix-up (seconds taken for millis), not history.
EARLIEST_PLAUSIBLE = datetime.fromisoformat("1990-01-01T00:00:00+00:00")

#: interaction types whose ``amount`` attribute becomes a row of ``purchases`` (migration 0005)


@dataclass(frozen=True)
class Rejection:
    code: str  # machine-readable, becomes DeadLetter.reason_code
    reason: str  # for people


@dataclass(frozen=True)
class InputLimits:
    """How large a field of an interaction may be; past a limit the interaction is
    dead-lettered (``field_too_large``, ``too_many_attributes``), never truncated.

    Lengths are in characters, ``max_text_bytes`` in UTF-8 bytes. The app builds this from
    :class:`core.settings.Settings` (``CHORUS_MAX_*``); the defaults are those settings'.
    """

    max_identifier_length: int = 320  # the longest e-mail address RFC 3696 allows
    max_event_id_length: int = 128  # event_id and batch_id
    max_name_length: int = 128  # interaction_type, source_system, adapter_version, map keys
    max_text_bytes: int = 256 * 1024
    max_attributes: int = 256  # entries of attributes, and of consents
    max_attribute_value_length: int = 1024


DEFAULT_LIMITS = InputLimits()


def input_limits(settings: Settings) -> InputLimits:
    """The limits configured by ``CHORUS_MAX_*`` (every entry point should use these)."""
    return InputLimits(
        max_identifier_length=settings.max_identifier_length,
        max_event_id_length=settings.max_event_id_length,
        max_name_length=settings.max_name_length,
        max_text_bytes=settings.max_text_bytes,
        max_attributes=settings.max_attributes,
        max_attribute_value_length=settings.max_attribute_value_length,
    )


def validate_interaction(
    record: Mapping[str, Any],
    *,
    now: datetime,
    max_future_skew: timedelta,
    channels: Collection[str] = CHANNELS,
    limits: InputLimits = DEFAULT_LIMITS,
) -> Rejection | None:
    """None when the interaction is valid, else the first reason it is not."""
    return (
        check_sizes(record, limits)
        or _check_required(record, channels)
        or _check_time(record, now, max_future_skew)
        or check_amount(record)
    )


def _check_required(record: Mapping[str, Any], channels: Collection[str]) -> Rejection | None:
    if not str(record.get("event_id", "")).strip():
        return Rejection("invalid_field", "event_id is empty")
    if record.get("channel") not in channels:
        return Rejection("unknown_channel", f"unknown channel {preview(record.get('channel'))}")
    if not present_identifiers(record):
        return Rejection("no_identifier", "the interaction carries no customer identifier")
    return None


def _check_time(
    record: Mapping[str, Any], now: datetime, max_future_skew: timedelta
) -> Rejection | None:
    occurred_at: datetime = record["occurred_at"]
    if occurred_at > now + max_future_skew:
        return Rejection(
            "future_timestamp",
            f"occurred_at {occurred_at.isoformat()} is more than {max_future_skew} in the future",
        )
    if occurred_at < EARLIEST_PLAUSIBLE:
        return Rejection("invalid_field", f"occurred_at {occurred_at.isoformat()} is before 1990")
    return None


def check_sizes(
    record: Mapping[str, Any], limits: InputLimits = DEFAULT_LIMITS
) -> Rejection | None:
    """``field_too_large`` / ``too_many_attributes`` for the first field past ``limits``."""
    identifiers = record.get("identifiers") or {}
    strings = [
        *(
            (name, record.get(name), limits.max_event_id_length)
            for name in ("event_id", "batch_id")
        ),
        *(
            (name, record.get(name), limits.max_name_length)
            for name in ("channel", "interaction_type", "source_system", "adapter_version")
        ),
        *(
            (f"identifiers.{kind}", identifiers.get(kind), limits.max_identifier_length)
            for kind in IDENTIFIER_TYPES
        ),
    ]
    for name, value, limit in strings:
        rejection = _length(name, value, limit)
        if rejection is not None:
            return rejection
    text = record.get("text")
    # a character is at most 4 bytes of UTF-8: most texts need no encoding to be judged
    if isinstance(text, str) and len(text) > limits.max_text_bytes // 4:
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > limits.max_text_bytes:
            return Rejection(
                "field_too_large",
                f"text is {size} bytes (UTF-8), more than {limits.max_text_bytes}",
            )
    return _check_map(record, "attributes", limits) or _check_map(record, "consents", limits)


def _check_map(record: Mapping[str, Any], name: str, limits: InputLimits) -> Rejection | None:
    entries: Mapping[str, Any] = record.get(name) or {}
    if len(entries) > limits.max_attributes:
        return Rejection(
            "too_many_attributes",
            f"{name} has {len(entries)} entries, more than {limits.max_attributes}",
        )
    for key, value in entries.items():
        rejection = _length(f"a key of {name}", key, limits.max_name_length)
        if rejection is None and isinstance(value, str):
            rejection = _length(f"{name}[{preview(key)}]", value, limits.max_attribute_value_length)
        if rejection is not None:
            return rejection
    return None


def check_amount(record: Mapping[str, Any]) -> Rejection | None:
    """``invalid_number`` when a purchase or return carries an ``amount`` that
    ``purchases.amount`` cannot hold (:func:`schemas.amounts.money_problem`). Such an event is
    dead-lettered rather than stored as an interaction that would be missing from
    ``purchases``. No ``amount`` at all is allowed (no money row)."""
    problem = money_problem(record)
    return None if problem is None else Rejection("invalid_number", problem)


def _length(name: str, value: object, limit: int) -> Rejection | None:
    if isinstance(value, str) and len(value) > limit:
        return Rejection(
            "field_too_large", f"{name} is {len(value)} characters long, more than {limit}"
        )
    return None
