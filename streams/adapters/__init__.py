"""Channel adapters: each maps one source system's native records to Interaction records.

``ADAPTERS`` holds one default instance per channel (no id namespace, wall-clock
``received_at``); build scoped ones with :func:`adapter_for`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from schemas.channels import CHANNELS
from streams.adapters.base import (
    IDENTIFIER_FIELDS,
    INTERACTION_TYPES,
    AdapterError,
    ChannelAdapter,
    InvalidFieldError,
    Mapped,
    MissingFieldError,
    NoIdentifierError,
    utc_now,
)
from streams.adapters.branch import BranchAdapter
from streams.adapters.call_center import CallCenterAdapter
from streams.adapters.chat import ChatAdapter
from streams.adapters.email import EmailAdapter
from streams.adapters.mobile_app import MobileAppAdapter
from streams.adapters.partner import PartnerAdapter
from streams.adapters.sms import SmsAdapter
from streams.adapters.social import SocialAdapter
from streams.adapters.store import StoreAdapter
from streams.adapters.web import WebAdapter

ADAPTER_CLASSES: dict[str, type[ChannelAdapter]] = {
    cls.channel: cls
    for cls in (
        WebAdapter,
        MobileAppAdapter,
        CallCenterAdapter,
        EmailAdapter,
        SmsAdapter,
        ChatAdapter,
        StoreAdapter,
        BranchAdapter,
        PartnerAdapter,
        SocialAdapter,
    )
}
ADAPTERS: dict[str, ChannelAdapter] = {name: cls() for name, cls in ADAPTER_CLASSES.items()}
KNOWN_CHANNELS: frozenset[str] = frozenset(ADAPTERS)

if frozenset(CHANNELS) != KNOWN_CHANNELS:  # pragma: no cover - caught by the unit tests too
    raise ImportError(
        f"adapters {sorted(KNOWN_CHANNELS)} do not match schemas.channels {sorted(CHANNELS)}"
    )


def adapter_for(
    channel: str,
    *,
    namespace: str | None = None,
    clock: Callable[[], datetime] = utc_now,
) -> ChannelAdapter:
    """A fresh adapter for ``channel`` scoped to ``namespace``; KeyError for unknown channels."""
    return ADAPTER_CLASSES[channel](namespace=namespace, clock=clock)


__all__ = [
    "ADAPTERS",
    "ADAPTER_CLASSES",
    "IDENTIFIER_FIELDS",
    "INTERACTION_TYPES",
    "KNOWN_CHANNELS",
    "AdapterError",
    "BranchAdapter",
    "CallCenterAdapter",
    "ChannelAdapter",
    "ChatAdapter",
    "EmailAdapter",
    "InvalidFieldError",
    "Mapped",
    "MissingFieldError",
    "MobileAppAdapter",
    "NoIdentifierError",
    "PartnerAdapter",
    "SmsAdapter",
    "SocialAdapter",
    "StoreAdapter",
    "WebAdapter",
    "adapter_for",
]
