"""``chorus demo``: stack up, pipeline up, simulate, wait until every event is accounted for,
summarise, and put everything back the way it was."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from chorus import stack
from chorus.pipeline import BatchCounts, Pipeline, poll_until_accounted
from core.settings import Settings
from sinks.clickhouse.store import Store

NO_PROGRESS_TIMEOUT_S = 120


@dataclass
class DemoReport:
    batch_id: str
    published: int
    counts: BatchCounts
    seconds: float
    publish_seconds: float
    stored: dict[str, int] = field(default_factory=dict)
    by_channel: list[tuple[str, str, str, int]] = field(default_factory=list)
    by_reason: list[tuple[str, int]] = field(default_factory=list)
    # (channels a customer used, customers): the cross-channel view no single silo has
    channel_mix: list[tuple[int, int]] = field(default_factory=list)
    # (kind, type, count) of life events and address changes the stream detected in this batch
    detections: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def customers(self) -> int:
        return sum(count for _, count in self.channel_mix)

    @property
    def lost(self) -> int:
        return self.published - self.counts.accounted

    def as_json(self) -> dict[str, Any]:
        return {
            "published": self.published,
            "stored": self.stored,
            "dead_lettered": self.counts.dead_letters,
            "customers": self.customers,
            "customers_by_channel_count": {str(n): c for n, c in self.channel_mix},
            "detections": {f"{kind}:{kind_type}": n for kind, kind_type, n in self.detections},
            "lost": self.lost,
            "seconds": round(self.seconds, 3),
            "events_per_s": round(self.published / self.seconds, 1) if self.seconds else None,
            "batch_id": self.batch_id,
        }


def wait_until_accounted(
    pipeline: Pipeline,
    batch_id: str,
    published: int,
    on_progress: Callable[[BatchCounts], None] | None = None,
    no_progress_timeout_s: float = NO_PROGRESS_TIMEOUT_S,
) -> BatchCounts:
    """Poll the store until every published event is stored or dead-lettered."""

    def read() -> BatchCounts:
        pipeline.check()
        return pipeline.counts(batch_id)

    return poll_until_accounted(
        read,
        published,
        no_progress_timeout_s=no_progress_timeout_s,
        hint=f"see the logs in {pipeline.settings.state_dir / 'logs'}",
        on_progress=on_progress,
    )


def summarise(store: Store, report: DemoReport) -> None:
    db, batch = store.database, report.batch_id.replace("'", "\\'")
    report.stored = {
        table: int(
            store.rows(f"SELECT count() FROM {db}.{table} FINAL WHERE batch_id = '{batch}'")[0][0]
        )
        for table in ("interactions", "timeline", "dead_letters")
    }
    report.by_channel = [
        (str(c), str(t), str(d), int(n))
        for c, t, d, n in store.rows(
            f"SELECT channel, interaction_type, direction, count() FROM {db}.interactions FINAL "
            f"WHERE batch_id = '{batch}' GROUP BY ALL ORDER BY channel, count() DESC"
        )
    ]
    report.channel_mix = [
        (int(channels), int(customers))
        for channels, customers in store.rows(
            # each event's customer *now*: the current holder of the smallest identifier its
            # resolution recorded (merges after the event included), see docs/identity.md
            f"SELECT channels, count() FROM (SELECT if(m.holder = '', t.customer_id, m.holder)"
            f" AS customer, uniqExact(t.channel) AS channels FROM {db}.timeline AS t FINAL"
            f" LEFT JOIN (SELECT evidence_event_id AS event_id, identifiers[1] AS identifier"
            f"  FROM {db}.identity_events FINAL WHERE kind = 'resolved'"
            f"  AND batch_id = '{batch}') AS r ON r.event_id = t.source_event_id"
            f" LEFT JOIN (SELECT identifier, argMax(customer_id, version) AS holder"
            f"  FROM {db}.identity_members GROUP BY identifier) AS m"
            f"  ON m.identifier = r.identifier"
            f" WHERE t.batch_id = '{batch}' AND t.entry_kind = 'interaction'"
            f" GROUP BY customer) GROUP BY channels ORDER BY channels"
        )
    ]
    in_batch = f"arrayExists(e -> startsWith(e, '{batch}:'), evidence_ids)"
    report.detections = [
        (str(k), str(t), int(n))
        for k, t, n in store.rows(
            f"SELECT * FROM (SELECT 'life_event' AS kind, type, count() AS n"
            f" FROM {db}.life_events FINAL WHERE {in_batch} GROUP BY type"
            f" UNION ALL SELECT 'address_change', if(conflict, 'conflict', 'address_change'),"
            f" count() FROM {db}.address_changes FINAL WHERE {in_batch} GROUP BY conflict)"
            f" ORDER BY kind DESC, n DESC, type"
        )
    ]
    report.by_reason = [
        (str(r), int(n))
        for r, n in store.rows(
            f"SELECT reason_code, count() FROM {db}.dead_letters FINAL "
            f"WHERE batch_id = '{batch}' GROUP BY reason_code ORDER BY count() DESC"
        )
    ]


def new_batch_id(prefix: str, seed: int) -> str:
    return f"{prefix}-{datetime.now(UTC):%Y%m%dT%H%M%S}-s{seed}"


def run_demo(
    settings: Settings,
    events: int,
    seed: int,
    *,
    on_published: Callable[[int], None] | None = None,
    on_counts: Callable[[BatchCounts], None] | None = None,
    bad_fraction: float = 0.01,
) -> DemoReport:
    from streams.simulator.run import run_simulation

    with stack.broker_for(settings), Pipeline(settings) as pipeline:
        batch_id = new_batch_id("demo", seed)
        truth = settings.state_dir / "demo" / f"{batch_id}.truth.jsonl"
        truth.parent.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        simulation = run_simulation(
            settings,
            events=events,
            rate=None,
            seed=seed,
            batch_id=batch_id,
            truth_path=truth,
            bad_fraction=bad_fraction,
            progress=on_published,
        )
        publish_seconds = time.monotonic() - started
        published = simulation.published
        counts = wait_until_accounted(pipeline, batch_id, published, on_counts)
        report = DemoReport(
            batch_id, published, counts, time.monotonic() - started, publish_seconds
        )
        # detections travel beside the timeline entries; give the sink one more batch window
        time.sleep(2 * settings.sink_batch_seconds)
        summarise(pipeline.running_store, report)
        return report
