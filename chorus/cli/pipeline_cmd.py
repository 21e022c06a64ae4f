"""``chorus run``, ``chorus simulate`` and ``chorus demo``."""

from __future__ import annotations

import json
import signal
import threading
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from chorus.cli.common import console, err_console, settings
from core.safe_text import cell, json_line


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=False,
    )


def run(
    workers: Annotated[
        int | None, typer.Option(help="Faust worker processes (default: CHORUS_WORKERS, 1).")
    ] = None,
) -> None:
    """Run the pipeline until Ctrl-C: Faust workers route interactions, the sink stores them.

    With the embedded store this process owns chdb and serves ClickHouse's HTTP interface on
    CHORUS_QUERY_HTTP_HOST:CHORUS_QUERY_HTTP_PORT, so `chorus query` and BI tools reach it.
    """
    from chorus.pipeline import Pipeline

    s = settings()
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    pipeline = Pipeline(s, workers=workers).start()
    try:
        where = pipeline.query_server.url if pipeline.query_server else "the configured server"
        console.print(
            cell(
                f"pipeline running: {pipeline.workers} worker(s), Kafka {s.bootstrap_servers}, "
                f"ClickHouse {where}. Ctrl-C stops it."
            )
        )
        while not stop.wait(1.0):
            pipeline.supervise()
    finally:
        console.print("stopping: workers, then the sink drains…")
        pipeline.stop()


def simulate(
    events: Annotated[
        int, typer.Option("--events", "-n", min=1, help="How many events to publish.")
    ] = 1000,
    rate: Annotated[
        float | None,
        typer.Option(min=0.1, help="Events per second (default: as fast as possible)."),
    ] = None,
    seed: Annotated[int, typer.Option(help="Same seed, same journeys.")] = 42,
    bad_fraction: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Share of deliberately malformed events.")
    ] = 0.01,
    truth: Annotated[
        Path | None, typer.Option(help="Write the ground truth (JSON Lines) to this file.")
    ] = None,
    batch_id: Annotated[
        str | None,
        typer.Option(help="Batch id stamped on every event (default: sim-<time>-s<seed>)."),
    ] = None,
    customers: Annotated[
        int | None,
        typer.Option(min=1, help="Population size (default: one customer per 20 events)."),
    ] = None,
    noise: Annotated[
        float,
        typer.Option(
            min=0.0,
            max=1.0,
            help="Hand-typed noise in identifiers (case, spaces, +tags, national phone "
            "formats); 0 = clean identifiers.",
        ),
    ] = 1.0,
) -> None:
    """Publish simulated multi-channel customer journeys to the raw interactions topic."""
    from chorus.demo import new_batch_id
    from chorus.kafka_admin import check_reachable, ensure_topics
    from streams.simulator.run import run_simulation

    s = settings()
    check_reachable(s.bootstrap_servers)
    ensure_topics(s.bootstrap_servers, s.topics.all(), s.partitions)
    batch = batch_id or new_batch_id("sim", seed)
    with _progress() as progress:
        task = progress.add_task("publish", total=events, rate="")
        report = run_simulation(
            s,
            events=events,
            rate=rate,
            seed=seed,
            batch_id=batch,
            truth_path=truth,
            bad_fraction=bad_fraction,
            progress=lambda n: progress.update(task, completed=n),
            customers=customers,
            noise=noise,
        )
    console.print(
        cell(
            f"published {report.published} events ({report.bad} malformed on purpose) to "
            f"{s.topics.raw} in {report.seconds:.1f}s, batch {batch}"
            + (f"; ground truth in {truth}" if truth else "")
        )
    )


