"""``chorus query`` and ``chorus db``: SQL against the configured ClickHouse."""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from chorus.cli.common import console, settings
from chorus.query import run_query, run_script
from core.errors import ConfigError
from core.safe_text import cell, json_line


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"


_CLICKHOUSE_FORMAT = {
    OutputFormat.json: "JSONEachRow",
    OutputFormat.csv: "CSVWithNames",
    OutputFormat.tsv: "TabSeparatedWithNames",
}


def _shown(value: object) -> Text:
    """A value as a table shows it: NULL empty, arrays, maps and tuples as JSON (whose own
    escapes are unambiguous and inert already), anything else literally."""
    if value is None:
        return Text("")
    if isinstance(value, dict | list):
        return Text(json_line(value))
    return cell(value)


def render_table(document: dict[str, Any]) -> Table:
    """ClickHouse's JSON output as a table; every name and value shown literally (no markup,
    control and bidi characters escaped: :mod:`core.safe_text`)."""
    table = Table(show_lines=False)
    names = [column["name"] for column in document.get("meta", [])]
    for name in names:
        table.add_column(cell(name), overflow="fold")
    for row in document.get("data", []):
        table.add_row(*(_shown(row.get(n)) for n in names))
    return table


def write_bytes(raw: bytes) -> None:
    """Machine output exactly as ClickHouse wrote it: no decoding, no ANSI stripping (which
    click.echo does when stdout is not a terminal); a closed pipe ends the command quietly."""
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(raw)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(141) from None


def query(
    sql: Annotated[
        str, typer.Argument(help="The SQL to run, e.g. 'SELECT count() FROM interactions'.")
    ],
    output: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help="table for people (stored text shown with control and bidi characters "
            "escaped), or json (one object per row), csv, tsv: ClickHouse's bytes, unchanged.",
        ),
    ] = OutputFormat.table,
    multi: Annotated[
        bool,
        typer.Option(
            "--multi",
            help="Run a script: its statements one by one, in order, stopping at the first error.",
        ),
    ] = False,
) -> None:
    """Run one SQL statement against the configured ClickHouse (also while the pipeline runs).

    Unqualified table names resolve in the `chorus` database. More than one statement is
    refused, as ClickHouse's HTTP interface does, unless --multi is given.
    """
    s = settings()
    fmt = "JSON" if output is OutputFormat.table else _CLICKHOUSE_FORMAT[output]
    results = run_script(s, sql, fmt) if multi else [(sql, run_query(s, sql, fmt))]
    for statement, raw in results:
        if multi and output is OutputFormat.table:
            console.print(cell(statement), style="bold")
        if output is not OutputFormat.table:
            write_bytes(raw)
        elif not raw.strip():
            console.print("ok")
        else:
            # surrogateescape: a String that is not UTF-8 shows as \udcXX escapes, not a crash
            document = json.loads(raw.decode("utf-8", "surrogateescape"))
            console.print(render_table(document))
            console.print(f"{document.get('rows', 0)} rows")


db_app = typer.Typer(help="Versioned ClickHouse schema (forward-only migrations).")


@db_app.command()
def migrate() -> None:
    """Apply the migrations not applied yet."""
    from chorus.pipeline import open_store
    from sinks.clickhouse.migrations import migrate as apply

    store = open_store(settings())
    try:
        done = apply(store)
    finally:
        store.close()
    if not done:
        console.print("schema up to date")
    for migration in done:
        console.print(cell(f"applied {migration.version:04d}_{migration.name}"))


@db_app.command()
def status() -> None:
    """List migrations and whether each is applied."""
    from chorus.pipeline import open_store
    from sinks.clickhouse.migrations import applied_versions, available

    store = open_store(settings())
    try:
        applied = applied_versions(store)
    finally:
        store.close()
    table = Table("version", "name", "state")
    for migration in available():
        state = "applied" if migration.version in applied else "pending"
        table.add_row(f"{migration.version:04d}", cell(migration.name), state)
    console.print(table)


@db_app.command()
def refresh() -> None:
    """Rebuild the snapshots (customer_current_snapshot, its lookup, customer_value_snapshot) now.

    `chorus run` refreshes them every CHORUS_SNAPSHOT_SECONDS while rows arrive; this is for a
    store nobody refreshes (a ClickHouse server fed by another process, after a batch load) or
    when an answer must include the last minute. Works while the pipeline runs (through the
    owner's query server).
    """
    from sinks.clickhouse.snapshots import SNAPSHOTS, refresh_with

    s = settings()
    db = s.clickhouse_database
    present = run_query(
        s,
        f"SELECT name FROM system.tables WHERE database = '{db}' AND name IN "
        f"({', '.join(repr(snapshot.table) for snapshot in SNAPSHOTS)})",
        "TabSeparated",
    ).split()
    if len(present) < len(SNAPSHOTS):
        raise ConfigError(f"database {db} has no snapshots yet: run `chorus db migrate` first")
    took = refresh_with(lambda sql: run_query(s, sql, "TabSeparated"), db)
    table = Table("snapshot", "rows", "seconds")
    for name, seconds in took.items():
        count = run_query(s, f"SELECT count() FROM {db}.{name}", "TabSeparated")
        table.add_row(cell(name), cell(count.decode(errors="replace").strip()), f"{seconds:.2f}")
    console.print(table)
