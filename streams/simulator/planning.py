"""Life events: who has which and when, where each step shows, what it changes in a profile."""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from random import Random
from typing import Any, Final

from streams.simulator import texts, vocab
from streams.simulator.config import SimulationConfig
from streams.simulator.people import Person, new_address

# Yearly probability of each life event for an eligible person.
LIFE_RATES: Final = {
    "marriage": 0.15,
    "divorce": 0.03,
    "new_baby": 0.15,
    "moving": 0.10,
    "new_job": 0.14,
    "promotion": 0.12,
    "graduation": 0.6,
    "retirement": 0.3,
    "bereavement": 0.03,
    "home_purchase": 0.07,
    "address_change": 0.05,  # not a life event: a plain change of address
}
BIRTHDAY_MENTION: Final = 0.25  # chance a birthday is mentioned by the customer
BIRTHDAY_GREETING: Final = 0.4  # chance the company sends a birthday campaign

STATEMENT_CHANNELS: Final = {
    "marriage": ("chat", "social", "email", "call_center", "branch"),
    "divorce": ("call_center", "branch", "email", "chat"),
    "new_baby": ("social", "chat", "email", "call_center"),
    "moving": ("chat", "email", "social", "call_center"),
    "new_job": ("social", "email", "chat", "branch"),
    "promotion": ("social", "branch", "chat"),
    "graduation": ("social", "chat", "email"),
    "retirement": ("branch", "call_center", "social", "email"),
    "bereavement": ("call_center", "branch", "email"),
    "home_purchase": ("social", "chat", "branch"),
    "birthday": ("chat", "social"),
}
UPDATE_CHANNELS: Final = ("web", "mobile_app", "branch", "call_center")
ADDRESS_CHANNELS: Final = ("web", "mobile_app", "branch", "call_center", "email")
FOLLOWUP_TOPICS: Final = frozenset(texts.TARGETED["en"])
_CAREER = ("graduation", "retirement", "new_job", "promotion")
_MOVES = ("home_purchase", "moving", "address_change")


@dataclass
class LifeEvent:
    """One planned change in a person's life (or a plain address change)."""

    type: str
    day: date
    detail: dict[str, Any]
    applied: bool = False


@dataclass(order=True)
class Step:
    """A scheduled piece of evidence (or company follow-up) for a life event."""

    when: datetime
    order: int
    person: int = field(compare=False)
    kind: str = field(compare=False)  # statement, update, address, followup
    channel: str = field(compare=False)
    life: LifeEvent = field(compare=False)


def push_channel(rng: Random, p: Person) -> str:
    """The channel of a company message to ``p``: e-mail, SMS or, with the app, a push."""
    options = ["email", "email", "sms"] + (["mobile_app"] if p.devices else [])
    return rng.choice(options)


def update_fields(p: Person, life: LifeEvent) -> dict[str, str]:  # noqa: PLR0911
    """The profile fields a life event changes, as the person's current state implies."""
    kind = life.type
    if kind == "marriage":
        fields = {"marital_status": "married"}
        if life.detail.get("last_name"):
            fields["last_name"] = life.detail["last_name"]
        return fields
    if kind == "divorce":
        return {"marital_status": "divorced"}
    if kind == "new_baby":
        return {"dependents_count": str(p.dependents + (0 if life.applied else 1))}
    if kind == "new_job":
        return {
            "employer": life.detail["employer"],
            "job_title": life.detail["title"][0],
            "employment_status": "employed",
        }
    if kind == "promotion" and p.title is not None:
        return {"job_title": p.title[1]}
    if kind == "graduation":
        return {"employment_status": "employed"}
    if kind == "retirement":
        return {"employment_status": "retired"}
    if kind == "bereavement" and life.detail["relation"] in ("husband", "wife"):
        return {"marital_status": "widowed"}
    return {}


