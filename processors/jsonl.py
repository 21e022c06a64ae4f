"""Interaction JSON Lines in, the records the pipeline would accept out: one set of input rules.

``chorus resolve``, ``chorus detect`` (and whatever else reads interactions from outside Kafka)
read their input through :func:`read_interactions`. Each line goes through the steps below; the
first one that fails makes the line a :class:`LineError` with its line number, and reading goes
on with the next line. Nothing in a line can raise past this module, and the work per line is
bounded:

1. **size**: a line longer than ``max_line_bytes`` (default 1 MiB, the broker's default
   ``message.max.bytes``) is refused without being held or parsed: the reader skips to the next
   newline in 64 KiB chunks, so a 50 MB line costs ~50 MB of reading and nothing else;
2. **UTF-8**: strict; the error names the byte offset;
3. **nesting**: JSON deeper than ``max_depth`` is refused *before* ``json.loads`` (which
   recurses in C and would raise ``RecursionError``), by a linear scan that ignores brackets
   inside strings;
4. **JSON**: strict JSON, so also no ``NaN``/``Infinity`` and no duplicate keys (two parsers
   may pick different values of a duplicated key: the line is ambiguous);
5. **shape**: the line becomes the record the pipeline's router sees after Avro decoding
   (``schemas/interaction.avsc``: ``occurred_at`` an aware UTC datetime cut to milliseconds,
   the ``identifiers`` record with all six keys, ``attributes`` a map of strings, ...); a line
   that cannot be that record (wrong types, missing fields, unknown identifier types, a
   timestamp without offset, unpaired surrogates) is refused;
6. **the pipeline's rules**: :func:`processors.validation.validate_interaction`, the very
   function the router calls; an interaction it refuses is a rejection with the router's
   ``reason_code`` (``unknown_channel``, ``no_identifier``, ``future_timestamp``, ...): the line
   would have been dead-lettered.

The JSON Lines contract (the batch names; the Avro field is given where it differs):

``event_id`` (string), ``occurred_at`` (ISO-8601 with an offset), ``channel`` (string),
``direction`` (``inbound``|``outbound``), ``type`` (string; Avro ``interaction_type``),
``identifiers`` ({email|phone|loyalty_id|account_id|device_id|crm_id: string or null}; absent
means none), and optional: ``text`` (string or null), ``attributes`` ({string: string}),
``consents`` ({string: boolean}), ``source_system`` (string, default ``"jsonl"``),
``received_at`` (ISO-8601 with offset, default ``occurred_at``), ``batch_id`` (string or null).
Other keys are ignored, as an Avro reader ignores fields its schema does not have.

Pure: no Kafka, no Faust, no I/O beyond reading the stream it is given.
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from typing import Any, BinaryIO, Final, Protocol

from processors.validation import DEFAULT_LIMITS, InputLimits, validate_interaction

MAX_LINE_BYTES: Final = 1_048_576
"""Default line limit: Kafka's default ``message.max.bytes`` (1 MiB) holds no larger event."""
MAX_DEPTH: Final = 16
"""Default nesting limit. An interaction is two levels deep ({"identifiers": {...}})."""
DEFAULT_FUTURE_SKEW: Final = timedelta(days=1)  # CHORUS_MAX_FUTURE_SKEW_SECONDS's default
SOURCE_SYSTEM: Final = "jsonl"
ADAPTER_VERSION: Final = "chorus-jsonl/1"

# The Identifiers record's fields in schema order (a decoded record has all six keys).
IDENTIFIER_FIELDS: Final = ("email", "phone", "loyalty_id", "account_id", "device_id", "crm_id")
_IDENTIFIER_SET: Final = frozenset(IDENTIFIER_FIELDS)
_DIRECTIONS: Final = frozenset({"inbound", "outbound"})
_CHUNK: Final = 65_536
_JSON_SPACE: Final = " \t\r\n"
# A JSON string, or an unterminated one to the end of the text. Possessive quantifiers and the
# optional closing quote make every match one pass that never restarts inside a string: with
# a closing quote required, `"\"\"\"…` without an end re-scans from each quote (quadratic).
_STRING: Final = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"?', re.DOTALL)
_NOT_BRACKET: Final = re.compile(r"[^\[\]{}]+")
_DEPTH_STEP: Final = {"[": 1, "{": 1, "]": -1, "}": -1}
_SURROGATE: Final = re.compile("[\ud800-\udfff]")
# how a surrogate gets into decoded JSON: a \uD800-\uDFFF escape (raw UTF-8 cannot hold one)
_SURROGATE_ESCAPE: Final = re.compile(r"\\u[dD][89a-fA-F]")
_REASON_CHARS: Final = 200  # a value quoted in a reason is cut to this many characters


