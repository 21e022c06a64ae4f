"""The adapter contract: one source system's native record in, one Interaction record out.

Each channel module subclasses :class:`ChannelAdapter` and implements ``_map``, which reads the
native record with the helpers here and returns a :class:`Mapped`. The base does everything
channel-neutral: event id derivation, UTC/millisecond normalisation, the identifiers dict with
all six keys, string-only attributes, and checks that keep a record the Interaction schema would
accept (or the processor would dead-letter) from leaving the adapter.

A native record that cannot be mapped (missing id, unparsable timestamp, no customer identifier
at all) raises a subclass of :class:`AdapterError` naming the channel, the field and the native
id when known. Skipping such records is the caller's decision, not the adapter's.
"""

from __future__ import annotations

import email.utils
import functools
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar, Final

from core.errors import ChorusError

# The six Identifiers fields, in schema order (the dict we build always has all of them).
IDENTIFIER_FIELDS: Final = ("email", "phone", "loyalty_id", "account_id", "device_id", "crm_id")
DIRECTIONS: Final = frozenset({"inbound", "outbound"})
# The channel-neutral vocabulary of Interaction.interaction_type (see interaction.avsc).
INTERACTION_TYPES: Final = frozenset(
    {
        "page_view",
        "login",
        "search",
        "call",
        "message",
        "complaint",
        "purchase",
        "return",
        "address_update",
        "profile_update",
        "visit",
        "campaign",
        "notification",
        "service_request",
        "review",
        "post",
    }
)


class AdapterError(ChorusError):
    """A native record could not be mapped to an Interaction."""

    def __init__(
        self,
        channel: str,
        message: str,
        *,
        field: str | None = None,
        native_id: str | None = None,
    ) -> None:
        where = f"{channel} record" + (f" {native_id!r}" if native_id else "")
        super().__init__(f"{where}: {message}")
        self.channel = channel
        self.field = field
        self.native_id = native_id


class MissingFieldError(AdapterError):
    """A field the mapping needs is absent or blank."""


class InvalidFieldError(AdapterError):
    """A field is present but its value cannot be understood (bad timestamp, wrong type...)."""


class NoIdentifierError(AdapterError):
    """The record names no customer at all (an anonymous sale, a bot hit): nothing to attach."""


@dataclass
class Mapped:
    """What a channel's ``_map`` extracts; the base turns it into the Interaction dict."""

    native_id: str
    occurred_at: datetime
    direction: str
    interaction_type: str
    identifiers: dict[str, str | None]
    text: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    consents: dict[str, bool] = field(default_factory=dict)


def utc_now() -> datetime:
    return datetime.now(UTC)


