"""The channels Chorus knows; an interaction from any other channel is dead-lettered."""

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
