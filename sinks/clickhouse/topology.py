"""The ClickHouse side of the graph: the sink's topics and tables, and the query endpoint."""

from __future__ import annotations

from core.settings import Settings
from core.topology import Node
from sinks.clickhouse.sink import STORED, consumer_group


def describe_sinks(settings: Settings) -> list[Node]:
    topics = settings.topics
    store = (
        f"embedded chdb at {settings.chdb_dir}"
        if settings.uses_embedded_clickhouse
        else "ClickHouse server"
    )
    nodes = [
        Node(
            kind="sink",
            name="clickhouse sink",
            runs_in="store owner (chorus run), a thread",
            description="batched inserts, one table per topic (in order); offsets committed after "
            "the insert",
            reads=tuple(getattr(topics, attribute) for attribute in STORED),
            group=consumer_group(settings),
            tables=tuple(
                f"{settings.clickhouse_database}.{table}" for table, _schema in STORED.values()
            ),
            extra={
                "store": store,
                "derived": "the analytic tables and views follow by materialized views "
                "(docs/schema.md)",
            },
        )
    ]
    if settings.uses_embedded_clickhouse and settings.query_http_port:
        nodes.append(
            Node(
                kind="service",
                name="query endpoint",
                runs_in="store owner (chorus run), a thread",
                description="ClickHouse's HTTP interface over the embedded store, for chorus "
                "query, BI tools and clickhouse-connect",
                extra={"listens": f"http://{settings.query_http_host}:{settings.query_http_port}"},
            )
        )
    return nodes
