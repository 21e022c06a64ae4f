"""``chorus publish``: interaction JSON Lines onto the raw topic, then how the pipeline took them.

Lines go through the same input rules as ``chorus resolve``/``detect`` (``processors.jsonl``,
which ends in the router's own validation), so a line the pipeline would dead-letter is refused
here with the same reason code and never sent. Every event published carries the publish's
batch id, which is what the accounting counts by.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from chorus.customers import rows_runner
from chorus.pipeline import BatchCounts, batch_counts_sql, poll_until_accounted
from chorus.query import run_query, running_query_server
from core.settings import Settings
from processors.jsonl import Accepted
from schemas import AvroCodec, load_catalog, make_registry
from streams.publisher import InteractionPublisher

POLL_S = 0.5


@dataclass(frozen=True)
class Published:
    batch_id: str
    events: int
    seconds: float


def publish_accepted(
    settings: Settings,
    accepted: Iterable[Accepted],
    batch_id: str,
    on_published: Callable[[int], None] | None = None,
) -> Published:
    """Produce every accepted line's record to the raw topic; raises if any is not delivered."""
    catalog = load_catalog()
    codec = AvroCodec(catalog, make_registry(catalog, settings.schema_registry_url))
    started = time.perf_counter()
    count = 0
    with InteractionPublisher(
        settings.bootstrap_servers, settings.topics.raw, codec, batch_id=batch_id
    ) as publisher:
        for line in accepted:
            publisher.publish(line.record | {"batch_id": batch_id})
            count += 1
            if on_published is not None and count % 500 == 0:
                on_published(count)
    if on_published is not None:
        on_published(count)
    return Published(batch_id, count, time.perf_counter() - started)


def pipeline_is_listening(settings: Settings) -> bool:
    """Whether anything will store what is published: a server store, or a running owner."""
    return not settings.uses_embedded_clickhouse or running_query_server(settings) is not None


def wait_until_accounted(
    settings: Settings,
    published: Published,
    timeout_s: float,
    on_progress: Callable[[BatchCounts], None] | None = None,
) -> BatchCounts:
    """Poll the store until every published event is stored (with its timeline entry) or
    dead-lettered; ChorusError when ``timeout_s`` passes without progress."""
    run = rows_runner(lambda sql, fmt: run_query(settings, sql, fmt))
    sql = batch_counts_sql(settings.clickhouse_database, published.batch_id)

    def read() -> BatchCounts:
        (row,) = run(sql)
        return BatchCounts(int(row["interactions"]), int(row["timeline"]), int(row["dead_letters"]))

    return poll_until_accounted(
        read,
        published.events,
        no_progress_timeout_s=timeout_s,
        hint=f"batch {published.batch_id}; is `chorus run` running?",
        on_progress=on_progress,
        poll_s=POLL_S,
    )
