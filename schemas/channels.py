"""The channels Chorus knows (an interaction from any other channel is dead-lettered), and the
identifier types an interaction carries, with how its primary key is chosen."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

CHANNELS: tuple[str, ...] = (
    "web",
    "mobile_app",
    "call_center",
    "email",
    "sms",
    "chat",
    "store",
    "branch",
    "partner",
    "social",
)

IDENTIFIER_TYPES: tuple[str, ...] = (
    "account_id",
    "crm_id",
    "loyalty_id",
    "email",
    "phone",
    "device_id",
)
"""Identifier types, in the order used to pick an interaction's primary key (most stable first)."""


def present_identifiers(record: Mapping[str, Any]) -> dict[str, str]:
    """The identifiers an interaction actually carries (non-blank), in priority order."""
    identifiers = record.get("identifiers") or {}
    found = {}
    for kind in IDENTIFIER_TYPES:
        value = identifiers.get(kind)
        if isinstance(value, str) and value.strip():
            found[kind] = value.strip()
    return found


def primary_key(record: Mapping[str, Any]) -> str:
    """'type:value' of the most stable identifier; the customer key until identity resolution."""
    kind, value = next(iter(present_identifiers(record).items()))
    return f"{kind}:{value}"
