"""The parameters of one simulated run (``SimulationConfig``) and its default clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

# A fixed default so that tests and ad-hoc runs reproduce without naming a date. For streaming
# into a live pipeline pass the current time (run_simulation does): events then end "now".
DEFAULT_BASE_TIME: Final = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class SimulationConfig:
    seed: int = 0
    batch_id: str = "sim"
    base_time: datetime = DEFAULT_BASE_TIME
    days: int = 365
    customers: int | None = None  # default: count // 20, at least 20
    bad_fraction: float = 0.01
    # scale of the hand-typed noise in identifiers (case, spaces, +tags, national formats);
    # 0 gives clean data, every identifier as its system of record holds it
    noise: float = 1.0

    def __post_init__(self) -> None:
        if self.base_time.tzinfo is None:
            raise ValueError("base_time must be timezone-aware")
        if not 0.0 <= self.bad_fraction <= 1.0:
            raise ValueError("bad_fraction must be within [0, 1]")
        if not 0.0 <= self.noise <= 1.0:
            raise ValueError("noise must be within [0, 1]")
        if self.days < 1:
            raise ValueError("days must be at least 1")
        if not self.batch_id.strip() or ":" in self.batch_id:
            raise ValueError("batch_id must be non-blank and contain no ':'")
