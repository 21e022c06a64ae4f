"""``chorus identity split``: undo a wrong merge."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from chorus.cli.common import console, settings
from core.safe_text import cell, json_line

app = typer.Typer(help="Operator actions on identity resolution.", no_args_is_help=True)


@app.command()
def split(
    customer: Annotated[
        str, typer.Argument(help="The customer to split: customer id, 'type:value' or e-mail.")
    ],
    identifiers: Annotated[
        list[str],
        typer.Argument(
            help="Identifiers to take away from it ('type:value', e-mail or phone); they and "
            "the identifiers it keeps are never linked again."
        ),
    ],
    wait: Annotated[
        bool, typer.Option(help="Wait until the pipeline applied the split and show the result.")
    ] = True,
    timeout: Annotated[
        float, typer.Option(min=1.0, help="Seconds to wait for the running pipeline.")
    ] = 60.0,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON document.")] = False,
) -> None:
    """Split identifiers off a customer that was merged wrongly (e.g. a shared family tablet).

    It is applied in order with the interactions by the identity agent.

    Later events of the split-off identifiers go to their own customer; timelines follow.

    Needs the broker; with --wait (default) also the running pipeline (`chorus run`).
    """
    from chorus.customers import rows_runner
    from chorus.kafka_admin import check_reachable
    from chorus.operator import plan_split, publish_split, wait_for_split
    from chorus.query import run_query
    from processors.identity.rules import identity_settings

    s = settings()
    run = rows_runner(lambda sql, fmt: run_query(s, sql, fmt))
    db = s.clickhouse_database
    config = identity_settings(s).identity
    request = plan_split(run, db, customer, identifiers, config)
    check_reachable(s.bootstrap_servers)
    publish_split(s, request)
    if not wait:
        console.print(cell(f"split {request.command_id} queued for {request.customer_id}"))
        return
    receipt = wait_for_split(run, db, request, timeout)
    if as_json:
        document = {
            "command_id": request.command_id,
            "customer_id": request.customer_id,
            "detached": request.detach,
            "applied": receipt.applied,
            "now_held_by": receipt.now_held_by,
        }
        typer.echo(json_line(document))
        return
    if not receipt.applied:
        console.print(
            cell(
                f"split {request.command_id} is queued but not applied within {timeout:.0f}s: "
                "is the pipeline running (`chorus run`)? It is applied when it next runs."
            )
        )
        raise typer.Exit(1)
    table = Table("identifier", "customer now", title=cell(f"split of {request.customer_id}"))
    for key, holder in receipt.now_held_by.items():
        table.add_row(cell(key), cell(holder))
    console.print(table)
