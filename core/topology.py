"""The vocabulary of the processing graph: each node that reads or writes topics and tables.

Every room declares its own nodes beside the code that runs them (``processors.topology``,
``sinks.clickhouse.topology``, ``streams.topology``); ``chorus topology`` gathers and prints
them (docs/architecture.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

NodeKind = Literal["source", "agent", "sink", "service"]


@dataclass(frozen=True)
class Node:
    """One participant of the pipeline and the topics it reads and writes."""

    kind: NodeKind
    name: str
    runs_in: str  # the process that runs it: "channel system", "Faust worker", "store owner", ...
    description: str
    reads: tuple[str, ...] = ()  # topic names
    writes: tuple[str, ...] = ()  # topic names
    group: str | None = None  # Kafka consumer group
    state: tuple[str, ...] = ()  # state stores and the changelog topics behind them
    tables: tuple[str, ...] = ()  # ClickHouse tables written
    extra: dict[str, str] = field(default_factory=dict)  # anything else worth printing
