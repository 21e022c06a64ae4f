"""Deterministic multi-channel customer journeys: the public API, and the loop of one run.

A run draws a population, plans each person's life events over the simulated period (marriage,
a baby, a move, a new job, …), then walks a clock from ``base_time - days`` to ``base_time``.
At each step it either plays the next due life-event step (a statement on one channel, a
structured profile update on another, the new address on exactly one, a company follow-up
campaign) or a routine episode of a randomly picked person (a browsing session, a call, a
receipt, a chat, an outbound campaign…). Every event is built as the channel's native record
and mapped by that channel's adapter, exactly as production data would be.

The parts, each in its own module: ``config`` (the parameters), ``planning`` (life events and
when each step shows), ``state`` (a run's state and ``emit``), ``messages`` (what is said or
sent on each channel), ``life_steps`` (playing a planned step) and ``routines`` (everyday
episodes). ``_Run`` below composes them around the loop.

Determinism: all randomness comes from ``random.Random`` instances seeded from ``seed``; the
only time input is ``base_time``. Same parameters, same bytes.
"""

from __future__ import annotations

import heapq
from bisect import bisect
from collections.abc import Iterator
from datetime import datetime, timedelta

from schemas import AvroCodec, load_catalog, make_registry
from streams.simulator.bad import make_bad
from streams.simulator.config import DEFAULT_BASE_TIME, SimulationConfig
from streams.simulator.life_steps import LifeSteps
from streams.simulator.model import BAD_KINDS, SimulatedEvent
from streams.simulator.planning import (
    ADDRESS_CHANNELS,
    BIRTHDAY_GREETING,
    BIRTHDAY_MENTION,
    FOLLOWUP_TOPICS,
    LIFE_RATES,
    STATEMENT_CHANNELS,
    UPDATE_CHANNELS,
    LifeEvent,
    Step,
)
from streams.simulator.routines import CAMPAIGN_RATE, DECOY_RATE, EMAIL_CLICK_SHARE, Routines

__all__ = [
    "ADDRESS_CHANNELS",
    "BIRTHDAY_GREETING",
    "BIRTHDAY_MENTION",
    "CAMPAIGN_RATE",
    "DECOY_RATE",
    "DEFAULT_BASE_TIME",
    "EMAIL_CLICK_SHARE",
    "FOLLOWUP_TOPICS",
    "LIFE_RATES",
    "STATEMENT_CHANNELS",
    "UPDATE_CHANNELS",
    "LifeEvent",
    "SimulationConfig",
    "Simulator",
    "Step",
    "simulate",
]


class Simulator:
    """Yields simulated events; each call of :meth:`events` replays the same run from the seed."""

    def __init__(self, config: SimulationConfig, codec: AvroCodec | None = None) -> None:
        self.config = config
        if codec is None:
            catalog = load_catalog()
            codec = AvroCodec(catalog, make_registry(catalog, None))
        self.codec = codec

    def events(self, count: int) -> Iterator[SimulatedEvent]:
        if count < 0:
            raise ValueError("count must be >= 0")
        return _Run(self.config, self.codec, count).__iter__()


def simulate(
    events: int,
    *,
    seed: int = 0,
    batch_id: str = "sim",
    base_time: datetime = DEFAULT_BASE_TIME,
    days: int = 365,
    customers: int | None = None,
    bad_fraction: float = 0.01,
    noise: float = 1.0,
    codec: AvroCodec | None = None,
) -> Iterator[SimulatedEvent]:
    """Shorthand for ``Simulator(SimulationConfig(...), codec).events(count)``."""
    config = SimulationConfig(seed, batch_id, base_time, days, customers, bad_fraction, noise)
    return Simulator(config, codec).events(events)


class _Run(LifeSteps, Routines):
    """One pass over the simulated period: due life-event steps and routine episodes in turn."""

    def __iter__(self) -> Iterator[SimulatedEvent]:
        good = 0
        bad = 0
        last: SimulatedEvent | None = None
        fraction = self.config.bad_fraction
        for _ in range(self.count):
            if last is not None and fraction and self.bad_rng.random() < fraction:
                kind = BAD_KINDS[bad % len(BAD_KINDS)]
                bad += 1
                yield make_bad(
                    kind,
                    last,
                    bad,
                    batch_id=self.config.batch_id,
                    base_time=self.config.base_time,
                    codec=self.codec,
                )
                continue
            while not self.queue:
                self._refill(self.start + (self.end - self.start) * (good / max(1, self.count)))
            last = self.queue.popleft()
            good += 1
            yield last

    def _refill(self, now: datetime) -> None:
        if self.heap and self.heap[0].when <= now:
            step = heapq.heappop(self.heap)
            self._life_step(step)
            return
        person = self.people[bisect(self.cumulative, self.rng.random() * self.cumulative[-1])]
        at = now + timedelta(seconds=self.rng.uniform(0, 600))
        self._routine(person, at)
