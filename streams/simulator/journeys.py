"""Deterministic multi-channel customer journeys.

A run draws a population, plans each person's life events over the simulated period (marriage,
a baby, a move, a new job, …), then walks a clock from ``base_time - days`` to ``base_time``.
At each step it either plays the next due life-event step (a statement on one channel, a
structured profile update on another, the new address on exactly one, a company follow-up
campaign) or a routine episode of a randomly picked person (a browsing session, a call, a
receipt, a chat, an outbound campaign…). Every event is built as the channel's native record
and mapped by that channel's adapter, exactly as production data would be.

Determinism: all randomness comes from ``random.Random`` instances seeded from ``seed``; the
only time input is ``base_time``. Same parameters, same bytes.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate
from random import Random
from typing import Any, Final

from schemas import AvroCodec, load_catalog, make_registry
from schemas.taxonomy import LIFE_EVENT_TYPES
from streams.adapters import KNOWN_CHANNELS, ChannelAdapter, adapter_for
from streams.publisher import interaction_key
from streams.simulator import texts, vocab
from streams.simulator.bad import make_bad
from streams.simulator.model import BAD_KINDS, SimulatedEvent
from streams.simulator.people import (
    Address,
    Person,
    Population,
    hex_id,
    new_address,
    uuid_like,
)
from streams.simulator.sources import Sources

# A fixed default so that tests and ad-hoc runs reproduce without naming a date. For streaming
# into a live pipeline pass the current time (run_simulation does): events then end "now".
DEFAULT_BASE_TIME: Final = datetime(2026, 1, 1, tzinfo=UTC)

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
DECOY_RATE: Final = 0.12  # routine texts that are negated/hypothetical/third-party mentions
CAMPAIGN_RATE: Final = 0.14  # routine episodes that are the company reaching out

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


EMAIL_CLICK_SHARE = 0.35  # anonymous web visits that land from a tracked e-mail link


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


class _Run:
    """One pass over the simulated period; all mutable state of a run lives here."""

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
        self.heap: list[Step] = []
        self._order = 0
        self._plan(Random(f"chorus-sim/life/{seed}"))

    # --- the loop ---------------------------------------------------------------------------

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
        if self.rng.random() < CAMPAIGN_RATE:
            self._campaign(person, at)
            return
        channels = list(person.weights)
        channel = self.rng.choices(channels, weights=[person.weights[c] for c in channels])[0]
        getattr(self, f"_routine_{channel}")(person, at)

    # --- emitting ---------------------------------------------------------------------------

    def emit(
        self,
        person: Person,
        channel: str,
        native: dict[str, Any],
        at: datetime,
        **truth: Any,
    ) -> dict[str, Any]:
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

    # --- planning life events ---------------------------------------------------------------

    def _plan(self, rng: Random) -> None:
        years = self.config.days / 365.0
        for index, person in enumerate(self.people):
            for life in self._life_events(rng, person, years):
                self._schedule(rng, index, person, life)
            self._birthdays(rng, index, person)

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
            if self._update_fields(p, life) and rng.random() < 0.7:
                offset = rng.uniform(1, 45)
                last = max(last, offset)
                channel = rng.choice(self._available(p, UPDATE_CHANNELS, update=True))
                self._push(self._when(rng, p, life.day, offset), index, "update", channel, life)
        if kind in FOLLOWUP_TOPICS and rng.random() < 0.5:
            self._push(
                self._when(rng, p, life.day, last + rng.uniform(1, 10)),
                index,
                "followup",
                self._push_channel(rng, p),
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
                    self._when(rng, p, day, 0), index, "followup", self._push_channel(rng, p), life
                )
            channels = self._available(p, STATEMENT_CHANNELS["birthday"])
            if channels and rng.random() < BIRTHDAY_MENTION:
                self._push(
                    self._when(rng, p, day, 0), index, "statement", rng.choice(channels), life
                )

    @staticmethod
    def _push_channel(rng: Random, p: Person) -> str:
        options = ["email", "email", "sms"] + (["mobile_app"] if p.devices else [])
        return rng.choice(options)

    def _update_fields(self, p: Person, life: LifeEvent) -> dict[str, str]:  # noqa: PLR0911
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

    def _apply(self, p: Person, life: LifeEvent) -> None:
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

    # --- life-event steps -------------------------------------------------------------------

    def _life_step(self, step: Step) -> None:
        p = self.people[step.person]
        life = step.life
        at = step.when
        evidence = {"life_event": {"type": life.type, "date": life.day.isoformat()}}
        if life.type == "address_change":
            evidence = {}
        if step.kind == "followup":
            self._followup(p, at, step.channel, life.type)
        elif step.kind == "statement":
            text = texts.fill(
                self.rng, texts.LIFE[life.type]["self"][p.locale], self._context(p, life)
            )
            self._apply(p, life)
            self._say(p, at, step.channel, text, evidence, life=life)
        elif step.kind == "update":
            fields = self._update_fields(p, life)
            self._apply(p, life)
            self._update(p, at, step.channel, fields, evidence)
        else:
            self._address(p, at, step.channel, life, evidence)

    def _context(
        self, p: Person, life: LifeEvent | None, *, address: str | None = None
    ) -> dict[str, str]:
        loc = p.locale
        rng = self.rng
        ctx = {
            "first_name": p.first_name,
            "full_name": p.full_name,
            "age": str(p.age_on(self.config.base_time.date())),
            "product": rng.choice(vocab.PRODUCTS[loc]),
            "city": rng.choice(_CITY_NAMES[p.region]),
            "employer": rng.choice(vocab.EMPLOYERS[loc]),
            "title": rng.choice(vocab.JOB_TITLES[loc])[0],
            "school": rng.choice(vocab.SCHOOLS[loc]),
            "relative": rng.choice(list(texts.RELATIVES[loc].values())),
            "order": f"{rng.randint(10_000_000, 99_999_999)}",
        }
        if life is not None:
            detail = life.detail
            if "address" in detail:
                ctx["city"] = detail["address"].city
            if life.type == "new_job":
                ctx["employer"] = detail["employer"]
                ctx["title"] = detail["title"][0]
            elif life.type == "promotion" and p.title is not None:
                ctx["title"] = p.title[1]
            elif life.type == "retirement":
                ctx["employer"] = p.employer or ctx["employer"]
            elif life.type == "graduation":
                ctx["school"] = detail["school"]
            elif life.type == "bereavement":
                ctx["relative"] = texts.RELATIVES[loc][detail["relation"]]
            elif life.type == "birthday":
                ctx["age"] = str(p.age_on(life.day))
        if address is not None:
            ctx["address"] = address
        return ctx

    def _say(
        self,
        p: Person,
        at: datetime,
        channel: str,
        text: str,
        truth: dict[str, Any],
        *,
        life: LifeEvent | None = None,
        complaint: bool = False,
    ) -> None:
        """The customer says ``text`` on ``channel`` (a life statement or a routine message)."""
        loc = p.locale
        rng = self.rng
        src = self.sources
        if channel == "chat":
            conversation = src.new_conversation()
            visitor = src.chat_visitor(p, logged_in=rng.random() < 0.4)
            tags = ["complaint"] if complaint else None
            self.emit(
                p,
                "chat",
                src.chat(
                    p,
                    at,
                    conversation=conversation,
                    seq=1,
                    author="visitor",
                    text=text,
                    visitor=visitor,
                    tags=tags,
                ),
                at,
                **truth,
            )
            replies = texts.AGENT_REPLY[loc]  # updated, congratulations, escalated, anything else
            reply = replies[2] if complaint else replies[1] if life else rng.choice(replies[::3])
            later = at + timedelta(seconds=rng.uniform(20, 240))
            self.emit(
                p,
                "chat",
                src.chat(
                    p,
                    later,
                    conversation=conversation,
                    seq=2,
                    author="agent",
                    text=reply,
                    visitor=visitor,
                ),
                later,
            )
        elif channel == "social":
            kind = "review" if not life and not complaint and rng.random() < 0.3 else "post"
            rating = rng.randint(3, 5) if kind == "review" else None
            post = src.social_post(
                p,
                at,
                text=text,
                kind=kind,
                rating=rating,
                tags=["complaint"] if complaint else None,
            )
            self.emit(p, "social", post, at, **truth)
            if (life is not None or complaint) and rng.random() < 0.5:
                reply = texts.BRAND_REPLY[loc][1 if complaint else 0].format(handle=post["handle"])
                later = at + timedelta(minutes=rng.uniform(5, 180))
                extra = (
                    {}
                    if complaint or life is None
                    else {"decoy": {"type": life.type, "kind": "outbound"}}
                )
                self.emit(
                    p,
                    "social",
                    src.brand_reply(p, later, text=reply, in_reply_to=post["post_id"]),
                    later,
                    **extra,
                )
        elif channel == "email":
            subject = (
                texts.COMPLAINT_SUBJECT[loc]
                if complaint
                else texts.fill(rng, texts.EMAIL_SUBJECT[loc], self._context(p, None))
            )
            body = texts.fill(rng, texts.EMAIL_BODY[loc], {**self._context(p, None), "text": text})
            self.emit(
                p,
                "email",
                src.email(
                    p,
                    at,
                    direction="in",
                    subject=subject,
                    body=body,
                    tags=["complaint"] if complaint else None,
                ),
                at,
                **truth,
            )
        elif channel == "call_center":
            action = rng.choice(texts.ACTIONS[loc])
            notes = texts.CALL_NOTE[loc][0].format(text=text, action=action)
            disposition = (
                "complaint"
                if complaint
                else ("bereavement" if life and life.type == "bereavement" else "resolved")
            )
            queue = "retention" if complaint else "service"
            self.emit(
                p,
                "call_center",
                src.call(
                    p,
                    at,
                    disposition=disposition,
                    notes=notes,
                    queue=queue,
                    show_dob=rng.random() < 0.15,
                ),
                at,
                **truth,
            )
        elif channel == "branch":
            action = rng.choice(texts.ACTIONS[loc])
            notes = texts.BRANCH_NOTE[loc][0].format(text=text, action=action)
            purpose = (
                "complaint"
                if complaint
                else _BRANCH_PURPOSE.get(life.type if life else "", "general")
            )
            self.emit(
                p,
                "branch",
                src.branch_visit(p, at, purpose=purpose, notes=notes, show_dob=rng.random() < 0.2),
                at,
                **truth,
            )
        else:  # pragma: no cover - the channel tables above only name the channels handled here
            raise ValueError(f"cannot say things on {channel}")

    def _update(
        self, p: Person, at: datetime, channel: str, fields: dict[str, str], truth: dict[str, Any]
    ) -> None:
        """A structured profile update carrying ``fields``."""
        loc = p.locale
        src = self.sources
        if channel == "web":
            cookie = p.cookies[-1]
            user = {"account": p.account_id}
            self.emit(
                p, "web", src.web_hit(p, at, "login", cookie=cookie, user=user, page="/login"), at
            )
            later = at + timedelta(seconds=self.rng.uniform(20, 200))
            form = {"name": "profile", "fields": dict(fields)}
            self.emit(
                p,
                "web",
                src.web_hit(
                    p,
                    later,
                    "form_submit",
                    cookie=cookie,
                    user=user,
                    page="/account/profile",
                    form=form,
                ),
                later,
                **truth,
            )
        elif channel == "mobile_app":
            self.emit(
                p,
                "mobile_app",
                src.app_event(
                    p, at, "update_profile", logged_in=True, screen="profile", payload=dict(fields)
                ),
                at,
                **truth,
            )
        elif channel == "branch":
            notes = texts.UPDATE_NOTE[loc][0].format(what=texts.FIELD_NAMES[loc]["profile"])
            self.emit(
                p,
                "branch",
                src.branch_visit(
                    p,
                    at,
                    purpose="update_details",
                    notes=notes,
                    form=dict(fields),
                    show_dob=self.rng.random() < 0.5,
                ),
                at,
                **truth,
            )
        else:
            notes = texts.UPDATE_NOTE[loc][0].format(what=texts.FIELD_NAMES[loc]["profile"])
            self.emit(
                p,
                "call_center",
                src.call(
                    p,
                    at,
                    disposition="profile_update",
                    notes=notes,
                    updates=dict(fields),
                    show_dob=self.rng.random() < 0.3,
                ),
                at,
                **truth,
            )

    def _address(
        self, p: Person, at: datetime, channel: str, life: LifeEvent, evidence: dict[str, Any]
    ) -> None:
        """The new address appears, on exactly one channel."""
        old: Address = p.address
        new: Address = life.detail["address"]
        typed = new.render(self.rng, 0.5)
        truth = {**evidence, "address_change": {"old": old.canonical, "new": new.canonical}}
        p.address = new
        life.applied = True
        loc = p.locale
        src = self.sources
        if channel == "email":
            templates = texts.LIFE[life.type]["self"][loc] if life.type != "address_change" else ()
            with_address = [t for t in templates if "{address}" in t] or list(
                texts.ADDRESS_UPDATE[loc]
            )
            text = texts.fill(self.rng, with_address, self._context(p, life, address=typed))
            self._say(p, at, "email", text, truth)
        elif channel == "web":
            cookie = p.cookies[-1]
            user = {"account": p.account_id}
            form = {"name": "address", "fields": {"address": typed}}
            self.emit(
                p,
                "web",
                src.web_hit(
                    p,
                    at,
                    "form_submit",
                    cookie=cookie,
                    user=user,
                    page="/account/address",
                    form=form,
                ),
                at,
                **truth,
            )
        elif channel == "mobile_app":
            self.emit(
                p,
                "mobile_app",
                src.app_event(
                    p,
                    at,
                    "update_profile",
                    logged_in=True,
                    screen="profile",
                    payload={"address": typed},
                ),
                at,
                **truth,
            )
        elif channel == "branch":
            notes = texts.UPDATE_NOTE[loc][0].format(what=texts.FIELD_NAMES[loc]["address"])
            self.emit(
                p,
                "branch",
                src.branch_visit(
                    p, at, purpose="address_change", notes=notes, form={"address": typed}
                ),
                at,
                **truth,
            )
        else:
            notes = texts.UPDATE_NOTE[loc][0].format(what=texts.FIELD_NAMES[loc]["address"])
            self.emit(
                p,
                "call_center",
                src.call(
                    p, at, disposition="address_change", notes=notes, updates={"address": typed}
                ),
                at,
                **truth,
            )

    def _followup(self, p: Person, at: datetime, channel: str, topic: str) -> None:
        """The company congratulates: outbound, never evidence of anything."""
        subject, body = texts.TARGETED[p.locale][topic]
        ctx = self._context(p, None)
        self._outbound(
            p,
            at,
            channel,
            subject.format_map(ctx),
            body.format_map(ctx),
            f"CMP-LIFE-{topic}",
            {"decoy": {"type": topic, "kind": "outbound"}},
        )

    def _outbound(
        self,
        p: Person,
        at: datetime,
        channel: str,
        subject: str,
        body: str,
        campaign_id: str | None,
        truth: dict[str, Any],
    ) -> None:
        src = self.sources
        if channel == "sms":
            self.emit(
                p,
                "sms",
                src.sms(
                    p,
                    at,
                    direction="outbound-api",
                    body=f"{subject} {body}" if campaign_id else body,
                    campaign_id=campaign_id,
                ),
                at,
                **truth,
            )
        elif channel == "mobile_app":
            payload = {"title": subject, "body": body}
            if campaign_id:
                payload["campaign_id"] = campaign_id
            self.emit(
                p,
                "mobile_app",
                src.app_event(
                    p,
                    at,
                    "push_delivered",
                    logged_in=p.account_id is not None,
                    screen="push",
                    payload=payload,
                ),
                at,
                **truth,
            )
        else:
            self.emit(
                p,
                "email",
                src.email(
                    p, at, direction="out", subject=subject, body=body, campaign_id=campaign_id
                ),
                at,
                **truth,
            )

    # --- routine episodes -------------------------------------------------------------------

    def _routine_text(
        self, p: Person, pool: dict[str, tuple[str, ...]]
    ) -> tuple[str, dict[str, Any]]:
        """A routine message, or now and then a decoy mention of a life event."""
        rng = self.rng
        if rng.random() < DECOY_RATE:
            topic = rng.choice(LIFE_EVENT_TYPES)
            kind = rng.choice(texts.DECOY_KINDS)
            text = texts.fill(rng, texts.LIFE[topic][kind][p.locale], self._context(p, None))
            return text, {"decoy": {"type": topic, "kind": kind}}
        return texts.fill(rng, pool[p.locale], self._context(p, None)), {}

    def _campaign(self, p: Person, at: datetime) -> None:
        rng = self.rng
        loc = p.locale
        channel = self._push_channel(rng, p)
        roll = rng.random()
        ctx = self._context(p, None)
        if roll < 0.6:
            subject, body = rng.choice(texts.CAMPAIGNS[loc])
            campaign: str | None = f"CMP-{at.year}-{rng.randint(1, 24):02d}"
            truth: dict[str, Any] = {}
        elif roll < 0.8:  # life-event marketing sent to someone it does not fit
            topic = rng.choice(sorted(FOLLOWUP_TOPICS))
            subject, body = texts.TARGETED[loc][topic]
            campaign = f"CMP-LIFE-{topic}"
            truth = {"decoy": {"type": topic, "kind": "outbound"}}
        else:
            subject, body = rng.choice(texts.NOTIFICATIONS[loc])
            campaign = None
            truth = {}
        self._outbound(
            p, at, channel, subject.format_map(ctx), body.format_map(ctx), campaign, truth
        )

    def _routine_web(self, p: Person, at: datetime) -> None:
        rng = self.rng
        src = self.sources
        if rng.random() < 0.03:  # cleared cookies, new browser
            p.cookies.append(f"ck-{uuid_like(rng).replace('-', '')[:24]}")
        cookie = p.cookies[-1]
        user: dict[str, Any] | None = None
        if p.account_id and rng.random() < 0.45:
            typed = src.email_as_typed(p) if rng.random() < 0.3 else None
            self.emit(
                p,
                "web",
                src.web_hit(
                    p,
                    at,
                    "login",
                    cookie=cookie,
                    user={"account": p.account_id, "email": typed},
                    page="/login",
                ),
                at,
            )
            user = {"account": p.account_id}
        elif not p.account_id and rng.random() < 0.08:  # newsletter sign-up links cookie and e-mail
            form = {"name": "preferences", "fields": {"newsletter": "yes"}}
            consent = {"email_marketing": True}
            self.emit(
                p,
                "web",
                src.web_hit(
                    p,
                    at,
                    "form_submit",
                    cookie=cookie,
                    user={"email": src.email_as_typed(p)},
                    page="/newsletter",
                    form=form,
                    consent=consent,
                ),
                at,
            )
        # an anonymous visit often starts from a tracked link in one of our e-mails
        click: str | None = None
        if user is None and rng.random() < EMAIL_CLICK_SHARE:
            click = f"CMP-{at:%Y-%m}"
        for _ in range(rng.randint(1, 5)):
            at += timedelta(seconds=rng.uniform(5, 120))
            if click is not None:
                self.emit(
                    p,
                    "web",
                    src.web_hit(
                        p,
                        at,
                        "page_view",
                        cookie=cookie,
                        user=None,
                        page=rng.choice(vocab.WEB_PAGES),
                        email_click=click,
                    ),
                    at,
                )
                click = None
                continue
            if rng.random() < 0.25:
                query = rng.choice(vocab.SEARCHES[p.locale])
                self.emit(
                    p,
                    "web",
                    src.web_hit(
                        p, at, "search", cookie=cookie, user=user, page="/search", query=query
                    ),
                    at,
                )
            else:
                self.emit(
                    p,
                    "web",
                    src.web_hit(
                        p,
                        at,
                        "page_view",
                        cookie=cookie,
                        user=user,
                        page=rng.choice(vocab.WEB_PAGES),
                    ),
                    at,
                )
        if user and rng.random() < 0.04:  # profile form with date of birth
            at += timedelta(seconds=rng.uniform(5, 120))
            form = {
                "name": "profile",
                "fields": {
                    "date_of_birth": p.dob.isoformat(),
                    "first_name": p.first_name,
                    "last_name": p.last_name,
                },
            }
            self.emit(
                p,
                "web",
                src.web_hit(
                    p,
                    at,
                    "form_submit",
                    cookie=cookie,
                    user=user,
                    page="/account/profile",
                    form=form,
                ),
                at,
            )

    def _routine_mobile_app(self, p: Person, at: datetime) -> None:
        rng = self.rng
        src = self.sources
        new_device = rng.random() < 0.02  # phone upgrade: new install id
        if new_device:
            p.devices.append(f"{rng.choice(('ios', 'and'))}-{uuid_like(rng)}")
        if src.first_contact("app-install", p.devices[-1]):
            at = self._first_open(p, at)
            logged_in = True
        else:
            logged_in = p.account_id is not None and rng.random() < 0.85
            if logged_in and rng.random() < 0.2:
                self.emit(
                    p,
                    "mobile_app",
                    src.app_event(p, at, "login", logged_in=True, screen="login"),
                    at,
                )
        self.emit(
            p, "mobile_app", src.app_event(p, at, "open", logged_in=logged_in, screen="home"), at
        )
        for _ in range(rng.randint(0, 3)):
            at += timedelta(seconds=rng.uniform(3, 90))
            payload = {"product_category": rng.choice(vocab.CATEGORIES)}
            self.emit(
                p,
                "mobile_app",
                src.app_event(
                    p, at, "view_product", logged_in=logged_in, screen="product", payload=payload
                ),
                at,
            )
        if rng.random() < 0.05:
            text, truth = self._routine_text(p, texts.INQUIRY)
            self.emit(
                p,
                "mobile_app",
                src.app_event(
                    p,
                    at,
                    "support_message",
                    logged_in=logged_in,
                    screen="help",
                    payload={"text": text},
                ),
                at,
                **truth,
            )

    def _first_open(self, p: Person, at: datetime) -> datetime:
        """The first open of an install: the app sends the person to the account's hosted
        pages in the phone's browser (OAuth), to sign in with e-mail and password, or without
        an account to sign up, confirming the e-mail address by a link sent to it. The browser
        records a sign-in with account and e-mail, the app one with install and account.
        Returns when the person is back in the app."""
        rng = self.rng
        src = self.sources
        browser = f"ck-{hex_id(rng, 96)}"  # the phone's browser: a cookie of its own
        if p.account_id is None:
            p.account_id = self.population.new_account_id(rng)
            self.emit(
                p,
                "mobile_app",
                src.app_event(p, at, "login", logged_in=True, screen="sign_up"),
                at,
            )
            sent = at + timedelta(seconds=rng.uniform(5, 60))
            subject, body = texts.CONFIRM_EMAIL[p.locale]
            self.emit(
                p,
                "email",
                src.email(
                    p,
                    sent,
                    direction="out",
                    subject=subject,
                    body=body.format_map(self._context(p, None)),
                ),
                sent,
            )
            at = sent + timedelta(seconds=rng.uniform(20, 600))
            user = {"account": p.account_id, "email": src.email_as_typed(p)}
            self.emit(
                p,
                "web",
                src.web_hit(p, at, "login", cookie=browser, user=user, page="/account/verify"),
                at,
            )
        else:
            user = {"account": p.account_id, "email": src.email_as_typed(p)}
            self.emit(
                p,
                "web",
                src.web_hit(p, at, "login", cookie=browser, user=user, page="/oauth/authorize"),
                at,
            )
            at += timedelta(seconds=rng.uniform(5, 40))
            self.emit(
                p,
                "mobile_app",
                src.app_event(p, at, "login", logged_in=True, screen="login"),
                at,
            )
        return at + timedelta(seconds=rng.uniform(5, 60))

    def _routine_call_center(self, p: Person, at: datetime) -> None:
        rng = self.rng
        loc = p.locale
        if rng.random() < 0.1:
            notes = rng.choice(texts.OUTBOUND_CALL[loc])
            self.emit(
                p,
                "call_center",
                self.sources.call(
                    p,
                    at,
                    direction="outbound",
                    disposition="sales_offer",
                    notes=notes,
                    queue="sales",
                ),
                at,
            )
            return
        roll = rng.random()
        if roll < 0.4:
            notes = rng.choice(texts.ROUTINE_NOTE[loc])
            self.emit(
                p,
                "call_center",
                self.sources.call(
                    p,
                    at,
                    disposition=rng.choice(("resolved", "callback")),
                    notes=notes,
                    show_dob=rng.random() < 0.15,
                ),
                at,
            )
            return
        complaint = roll < 0.6
        text, truth = self._routine_text(p, texts.COMPLAINT if complaint else texts.INQUIRY)
        self._say(p, at, "call_center", text, truth, complaint=complaint and not truth)

    def _routine_email(self, p: Person, at: datetime) -> None:
        complaint = self.rng.random() < 0.25
        text, truth = self._routine_text(p, texts.COMPLAINT if complaint else texts.INQUIRY)
        self._say(p, at, "email", text, truth, complaint=complaint and not truth)

    def _routine_sms(self, p: Person, at: datetime) -> None:
        rng = self.rng
        loc = p.locale
        _, body = texts.NOTIFICATIONS[loc][2]  # appointment reminder, then a reply
        self.emit(p, "sms", self.sources.sms(p, at, direction="outbound-api", body=body), at)
        if rng.random() < 0.6:
            later = at + timedelta(minutes=rng.uniform(1, 90))
            reply = rng.choice(texts.SMS_REPLY[loc])
            self.emit(p, "sms", self.sources.sms(p, later, direction="inbound", body=reply), later)

    def _routine_chat(self, p: Person, at: datetime) -> None:
        complaint = self.rng.random() < 0.2
        text, truth = self._routine_text(p, texts.COMPLAINT if complaint else texts.INQUIRY)
        self._say(p, at, "chat", text, truth, complaint=complaint and not truth)

    def _routine_store(self, p: Person, at: datetime) -> None:
        rng = self.rng
        kind = "return" if rng.random() < 0.06 else "sale"
        receipt = self.sources.receipt(p, at, kind=kind, with_phone=rng.random() < 0.15)
        self.emit(p, "store", receipt, at)

    def _routine_branch(self, p: Person, at: datetime) -> None:
        rng = self.rng
        loc = p.locale
        roll = rng.random()
        if roll < 0.15:
            text, truth = self._routine_text(p, texts.COMPLAINT)
            self._say(p, at, "branch", text, truth, complaint=not truth)
            return
        purpose = rng.choice(("general", "open_account", "update_details"))
        if purpose == "update_details":
            notes = texts.UPDATE_NOTE[loc][0].format(what=texts.FIELD_NAMES[loc]["profile"])
        else:
            notes = rng.choice(texts.ROUTINE_NOTE[loc])
        self.emit(
            p,
            "branch",
            self.sources.branch_visit(
                p, at, purpose=purpose, notes=notes, show_dob=purpose != "general"
            ),
            at,
        )

    def _routine_partner(self, p: Person, at: datetime) -> None:
        rng = self.rng
        kind = rng.choice(("enquiry", "quote", "test_drive", "purchase", "purchase", "service"))
        category = rng.choice(("furniture", "electronics", "home", "garden"))
        address = p.address.render(rng, 0.5) if kind == "purchase" else None
        lead = self.sources.dealer_lead(
            p, at, kind=kind, category=category, delivery_address=address
        )
        self.emit(p, "partner", lead, at)

    def _routine_social(self, p: Person, at: datetime) -> None:
        roll = self.rng.random()
        complaint = roll < 0.25
        text, truth = self._routine_text(p, texts.COMPLAINT if complaint else texts.POSITIVE)
        self._say(p, at, "social", text, truth, complaint=complaint and not truth)


# seconds from occurred_at until the adapter read the record
_RECEIVE_LAG: Final = {
    "store": (600.0, 6 * 3600.0),  # back offices upload receipts in batches
    "partner": (60.0, 3600.0),
    "call_center": (1500.0, 2400.0),  # exported after wrap-up
}
_CITY_NAMES: Final = {
    "US": tuple(c[0] for c in vocab.US_CITIES),
    "CN": tuple(c[1] for c in vocab.CN_CITIES),
    "TW": tuple(c[0] for c in vocab.TW_CITIES),
    "HK": tuple(a[1] for a in vocab.HK_AREAS),
}
_BRANCH_PURPOSE: Final = {
    "bereavement": "estate",
    "retirement": "retirement_planning",
    "home_purchase": "mortgage_enquiry",
}
