"""The simulated population: who each person is, where they live, which identifiers they have,
and how each channel writes those identifiers down (the noise identity resolution must see
through).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from random import Random
from typing import Final

import phonenumbers

from streams.simulator import vocab

_FULL_WIDTH: Final = str.maketrans("0123456789", "０１２３４５６７８９")


def full_width_digits(text: str) -> str:
    """ASCII digits as full-width ones, as typed with a Chinese input method."""
    return text.translate(_FULL_WIDTH)


def hex_id(rng: Random, bits: int = 64) -> str:
    return f"{rng.getrandbits(bits):0{bits // 4}x}"


def uuid_like(rng: Random) -> str:
    h = hex_id(rng, 128)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{h[16:20]}-{h[20:]}"


# --- addresses -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Address:
    """One postal address; ``canonical`` is the clean form, ``render`` a form a channel saw."""

    region: str  # US, CN, TW, HK
    city: str  # for sentences ("We're moving to {city}")
    parts: tuple[str, ...]
    utc_offset_min: int

    @property
    def canonical(self) -> str:
        return _render(self, None)

    def render(self, rng: Random, noise: float) -> str:
        """The address as typed on a form or in a message: with probability ``noise`` in one
        of the region's common variations."""
        return _render(self, rng) if rng.random() < noise else _render(self, None)


def _render(a: Address, rng: Random | None) -> str:  # noqa: PLR0911, PLR0912
    variant = rng.randrange(4) if rng is not None else -1
    if a.region == "US":
        num, street, suffix, long_suffix, apt, city, state, zip_code = a.parts
        road = f"{num} {street} {long_suffix if variant == 0 else suffix}"
        unit = ""
        if apt:
            unit = f", #{apt}" if variant == 1 else f", Apt {apt}"
        text = f"{road}{unit}, {city}, {state} {zip_code}"
        if variant == 2:
            return text.upper()
        if variant == 3:
            return text.replace(",", "")
        return text
    if a.region == "CN":
        province, city, district, road, num, building, room = a.parts
        if variant == 0:
            return full_width_digits(f"{province}{city}{district}{road}{num}号{building}栋{room}室")
        if variant == 1:
            return f"{city}{district}{road}{num}号{building}栋{room}室"
        if variant == 2:
            return f"{province}{city} {district} {road}{num}号 {building}栋{room}室".strip()
        if variant == 3:
            return f"{city}{district}{road}{full_width_digits(num)}号{building}幢{room}"
        return f"{province}{city}{district}{road}{num}号{building}栋{room}室"
    if a.region == "TW":
        city, district, road, num, floor, postal = a.parts
        text = f"{city}{district}{road}{num}號{floor}樓"
        if variant == 0:
            return text.replace("臺", "台")
        if variant == 1:
            return full_width_digits(text)
        if variant == 2:
            return f"{postal}{text}"
        if variant == 3:
            return full_width_digits(text.replace("臺", "台"))
        return text
    area, district, road, num, building, floor, flat = a.parts
    text = f"{area}{district}{road}{num}號{building}{floor}樓{flat}室"
    if variant in (0, 1):
        return full_width_digits(f"香港{text}") if variant == 0 else text
    if variant == 2:
        return f"香港 {area} {district} {road}{num}號 {building} {floor}樓 {flat}室"
    return f"香港{text}"


