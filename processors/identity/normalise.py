"""Identifiers in one canonical spelling, and junk that must never link strangers turned away.

Each ``normalise_*`` function returns the canonical value or raises :class:`UnusableIdentifier`
with a short machine-readable reason: ``junk`` (placeholder text such as "N/A", "null", "0000"),
``invalid`` (not an e-mail address / phone number at all), ``test_number`` (fictional or dummy
phone numbers), ``non_personal`` (toll-free and premium numbers are a company's, not a
customer's) or ``blocked`` (the configured block lists).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import idna
import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

from processors.identity.config import IdentityConfig
from processors.identity.model import ID_TYPES, IdentityError

# Placeholders people and systems type when they do not have the value. Compared after
# case-folding with every non-alphanumeric character removed ("N/A" -> "na").
JUNK_WORDS: frozenset[str] = frozenset(
    {
        "",
        "null",
        "none",
        "nil",
        "na",
        "nan",
        "undefined",
        "unknown",
        "anonymous",
        "anon",
        "test",
        "guest",
        "notprovided",
        "notavailable",
        "notgiven",
        "noemail",
        "nomail",
        "nophone",
        "noreply",
        "donotreply",
        "tbd",
        "tba",
        "无",
        "未知",
        "不详",
        "暂无",
    }
)

_NON_ALNUM = re.compile(r"[\W_]+")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]+")  # whitespace and every dash
_LOCAL_PART = re.compile(
    r"[a-z0-9!#$%&'*+/=?^_`{|}~\-\u0080-\U0010ffff]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~\-\u0080-\U0010ffff]+)*"
)
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_TLD = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}")
_RESERVED_TLDS = frozenset({"test", "example", "invalid", "localhost", "local"})  # RFC 2606/6761
_ASCENDING = "0123456789" * 3
_DESCENDING = "9876543210" * 3
_NON_PERSONAL = {
    PhoneNumberType.TOLL_FREE: "toll-free",
    PhoneNumberType.PREMIUM_RATE: "premium rate",
    PhoneNumberType.SHARED_COST: "shared cost",
    PhoneNumberType.UAN: "universal access number",
}


class UnusableIdentifier(IdentityError):  # noqa: N818 - it is a verdict, not a failure
    """A value that must not be used for linking; ``reason`` says why."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Unusable:
    """Why a raw value was not used (the cached form of :class:`UnusableIdentifier`)."""

    reason: str
    detail: str


def _is_junk(text: str, shortest_repeat: int = 1) -> bool:
    """Placeholder words, and strings of one repeated character ("0000", "xxxx", "-")."""
    if len(text) > 16 and len(set(text)) > 4:
        return False  # longer than any placeholder, and too varied to be one repeated character
    compact = _NON_ALNUM.sub("", text.casefold())
    return compact in JUNK_WORDS or (len(compact) >= shortest_repeat and len(set(compact)) == 1)


def _prepare(raw: str) -> str:
    """NFKC folds full-width digits, letters and the full-width at sign into ASCII; trim."""
    text = unicodedata.normalize("NFKC", raw).strip()
    if _is_junk(text):
        raise UnusableIdentifier("junk", repr(raw))
    return text


@lru_cache(maxsize=16_384)
def _ascii_domain(domain: str) -> str:
    if not domain.isascii() or "xn--" in domain:
        try:
            domain = idna.encode(domain, uts46=True).decode("ascii")
        except idna.IDNAError as exc:
            raise UnusableIdentifier("invalid", f"domain {domain!r}: {exc}") from exc
    labels = domain.split(".")
    if (
        len(domain) > 253
        or len(labels) < 2
        or not all(_LABEL.fullmatch(label) for label in labels)
        or not _TLD.fullmatch(labels[-1])
    ):
        raise UnusableIdentifier("invalid", f"domain {domain!r}")
    if labels[-1] in _RESERVED_TLDS:
        raise UnusableIdentifier("invalid", f"reserved top-level domain in {domain!r}")
    return domain


def normalise_email(raw: str, blocked_domains: frozenset[str] = frozenset()) -> str:
    """Trimmed, case-folded local part @ IDNA (punycode) domain; strict dot-atom syntax.

    Sub-addresses ("ann+news@") and provider-specific dots are kept: stripping them is only
    right for some providers and would glue strangers on the others.
    """
    text = _prepare(raw).casefold()
    text = text.removeprefix("mailto:").strip("<> ")
    local, at, domain = text.rpartition("@")
    if not at or not local or len(local) > 64 or not _LOCAL_PART.fullmatch(local):
        raise UnusableIdentifier("invalid", f"e-mail {raw!r}")
    if _is_junk(local, shortest_repeat=3):  # "j@smith.name" is fine, "xxx@" is not
        raise UnusableIdentifier("junk", f"e-mail {raw!r}")
    ascii_domain = _ascii_domain(domain.rstrip("."))
    if ascii_domain in blocked_domains:
        raise UnusableIdentifier("blocked", f"e-mail domain {ascii_domain!r}")
    return f"{local}@{ascii_domain}"


