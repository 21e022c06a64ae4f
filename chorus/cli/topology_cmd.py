"""``chorus topology``: which parts read and write which topics, printed from the code."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer


class TopologyFormat(StrEnum):
    text = "text"
    mermaid = "mermaid"
    json = "json"


def topology(
    fmt: Annotated[
        TopologyFormat,
        typer.Option("--format", "-f", help="text for people, mermaid for docs, json for tools."),
    ] = TopologyFormat.text,
) -> None:
    """Print the processing graph of this configuration: every source, agent, sink and service,
    the topics each reads and writes with keys, partitions, consumer groups, state topics and
    value schemas. Gathered from the code's own declarations (no broker needed), so it is what
    `chorus run` creates."""
    from chorus.cli.common import settings
    from chorus.topology import as_json, as_mermaid, as_text, gather

    render = {"text": as_text, "mermaid": as_mermaid, "json": as_json}[fmt.value]
    typer.echo(render(gather(settings())))