class Readable(Protocol):
    """A binary stream: ``readline(limit)`` returns at most ``limit`` bytes."""

    def readline(self, size: int = ..., /) -> bytes: ...


@dataclass(frozen=True, slots=True)
class InputRules:
    """The limits and the clock one run applies to every line."""

    max_line_bytes: int = MAX_LINE_BYTES
    max_depth: int = MAX_DEPTH
    max_future_skew: timedelta = DEFAULT_FUTURE_SKEW
    now: datetime | None = None  # the validation clock; None: when reading starts
    limits: InputLimits = DEFAULT_LIMITS  # the pipeline's field limits (CHORUS_MAX_*)

    def __post_init__(self) -> None:
        if self.max_line_bytes < 1 or self.max_depth < 1:
            raise ValueError("max_line_bytes and max_depth must be positive")


@dataclass(frozen=True, slots=True)
class Accepted:
    """A line the pipeline would accept, as the decoded Avro record its router would see."""

    line_no: int
    record: dict[str, Any]


@dataclass(frozen=True, slots=True)
class LineError:
    """A line that is refused. ``code`` is None when the line is not an interaction at all
    (malformed), else the dead-letter ``reason_code`` the pipeline would give it."""

    line_no: int
    reason: str
    code: str | None = None

    @property
    def rejected(self) -> bool:
        return self.code is not None

    @property
    def message(self) -> str:
        """The reason, with the reason code when the pipeline would dead-letter the line."""
        return self.reason if self.code is None else f"rejected ({self.code}): {self.reason}"

    def __str__(self) -> str:
        return f"line {self.line_no}: {self.message}"


Outcome = Accepted | LineError


@dataclass
class Tally:
    """Counts of one run, for the closing summary."""

    lines: int = 0  # non-blank lines read
    accepted: int = 0
    malformed: int = 0
    rejected: Counter[str] = field(default_factory=Counter)  # reason_code -> lines

    def count(self, outcome: Outcome) -> Outcome:
        self.lines += 1
        if isinstance(outcome, Accepted):
            self.accepted += 1
        elif outcome.code is None:
            self.malformed += 1
        else:
            self.rejected[outcome.code] += 1
        return outcome

    @property
    def refused(self) -> int:
        return self.malformed + self.rejected.total()

    def summary(self) -> str:
        """``5 lines: 2 accepted, 3 refused (1 malformed, 2 rejected: no_identifier 1, ...)``"""
        text = (
            f"{self.lines} line{'' if self.lines == 1 else 's'}: "
            f"{self.accepted} accepted, {self.refused} refused"
        )
        if not self.refused:
            return text
        parts = [f"{self.malformed} malformed"] if self.malformed else []
        if self.rejected:
            codes = ", ".join(f"{code} {n}" for code, n in sorted(self.rejected.items()))
            parts.append(f"{self.rejected.total()} rejected: {codes}")
        return f"{text} ({'; '.join(parts)})"


class _MalformedError(Exception):
    """Internal: the line is not an interaction; carries the reason."""


def _quote(value: object) -> str:
    """A value inside a reason: repr (controls escaped), cut to a readable length."""
    text = repr(value)
    if len(text) > _REASON_CHARS:
        return f"{text[:_REASON_CHARS]}… ({len(text)} characters)"
    return text


# --- reading lines -------------------------------------------------------------------------


def physical_lines(stream: Readable, max_bytes: int) -> Iterator[tuple[int, bytes | int]]:
    """``(line_no, content)`` per ``\\n``-terminated line (terminator and a ``\\r`` before it
    removed); a line over ``max_bytes`` gives its length in bytes instead of its content,
    read through without being kept. Line numbers count from 1, as ``sed -n Np`` does."""
    line_no = 0
    while True:
        # max_bytes of content and a "\r\n" still fit: the line is complete and within bounds
        chunk = stream.readline(max_bytes + 2)
        if not chunk:
            return
        line_no += 1
        complete = chunk.endswith(b"\n")
        content = chunk.removesuffix(b"\n").removesuffix(b"\r") if complete else chunk
        if len(content) <= max_bytes:
            yield line_no, content
            continue
        size = len(chunk)
        while not chunk.endswith(b"\n"):
            chunk = stream.readline(_CHUNK)
            if not chunk:
                break
            size += len(chunk)
        yield line_no, size - chunk.endswith(b"\n")