def apply_life(p: Person, life: LifeEvent) -> None:
    """Make ``life`` true of ``p`` (once): status, name, employer, dependents."""
    if life.applied:
        return
    life.applied = True
    kind = life.type
    if kind == "marriage":
        p.marital_status = "married"
        if life.detail.get("last_name"):
            p.last_name = life.detail["last_name"]
    elif kind == "divorce":
        p.marital_status = "divorced"
    elif kind == "new_baby":
        p.dependents += 1
    elif kind == "new_job":
        p.employer = life.detail["employer"]
        p.title = life.detail["title"]
        p.promoted = False
    elif kind == "promotion":
        p.promoted = True
    elif kind == "graduation":
        p.employment_status = "employed"
    elif kind == "retirement":
        p.employment_status = "retired"
    elif kind == "bereavement" and life.detail["relation"] in ("husband", "wife"):
        p.marital_status = "widowed"


class Planner:
    """Plans a run's life events and birthdays, person by person, into a heap of steps."""

    def __init__(self, config: SimulationConfig, start: datetime, end: datetime) -> None:
        self.config = config
        self.start = start
        self.end = end
        self.heap: list[Step] = []
        self._order = 0

    def plan(self, rng: Random, people: Sequence[Person]) -> list[Step]:
        """Every person's steps, in ``rng``'s one order of draws; the heap pops them by time."""
        years = self.config.days / 365.0
        for index, person in enumerate(people):
            for life in self._life_events(rng, person, years):
                self._schedule(rng, index, person, life)
            self._birthdays(rng, index, person)
        return self.heap

    def _when(self, rng: Random, person: Person, day: date, offset_days: float) -> datetime:
        """A local daytime moment ``offset_days`` after ``day`` (in UTC)."""
        local_hour = rng.uniform(8.5, 21.5)
        midnight = datetime.combine(day, time(0), UTC)
        shift = offset_days * 86400 + (local_hour * 60 - person.address.utc_offset_min) * 60
        return midnight + timedelta(seconds=int(shift))

    def _push(self, when: datetime, index: int, kind: str, channel: str, life: LifeEvent) -> None:
        if self.start <= when <= self.end:
            self._order += 1
            heapq.heappush(self.heap, Step(when, self._order, index, kind, channel, life))

    def _random_day(self, rng: Random) -> date:
        span = (self.end - self.start).days
        return self.start.date() + timedelta(days=rng.randrange(max(1, span)))

    def _life_events(self, rng: Random, p: Person, years: float) -> list[LifeEvent]:
        age = p.age_on(self.config.base_time.date())
        eligible = {
            "marriage": p.marital_status == "single" and 22 <= age <= 50,
            "divorce": p.marital_status == "married" and 28 <= age <= 65,
            "new_baby": p.marital_status == "married" and 24 <= age <= 44,
            "moving": True,
            "new_job": p.employment_status == "employed" and age <= 62,
            "promotion": p.employment_status == "employed" and 24 <= age <= 62,
            "graduation": p.employment_status == "student",
            "retirement": p.employment_status == "employed" and 58 <= age <= 68,
            "bereavement": True,
            "home_purchase": 26 <= age <= 60,
            "address_change": True,
        }
        chosen = []
        for kind, base_rate in LIFE_RATES.items():
            rate = base_rate * (1 + max(0, age - 40) / 10) if kind == "bereavement" else base_rate
            if eligible[kind] and rng.random() < 1 - math.exp(-rate * years):
                chosen.append(kind)
        # one career change and one move per person and period keeps every story consistent
        career = [k for k in _CAREER if k in chosen][:1]
        move = [k for k in _MOVES if k in chosen][:1]
        others = [k for k in chosen if k not in _CAREER and k not in _MOVES]
        events = []
        for kind in others + career + move:
            events.append(LifeEvent(kind, self._random_day(rng), self._detail(rng, p, kind)))
        events.sort(key=lambda e: (e.day, e.type))
        return events

    def _detail(self, rng: Random, p: Person, kind: str) -> dict[str, Any]:
        loc = p.locale
        if kind in _MOVES:
            # moving changes city; a home or a plain new address may be anywhere
            other = p.address.city if kind == "moving" else None
            return {"address": new_address(rng, p.region, other_city_than=other)}
        if kind == "marriage":
            new_last = None
            if loc == "en" and p.gender == "f" and rng.random() < 0.5:
                new_last = rng.choice([n for n in vocab.EN_LAST if n != p.last_name])
            return {"last_name": new_last}
        if kind == "new_job":
            employers = [e for e in vocab.EMPLOYERS[loc] if e != p.employer]
            return {"employer": rng.choice(employers), "title": rng.choice(vocab.JOB_TITLES[loc])}
        if kind == "graduation":
            return {"school": rng.choice(vocab.SCHOOLS[loc])}
        if kind == "bereavement":
            spouse = p.marital_status == "married" and rng.random() < 0.35
            relation = (
                ("husband" if p.gender == "f" else "wife")
                if spouse
                else rng.choice(("mother", "father"))
            )
            return {"relation": relation}
        return {}

    def _available(
        self, p: Person, channels: tuple[str, ...], *, update: bool = False
    ) -> list[str]:
        out = []
        for c in channels:
            if c == "social" and p.social is None:
                continue
            if c == "mobile_app" and not p.devices:
                continue
            if update and c in ("web", "mobile_app") and p.account_id is None:
                continue
            out.append(c)
        return out

    def _schedule(self, rng: Random, index: int, p: Person, life: LifeEvent) -> None:
        kind = life.type
        last = 0.0
        statement = self._available(p, STATEMENT_CHANNELS.get(kind, ()))
        if kind in _MOVES:
            if kind == "moving" and statement and rng.random() < 0.5:  # announced ahead
                self._push(
                    self._when(rng, p, life.day, -rng.uniform(5, 30)),
                    index,
                    "statement",
                    rng.choice(statement),
                    life,
                )
            if kind == "home_purchase" and statement and rng.random() < 0.7:
                self._push(
                    self._when(rng, p, life.day, rng.uniform(0, 10)),
                    index,
                    "statement",
                    rng.choice(statement),
                    life,
                )
            last = rng.uniform(0, 5) if kind == "address_change" else rng.uniform(1, 30)
            channel = rng.choice(self._available(p, ADDRESS_CHANNELS, update=True))
            self._push(self._when(rng, p, life.day, last), index, "address", channel, life)
        else:
            if statement and (kind == "bereavement" or rng.random() < 0.85):
                last = rng.uniform(0, 30)
                self._push(
                    self._when(rng, p, life.day, last),
                    index,
                    "statement",
                    rng.choice(statement),
                    life,
                )
            if update_fields(p, life) and rng.random() < 0.7:
                offset = rng.uniform(1, 45)
                last = max(last, offset)
                channel = rng.choice(self._available(p, UPDATE_CHANNELS, update=True))
                self._push(self._when(rng, p, life.day, offset), index, "update", channel, life)
        if kind in FOLLOWUP_TOPICS and rng.random() < 0.5:
            self._push(
                self._when(rng, p, life.day, last + rng.uniform(1, 10)),
                index,
                "followup",
                push_channel(rng, p),
                life,
            )

    def _birthdays(self, rng: Random, index: int, p: Person) -> None:
        for year in range(self.start.year, self.end.year + 1):
            try:
                day = p.dob.replace(year=year)
            except ValueError:  # 29 February
                day = date(year, 2, 28)
            life = LifeEvent("birthday", day, {})
            if rng.random() < BIRTHDAY_GREETING:
                self._push(
                    self._when(rng, p, day, 0), index, "followup", push_channel(rng, p), life
                )
            channels = self._available(p, STATEMENT_CHANNELS["birthday"])
            if channels and rng.random() < BIRTHDAY_MENTION:
                self._push(
                    self._when(rng, p, day, 0), index, "statement", rng.choice(channels), life
                )
