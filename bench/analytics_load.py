"""Simulated interactions straight into a store, through the stages and the sink's row functions.

No Kafka: each simulated record goes through the identity stage in-process (what the Faust
worker runs), every output is decoded and turned into a row by the same function the sink uses
(:mod:`sinks.clickhouse.rows`), and rows are inserted in large batches. The store therefore holds
what the real pipeline would store for the same events (validation's dead letters aside: the
population is simulated without malformed events), which is what the analytics read.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from processors.detections import DetectionStage
from processors.identities import IdentityStage
from processors.routing import RawMessage
from schemas import AvroCodec, load_catalog, make_registry
from sinks.clickhouse.rows import (
    ColumnBatch,
    Position,
    address_change_row,
    golden_profile_row,
    identity_event_row,
    interaction_row,
    life_event_row,
    timeline_row,
)
from sinks.clickhouse.store import Store
from streams.simulator import simulate
from streams.simulator.journeys import DEFAULT_BASE_TIME

_ROUTES: dict[str, tuple[str, str, Callable[..., dict[str, Any]]]] = {
    # stage output stream -> (table, schema, row builder)
    "identities": ("identity_events", "identity_event", identity_event_row),
    "timeline": ("timeline", "timeline_entry", timeline_row),
    "profiles": ("golden_profiles", "golden_profile", golden_profile_row),
    "life_events": ("life_events", "detection", life_event_row),
    "address_changes": ("address_changes", "detection", address_change_row),
}


class LoadStats(dict[str, Any]):
    """Rows per table, events and seconds of a load."""


def load_simulated(
    store: Store,
    events: int,
    *,
    seed: int = 7,
    batch_id: str = "bench",
    days: int = 365,
    base_time: datetime | None = None,
    flush_every: int = 200_000,
    progress: Callable[[int], None] | None = None,
    detect: bool = True,
) -> LoadStats:
    """Simulate ``events`` events and store what the pipeline would store for them.

    ``detect`` runs the detection stage too (life events, address changes), as the stream does
    by default.
    """
    catalog = load_catalog()
    codec = AvroCodec(catalog, make_registry(catalog, None))
    stage = IdentityStage(codec, detection=DetectionStage() if detect else None)
    db = store.database
    batches = {table: ColumnBatch(table) for table, _, _ in _ROUTES.values()}
    batches["interactions"] = ColumnBatch("interactions")
    now = datetime.now(UTC)
    counts: dict[str, int] = dict.fromkeys(batches, 0)
    started = time.perf_counter()
    records = _records(events, seed, batch_id, days, base_time)
    for offset, record in enumerate(records):
        position = Position("bench.interactions", 0, offset)
        batches["interactions"].add(interaction_row(record, position, now))
        message = RawMessage(
            "bench.identity.in", 0, offset, None, codec.encode("interaction", record)
        )
        _route(stage.process(message), codec, batches, offset, now)
        if (offset + 1) % flush_every == 0:
            _route(stage.profile_outputs(), codec, batches, offset, now)
            _flush(store, db, batches, counts)
            if progress is not None:
                progress(offset + 1)
    _route(stage.profile_outputs(), codec, batches, events, now)
    _flush(store, db, batches, counts)
    return LoadStats(rows=counts, seconds=round(time.perf_counter() - started, 1))


def _records(
    events: int, seed: int, batch_id: str, days: int, base_time: datetime | None
) -> Iterable[dict[str, Any]]:
    for event in simulate(
        events=events,
        seed=seed,
        batch_id=batch_id,
        days=days,
        bad_fraction=0.0,
        base_time=base_time or DEFAULT_BASE_TIME,
    ):
        if event.record is not None and not event.is_bad:
            yield event.record


def _route(
    outputs: Iterable[Any],
    codec: AvroCodec,
    batches: dict[str, ColumnBatch],
    offset: int,
    now: datetime,
) -> None:
    for output in outputs:
        table, schema, build = _ROUTES[output.stream]
        record = codec.decode(output.value, expect=schema).record
        batches[table].add(build(record, Position(f"bench.{output.stream}", 0, offset), now))


def _flush(store: Store, db: str, batches: dict[str, ColumnBatch], counts: dict[str, int]) -> None:
    for table, batch in batches.items():
        if len(batch):
            store.insert(f"{db}.{table}", batch.columns())
            counts[table] += len(batch)
            batch.clear()
