"""Publish one simulation run to the raw interactions topic (what ``chorus simulate`` calls)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from core.settings import Settings
from schemas import AvroCodec, load_catalog, make_registry
from streams.publisher import InteractionPublisher, PublishStats
from streams.simulator.journeys import SimulationConfig, Simulator
from streams.simulator.model import TruthWriter

log = logging.getLogger(__name__)

PROGRESS_SECONDS = 0.2  # at most this often a progress callback


@dataclass(frozen=True)
class SimulationReport:
    batch_id: str
    base_time: datetime
    good: int  # valid interactions published
    bad: int  # deliberately malformed events published
    seconds: float  # wall time from the first event to the end of the flush
    delivery: PublishStats
    truth_path: Path | None

    @property
    def published(self) -> int:
        return self.good + self.bad

    @property
    def events_per_second(self) -> float:
        return self.published / self.seconds if self.seconds > 0 else 0.0


def default_base_time() -> datetime:
    """Midnight UTC today: journeys end "now", so the processor's future check passes them,
    and runs on the same day with the same seed stay byte-identical."""
    today = datetime.now(UTC).date()
    return datetime(today.year, today.month, today.day, tzinfo=UTC)


def run_simulation(
    settings: Settings,
    events: int,
    rate: float | None,
    seed: int,
    batch_id: str,
    truth_path: Path | None,
    bad_fraction: float,
    progress: Callable[[int], None] | None,
    *,
    base_time: datetime | None = None,
    days: int = 365,
    customers: int | None = None,
    noise: float = 1.0,
) -> SimulationReport:
    """Simulate ``events`` events and publish them to ``settings.topics.raw``.

    ``rate`` caps events per second (None: as fast as possible); ``progress(n)`` is called
    about five times a second and once at the end. Raises PublishError when anything was not
    delivered; the truth file is complete either way.
    """
    if rate is not None and rate <= 0:
        raise ValueError("rate must be positive")
    catalog = load_catalog()
    codec = AvroCodec(catalog, make_registry(catalog, settings.schema_registry_url))
    config = SimulationConfig(
        seed=seed,
        batch_id=batch_id,
        base_time=base_time or default_base_time(),
        days=days,
        customers=customers,
        bad_fraction=bad_fraction,
        noise=noise,
    )
    simulator = Simulator(config, codec)
    good = bad = 0
    started = time.monotonic()
    with (
        InteractionPublisher(
            settings.bootstrap_servers, settings.topics.raw, codec, batch_id=batch_id
        ) as publisher,
        _truth(truth_path) as truth,
    ):
        last_progress = started
        for event in simulator.events(events):
            if truth is not None:
                truth.write(event)
            if event.record is not None:
                publisher.publish(event.record, event.key)
            else:
                key = event.key.encode() if event.key is not None else None
                publisher.publish_raw(event.value(codec), key)
            if event.is_bad:
                bad += 1
            else:
                good += 1
            if rate is not None:
                _pace(publisher, started + (good + bad) / rate)
            if (
                progress is not None
                and (now := time.monotonic()) - last_progress >= PROGRESS_SECONDS
            ):
                last_progress = now
                progress(good + bad)
        stats = publisher.flush()
    if progress is not None:
        progress(good + bad)
    seconds = time.monotonic() - started
    log.info(
        "simulation %s: %d good and %d malformed events in %.1fs", batch_id, good, bad, seconds
    )
    return SimulationReport(batch_id, config.base_time, good, bad, seconds, stats, truth_path)


def _pace(publisher: InteractionPublisher, due: float) -> None:
    """Wait until ``due`` (monotonic), serving delivery reports meanwhile."""
    while (wait := due - time.monotonic()) > 0:
        publisher.poll(min(wait, 0.1))


class _NoTruth:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _truth(path: Path | None) -> TruthWriter | _NoTruth:
    return TruthWriter(path) if path is not None else _NoTruth()
