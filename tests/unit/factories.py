"""Small builders of valid records for unit tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from schemas import AvroCodec, load_catalog, make_registry
from schemas.channels import IDENTIFIER_TYPES

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def identifiers(**present: str) -> dict[str, str | None]:
    """All six identifier keys, ``None`` except those given."""
    ids: dict[str, str | None] = dict.fromkeys(IDENTIFIER_TYPES)
    ids.update(present)
    return ids


def inbound(
    event_id: str,
    occurred_at: datetime,
    channel: str,
    kind: str,
    batch_id: str,
    *,
    text: str | None = None,
    attributes: dict[str, str] | None = None,
    **present: str,
) -> dict[str, Any]:
    """An inbound interaction presenting exactly ``present`` identifiers."""
    return interaction(
        event_id=event_id,
        occurred_at=occurred_at,
        received_at=occurred_at,
        channel=channel,
        interaction_type=kind,
        identifiers=identifiers(**present),
        text=text,
        attributes=attributes or {},
        source_system="test",
        adapter_version="1",
        batch_id=batch_id,
    )


def codec() -> AvroCodec:
    catalog = load_catalog()
    return AvroCodec(catalog, make_registry(catalog, None))


def interaction(**overrides: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "event_id": "web:hit-1",
        "occurred_at": NOW,
        "received_at": NOW,
        "channel": "web",
        "direction": "inbound",
        "interaction_type": "page_view",
        "identifiers": {
            "email": "Ann@Example.com",
            "phone": None,
            "loyalty_id": None,
            "account_id": None,
            "device_id": "dev-1",
            "crm_id": None,
        },
        "text": None,
        "attributes": {"page": "/pricing"},
        "consents": {},
        "source_system": "web-analytics",
        "adapter_version": "1.0.0",
        "batch_id": "b1",
    }
    record.update(overrides)
    return record
