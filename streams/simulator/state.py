"""The mutable state of one run, and ``emit``: a channel's native record in, a queued event out."""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta
from itertools import accumulate
from random import Random
from typing import Any, Final

from schemas import AvroCodec
from streams.adapters import KNOWN_CHANNELS, ChannelAdapter, adapter_for
from streams.publisher import interaction_key
from streams.simulator.config import SimulationConfig
from streams.simulator.model import SimulatedEvent
from streams.simulator.people import Person, Population
from streams.simulator.planning import Planner, Step
from streams.simulator.sources import Sources

# seconds from occurred_at until the adapter read the record
_RECEIVE_LAG: Final = {
    "store": (600.0, 6 * 3600.0),  # back offices upload receipts in batches
    "partner": (60.0, 3600.0),
    "call_center": (1500.0, 2400.0),  # exported after wrap-up
}


class RunState:
    """One pass over the simulated period; all mutable state of a run lives here.

    The base of the run's parts (messages, life steps, routine episodes), which read this state
    and put events on :attr:`queue` through :meth:`emit`.
    """

    def __init__(self, config: SimulationConfig, codec: AvroCodec, count: int) -> None:
        self.config = config
        self.codec = codec
        self.count = count
        seed = config.seed
        self.rng = Random(f"chorus-sim/events/{seed}")
        self.bad_rng = Random(f"chorus-sim/bad/{seed}")
        size = config.customers if config.customers is not None else max(20, count // 20)
        self.population = Population(
            Random(f"chorus-sim/people/{seed}"), max(1, size), config.base_time, seed
        )
        self.people = self.population.people
        self.sources = Sources(self.rng, config.noise)
        self.adapters: dict[str, ChannelAdapter] = {
            c: adapter_for(c, namespace=config.batch_id) for c in sorted(KNOWN_CHANNELS)
        }
        self.start = config.base_time - timedelta(days=config.days)
        self.end = config.base_time - timedelta(hours=2)
        self.cumulative = list(accumulate(p.activity for p in self.people))
        self.queue: deque[SimulatedEvent] = deque()
        # the life-event steps, planned up front from their own seed
        self.heap: list[Step] = Planner(config, self.start, self.end).plan(
            Random(f"chorus-sim/life/{seed}"), self.people
        )

    def emit(
        self,
        person: Person,
        channel: str,
        native: dict[str, Any],
        at: datetime,
        **truth: Any,
    ) -> dict[str, Any]:
        """Map ``native`` by ``channel``'s adapter and queue it with its truth line
        (``truth`` adds keys to it); returns the Interaction record."""
        low, high = _RECEIVE_LAG.get(channel, (0.2, 20.0))
        lag = self.rng.uniform(low, high)
        received = min(at + timedelta(seconds=lag), max(at, self.config.base_time))
        record = self.adapters[channel].to_interaction(
            native, batch_id=self.config.batch_id, received_at=received
        )
        line: dict[str, Any] = {
            "event_id": record["event_id"],
            "person_id": person.pid,
            "channel": channel,
            "locale": person.locale,
        }
        line.update(truth)
        if "date_of_birth" in record["attributes"]:
            line["date_of_birth"] = person.dob.isoformat()
        self.queue.append(SimulatedEvent(interaction_key(record), record, None, None, line))
        return record
