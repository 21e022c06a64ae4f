"""Entry point of the ``chorus`` command."""

from __future__ import annotations

import logging
import sys

import typer
from rich.text import Text

from chorus.cli import (
    batch_cmd,
    customer_cmd,
    identity_cmd,
    pipeline_cmd,
    privacy_cmd,
    query_cmd,
    report_cmd,
    stack_cmd,
    topology_cmd,
)
from chorus.cli.common import err_console, settings
from core.errors import ChorusError
from core.safe_text import cell, visible_lines

app = typer.Typer(
    name="chorus",
    help="Chorus: every customer interaction, on every channel, as one continuous dialogue.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(stack_cmd.app, name="stack")
app.add_typer(query_cmd.db_app, name="db")
app.add_typer(identity_cmd.app, name="identity")
app.add_typer(privacy_cmd.app, name="privacy")
app.command()(pipeline_cmd.run)
app.command()(pipeline_cmd.simulate)
app.command()(pipeline_cmd.demo)
app.command()(query_cmd.query)
app.command()(pipeline_cmd.bench)
app.command()(batch_cmd.resolve)
app.command()(batch_cmd.detect)
app.command()(batch_cmd.publish)
app.command()(customer_cmd.timeline)
app.command()(customer_cmd.profile)
app.command()(report_cmd.report)
app.command()(topology_cmd.topology)


def _configure_logging() -> None:
    """People read the console, machines the log file: warnings (librdkafka retries and the
    like) go to <state>/logs/chorus.log; only errors also reach stderr."""
    console = logging.StreamHandler()
    console.setLevel(logging.ERROR)
    logs = settings().state_dir / "logs"
    handlers: list[logging.Handler] = [console]
    try:
        logs.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(logs / "chorus.log", encoding="utf-8"))
    except OSError as exc:
        err_console.print(cell(f"warning: not logging to {logs}: {exc.strerror}"))
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=handlers,
    )


def run() -> None:
    try:
        _configure_logging()
        app()
    except ChorusError as exc:
        # a user-facing problem (unreachable broker, bad SQL, missing Java): one clear line.
        # Its text may quote input or stored values: shown literally (no markup, no controls).
        err_console.print(Text.assemble(("error:", "red"), " ", visible_lines(str(exc))))
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
