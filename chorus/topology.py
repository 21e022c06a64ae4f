"""``chorus topology``: the processing graph gathered from each room's own declarations.

Topics come from ``core.topics`` (what ``Pipeline.start`` creates), agents from the Faust app
itself (names, input topics) with the outputs they route by (``processors.topology``), the sink
from its routes (``sinks.clickhouse.topology``), sources from ``streams.topology``. Rendered as
text, Mermaid (embedded in docs/architecture.md) or JSON.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from core.errors import ConfigError
from core.settings import Settings, load_settings
from core.topology import Node
from schemas import load_catalog
from sinks.clickhouse.topology import describe_sinks
from streams.topology import describe_sources


@dataclass(frozen=True)
class TopicView:
    name: str
    partitions: int
    compacted: bool
    key: str
    schema: str | None  # file stem in schemas/
    schema_fullname: str | None  # the Avro record's full name
    purpose: str
    internal: bool = False  # created by Faust for itself


@dataclass(frozen=True)
class Topology:
    prefix: str
    topics: list[TopicView]
    nodes: list[Node]

    def topic_partitions(self) -> dict[str, int]:
        return {t.name: t.partitions for t in self.topics}


def _operator_commands(settings: Settings) -> list[Node]:
    return [
        Node(
            kind="source",
            name="operator commands",
            runs_in="chorus identity split / chorus privacy erase",
            description="identity splits and erasures, applied in order by the identity agent",
            writes=(settings.topics.identity_in,),
        )
    ]


def documented_settings() -> Settings:
    """The defaults docs/architecture.md shows, whatever this machine's environment says."""
    return load_settings(
        topic_prefix="chorus",
        partitions=4,
        query_http_port=18123,
        clickhouse_url=None,
        clickhouse_host=None,
    )


def gather(settings: Settings) -> Topology:
    """The topology of a pipeline run with ``settings`` (builds the Faust app; no broker)."""
    from processors.app import create_app
    from processors.topology import describe_agents, faust_internal_topics

    catalog = load_catalog()
    app = create_app(settings)
    topics = [
        TopicView(
            spec.name,
            spec.partition_count(settings.partitions),
            spec.compacted,
            spec.key,
            spec.schema,
            catalog.current(spec.schema).fullname if spec.schema else None,
            spec.purpose,
        )
        for spec in settings.topics.specs()
    ]
    topics += [
        TopicView(name, count, False, "-", None, None, "Faust's leader election", internal=True)
        for name, count in faust_internal_topics(app).items()
    ]
    nodes = [
        *describe_sources(settings),
        *_operator_commands(settings),
        *describe_agents(app, settings),
        *describe_sinks(settings),
    ]
    return Topology(settings.topic_prefix, topics, nodes)


# --- rendering -------------------------------------------------------------------------------


def as_json(topology: Topology) -> str:
    return json.dumps(asdict(topology), indent=2)


def as_text(topology: Topology) -> str:
    width = max(len(t.name) for t in topology.topics)
    lines = [f"Topics (prefix {topology.prefix!r})"]
    for t in topology.topics:
        policy = "compacted" if t.compacted else "delete"
        value = f"{t.schema_fullname} (schemas/{t.schema}.avsc)" if t.schema else "JSON"
        if t.internal:
            value = "Faust internal"
        lines.append(
            f"  {t.name:<{width}}  {t.partitions:>2} partition{'s' if t.partitions > 1 else ' '}"
            f"  {policy:<9}  {value}"
        )
        lines.append(f"  {'':<{width}}  key: {t.key}; {t.purpose}")
    for kind, title in (
        ("source", "Sources"),
        ("agent", "Agents"),
        ("sink", "Sinks"),
        ("service", "Services"),
    ):
        nodes = [n for n in topology.nodes if n.kind == kind]
        if not nodes:
            continue
        lines += ["", title]
        for node in nodes:
            lines.append(f"  {node.name}  [{node.runs_in}]")
            lines.append(f"    {node.description}")
            for label, values in (
                ("reads", node.reads),
                ("writes", node.writes),
                ("state", node.state),
                ("tables", node.tables),
            ):
                if values:
                    lines.append(f"    {label:<7}{', '.join(values)}")
            if node.group:
                lines.append(f"    {'group':<7}{node.group}")
            lines += [f"    {name}: {value}" for name, value in node.extra.items()]
    return "\n".join(lines)


def _id(prefix: str, name: str) -> str:
    return prefix + re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_")


_SHAPES = {
    "source": ('>"', '"]'),
    "agent": ('["', '"]'),
    "sink": ('[/"', '"/]'),
    "service": ('(("', '"))'),
}


def as_mermaid(topology: Topology) -> str:
    """A flowchart: topics as stadiums, agents as boxes, the store as a cylinder."""
    lines = ["flowchart LR"]
    for t in topology.topics:
        if not t.internal:
            note = f"{t.partitions} partition{'s' if t.partitions > 1 else ''}"
            note += ", compacted" if t.compacted else ""
            lines.append(f'  {_id("t_", t.name)}(["{t.name}<br/>{note}"])')
    lines.append('  store[("ClickHouse")]')
    edges = []
    for node in topology.nodes:
        node_id = _id("n_", node.name)
        opening, closing = _SHAPES[node.kind]
        lines.append(f"  {node_id}{opening}{node.name}{closing}")
        edges += [f"  {_id('t_', topic)} --> {node_id}" for topic in node.reads]
        edges += [f"  {node_id} --> {_id('t_', topic)}" for topic in node.writes]
        edges += [f"  {node_id} -. state .- {_id('t_', topic)}" for topic in node.state]
        if node.tables:
            edges.append(f"  {node_id} --> store")
        if node.kind == "service":
            edges.append(f"  store --- {node_id}")
    return "\n".join(lines + edges)


MERMAID_BLOCK = re.compile(r"```mermaid\n.*?\n```", re.S)


def update_docs(path: Path) -> bool:
    """Rewrite the Mermaid block of ``path`` with the current topology; True if it changed."""
    text = path.read_text(encoding="utf-8")
    block = f"```mermaid\n{as_mermaid(gather(documented_settings()))}\n```"
    if not MERMAID_BLOCK.search(text):
        raise ConfigError(f"{path} has no ```mermaid block to update")
    updated = MERMAID_BLOCK.sub(lambda _match: block, text, count=1)
    path.write_text(updated, encoding="utf-8")
    return updated != text


if __name__ == "__main__":  # make topology-docs
    for name in sys.argv[1:]:
        changed = update_docs(Path(name))
        print(f"{name}: {'updated' if changed else 'up to date'}")
