"""Interactions from JSON Lines or from decoded Avro records, in the one form resolution reads."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from processors.identity.model import ID_TYPES, MalformedInteractionError, Observation
from processors.jsonl import Accepted, InputRules, LineError, check_json, read_interactions

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MILLI = timedelta(milliseconds=1)
_ID_TYPE_SET = frozenset(ID_TYPES)


def epoch_millis(moment: datetime) -> int:
    """Milliseconds since the epoch of a timezone-aware datetime (floored)."""
    return (moment - _EPOCH) // _MILLI


def _string(record: Mapping[str, Any], name: str, line_no: int | None) -> str:
    value = record.get(name)
    if type(value) is not str or not value or value.isspace():
        raise MalformedInteractionError(f"{name!r} must be a non-empty string", line_no)
    return value


def _identifiers(value: object, line_no: int | None) -> tuple[tuple[str, str], ...]:
    # dict, not Mapping: both JSON and fastavro give dicts, and the ABC check costs a microsecond
    if not isinstance(value, dict):
        raise MalformedInteractionError("'identifiers' must be an object", line_no)
    if not _ID_TYPE_SET.issuperset(value):
        unknown = sorted(str(k) for k in value if k not in _ID_TYPE_SET)
        raise MalformedInteractionError(f"unknown identifier types {unknown}", line_no)
    present = []
    for id_type in ID_TYPES:
        raw = value.get(id_type)
        if raw is None:
            continue
        if type(raw) is not str:
            raise MalformedInteractionError(f"identifier {id_type!r} must be a string", line_no)
        present.append((id_type, raw))
    return tuple(present)


def observation_from_json(record: object, line_no: int | None = None) -> Observation:
    """One decoded JSON interaction, checked by the batch input rules of
    :mod:`processors.jsonl` (the JSON Lines contract, then the pipeline's own validation)."""
    outcome = check_json(record, line_no or 0, InputRules(), datetime.now(UTC))
    return _observation(outcome, line_no)


def parse_line(line: str, line_no: int | None = None) -> Observation:
    """One JSON Lines record; :class:`MalformedInteractionError` names the line when it is bad
    (every rule of :mod:`processors.jsonl`: size, nesting, JSON, contract, validation)."""
    outcome = next(read_interactions([line]), None)
    if outcome is None:
        raise MalformedInteractionError("blank line", line_no)
    return _observation(outcome, line_no)


def _observation(outcome: Accepted | LineError, line_no: int | None) -> Observation:
    if isinstance(outcome, LineError):
        raise MalformedInteractionError(outcome.message, line_no)
    try:
        return observation_from_avro(outcome.record)
    except MalformedInteractionError as exc:
        raise MalformedInteractionError(str(exc), line_no) from exc


def observation_from_avro(record: Mapping[str, Any]) -> Observation:
    """An ``Interaction`` Avro record as fastavro decodes it (identifiers: all six keys).

    ``occurred_at`` may be a datetime (logical types on) or epoch milliseconds (off).
    """
    event_id = _string(record, "event_id", None)
    occurred = record.get("occurred_at")
    if isinstance(occurred, datetime):
        if occurred.tzinfo is None:
            raise MalformedInteractionError(f"event {event_id}: occurred_at has no timezone")
        occurred_ms = epoch_millis(occurred)
    elif isinstance(occurred, int) and not isinstance(occurred, bool):
        occurred_ms = occurred
    else:
        raise MalformedInteractionError(f"event {event_id}: occurred_at {occurred!r}")
    source = record.get("source_system")
    return Observation(
        event_id=event_id,
        occurred_ms=occurred_ms,
        channel=_string(record, "channel", None),
        identifiers=_identifiers(record.get("identifiers"), None),
        source_system=source if isinstance(source, str) else None,
    )