def new_address(rng: Random, region: str, *, other_city_than: str | None = None) -> Address:
    """A fresh address in ``region``; a different city when ``other_city_than`` is given."""
    if region == "US":
        cities = [c for c in vocab.US_CITIES if c[0] != other_city_than] or list(vocab.US_CITIES)
        city, state, zip3, offset = rng.choice(cities)
        suffix, long_suffix = rng.choice(vocab.US_SUFFIXES)
        apt = str(rng.randint(1, 40)) if rng.random() < 0.4 else ""
        parts: tuple[str, ...] = (
            str(rng.randint(10, 9899)),
            rng.choice(vocab.US_STREETS),
            suffix,
            long_suffix,
            apt,
            city,
            state,
            f"{zip3}{rng.randint(0, 99):02d}",
        )
        return Address("US", city, parts, offset)
    if region == "CN":
        options = [c for c in vocab.CN_CITIES if c[1] != other_city_than] or list(vocab.CN_CITIES)
        province, cn_city, districts, roads = rng.choice(options)
        parts = (
            province,
            cn_city,
            rng.choice(districts),
            rng.choice(roads),
            str(rng.randint(1, 1999)),
            str(rng.randint(1, 30)),
            f"{rng.randint(1, 32)}{rng.randint(1, 4):02d}",
        )
        return Address("CN", cn_city, parts, 480)
    if region == "TW":
        tw = [c for c in vocab.TW_CITIES if c[0] != other_city_than] or list(vocab.TW_CITIES)
        tw_city, districts, roads, postals = rng.choice(tw)
        i = rng.randrange(len(districts))
        parts = (
            tw_city,
            districts[i],
            rng.choice(roads),
            str(rng.randint(1, 399)),
            str(rng.randint(2, 25)),
            postals[i],
        )
        return Address("TW", tw_city, parts, 480)
    hk = [c for c in vocab.HK_AREAS if c[1] != other_city_than] or list(vocab.HK_AREAS)
    area, district, roads, buildings = rng.choice(hk)
    parts = (
        area,
        district,
        rng.choice(roads),
        str(rng.randint(1, 899)),
        rng.choice(buildings),
        str(rng.randint(2, 40)),
        rng.choice("ABCDEFGH"),
    )
    return Address("HK", district, parts, 480)


# --- phone numbers ---------------------------------------------------------------------------


# A person's own line: random digits also hit toll-free (US 8xx), "personal number" (US 5xx)
# and pager ranges, which are a company's or a service's, not a customer's.
_OWN_LINES: Final = frozenset(
    {
        phonenumbers.PhoneNumberType.FIXED_LINE,
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    }
)


def new_phone(rng: Random, region: str) -> str:
    """A canonical E.164 number that ``phonenumbers`` accepts as a valid fixed or mobile line
    (random NANP area codes are often unassigned or toll-free, and identity resolution rightly
    refuses those)."""
    while True:
        number = _random_phone(rng, region)
        parsed = phonenumbers.parse(number)
        if phonenumbers.is_valid_number(parsed) and phonenumbers.number_type(parsed) in _OWN_LINES:
            return number


def _random_phone(rng: Random, region: str) -> str:
    if region == "US":
        return f"+1{rng.randint(201, 989)}{rng.randint(200, 999)}{rng.randint(0, 9999):04d}"
    if region == "CN":
        prefix = rng.choice(("138", "139", "186", "135", "150", "177", "188", "199"))
        return f"+86{prefix}{rng.randint(0, 99_999_999):08d}"
    if region == "TW":
        return f"+8869{rng.randint(0, 99_999_999):08d}"
    return f"+852{rng.choice('5679')}{rng.randint(0, 9_999_999):07d}"


def render_phone(
    rng: Random, e164: str, region: str, noise: float, *, by_customer: bool = False
) -> str:
    """The number as someone typed it; ``by_customer``: possibly with a Chinese input method's
    full-width digits (staff systems and phone switches never produce those)."""
    if rng.random() >= noise:
        return e164
    national = _national(e164, region)
    v = rng.randrange(4)
    if region == "US":
        n = national
        return (
            f"({n[:3]}) {n[3:6]}-{n[6:]}",
            f"{n[:3]}-{n[3:6]}-{n[6:]}",
            f"+1 {n[:3]} {n[3:6]} {n[6:]}",
            f"1.{n[:3]}.{n[3:6]}.{n[6:]}",
        )[v]
    if by_customer and region != "HK" and v == 3:
        return full_width_digits(national)
    if region == "CN":
        n = national
        return (n, f"+86 {n[:3]} {n[3:7]} {n[7:]}", f"0086-{n}", f"{n[:3]}-{n[3:7]}-{n[7:]}")[v]
    if region == "TW":
        n = national  # with the trunk 0
        return (
            f"{n[:4]}-{n[4:7]}-{n[7:]}",
            n,
            f"+886 {n[1:4]} {n[4:7]} {n[7:]}",
            f"{n[:4]} {n[4:]}",
        )[v]
    n = national
    return (f"{n[:4]} {n[4:]}", f"+852 {n[:4]} {n[4:]}", n, f"(852) {n}")[v]


def switch_number(rng: Random, e164: str, region: str, noise: float = 0.5) -> str:
    """The caller's number as the (US) phone switch reports it: E.164, or for a domestic caller
    sometimes the national digits; international callers always arrive with their country."""
    if region != "US":
        return e164
    return e164 if rng.random() >= noise else _national(e164, region)


