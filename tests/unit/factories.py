"""Small builders of valid records for unit tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from schemas import AvroCodec, load_catalog, make_registry

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


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
