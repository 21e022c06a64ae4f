"""``chorus stack up|down|status``: the local Kafka broker."""

from __future__ import annotations

import time

import typer

from chorus import kafka_jars, stack
from chorus.cli.common import console, settings
from core.safe_text import cell

app = typer.Typer(help="Start, stop and inspect the local Kafka broker (KRaft, one node).")


@app.command()
def up() -> None:
    """Fetch the broker jars if needed, start the broker and wait until it answers."""
    s = settings()
    if not s.uses_local_broker:
        console.print(
            cell(f"KAFKA_BOOTSTRAP_SERVERS is set ({s.bootstrap_servers}): nothing to start.")
        )
        return
    started = time.monotonic()
    with console.status("starting the local Kafka broker…"):
        kafka_jars.ensure_kafka_jars(s)
        stack.start_broker(s)
    console.print(
        cell(
            f"Kafka {s.kafka_version} up on {s.bootstrap_servers} "
            f"({time.monotonic() - started:.1f}s); data in {s.state_dir / 'kafka'}"
        )
    )


@app.command()
def fetch() -> None:
    """Download the broker jars from Maven Central into the cache (once per machine)."""
    s = settings()
    with console.status(cell(f"fetching Kafka {s.kafka_version} jars (Maven Central)…")):
        libs = kafka_jars.ensure_kafka_jars(s)
    console.print(cell(f"Kafka {s.kafka_version} jars in {libs}"))


@app.command()
def down() -> None:
    """Stop the local broker (its data stays; `chorus stack up` resumes it)."""
    s = settings()
    if not s.uses_local_broker:
        console.print("KAFKA_BOOTSTRAP_SERVERS is set: Chorus started no broker.")
        return
    stack.stop_broker(s)
    console.print("local Kafka broker stopped")


@app.command()
def status() -> None:
    """Say whether the broker runs, where, and whether the query server is up."""
    from chorus.query import running_query_server

    s = settings()
    info = stack.broker_status(s)
    if info.external:
        console.print(cell(f"Kafka: external cluster {info.bootstrap}"))
    elif info.running:
        console.print(cell(f"Kafka: running (pid {info.pid}) on {info.bootstrap}"))
    else:
        console.print("Kafka: not running (`chorus stack up` starts it)")
    if s.uses_embedded_clickhouse:
        url = running_query_server(s)
        where = (
            f"served by a running pipeline at {url}" if url else "not open (no pipeline running)"
        )
        console.print(cell(f"ClickHouse: embedded chdb at {s.chdb_dir}, {where}"))
    else:
        console.print("ClickHouse: server configured through CLICKHOUSE_URL/CLICKHOUSE_HOST")
    if not info.external and not info.running:
        raise typer.Exit(1)
