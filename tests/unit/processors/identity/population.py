"""A synthetic population with a known truth: who each interaction really came from.

People have accounts, e-mails, phones (US or Chinese, written every which way), devices and
loyalty cards; their interactions present a channel-typical subset. On top of that, the dirt
identity resolution must survive: placeholder values, a shop kiosk everybody logs into, an agent
who types their own e-mail into call records, and households sharing a tablet.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

START = datetime(2026, 1, 1, tzinfo=UTC)
US_AREAS = ("212", "312", "415", "617", "646", "718", "213", "305")
CN_PREFIXES = ("138", "139", "136", "150", "186", "188", "135")
DOMAINS = ("gmail.com", "outlook.com", "qq.com", "163.com", "bücher.de", "yahoo.com")
JUNK = (("phone", "000-000-0000"), ("email", "noemail@none.com"), ("loyalty_id", "N/A"))
KIOSK = "KIOSK-0001"
AGENT_EMAIL = "agent.smith@chorus-shop.com"


@dataclass
class Person:
    index: int
    country: str
    account: str | None
    emails: list[str]
    phones: list[str]  # digits only, national significant number
    devices: list[str]
    loyalty: str | None
    shared_device: str | None = None  # a household tablet


@dataclass
class Population:
    events: list[dict[str, Any]] = field(default_factory=list)
    truth: dict[str, int] = field(default_factory=dict)  # event id -> person index


def _phone_digits(rng: random.Random, country: str) -> str:
    if country == "CN":
        return rng.choice(CN_PREFIXES) + "".join(rng.choice("0123456789") for _ in range(8))
    exchange = rng.randint(200, 999)
    while exchange == 555:
        exchange = rng.randint(200, 999)
    return f"{rng.choice(US_AREAS)}{exchange}{rng.randint(0, 9999):04d}"


def _person(rng: random.Random, index: int) -> Person:
    country = "CN" if rng.random() < 0.4 else "US"
    name = rng.choice(("ann", "bo", "chen", "dana", "li", "wei", "zoe", "max")) + str(index)
    return Person(
        index=index,
        country=country,
        account=f"AC{index:07d}" if rng.random() < 0.8 else None,
        emails=[f"{name}.{k}@{rng.choice(DOMAINS)}" for k in range(rng.choice((1, 1, 2)))],
        phones=[_phone_digits(rng, country) for _ in range(rng.choice((1, 1, 2)))],
        devices=[str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(rng.randint(1, 3))],
        loyalty=f"LY{index:08d}" if rng.random() < 0.5 else None,
    )


def _spell_phone(rng: random.Random, person: Person, digits: str, channel: str) -> str:
    if person.country == "CN":
        if channel == "store" and rng.random() < 0.5:  # the store channel reads CN numbers
            return digits.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        return rng.choice((f"+86 {digits[:3]} {digits[3:7]} {digits[7:]}", f"+86{digits}"))
    if channel == "store":
        return f"+1 {digits}"
    return rng.choice(
        (f"({digits[:3]}) {digits[3:6]}-{digits[6:]}", f"{digits[:3]}.{digits[3:6]}.{digits[6:]}")
    )


def _spell_email(rng: random.Random, email: str) -> str:
    return rng.choice((email, email.upper(), f"  {email} ", email.title()))


def _spell_code(rng: random.Random, code: str) -> str:
    return rng.choice((code, code.lower(), f"{code[:2]}-{code[2:]}", f" {code[:4]} {code[4:]} "))


def _web(rng: random.Random, person: Person, device: str) -> dict[str, str]:
    found = {"device_id": rng.choice((device, device.upper()))}
    if person.account and rng.random() < 0.5:
        found["account_id"] = _spell_code(rng, person.account)
    return found


def _call(rng: random.Random, person: Person, channel: str) -> dict[str, str]:
    found = {"phone": _spell_phone(rng, person, rng.choice(person.phones), channel)}
    if channel == "call_center":
        if person.account and rng.random() < 0.6:
            found["account_id"] = _spell_code(rng, person.account)
        if rng.random() < 0.05:
            found["email"] = AGENT_EMAIL  # the agent's own address in the customer field
    return found


def _mail(rng: random.Random, person: Person) -> dict[str, str]:
    found = {"email": _spell_email(rng, rng.choice(person.emails))}
    if person.account and rng.random() < 0.3:
        found["account_id"] = _spell_code(rng, person.account)
    return found


def _store(rng: random.Random, person: Person) -> dict[str, str]:
    found: dict[str, str] = {}
    if person.loyalty:
        found["loyalty_id"] = _spell_code(rng, person.loyalty)
        if rng.random() < 0.15:
            found["device_id"] = KIOSK  # the in-store kiosk everybody logs into
    if rng.random() < 0.5 or not found:
        found["phone"] = _spell_phone(rng, person, rng.choice(person.phones), "store")
    return found


def _identifiers(rng: random.Random, person: Person, channel: str) -> dict[str, str]:
    device = person.devices[rng.randrange(len(person.devices))]
    if person.shared_device and rng.random() < 0.3:
        device = person.shared_device
    if channel in ("web", "mobile_app"):
        found = _web(rng, person, device)
    elif channel in ("call_center", "sms"):
        found = _call(rng, person, channel)
    elif channel == "email":
        found = _mail(rng, person)
    elif channel == "store":
        found = _store(rng, person)
    else:  # chat
        found = {"email": _spell_email(rng, rng.choice(person.emails)), "device_id": device}
    if rng.random() < 0.03:
        id_type, junk = JUNK[rng.randrange(len(JUNK))]
        found.setdefault(id_type, junk)
    return found


def _profile(person: Person) -> dict[str, str]:
    """The sign-up record: every identifier the person gave at once (one of each type)."""
    found = {"email": person.emails[0], "phone": "+" + ("86" if person.country == "CN" else "1")}
    found["phone"] += person.phones[0]
    found["device_id"] = person.devices[0]
    if person.account:
        found["account_id"] = person.account
    if person.loyalty:
        found["loyalty_id"] = person.loyalty
    return found


def generate(
    people: int, seed: int = 7, events_per_person: tuple[int, int] = (4, 30)
) -> Population:
    rng = random.Random(seed)
    persons = [_person(rng, i) for i in range(people)]
    for first, second in zip(persons[0::50], persons[1::50], strict=False):  # 2 % households
        tablet = str(uuid.UUID(int=rng.getrandbits(128)))
        first.shared_device = second.shared_device = tablet
    channels = ("web", "mobile_app", "call_center", "email", "sms", "store", "chat")
    population = Population()
    serial = 0
    for person in persons:
        for k in range(rng.randint(*events_per_person)):
            serial += 1
            channel = rng.choice(channels)
            if k == 0 and rng.random() < 0.7:
                identifiers = _profile(person)
            else:
                identifiers = _identifiers(rng, person, channel)
            event_id = f"{channel}:{serial:08d}"
            moment = START + timedelta(minutes=rng.randint(0, 60 * 24 * 180))
            population.events.append(
                {
                    "event_id": event_id,
                    "occurred_at": moment.isoformat(),
                    "channel": channel,
                    "identifiers": identifiers,
                    "type": "page_view" if channel == "web" else "message",
                    "direction": "inbound",
                    "attributes": {},
                }
            )
            population.truth[event_id] = person.index
    rng.shuffle(population.events)
    return population


def _pairs(counts: Iterable[int]) -> int:
    return sum(n * (n - 1) // 2 for n in counts)


def pairwise_scores(truth: Mapping[str, int], predicted: Mapping[str, str]) -> tuple[float, float]:
    """Pairwise precision and recall of a clustering of events against the truth."""
    both = Counter((predicted[e], truth[e]) for e in truth)
    agreed = _pairs(both.values())
    predicted_pairs = _pairs(Counter(predicted[e] for e in truth).values())
    true_pairs = _pairs(Counter(truth.values()).values())
    return agreed / max(predicted_pairs, 1), agreed / max(true_pairs, 1)