_PUNCTUATION = str.maketrans("", "", " .-()/\t")


_PUNCTUATION = str.maketrans("", "", " .-()/\t")


def normalise_phone(raw: str, region: str = "US") -> str:
    """E.164 ("+8613800138000"); numbers without a country code are read in ``region``."""
    text = _prepare(raw)
    compact = text.translate(_PUNCTUATION)
    # A number written with nothing but digits and punctuation parses exactly like its bare
    # digits, so all its spellings share one cache entry (parsing is the expensive part).
    plain = compact.removeprefix("+")
    verdict = _phone(compact if plain.isascii() and plain.isdigit() else text, region)
    if isinstance(verdict, Unusable):
        raise UnusableIdentifier(verdict.reason, f"phone {raw!r}{verdict.detail}")
    return verdict


@lru_cache(maxsize=65_536)
def _phone(text: str, region: str) -> str | Unusable:
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException as exc:
        return Unusable("invalid", f": {exc}")
    # number_type does what is_valid_number does (and says what kind of number it is)
    kind = phonenumbers.number_type(number)
    if kind == PhoneNumberType.UNKNOWN:
        return Unusable("invalid", "")
    national = phonenumbers.national_significant_number(number)
    if (
        (number.country_code == 1 and national[3:8] == "55501")
        or len(set(national[-7:])) == 1
        or national[-7:] in {"1234567", "7654321"}
        or national in _ASCENDING
        or national in _DESCENDING
    ):
        # NANP 555-01xx is reserved for fiction; a subscriber number of one repeated digit, the
        # classic 123-4567 or a number that is one long run (234 567 8901) is what people type
        # to get past a mandatory field
        return Unusable("test_number", "")
    if kind in _NON_PERSONAL:
        return Unusable("non_personal", f" ({_NON_PERSONAL[kind]})")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_code(raw: str) -> str:
    """Loyalty, account and CRM ids: trimmed, upper case, inner spaces and dashes removed."""
    value = _SEPARATORS.sub("", _prepare(raw)).upper()
    if not any(ch.isalnum() for ch in value) or _is_junk(value):
        raise UnusableIdentifier("junk", repr(raw))
    return value


def normalise_device(raw: str) -> str:
    """Device and cookie ids: trimmed, lower case (the all-zero advertising id is junk)."""
    return _prepare(raw).lower()


class Normaliser:
    """Turns (type, raw value) into an identifier key "type:value", with the block lists applied.

    Results are cached: the same device or e-mail shows up in many events, and phone parsing is
    the most expensive step of resolution.
    """

    def __init__(self, config: IdentityConfig, cache_size: int = 200_000) -> None:
        self.config = config
        self._cache: dict[tuple[str, str, str], str | Unusable] = {}
        self._cache_size = cache_size
        blocked: set[str] = set()
        for entry in config.blocklist:
            id_type, _, value = entry.partition(":")
            key = self._compute(id_type, value, config.default_region, frozenset())
            if isinstance(key, str):  # an entry that is junk anyway needs no blocking
                blocked.add(key)
        self.blocked: frozenset[str] = frozenset(blocked)

    def key(self, id_type: str, raw: str, region: str | None = None) -> str | Unusable:
        """The identifier key, or why the value cannot be used."""
        region = region or self.config.default_region
        cache_key = (id_type, raw, region)
        found = self._cache.get(cache_key)
        if found is None:
            found = self._compute(id_type, raw, region, self.blocked)
            if len(self._cache) >= self._cache_size:
                self._cache.clear()
            self._cache[cache_key] = found
        return found

    def _compute(
        self, id_type: str, raw: str, region: str, blocked: frozenset[str]
    ) -> str | Unusable:
        try:
            if id_type == "email":
                value = normalise_email(raw, self.config.blocked_email_domains)
            elif id_type == "phone":
                value = normalise_phone(raw, region)
            elif id_type == "device_id":
                value = normalise_device(raw)
            elif id_type in ID_TYPES:
                value = normalise_code(raw)
            else:
                return Unusable("invalid", f"unknown identifier type {id_type!r}")
        except UnusableIdentifier as exc:
            return Unusable(exc.reason, str(exc))
        key = f"{id_type}:{value}"
        if key in blocked:
            return Unusable("blocked", key)
        return key


class IdentifierKeys:
    """The identity key of a presented identifier, or None when resolution cannot use it.

    What other rooms need of identity resolution (the sink's pseudonyms) without its internals:
    it satisfies ``sinks.clickhouse.pseudonyms.IdentifierKeys``, which the application wires.
    """

    def __init__(self, config: IdentityConfig) -> None:
        self.config = config
        self._normaliser = Normaliser(config)

    def region_for(self, channel: str, source_system: str) -> str:
        return self.config.region_for(channel, source_system)

    def key(self, id_type: str, raw: str, region: str | None = None) -> str | None:
        key = self._normaliser.key(id_type, raw, region)
        return None if isinstance(key, Unusable) else key