def to_utc_millis(moment: datetime) -> datetime:
    """An aware datetime in UTC, truncated to the millisecond precision Avro keeps."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    moment = moment.astimezone(UTC)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


_OFFSET = re.compile(r"^([+-])(\d{2}):?(\d{2})$")


class ChannelAdapter(ABC):
    """Maps one source system's native records to Interaction records (plain dicts).

    ``namespace`` scopes event ids to one *instance* of the source system: two POS estates whose
    receipt numbers overlap, or two simulator runs. It must stay the same across re-sends of a
    record, or dedup downstream breaks; it is not the load's batch id.
    """

    channel: ClassVar[str]
    source_system: ClassVar[str]
    ADAPTER_VERSION: ClassVar[str] = "1.0.0"

    def __init__(
        self,
        *,
        namespace: str | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        if namespace is not None and not namespace.strip():
            raise ValueError("namespace must be None or a non-blank string")
        self.namespace = namespace
        self.clock = clock

    def __repr__(self) -> str:
        return f"{type(self).__name__}(namespace={self.namespace!r})"

    # --- the public mapping ----------------------------------------------------------------

    def to_interaction(
        self,
        native: Mapping[str, Any],
        *,
        batch_id: str | None = None,
        received_at: datetime | None = None,
    ) -> dict[str, Any]:
        """The Interaction record for ``native``; ``received_at`` defaults to the clock."""
        if not isinstance(native, Mapping):
            raise InvalidFieldError(
                self.channel, f"expected a mapping, got {type(native).__name__}"
            )
        mapped = self._map(native)
        return self._record(mapped, batch_id=batch_id, received_at=received_at)

    def event_id(self, native_id: str) -> str:
        """Stable from the native record's own id: ``[namespace:]channel:native_id``."""
        base = f"{self.channel}:{native_id}"
        return f"{self.namespace}:{base}" if self.namespace else base

    @abstractmethod
    def _map(self, native: Mapping[str, Any]) -> Mapped:
        """Read ``native`` with the helpers below; raise AdapterError subclasses on bad input."""

    def _record(
        self, mapped: Mapped, *, batch_id: str | None, received_at: datetime | None
    ) -> dict[str, Any]:
        nid = mapped.native_id
        if mapped.direction not in DIRECTIONS:
            raise InvalidFieldError(self.channel, f"direction {mapped.direction!r}", native_id=nid)
        if mapped.interaction_type not in INTERACTION_TYPES:
            raise InvalidFieldError(
                self.channel,
                f"interaction type {mapped.interaction_type!r} is not in the vocabulary",
                native_id=nid,
            )
        identifiers = {key: _clean_text(mapped.identifiers.get(key)) for key in IDENTIFIER_FIELDS}
        unknown = set(mapped.identifiers) - set(IDENTIFIER_FIELDS)
        if unknown:  # a bug in the channel module, not bad input
            raise TypeError(f"unknown identifier keys {sorted(unknown)}")
        if not any(identifiers.values()):
            raise NoIdentifierError(self.channel, "carries no customer identifier", native_id=nid)
        received = received_at if received_at is not None else self.clock()
        if received.tzinfo is None:
            raise ValueError("received_at must be timezone-aware")
        try:
            occurred = to_utc_millis(mapped.occurred_at)
        except (OverflowError, ValueError) as exc:  # year 1 at +14:00, a naive parse
            raise InvalidFieldError(
                self.channel, f"occurred_at {mapped.occurred_at!r} is out of range", native_id=nid
            ) from exc
        return {
            "event_id": self.event_id(nid),
            "occurred_at": occurred,
            "received_at": to_utc_millis(received),
            "channel": self.channel,
            "direction": mapped.direction,
            "interaction_type": mapped.interaction_type,
            "identifiers": identifiers,
            "text": _clean_text(mapped.text),
            "attributes": string_map(mapped.attributes),
            "consents": {str(k): bool(v) for k, v in mapped.consents.items()},
            "source_system": self.source_system,
            "adapter_version": self.ADAPTER_VERSION,
            "batch_id": batch_id,
        }

    # --- helpers for reading native records --------------------------------------------------

    def get(self, native: Mapping[str, Any], path: str) -> Any:
        """The value at a dotted ``path`` (``"customer.email"``), None when any step is absent."""
        value: Any = native
        for step in _steps(path):
            # dict first: isinstance against the Mapping ABC is slow on this hot path
            if type(value) is not dict and not isinstance(value, Mapping):
                return None
            value = value.get(step)
        return value

    def require(self, native: Mapping[str, Any], path: str, *, native_id: str | None = None) -> Any:
        """The value at ``path``; MissingFieldError when it is absent, None or blank."""
        value = self.get(native, path)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise MissingFieldError(
                self.channel, f"missing {path!r}", field=path, native_id=native_id
            )
        return value

    def native_id(self, native: Mapping[str, Any], *paths: str) -> str:
        """The record's own id (several paths are joined with ':'), as a stripped string."""
        parts: list[str] = []
        for path in paths:
            value = self.require(native, path)
            if isinstance(value, bool) or not isinstance(value, str | int):
                raise InvalidFieldError(
                    self.channel, f"{path!r} must be a string or an integer", field=path
                )
            parts.append(str(value).strip())
        return ":".join(parts)

    def text(
        self, native: Mapping[str, Any], path: str, *, native_id: str | None = None
    ) -> str | None:
        """An optional string field: None when absent or blank, error when not a string."""
        return self.as_text(self.get(native, path), path, native_id=native_id)

    def as_text(self, value: Any, path: str, *, native_id: str | None = None) -> str | None:
        """A scalar as stripped text (numbers are accepted: ids often arrive as integers)."""
        if value is None:
            return None
        if type(value) is str:
            return value.strip() or None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise InvalidFieldError(
                self.channel,
                f"{path!r} must be text, got {type(value).__name__}",
                field=path,
                native_id=native_id,
            )
        return _clean_text(str(value))

    def choice(
        self,
        native: Mapping[str, Any],
        path: str,
        allowed: Mapping[str, str],
        *,
        default: str | None = None,
        native_id: str | None = None,
    ) -> str:
        """Translate an enumerated native value through ``allowed`` (case-insensitive)."""
        value = self.get(native, path)
        if value is None and default is not None:
            return default
        key = str(value).strip().lower() if isinstance(value, str) else None
        if key is None or key not in allowed:
            raise InvalidFieldError(
                self.channel,
                f"{path!r} is {value!r}; expected one of {sorted(allowed)}",
                field=path,
                native_id=native_id,
            )
        return allowed[key]

    def flag(
        self, native: Mapping[str, Any], path: str, *, native_id: str | None = None
    ) -> bool | None:
        return self.as_flag(self.get(native, path), path, native_id=native_id)

    def as_flag(self, value: Any, path: str, *, native_id: str | None = None) -> bool | None:
        if value is None or isinstance(value, bool):
            return value
        raise InvalidFieldError(
            self.channel, f"{path!r} must be true or false", field=path, native_id=native_id
        )

    def mapping(
        self, native: Mapping[str, Any], path: str, *, native_id: str | None = None
    ) -> Mapping[str, Any]:
        """An optional nested object: empty when absent, error when not an object."""
        value = self.get(native, path)
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise InvalidFieldError(
                self.channel, f"{path!r} must be an object", field=path, native_id=native_id
            )
        return value

    def consents(
        self, native: Mapping[str, Any], path: str, *, native_id: str | None = None
    ) -> dict[str, bool]:
        """An optional object of consent flags; entries that are null are left out."""
        out: dict[str, bool] = {}
        for key, value in self.mapping(native, path, native_id=native_id).items():
            flag = self.as_flag(value, f"{path}.{key}", native_id=native_id)
            if flag is not None:
                out[str(key)] = flag
        return out

    # --- timestamps: each source has its own format; all end up aware and in UTC ----------

    def _bad_time(
        self, path: str, value: Any, native_id: str | None, why: str
    ) -> InvalidFieldError:
        return InvalidFieldError(
            self.channel,
            f"{path!r} = {value!r} is not a timestamp ({why})",
            field=path,
            native_id=native_id,
        )

    def iso_time(
        self, native: Mapping[str, Any], path: str, *, native_id: str | None = None
    ) -> datetime:
        """ISO 8601 with an offset or 'Z' (``2025-03-04T10:22:05.123Z``, ``...+0800``)."""
        value = self.require(native, path, native_id=native_id)
        if not isinstance(value, str):
            raise self._bad_time(path, value, native_id, "expected an ISO 8601 string")
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError as exc:
            raise self._bad_time(path, value, native_id, str(exc)) from exc
        if moment.tzinfo is None:
            raise self._bad_time(path, value, native_id, "no UTC offset")
        return moment

    def utc_wall_time(
        self, native: Mapping[str, Any], path: str, fmt: str, *, native_id: str | None = None
    ) -> datetime:
        """A naive ``strptime`` format documented by the source as UTC."""
        return self.local_time(native, path, fmt, UTC, native_id=native_id)

    def local_time(
        self,
        native: Mapping[str, Any],
        path: str,
        fmt: str,
        offset: timezone | str,
        *,
        native_id: str | None = None,
    ) -> datetime:
        """A naive wall-clock string in ``fmt`` at a fixed UTC ``offset`` ('+08:00' or tz)."""
        value = self.require(native, path, native_id=native_id)
        tz = self.parse_offset(offset, native_id=native_id) if isinstance(offset, str) else offset
        if not isinstance(value, str):
            raise self._bad_time(path, value, native_id, f"expected text in {fmt!r}")
        try:
            return datetime.strptime(value.strip(), fmt).replace(tzinfo=tz)
        except ValueError as exc:
            raise self._bad_time(path, value, native_id, str(exc)) from exc

    def parse_offset(self, value: str, *, native_id: str | None = None) -> timezone:
        match = _OFFSET.match(value.strip())
        if not match:
            raise InvalidFieldError(
                self.channel, f"UTC offset {value!r} is not ±HH:MM", native_id=native_id
            )
        sign, hours, minutes = match.groups()
        delta = timedelta(hours=int(hours), minutes=int(minutes))
        if delta >= timedelta(hours=24):
            raise InvalidFieldError(self.channel, f"UTC offset {value!r}", native_id=native_id)
        return timezone(-delta if sign == "-" else delta)

    def rfc2822_time(
        self, native: Mapping[str, Any], path: str, *, native_id: str | None = None
    ) -> datetime:
        """An e-mail style date (``Tue, 04 Mar 2025 10:22:05 +0800``); ``-0000`` means UTC."""
        value = self.require(native, path, native_id=native_id)
        if not isinstance(value, str):
            raise self._bad_time(path, value, native_id, "expected an RFC 2822 date string")
        try:
            moment = email.utils.parsedate_to_datetime(value.strip())
        except (ValueError, TypeError, IndexError) as exc:
            raise self._bad_time(path, value, native_id, str(exc)) from exc
        # RFC 5322: "-0000" is UTC with the sender's zone unknown; the parser returns it naive.
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)

    def epoch_time(
        self,
        native: Mapping[str, Any],
        path: str,
        *,
        unit: float,
        native_id: str | None = None,
    ) -> datetime:
        """A Unix timestamp in seconds (``unit=1``) or milliseconds (``unit=1000``)."""
        value = self.require(native, path, native_id=native_id)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._bad_time(path, value, native_id, "expected a number")
        try:
            return datetime.fromtimestamp(value / unit, UTC)
        except (OverflowError, OSError, ValueError) as exc:
            raise self._bad_time(path, value, native_id, str(exc)) from exc

    def date_text(
        self,
        native: Mapping[str, Any],
        path: str,
        fmt: str,
        *,
        native_id: str | None = None,
    ) -> str | None:
        """An optional calendar date in the source's ``fmt``, as ISO ``YYYY-MM-DD``."""
        value = self.get(native, path)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, str):
            raise InvalidFieldError(
                self.channel, f"{path!r} must be a date string", field=path, native_id=native_id
            )
        try:
            return datetime.strptime(value.strip(), fmt).date().isoformat()
        except ValueError as exc:
            raise InvalidFieldError(
                self.channel,
                f"{path!r} = {value!r} is not a date in {fmt!r}",
                field=path,
                native_id=native_id,
            ) from exc

    def amount(self, value: Any, path: str, *, native_id: str | None = None) -> Decimal:
        """A money amount given as a decimal string or number; floats go through ``str``."""
        if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
            raise InvalidFieldError(
                self.channel, f"{path!r} must be an amount", field=path, native_id=native_id
            )
        try:
            result = Decimal(str(value).strip())
        except InvalidOperation as exc:
            raise InvalidFieldError(
                self.channel,
                f"{path!r} = {value!r} is not an amount",
                field=path,
                native_id=native_id,
            ) from exc
        if not result.is_finite() or abs(result) >= Decimal("1e15"):
            raise InvalidFieldError(
                self.channel, f"{path!r} = {value!r}", field=path, native_id=native_id
            )
        return result


