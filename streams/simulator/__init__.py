"""Deterministic multi-channel customer journeys, in English and Chinese, through the adapters.

``Simulator(SimulationConfig(seed=…, batch_id=…)).events(n)`` yields :class:`SimulatedEvent`;
``write_truth``/``TruthWriter`` record the ground truth next to them; ``run.run_simulation``
publishes a run to Kafka.
"""

from schemas.taxonomy import LIFE_EVENT_TYPES
from streams.simulator.journeys import (
    DEFAULT_BASE_TIME,
    SimulationConfig,
    Simulator,
    simulate,
)
from streams.simulator.model import BAD_KINDS, SimulatedEvent, TruthWriter, write_truth
from streams.simulator.texts import DECOY_KINDS

__all__ = [
    "BAD_KINDS",
    "DECOY_KINDS",
    "DEFAULT_BASE_TIME",
    "LIFE_EVENT_TYPES",
    "SimulatedEvent",
    "SimulationConfig",
    "Simulator",
    "TruthWriter",
    "simulate",
    "write_truth",
]
