"""``chorus timeline`` and ``chorus profile``: one customer, across every channel.

Everything shown in the tables comes from customers (identifiers, names, free text): it goes
through :mod:`core.safe_text`, so control and bidi characters show as escapes and rich
markup in a value is just text. ``--json`` writes the same values as JSON.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from chorus.cli.common import console, settings
from core.safe_text import cell, json_line

ReferenceArg = Annotated[
    str,
    typer.Argument(
        help="A customer id (c_…), 'type:value' (email:Ann@Example.com, phone:+1…, "
        "account_id:…) or a bare e-mail address or phone number."
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="One JSON document instead of a table.")]


def _lookup(reference: str) -> tuple[Any, str, str, list[str]]:
    from chorus.customers import (
        identifiers_of,
        parse_reference,
        resolve_customer,
        rows_runner,
    )
    from chorus.query import run_query
    from processors.identity.rules import identity_settings

    s = settings()
    run = rows_runner(lambda sql, fmt: run_query(s, sql, fmt))
    db = s.clickhouse_database
    config = identity_settings(s).identity
    customer_id = resolve_customer(run, db, parse_reference(reference, config))
    return run, db, customer_id, identifiers_of(run, db, customer_id)


def timeline(
    reference: ReferenceArg,
    as_json: JsonOpt = False,
    limit: Annotated[int, typer.Option(min=1, help="Most recent entries to show.")] = 50,
) -> None:
    """What happened with this customer lately, on any channel (newest first)."""
    from chorus.customers import timeline as query_timeline

    run, db, customer_id, identifiers = _lookup(reference)
    entries = query_timeline(run, db, customer_id, identifiers, limit)
    if as_json:
        document = {"customer_id": customer_id, "identifiers": identifiers, "entries": entries}
        typer.echo(json_line(document))
        return
    table = Table(title=cell(f"{customer_id}  ({', '.join(identifiers) or 'no identifiers'})"))
    for column in ("time", "channel", "direction", "type", "summary"):
        table.add_column(column, overflow="fold")
    for entry in entries:
        kind = entry["entry_type"]
        if entry["entry_kind"] != "interaction":
            kind = f"{entry['entry_kind']}: {kind}" if kind != entry["entry_kind"] else kind
        table.add_row(
            cell(entry["occurred_at"]),
            cell(entry["channel"]),
            cell(entry["direction"]),
            cell(kind),
            cell(entry["summary"]),
        )
    console.print(table)
    console.print(f"{len(entries)} entries")


def profile(reference: ReferenceArg, as_json: JsonOpt = False) -> None:
    """What Chorus knows about this customer: identifiers, absorbed ids, channels used."""
    from chorus.customers import profile as query_profile

    run, db, customer_id, identifiers = _lookup(reference)
    found = query_profile(run, db, customer_id, identifiers)
    if as_json:
        typer.echo(json_line(found))
        return
    console.print(cell(customer_id, style="bold"))
    console.print(cell("identifiers: " + (", ".join(identifiers) or "none")))
    console.print(cell("merged ids: " + (", ".join(found["merged_ids"]) or "none")))
    golden = found["golden"]
    if golden is None:
        console.print("golden profile: not built yet")
    else:
        attributes = Table("attribute", "value", "from", "stated at", title="golden profile")
        for name, sourced in golden["attributes"].items():
            attributes.add_row(
                cell(name), cell(sourced["value"]), cell(sourced["channel"]), cell(sourced["at"])
            )
        console.print(attributes)
        consents = ", ".join(f"{k}={'yes' if v else 'no'}" for k, v in golden["consents"].items())
        console.print(cell(f"consents: {consents or 'none stated'}"))
        console.print(cell(f"preferred channel: {golden['preferred_channel'] or 'unknown'}"))
    table = Table("channel", "interactions", "first seen", "last seen")
    for row in found["channels"]:
        table.add_row(
            cell(row["channel"]),
            cell(row["interactions"]),
            cell(row["first_seen"]),
            cell(row["last_seen"]),
        )
    console.print(table)
