"""Decoded records → table rows. Pure: the sink only decides when to insert."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from schemas.channels import IDENTIFIER_TYPES, primary_key
from sinks.clickhouse.pseudonyms import Pseudonymiser


@dataclass(frozen=True)
class Position:
    """Where a row was read from; stored with it so the sink can resume exactly."""

    topic: str
    partition: int
    offset: int


def _bookkeeping(position: Position, ingested_at: datetime) -> dict[str, Any]:
    return {
        "kafka_topic": position.topic,
        "kafka_partition": position.partition,
        "kafka_offset": position.offset,
        "ingested_at": ingested_at,
    }


def interaction_row(
    record: Mapping[str, Any],
    position: Position,
    ingested_at: datetime,
    pseudonyms: Pseudonymiser | None = None,
) -> dict[str, Any]:
    """With ``pseudonyms``, also the analytic columns of migration 0006 (docs/privacy.md)."""
    identifiers = record["identifiers"]
    row = {
        "event_id": record["event_id"],
        "occurred_at": record["occurred_at"],
        "received_at": record["received_at"],
        "channel": record["channel"],
        "direction": record["direction"],
        "interaction_type": record["interaction_type"],
        "customer_key": primary_key(record),
        **{kind: identifiers.get(kind) for kind in IDENTIFIER_TYPES},
        "text": record.get("text"),
        "attributes": dict(record.get("attributes") or {}),
        "consents": dict(record.get("consents") or {}),
        "source_system": record["source_system"],
        "adapter_version": record["adapter_version"],
        "batch_id": record.get("batch_id"),
    }
    if pseudonyms is not None:
        region = pseudonyms.identifier_keys.region_for(record["channel"], record["source_system"])
        key_type, _, key_value = row["customer_key"].partition(":")
        row["email_pseudonym"] = pseudonyms.identifier("email", row["email"], region)
        row["phone_pseudonym"] = pseudonyms.identifier("phone", row["phone"], region)
        row["customer_key_pseudonym"] = pseudonyms.identifier(key_type, key_value, region)
        row["attributes_pseudonymised"] = pseudonyms.attributes(row["attributes"])
    return row | _bookkeeping(position, ingested_at)


def timeline_row(
    record: Mapping[str, Any], position: Position, ingested_at: datetime
) -> dict[str, Any]:
    columns = (
        "entry_id",
        "customer_id",
        "occurred_at",
        "channel",
        "direction",
        "entry_kind",
        "entry_type",
        "summary",
        "source_event_id",
        "batch_id",
    )
    return {c: record.get(c) for c in columns} | _bookkeeping(position, ingested_at)


def identity_event_row(
    record: Mapping[str, Any], position: Position, ingested_at: datetime
) -> dict[str, Any]:
    columns = (
        "event_id",
        "kind",
        "customer_id",
        "survivor",
        "evidence_event_id",
        "at",
        "version",
        "detail",
        "batch_id",
    )
    row = {c: record.get(c) for c in columns}
    row["merged_ids"] = list(record.get("merged_ids") or [])
    row["identifiers"] = list(record.get("identifiers") or [])
    return row | _bookkeeping(position, ingested_at)


PROFILE_COLUMNS = (
    "name",
    "address",
    "email",
    "phone",
    "marital_status",
    "employer",
    "date_of_birth",
)


#: golden_profiles columns that get a ``<name>_pseudonym`` twin (migration 0006)
PSEUDONYMISED_PROFILE_COLUMNS = ("name", "address", "email", "phone")


def golden_profile_row(
    record: Mapping[str, Any],
    position: Position,
    ingested_at: datetime,
    pseudonyms: Pseudonymiser | None = None,
) -> dict[str, Any]:
    """Attributes flattened into ``<name>``, ``<name>_channel``, ``<name>_at`` columns; with
    ``pseudonyms`` also ``<name>_pseudonym`` for :data:`PSEUDONYMISED_PROFILE_COLUMNS`."""
    row: dict[str, Any] = {
        "customer_id": record["customer_id"],
        "version": record["version"],
        "updated_at": record["updated_at"],
        "merged_into": record.get("merged_into"),
        "consents": dict(record.get("consents") or {}),
        "preferred_channel": record.get("preferred_channel"),
        "interactions": record.get("interactions", 0),
        "inbound_by_channel": dict(record.get("inbound_by_channel") or {}),
    }
    for name in PROFILE_COLUMNS:
        row[name] = row[f"{name}_channel"] = row[f"{name}_at"] = None
    for attribute in record.get("attributes") or []:
        name = attribute["name"]
        if name in PROFILE_COLUMNS:
            row[name] = attribute["value"]
            row[f"{name}_channel"] = attribute["channel"]
            row[f"{name}_at"] = attribute["at"]
    if pseudonyms is not None:
        for name in PSEUDONYMISED_PROFILE_COLUMNS:
            value = row[name]
            row[f"{name}_pseudonym"] = (
                pseudonyms.identifier(name, value)
                if name in ("email", "phone")
                else pseudonyms.text(name, value)
            )
    return row | _bookkeeping(position, ingested_at)


def _detection_common(record: Mapping[str, Any]) -> dict[str, Any]:
    evidence = record.get("evidence") or []
    return {
        "detection_id": record["detection_id"],
        "customer_id": record["customer_id"],
        "confidence": record["confidence"],
        "evidence_ids": [e["event_id"] for e in evidence],
        "evidence_channels": [e["channel"] for e in evidence],
        "detected_at": record["detected_at"],
        "details": dict(record.get("details") or {}),
        "version": record.get("version", 0),
    }


def life_event_row(
    record: Mapping[str, Any], position: Position, ingested_at: datetime
) -> dict[str, Any]:
    row = _detection_common(record) | {
        "type": record["type"],
        "event_date": record.get("event_date"),
        "signal": record["signal"],
    }
    return row | _bookkeeping(position, ingested_at)


def address_change_row(
    record: Mapping[str, Any], position: Position, ingested_at: datetime
) -> dict[str, Any]:
    old, new = record.get("old_address") or {}, record.get("new_address") or {}
    row = _detection_common(record) | {
        "old_address": old.get("raw"),
        "old_normalised": old.get("normalised"),
        "new_address": new.get("raw"),
        "new_normalised": new.get("normalised"),
        "conflict": bool(record.get("conflict")),
    }
    return row | _bookkeeping(position, ingested_at)


def dead_letter_row(
    record: Mapping[str, Any], position: Position, ingested_at: datetime
) -> dict[str, Any]:
    return {
        "source_topic": record["source_topic"],
        "source_partition": record["source_partition"],
        "source_offset": record["source_offset"],
        # ClickHouse String columns hold arbitrary bytes: the original message, unchanged
        "source_key": record.get("source_key"),
        "payload": record["payload"],
        # the payload may be the original's first bytes only; these identify the original
        "payload_truncated": bool(record.get("payload_truncated")),
        "original_size": record.get("original_size"),
        "original_sha256": record.get("original_sha256"),
        "reason_code": record["reason_code"],
        "reason": record["reason"],
        "failed_at": record["failed_at"],
        "event_id": record.get("event_id"),
        "batch_id": record.get("batch_id"),
    } | _bookkeeping(position, ingested_at)


class ColumnBatch:
    """Rows of one table, collected row-wise and handed over column-wise."""

    def __init__(self, table: str) -> None:
        self.table = table
        self._rows: list[dict[str, Any]] = []

    def add(self, row: dict[str, Any]) -> None:
        self._rows.append(row)

    def __len__(self) -> int:
        return len(self._rows)

    def columns(self) -> dict[str, list[Any]]:
        if not self._rows:
            return {}
        names = list(self._rows[0])
        return {name: [row[name] for row in self._rows] for name in names}

    def clear(self) -> None:
        self._rows.clear()