def _national(e164: str, region: str) -> str:
    if region == "US":
        return e164[2:]
    if region == "CN":
        return e164[3:]
    if region == "TW":
        return "0" + e164[4:]
    return e164[4:]


def render_email(rng: Random, address: str, noise: float) -> str:
    """The e-mail as typed: case changes, stray spaces, a Gmail '+tag'."""
    if rng.random() >= noise:
        return address
    local, _, domain = address.partition("@")
    v = rng.randrange(4)
    if v == 0:
        return address.upper()
    if v == 1:
        return f"{local.capitalize()}@{domain.capitalize()}"
    if v == 2:
        return f" {address} "
    if domain == "gmail.com":
        return f"{local}+{rng.choice(('shop', 'chorus', 'promo'))}@{domain}"
    return f"{local}@{domain.upper()}"


# --- people ----------------------------------------------------------------------------------


@dataclass
class Person:
    pid: str
    locale: str  # en, zh-Hans, zh-Hant
    region: str  # US, CN, TW, HK
    gender: str  # f, m
    first_name: str
    last_name: str
    dob: date
    email: str
    phone: str
    crm_id: str
    account_id: str | None
    loyalty_id: str | None
    devices: list[str]  # app install ids; empty = no app
    cookies: list[str]
    social: tuple[str, str] | None  # (platform, handle)
    dealer: tuple[str, str] | None  # (dealer id, dealer's customer number)
    address: Address
    marital_status: str
    dependents: int
    employment_status: str  # employed, student, retired, unemployed
    employer: str | None
    title: tuple[str, str] | None  # (current title, title after a promotion)
    promoted: bool = False
    home_store: str = ""
    branch: str = ""
    weights: dict[str, float] = field(default_factory=dict)
    activity: float = 1.0

    @property
    def full_name(self) -> str:
        if self.locale == "en":
            return f"{self.first_name} {self.last_name}"
        return f"{self.last_name}{self.first_name}"

    @property
    def job_title(self) -> str | None:
        if self.title is None:
            return None
        return self.title[1] if self.promoted else self.title[0]

    def age_on(self, day: date) -> int:
        years = day.year - self.dob.year
        return years - ((day.month, day.day) < (self.dob.month, self.dob.day))

    def channels(self) -> list[str]:
        return [c for c, w in self.weights.items() if w > 0]


def _region_for(rng: Random, locale: str) -> str:
    if locale == "en":
        return "US"
    if locale == "zh-Hans":
        return "CN"
    return "TW" if rng.random() < 0.7 else "HK"


def _email_for(rng: Random, region: str, first: str, last: str, born: date) -> str:
    domain = rng.choice(vocab.EMAIL_DOMAINS[region])
    if domain == "qq.com" and rng.random() < 0.6:
        return f"{rng.randint(10_000_000, 3_999_999_999)}@qq.com"
    first = first.lower().replace("'", "").replace(" ", "")
    last = last.lower().replace("'", "").replace(" ", "")
    local = rng.choice(
        (
            f"{first}.{last}",
            f"{first}{last}{rng.randint(1, 99)}",
            f"{first[0]}{last}",
            f"{last}{first}{born.year % 100:02d}",
            f"{first}_{last}{born.year}",
        )
    )
    return f"{local}@{domain}"


def _names(rng: Random, locale: str, gender: str) -> tuple[str, str, str, str]:
    """(first, last, romanized first, romanized last)."""
    if locale == "en":
        first = rng.choice(vocab.EN_FIRST_F if gender == "f" else vocab.EN_FIRST_M)
        last = rng.choice(vocab.EN_LAST)
        return first, last, first, last
    script = 0 if locale == "zh-Hans" else 1
    surname = rng.choice(vocab.ZH_SURNAMES)
    pool = vocab.ZH_GIVEN_F if gender == "f" else vocab.ZH_GIVEN_M
    given = rng.choice(pool)
    return given[script], surname[script], given[2], surname[2]


def _handle(rng: Random, locale: str, first_roman: str, last_roman: str, first: str) -> str:
    if locale == "zh-Hans" and rng.random() < 0.5:
        return f"@{first}{rng.choice(('爱旅行', '的日常', '不吃香菜', '在路上'))}"
    sep = rng.choice(("", "_", "."))
    return f"@{first_roman.lower()}{sep}{last_roman.lower()}{rng.randint(1, 999)}"


