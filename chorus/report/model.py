"""The report as plain data: what the queries return and the renderer draws. No I/O here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeVar

RowT = TypeVar("RowT")


@dataclass(frozen=True)
class Section(Generic[RowT]):
    """One chart's rows; ``missing`` says why there is nothing to draw (yet)."""

    rows: tuple[RowT, ...] = ()
    missing: str | None = None

    @property
    def has_data(self) -> bool:
        return bool(self.rows)


@dataclass(frozen=True)
class VolumePoint:
    week: date
    channel: str
    interactions: int


@dataclass(frozen=True)
class Switch:
    from_channel: str
    to_channel: str
    switches: int


@dataclass(frozen=True)
class LifeEventCount:
    month: date
    life_event: str
    events: int


@dataclass(frozen=True)
class TierCount:
    tier: str
    customers: int


@dataclass(frozen=True)
class TimelineItem:
    occurred_at: datetime
    channel: str
    direction: str
    kind: str
    type: str
    summary: str


@dataclass(frozen=True)
class SampleCustomer:
    customer_id: str
    channels: int  # distinct channels of its interactions
    entries: int  # its interactions in the timeline


@dataclass(frozen=True)
class ReportData:
    generated_at: datetime
    source: str  # where the data came from, for people ("embedded chdb at …")
    switch_hours: int
    volumes: Section[VolumePoint]
    switches: Section[Switch]
    life_events: Section[LifeEventCount]
    value_tiers: Section[TierCount]
    sample: SampleCustomer | None
    timeline: Section[TimelineItem]

    def channels(self) -> list[str]:
        """Every channel any chart shows, sorted: one colour each across the report."""
        found = {p.channel for p in self.volumes.rows}
        found |= {s.from_channel for s in self.switches.rows}
        found |= {s.to_channel for s in self.switches.rows}
        found |= {t.channel for t in self.timeline.rows}
        return sorted(found)
