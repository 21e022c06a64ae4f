"""Timeline entries derived from interactions (merges and detections add their own later)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

SUMMARY_TEXT_CHARS = 80


def summarise(record: Mapping[str, Any]) -> str:
    """One readable line: who reached whom, how, about what."""
    head = f"{record['direction']} {record['interaction_type']} via {record['channel']}"
    text = (record.get("text") or "").strip()
    if text:
        line = " ".join(text.split())
        if len(line) > SUMMARY_TEXT_CHARS:
            line = line[: SUMMARY_TEXT_CHARS - 1] + "…"
        return f"{head}: {line}"
    attributes: Mapping[str, str] = record.get("attributes") or {}
    details = [
        f"{k}={attributes[k]}" for k in ("product_category", "amount", "page") if k in attributes
    ]
    return f"{head} ({', '.join(details)})" if details else head


def interaction_entry(record: Mapping[str, Any], customer_id: str) -> dict[str, Any]:
    """The TimelineEntry record for one valid interaction."""
    return {
        "entry_id": f"{record['event_id']}#interaction",
        "customer_id": customer_id,
        "occurred_at": record["occurred_at"],
        "channel": record["channel"],
        "direction": record["direction"],
        "entry_kind": "interaction",
        "entry_type": record["interaction_type"],
        "summary": summarise(record),
        "source_event_id": record["event_id"],
        "batch_id": record.get("batch_id"),
    }