class Population:
    """Everyone in one simulation run; identifiers are unique across the population."""

    def __init__(self, rng: Random, size: int, base_time: datetime, seed: int) -> None:
        self._rng = rng
        self._taken: set[str] = set()
        self.base_time = base_time
        self.people = [self._person(rng, i, seed) for i in range(size)]

    def _unique(self, make: Callable[[], str]) -> str:
        for _ in range(50):
            value = make()
            if value not in self._taken:
                self._taken.add(value)
                return value
        raise RuntimeError("identifier space exhausted")  # not reachable at sane sizes

    def new_account_id(self, rng: Random) -> str:
        """An online account id nobody holds yet, for a sign-up during the run."""
        return self._unique(lambda: f"A{rng.randint(10_000_000, 99_999_999)}")

    def _person(self, rng: Random, index: int, seed: int) -> Person:
        locale = rng.choices(vocab.LOCALES, weights=(0.5, 0.3, 0.2))[0]
        region = _region_for(rng, locale)
        gender = rng.choice("fm")
        first, last, first_r, last_r = _names(rng, locale, gender)
        age = int(rng.triangular(18, 88, 38))
        today = self.base_time.date()
        dob = today - timedelta(days=age * 365 + rng.randrange(365))
        age = (today - dob).days // 365
        email = self._unique(lambda: _email_for(rng, region, first_r, last_r, dob))
        phone = self._unique(lambda: new_phone(rng, region))
        crm_id = self._unique(lambda: f"CRM-{rng.randint(0, 99_999_999):08d}")
        account_id = self.new_account_id(rng) if rng.random() < 0.8 else None
        loyalty_id = (
            self._unique(lambda: f"LC{rng.randint(0, 9_999_999_999):010d}")
            if rng.random() < 0.65
            else None
        )
        has_app = rng.random() < (0.7 if age < 45 else 0.35)
        devices = [f"{rng.choice(('ios', 'and'))}-{uuid_like(rng)}"] if has_app else []
        cookies = [f"ck-{hex_id(rng, 96)}"]
        social = None
        if rng.random() < (0.5 if age < 40 else 0.2):
            platform = rng.choice(vocab.SOCIAL_PLATFORMS[region])
            social = (platform, self._unique(lambda: _handle(rng, locale, first_r, last_r, first)))
        dealer = None
        if rng.random() < 0.2:
            dealer = (f"D{rng.randint(10, 49)}", f"C-{rng.randint(1, 99_999):05d}")
        married = age >= 26 and rng.random() < min(0.75, (age - 22) / 30)
        if age >= 67:
            employment = "retired"
        elif age <= 23 and rng.random() < 0.6:
            employment = "student"
        else:
            employment = "employed" if rng.random() < 0.9 else "unemployed"
        employer = rng.choice(vocab.EMPLOYERS[locale]) if employment == "employed" else None
        title = rng.choice(vocab.JOB_TITLES[locale]) if employment == "employed" else None
        address = new_address(rng, region)
        person = Person(
            pid=f"s{seed}-p{index:06d}",
            locale=locale,
            region=region,
            gender=gender,
            first_name=first,
            last_name=last,
            dob=dob,
            email=email,
            phone=phone,
            crm_id=crm_id,
            account_id=account_id,
            loyalty_id=loyalty_id,
            devices=devices,
            cookies=cookies,
            social=social,
            dealer=dealer,
            address=address,
            marital_status="married" if married else "single",
            dependents=rng.choice((0, 0, 1, 2, 3)) if married and age > 28 else 0,
            employment_status=employment,
            employer=employer,
            title=title,
            home_store=f"{region}-S{rng.randint(1, 60):03d}",
            branch=f"{region}{rng.randint(1, 25):02d}",
            activity=rng.lognormvariate(0, 0.8),
        )
        person.weights = channel_weights(rng, person, age)
        return person


def channel_weights(rng: Random, p: Person, age: int) -> dict[str, float]:
    """How often each channel carries this person's routine interactions (0 = never)."""
    young = age < 40
    weights = {
        "web": 3.0,
        "mobile_app": (3.0 if young else 1.5) if p.devices else 0.0,
        "call_center": 0.8 if young else 1.6,
        "email": 1.2,
        "sms": 0.6,
        "chat": 1.2 if young else 0.5,
        "store": 2.5 if p.loyalty_id else 0.6,  # no card: only e-receipts by phone
        "branch": 0.3 if young else 0.8,
        "partner": 0.5 if p.dealer else 0.0,
        "social": 1.0 if p.social else 0.0,
    }
    return {c: w * rng.uniform(0.5, 1.5) for c, w in weights.items()}