# --- module helpers ---------------------------------------------------------------------------


@functools.cache
def _steps(path: str) -> tuple[str, ...]:
    return tuple(path.split("."))


def _clean_text(value: str | None) -> str | None:
    if value is None:
        return None
    stripped = value.strip()
    return stripped or None


def string_map(values: Mapping[str, Any]) -> dict[str, str]:
    """Attributes as the schema wants them: str → str, None and blanks dropped, in key order.

    Dates become ISO dates, Decimals keep their digits, booleans become 'true'/'false'.
    """
    out: dict[str, str] = {}
    for key in sorted(values):
        value = values[key]
        if value is None:
            continue
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, datetime):
            text = to_utc_millis(value).isoformat() if value.tzinfo else value.isoformat()
        elif isinstance(value, date):
            text = value.isoformat()
        else:
            text = str(value).strip()
        if text:
            out[str(key)] = text
    return out


def identifiers(**values: str | None) -> dict[str, str | None]:
    """The identifiers dict with all six keys; unknown keys are a programming error."""
    unknown = set(values) - set(IDENTIFIER_FIELDS)
    if unknown:
        raise TypeError(f"unknown identifier keys {sorted(unknown)}")
    return {key: _clean_text(values.get(key)) for key in IDENTIFIER_FIELDS}
