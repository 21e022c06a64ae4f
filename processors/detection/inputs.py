"""Turning interactions into :class:`DetectionInput`: from a JSON Lines record or an Avro record.

Who the customer is comes from one seam, a ``CustomerResolver`` callable that gets the whole
record. Identity resolution (``processors.identity``) will provide the real one; until then
:func:`fallback_customer_id` takes the most stable identifier present.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, Final, Literal, cast

from processors.detection.errors import MalformedInteractionError
from processors.detection.model import DetectionInput
from schemas.channels import IDENTIFIER_TYPES

CustomerResolver = Callable[[dict[str, Any]], str]
"""Record (batch JSON object or Avro record dict) → customer id."""

_NON_DIGITS: Final = re.compile(r"\D")
_DIRECTIONS: Final = ("inbound", "outbound")


def fallback_customer_id(record: Mapping[str, Any]) -> str:
    """``"type:value"`` of the first identifier present, in the order account_id, crm_id,
    loyalty_id, email (lower-cased), phone (digits only), device_id.

    The type prefix keeps an account number from colliding with an equal loyalty number; the
    format matches the validation processor's primary key.
    """
    identifiers = record.get("identifiers") or {}
    if not isinstance(identifiers, Mapping):
        raise MalformedInteractionError("identifiers is not an object")
    for kind in IDENTIFIER_TYPES:
        value = identifiers.get(kind)
        if not isinstance(value, str) or not value.strip():
            continue
        value = value.strip()
        if kind == "email":
            value = value.lower()
        elif kind == "phone":
            value = _NON_DIGITS.sub("", value)
            if not value:
                continue
        return f"{kind}:{value}"
    raise MalformedInteractionError("the interaction carries no customer identifier")


def _text_field(record: Mapping[str, Any], name: str) -> str:
    value = record.get(name)
    if not isinstance(value, str) or not value.strip():
        raise MalformedInteractionError(f"{name} must be a non-empty string, got {value!r}")
    return value


def _optional_text(record: Mapping[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is not None and not isinstance(value, str):
        raise MalformedInteractionError(f"{name} must be a string or null")
    return value


def _attributes(record: Mapping[str, Any]) -> dict[str, str]:
    attributes = record.get("attributes")
    if attributes is None:
        return {}
    if not isinstance(attributes, Mapping):
        raise MalformedInteractionError("attributes must be an object of strings")
    for key, value in attributes.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise MalformedInteractionError(
                f"attribute {key!r} must be a string, got {type(value).__name__}"
            )
    return dict(attributes)


def _direction(record: Mapping[str, Any]) -> Literal["inbound", "outbound"]:
    direction = record.get("direction")
    if direction not in _DIRECTIONS:
        raise MalformedInteractionError(f"direction must be inbound or outbound, got {direction!r}")
    return cast(Literal["inbound", "outbound"], direction)


def _resolve(record: dict[str, Any], resolve_customer: CustomerResolver) -> str:
    customer_id = resolve_customer(record)
    if not isinstance(customer_id, str) or not customer_id:
        raise MalformedInteractionError(f"no customer id for this interaction ({customer_id!r})")
    return customer_id


def _aware(value: datetime, name: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise MalformedInteractionError(f"{name} has no UTC offset: {value.isoformat()}")
    return value


def from_avro_record(
    record: Mapping[str, Any], resolve_customer: CustomerResolver = fallback_customer_id
) -> DetectionInput:
    """A decoded ``dev.chorus.events.Interaction`` (fastavro gives aware UTC datetimes)."""
    occurred_at = record.get("occurred_at")
    if isinstance(occurred_at, int):  # raw timestamp-millis, e.g. decoded without logical types
        occurred_at = datetime.fromtimestamp(occurred_at / 1000, tz=UTC)
    if not isinstance(occurred_at, datetime):
        raise MalformedInteractionError(f"occurred_at is not a timestamp: {occurred_at!r}")
    return DetectionInput(
        event_id=_text_field(record, "event_id"),
        customer_id=_resolve(dict(record), resolve_customer),
        occurred_at=_aware(occurred_at, "occurred_at"),
        channel=_text_field(record, "channel"),
        direction=_direction(record),
        interaction_type=_text_field(record, "interaction_type"),
        text=_optional_text(record, "text"),
        attributes=_attributes(record),
    )