def _numbered(lines: Iterable[str | bytes], max_bytes: int) -> Iterator[tuple[int, bytes | int]]:
    """Lines already split (a list, a text file): encoded, measured, newline removed."""
    for line_no, line in enumerate(lines, start=1):
        raw = line.encode("utf-8", "surrogatepass") if isinstance(line, str) else line
        raw = raw.removesuffix(b"\n").removesuffix(b"\r")
        yield line_no, (raw if len(raw) <= max_bytes else len(raw))


# --- one line ------------------------------------------------------------------------------


def _too_deep(text: str, max_depth: int) -> bool:
    """Does the JSON text nest deeper than ``max_depth``? Linear and without recursion.

    Brackets inside strings do not count. For text that is not valid JSON the answer may be
    wrong in either direction, but never so that a parse recurses deeper than allowed: the
    parser reads strings exactly as the scan skips them, up to where the text stops being JSON.
    """
    if text.count("[") + text.count("{") <= max_depth:  # the common case: a few brackets
        return False
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(map(_DEPTH_STEP.__getitem__, brackets)), default=0) > max_depth


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _MalformedError(f"duplicate key {_quote(key)}")
            seen.add(key)
    return result


def _no_constant(name: str) -> Any:
    raise _MalformedError(f"not JSON: {name} is not a JSON number")


# one decoder for every line (json.loads with options builds a new one per call)
_DECODER: Final = json.JSONDecoder(object_pairs_hook=_no_duplicates, parse_constant=_no_constant)


def _string(record: Mapping[str, Any], name: str, *, optional: bool = False) -> Any:
    """A string field; an optional one may be absent or null (then None)."""
    value = record.get(name)
    if value is None and optional:
        return None
    if name not in record:
        raise _MalformedError(f"{name!r} is missing")
    if type(value) is not str:
        raise _MalformedError(f"{name!r} must be a string, got {_json_type(value)}")
    return value


def _no_surrogates(value: object) -> None:
    """Every string in ``value`` is text: a surrogate left after JSON decoding has no pair (a
    pair decodes to one character) and cannot be encoded as UTF-8, Avro or ClickHouse.

    A loop over a stack, not recursion: ``check_json`` may get a value from any parser.
    """
    stack: list[tuple[object, str]] = [(value, "")]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            found = _SURROGATE.search(item)
            if found is not None:
                raise _MalformedError(
                    f"{where or 'the line'!r} holds an unpaired surrogate ({found.group()!r}): "
                    "not text"
                )
        elif isinstance(item, dict):
            for key, child in item.items():
                stack.append((key, f"{where} key" if where else "a key"))
                stack.append((child, f"{where}[{key!r}]" if where else str(key)))
        elif isinstance(item, list):
            stack.extend((child, f"{where}[{i}]") for i, child in enumerate(item))


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "a string"


def _timestamp(record: Mapping[str, Any], name: str) -> datetime:
    stamp: str = _string(record, name)
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError as exc:
        raise _MalformedError(f"{name} {_quote(stamp)} is not an ISO-8601 timestamp") from exc
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise _MalformedError(f"{name} {_quote(stamp)} has no UTC offset")
    try:
        moment = moment.astimezone(UTC)
    except OverflowError as exc:
        raise _MalformedError(f"{name} {_quote(stamp)} is out of range") from exc
    # timestamp-millis: what the router sees after the Avro round trip
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def _string_map(record: Mapping[str, Any], name: str, value_type: type) -> dict[str, Any]:
    value = record.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _MalformedError(f"{name!r} must be an object, got {_json_type(value)}")
    for key, item in value.items():
        if type(item) is not value_type:
            kind = "strings" if value_type is str else "booleans"
            raise _MalformedError(
                f"{name!r} must map strings to {kind}; {_quote(key)} is {_json_type(item)}"
            )
    return dict(value)


def _identifiers(record: Mapping[str, Any]) -> dict[str, str | None]:
    value = record.get("identifiers", {})
    if not isinstance(value, dict):
        raise _MalformedError(f"'identifiers' must be an object, got {_json_type(value)}")
    unknown = sorted(key for key in value if key not in _IDENTIFIER_SET)
    if unknown:
        raise _MalformedError(
            f"unknown identifier types {_quote(unknown)} (known: {', '.join(IDENTIFIER_FIELDS)})"
        )
    found: dict[str, str | None] = {}
    for kind in IDENTIFIER_FIELDS:
        raw = value.get(kind)
        if raw is not None and type(raw) is not str:
            raise _MalformedError(f"identifier {kind!r} must be a string, got {_json_type(raw)}")
        found[kind] = raw
    return found


