"""Who is this, and what happened with them lately: customer lookups over the identity tables.

``chorus timeline`` and ``chorus profile`` call these; they reach ClickHouse through
:func:`chorus.query.run_query` (so they work while the pipeline runs). A *reference* is a
customer id (``c_…``, ``anon_…``), a typed identifier (``email:Ann@Example.com``) or a bare
e-mail address or phone number; identifiers are normalised as identity resolution does and
looked up in ``identity_members`` (who holds the identifier now).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from core.errors import ChorusError
from processors.identity import IdentityConfig, Normaliser, Unusable
from schemas.channels import IDENTIFIER_TYPES
from sinks.clickhouse.rows import PROFILE_COLUMNS

Run = Callable[[str], list[dict[str, Any]]]
"""Runs SQL and returns the rows as dicts (JSONEachRow)."""

DEFAULT_LIMIT = 50
_CUSTOMER_ID = re.compile(r"^(c|anon)_[0-9a-f]{16}$")
_PHONE_CHARS = re.compile(r"^[+0-9 ()./-]+$")


class CustomerLookupError(ChorusError):
    """A reference that names no customer (or cannot be an identifier at all)."""


@dataclass(frozen=True)
class Reference:
    customer_id: str | None  # given directly
    identifier: str | None  # normalised "type:value"


def parse_reference(text: str, config: IdentityConfig | None = None) -> Reference:
    """A customer id, ``type:value`` or a bare e-mail/phone, normalised like the stream does."""
    text = text.strip()
    if _CUSTOMER_ID.match(text):
        return Reference(text, None)
    id_type, sep, value = text.partition(":")
    if not sep or id_type not in IDENTIFIER_TYPES:
        if "@" in text:
            id_type, value = "email", text
        elif _PHONE_CHARS.match(text) and sum(ch.isdigit() for ch in text) >= 6:
            id_type, value = "phone", text
        else:
            raise CustomerLookupError(
                f"{text!r} is neither a customer id (c_…, anon_…), 'type:value' with type one of "
                f"{', '.join(IDENTIFIER_TYPES)}, nor an e-mail address or phone number"
            )
    config = config or IdentityConfig()
    key = Normaliser(config).key(id_type, value, config.default_region)
    if isinstance(key, Unusable):
        raise CustomerLookupError(f"{id_type} {value!r} is not usable for matching ({key.reason})")
    return Reference(None, key)


def quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def rows_runner(run_formatted: Callable[[str, str], bytes]) -> Run:
    """Adapt ``run_query``-style (sql, format) -> bytes into a rows-as-dicts runner."""

    def run(sql: str) -> list[dict[str, Any]]:
        raw = run_formatted(sql, "JSONEachRow")
        return [json.loads(line) for line in raw.decode("utf-8").splitlines() if line.strip()]

    return run


def resolve_customer(run: Run, db: str, reference: Reference) -> str:
    """The customer id a reference names now (a retired id resolves to its survivor)."""
    if reference.identifier is not None:
        rows = run(
            f"SELECT argMax(customer_id, version) AS customer_id, count() AS n "
            f"FROM {db}.identity_members WHERE identifier = {quote(reference.identifier)}"
        )
        if not rows or not int(rows[0]["n"]):
            raise CustomerLookupError(f"no customer holds {reference.identifier}")
        return str(rows[0]["customer_id"])
    customer_id = reference.customer_id or ""
    for _ in range(64):  # follow merges (retired id -> survivor) to the current id
        rows = run(
            f"SELECT argMax(survivor, version) AS survivor, count() AS n "
            f"FROM {db}.customer_aliases WHERE alias = {quote(customer_id)}"
        )
        if not rows or not int(rows[0]["n"]):
            break
        customer_id = str(rows[0]["survivor"])
    return customer_id


def identifiers_of(run: Run, db: str, customer_id: str) -> list[str]:
    """The identifiers the customer holds now."""
    rows = run(
        f"SELECT identifier FROM ("
        f" SELECT identifier, argMax(customer_id, version) AS holder FROM {db}.identity_members"
        f" WHERE identifier IN (SELECT identifier FROM {db}.identity_members"
        f"  WHERE customer_id = {quote(customer_id)})"
        f" GROUP BY identifier) WHERE holder = {quote(customer_id)} ORDER BY identifier"
    )
    return [str(r["identifier"]) for r in rows]


def _array(values: list[str]) -> str:
    return "[" + ", ".join(quote(v) for v in values) + "]"


def timeline(
    run: Run, db: str, customer_id: str, identifiers: list[str], limit: int = DEFAULT_LIMIT
) -> list[dict[str, Any]]:
    """The customer's timeline across channels and the ids it absorbed, newest first.

    Interaction entries are found through the identifiers their events presented (so entries
    written under a retired or since-split id are included, and ones of identifiers split away
    are not); derived entries (merges, splits, life events, address changes) through the
    customer id and the ids it absorbed.
    """
    # derived entries (merges, splits, detections) stay under the id of their moment: the
    # customer's own id and every id it absorbed
    where = (
        f"(customer_id = {quote(customer_id)} OR customer_id IN (SELECT alias"
        f" FROM {db}.customer_aliases FINAL WHERE survivor = {quote(customer_id)}))"
    )
    if identifiers:
        where = (
            f"(entry_kind = 'interaction' AND source_event_id IN ("
            f" SELECT evidence_event_id FROM {db}.identity_events"
            f" WHERE kind = 'resolved' AND hasAny(identifiers, {_array(identifiers)})))"
            f" OR (entry_kind != 'interaction' AND {where})"
        )
    return run(
        f"SELECT occurred_at, channel, direction, entry_kind, entry_type, summary,"
        f" source_event_id, customer_id AS recorded_under FROM {db}.timeline FINAL"
        f" WHERE {where} ORDER BY occurred_at DESC, entry_id LIMIT {int(limit)}"
    )


def profile(run: Run, db: str, customer_id: str, identifiers: list[str]) -> dict[str, Any]:
    """What identity resolution knows of the customer: identifiers, absorbed ids, activity."""
    aliases = [
        str(r["alias"])
        for r in run(
            f"SELECT alias FROM {db}.customer_aliases FINAL"
            f" WHERE survivor = {quote(customer_id)} ORDER BY alias"
        )
    ]
    activity: list[dict[str, Any]] = []
    if identifiers:
        activity = run(
            f"SELECT channel, count() AS interactions, min(occurred_at) AS first_seen,"
            f" max(occurred_at) AS last_seen FROM {db}.timeline FINAL"
            f" WHERE entry_kind = 'interaction' AND source_event_id IN ("
            f" SELECT evidence_event_id FROM {db}.identity_events"
            f" WHERE kind = 'resolved' AND hasAny(identifiers, {_array(identifiers)}))"
            f" GROUP BY channel ORDER BY interactions DESC, channel"
        )
    return {
        "customer_id": customer_id,
        "identifiers": identifiers,
        "merged_ids": aliases,
        "golden": golden_profile(run, db, customer_id),
        "channels": activity,
    }


def golden_profile(run: Run, db: str, customer_id: str) -> dict[str, Any] | None:
    """The customer's golden profile: each attribute with its source channel and time."""
    rows = run(
        f"SELECT * FROM {db}.golden_profiles FINAL WHERE customer_id = {quote(customer_id)}"
        f" AND merged_into IS NULL"
    )
    if not rows:
        return None
    row = rows[0]
    return {
        "attributes": {
            name: {
                "value": row[name],
                "channel": row[f"{name}_channel"],
                "at": row[f"{name}_at"],
            }
            for name in PROFILE_COLUMNS
            if row.get(name) is not None
        },
        "consents": row["consents"],
        "preferred_channel": row["preferred_channel"],
        "interactions": int(row["interactions"]),
        "inbound_by_channel": {k: int(v) for k, v in row["inbound_by_channel"].items()},
        "updated_at": row["updated_at"],
    }