def demo(
    events: Annotated[
        int, typer.Option("--events", "-n", min=1, help="How many events to simulate.")
    ] = 5000,
    seed: Annotated[int, typer.Option(help="Simulator seed.")] = 42,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object last, for scripts.")
    ] = False,
) -> None:
    """Everything in one go: start the local stack, stream simulated interactions from every
    channel through Kafka and Faust into ClickHouse, print a cross-channel summary, stop."""
    from chorus.demo import run_demo

    s = settings()
    with _progress() as progress:
        published = progress.add_task("published", total=events, rate="")
        accounted = progress.add_task("stored", total=events, rate="")
        report = run_demo(
            s,
            events,
            seed,
            on_published=lambda n: progress.update(published, completed=n),
            on_counts=lambda c: progress.update(
                accounted,
                completed=c.accounted,
                rate=f"{c.interactions} stored, {c.dead_letters} dead-lettered",
            ),
        )
    # channel, type, reason codes: values from the store, shown literally (core.safe_text)
    table = Table(title=cell(f"Interactions by channel and type (batch {report.batch_id})"))
    for column in ("channel", "type", "direction", "rows"):
        table.add_column(column, justify="right" if column == "rows" else "left")
    for channel, kind, direction, count in report.by_channel:
        table.add_row(cell(channel), cell(kind), cell(direction), str(count))
    console.print(table)
    stored = Table(title="Rows stored")
    stored.add_column("table")
    stored.add_column("rows", justify="right")
    for name, count in report.stored.items():
        stored.add_row(cell(name), str(count))
    console.print(stored)
    if report.channel_mix:
        mix = Table(
            title="Customers by channels used",
            caption="customers as identity resolution knows them now, merges included",
        )
        mix.add_column("channels used", justify="right")
        mix.add_column(f"customers (of {report.customers})", justify="right")
        for channels, customers in report.channel_mix:
            mix.add_row(str(channels), str(customers))
        console.print(mix)
    if report.detections:
        found = Table(title="Detected in the stream")
        for column in ("kind", "type"):
            found.add_column(column)
        found.add_column("detections", justify="right")
        for kind, kind_type, count in report.detections:
            found.add_row(cell(kind), cell(kind_type), str(count))
        console.print(found)
    if report.by_reason:
        reasons = ", ".join(f"{code} {count}" for code, count in report.by_reason)
        console.print(cell(f"dead-lettered: {report.counts.dead_letters} ({reasons})"))
    console.print(
        f"published {report.published}, stored {report.counts.interactions}, dead-lettered "
        f"{report.counts.dead_letters}, lost {report.lost}; {report.seconds:.1f}s end to end "
        f"({report.published / report.seconds:.0f} events/s)"
    )
    if as_json:
        typer.echo(json_line(report.as_json()))
    if report.lost:
        raise typer.Exit(1)


def bench(
    events: Annotated[
        int, typer.Option("--events", "-n", min=100, help="Events per phase.")
    ] = 20_000,
    seed: Annotated[int, typer.Option(help="Simulator seed.")] = 7,
    repeat: Annotated[
        int, typer.Option(min=1, help="Runs; more than one prints medians and every run.")
    ] = 1,
    compare_detection: Annotated[
        bool,
        typer.Option(
            "--compare-detection",
            help="Also measure end to end with detection off, in the same run (same broker "
            "and events), and report the ratio.",
        ),
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Faust worker processes (default: CHORUS_WORKERS, 1)."),
    ] = None,
    partitions: Annotated[
        int | None,
        typer.Option(min=1, help="Partitions of every topic (default: CHORUS_PARTITIONS, 4)."),
    ] = None,
) -> None:
    """End-to-end benchmark on the local stack; prints JSON: the drained throughput of a
    pre-loaded backlog, CPU seconds per 1,000 events per process (workers, store owner,
    broker), latency percentiles at 50 % and 80 % of the drained rate, and the ratio to a
    pass-through consume→produce anchor measured in the same run."""
    from chorus import stack
    from chorus.benchmark import run_benchmark, summarise_runs

    s = settings()
    if s.uses_local_broker and not stack.broker_status(s).running:
        err_console.print(
            "note: starting a broker for this run; a cold JVM compiles while it works, so its "
            "CPU per event reads ~3x high (run `chorus stack up` and a first bench to warm it)",
            highlight=False,
        )
    runs = []
    for run in range(1, repeat + 1):
        with err_console.status(
            f"run {run}/{repeat}: {events} events (producer, pass-through, drain, e2e, "
            "latency at 50 % and 80 %)…"
        ):
            runs.append(run_benchmark(s, events, seed, compare_detection, workers, partitions))
    typer.echo(json.dumps(summarise_runs(runs)))