def to_record(obj: object) -> dict[str, Any]:
    """A decoded JSON line as the ``Interaction`` record the router sees after Avro decoding.

    Raises ``_MalformedError`` (internal) when the line cannot be that record.
    """
    if not isinstance(obj, dict):
        raise _MalformedError(f"an interaction is a JSON object, got {_json_type(obj)}")
    occurred_at = _timestamp(obj, "occurred_at")
    direction = obj.get("direction")
    if type(direction) is not str or direction not in _DIRECTIONS:
        raise _MalformedError(
            f"'direction' must be 'inbound' or 'outbound', got {_quote(direction)}"
        )
    source_system = _string(obj, "source_system", optional=True)
    return {
        "event_id": _string(obj, "event_id"),
        "occurred_at": occurred_at,
        "received_at": _timestamp(obj, "received_at") if "received_at" in obj else occurred_at,
        "channel": _string(obj, "channel"),
        "direction": direction,
        "interaction_type": _string(obj, "type"),
        "identifiers": _identifiers(obj),
        "text": _string(obj, "text", optional=True),
        "attributes": _string_map(obj, "attributes", str),
        "consents": _string_map(obj, "consents", bool),
        "source_system": SOURCE_SYSTEM if source_system is None else source_system,
        "adapter_version": ADAPTER_VERSION,
        "batch_id": _string(obj, "batch_id", optional=True),
    }


def check_json(obj: object, line_no: int, rules: InputRules, now: datetime) -> Outcome:
    """Steps 5-6 of the module docstring for one decoded JSON value."""
    return _check(obj, line_no, rules, now, may_hold_surrogates=True)


def _check(
    obj: object, line_no: int, rules: InputRules, now: datetime, *, may_hold_surrogates: bool
) -> Outcome:
    try:
        if may_hold_surrogates:
            _no_surrogates(obj)
        record = to_record(obj)
    except _MalformedError as exc:
        return LineError(line_no, str(exc))
    rejection = validate_interaction(
        record, now=now, max_future_skew=rules.max_future_skew, limits=rules.limits
    )
    if rejection is not None:
        return LineError(line_no, rejection.reason, rejection.code)
    return Accepted(line_no, record)


def decode_line(content: bytes, line_no: int, rules: InputRules, now: datetime) -> Outcome:
    """Steps 2-6 of the module docstring for one line's bytes (its size is the caller's)."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        return LineError(
            line_no, f"not UTF-8 (byte 0x{content[exc.start]:02x} at byte {exc.start + 1})"
        )
    if line_no == 1 and text.startswith("\ufeff"):
        text = text[1:]  # a byte order mark some editors write
    if _too_deep(text, rules.max_depth):
        return LineError(line_no, f"JSON nested deeper than {rules.max_depth} levels")
    try:
        obj = _DECODER.decode(text)
    except _MalformedError as exc:
        return LineError(line_no, str(exc))
    except json.JSONDecodeError as exc:
        return LineError(line_no, f"not JSON: {exc.msg} at column {exc.colno}")
    except ValueError as exc:  # "Exceeds the limit (4300 digits) for integer string conversion"
        return LineError(line_no, f"not JSON: {str(exc).split(':')[0]}")
    may_hold_surrogates = _SURROGATE_ESCAPE.search(text) is not None
    return _check(obj, line_no, rules, now, may_hold_surrogates=may_hold_surrogates)


def read_interactions(
    source: BinaryIO | Iterable[str | bytes], rules: InputRules | None = None
) -> Iterator[Outcome]:
    """Every non-blank line of ``source``, as an :class:`Accepted` or a :class:`LineError`.

    ``source`` is a binary stream (read with the line-size bound applied while reading, so an
    endless line never sits in memory) or lines already split (each one measured). Blank lines
    (JSON whitespace only) are skipped but counted for the line numbers.
    """
    rules = rules or InputRules()
    now = rules.now or datetime.now(UTC)
    numbered = (
        physical_lines(source, rules.max_line_bytes)
        if isinstance(source, io.BufferedIOBase | io.RawIOBase)
        else _numbered(source, rules.max_line_bytes)
    )
    for line_no, content in numbered:
        if isinstance(content, int):
            yield LineError(
                line_no, f"too long: {content:,} bytes, the limit is {rules.max_line_bytes:,}"
            )
        elif content.strip(_JSON_SPACE.encode()):
            yield decode_line(content, line_no, rules, now)
