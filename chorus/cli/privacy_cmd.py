"""``chorus privacy erase``: remove a customer from every table and compacted topic."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from chorus.cli.common import console, err_console, settings
from core.safe_text import cell, json_line

app = typer.Typer(help="Privacy: erasure of a customer (docs/privacy.md).", no_args_is_help=True)


@app.command()
def erase(
    customer: Annotated[
        str,
        typer.Argument(
            help="The customer to erase: customer id (c_…, also a retired one), 'type:value' "
            "or a bare e-mail address or phone number."
        ),
    ],
    timeout: Annotated[
        float,
        typer.Option(min=1.0, help="Seconds to wait for the running pipeline to apply it."),
    ] = 60.0,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show who would be erased; change nothing.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="The receipt as one JSON document.")
    ] = False,
) -> None:
    """Erase a customer: every row of theirs in every table (also rows that arrived under ids
    merged into them), their golden profile on the profiles topic and their identity state
    (tombstones on the compacted topics), then print a receipt of what was removed where.

    Needs the broker and the running pipeline (`chorus run`) for the identity state; without it
    the rows and profiles are still removed and the receipt says the state is pending.
    """
    from chorus.customers import rows_runner
    from chorus.kafka_admin import check_reachable
    from chorus.privacy import erase_customer, plan_erasure
    from chorus.query import run_query
    from processors.identity.rules import identity_settings

    s = settings()
    run = rows_runner(lambda sql, fmt: run_query(s, sql, fmt))
    config = identity_settings(s).identity
    plan = plan_erasure(run, s.clickhouse_database, customer, config)  # nobody: exit 2
    if dry_run:
        document = {
            "customer_id": plan.customer_id,
            "customer_ids": plan.customer_ids,
            "identifiers": plan.identifiers,
            "events": len(plan.event_ids),
        }
        typer.echo(json_line(document))
        return
    check_reachable(s.bootstrap_servers)
    with err_console.status("erasing…") as status:
        receipt = erase_customer(
            s, run, plan.customer_id, config=config, timeout_s=timeout, on_step=status.update
        )
    if as_json:
        typer.echo(json_line(receipt.as_json()))
    else:
        plan = receipt.plan
        console.print(
            cell(
                f"erased {plan.customer_id} (ids {', '.join(plan.customer_ids)}; "
                f"{len(plan.identifiers)} identifiers, {len(plan.event_ids)} events)"
            )
        )
        table = Table("where", "removed", title=cell(f"erasure receipt {receipt.command_id}"))
        for name, rows in receipt.tables.items():
            table.add_row(cell(f"table {name}"), cell(f"{rows} rows"))
        for topic, tombstones in receipt.topics.items():
            table.add_row(cell(f"topic {topic}"), cell(f"{tombstones} tombstones"))
        console.print(table)
    if not receipt.complete:
        err_console.print(
            cell(
                "warning: incomplete: "
                + (
                    "the identity agent did not apply the erase command in time (is `chorus "
                    "run` running?); run the erasure again once it is"
                    if not receipt.agent_applied
                    else f"rows left {receipt.still_matching}, live state mentions "
                    f"{receipt.live_state_mentions}"
                )
            )
        )
        raise typer.Exit(1)
