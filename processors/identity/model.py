"""The data identity resolution works on: its input, its outputs, its errors and its ids."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from core.errors import ChorusError
from schemas.channels import IDENTIFIER_TYPES

# Identifier types in precedence order: the first one present names the customer and picks the
# component an event belongs to. Shared with the validation processor's primary key.
ID_TYPES: tuple[str, ...] = IDENTIFIER_TYPES
RANK: dict[str, int] = {id_type: rank for rank, id_type in enumerate(ID_TYPES)}


class IdentityError(ChorusError):
    """Base of identity resolution's errors."""


class MalformedInteractionError(IdentityError):
    """An input record does not follow the interaction contract."""

    def __init__(self, message: str, line_no: int | None = None) -> None:
        super().__init__(f"line {line_no}: {message}" if line_no is not None else message)
        self.line_no = line_no


class UnknownCustomerError(IdentityError):
    """An operator named a customer id (or identifiers) the state does not hold."""


class StateFormatError(IdentityError):
    """A serialised state cannot be read back (wrong version or shape)."""


@dataclass(frozen=True, slots=True)
class Observation:
    """An interaction as identity resolution sees it, whatever it was read from."""

    event_id: str
    occurred_ms: int  # epoch milliseconds, UTC
    channel: str
    identifiers: tuple[tuple[str, str], ...]  # (type, raw value), present ones only
    source_system: str | None = None


# --- outputs -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Resolved:
    """The customer an event belongs to, as far as is known when it is processed."""

    event_id: str
    customer_id: str


@dataclass(frozen=True, slots=True)
class Merged:
    """Customer ``merged`` is retired: everything it held now belongs to ``survivor``."""

    survivor: str
    merged: str
    evidence_event_id: str | None  # the event that caused it; None for an operator's split
    identifiers: tuple[str, ...]  # that event's identifiers, "type:value"


@dataclass(frozen=True, slots=True)
class Split:
    """Customer ``customer_id`` fell apart into ``into`` (which may include itself)."""

    customer_id: str
    into: tuple[str, ...]
    evidence_event_id: str | None  # None when an operator asked for it
    reason: str


@dataclass(frozen=True, slots=True)
class Conflict:
    """A link that was not applied, for a person to review.

    ``kind`` is ``cap`` (it would give a customer too many identifiers of ``identifier_type``),
    ``hub`` (``identifiers[0]`` was seen with too many identifiers of ``identifier_type`` and no
    longer links anything) or ``apart`` (an operator split these identifiers apart).
    """

    kind: str
    # the earliest event that presented these identifiers together (hub: the one that made it)
    evidence_event_id: str
    identifiers: tuple[str, ...]
    customer_ids: tuple[str, ...]
    identifier_type: str | None
    detail: str


@dataclass(frozen=True, slots=True)
class Rejected:
    """An identifier that was not used: junk, invalid, a test number or blocked."""

    event_id: str
    identifier_type: str
    raw: str
    reason: str


IdentityOutput = Resolved | Merged | Split | Conflict | Rejected


# --- ids -----------------------------------------------------------------------------------


def _digest(text: str, length: int) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def identifier_type(key: str) -> str:
    """'email' for 'email:ann@example.org'."""
    return key.partition(":")[0]


def sort_key(key: str) -> tuple[int, str]:
    """The total order on identifiers: type precedence, then the normalised value."""
    id_type, _, value = key.partition(":")
    return (RANK[id_type], value)


def customer_id_for(identifiers: Iterable[str]) -> str:
    """A customer's id: "c_" + 16 hex of sha256 of its smallest identifier ("type:value")."""
    return "c_" + _digest(min(identifiers, key=sort_key), 16)


def anonymous_id(event_id: str) -> str:
    """The customer of an event without a usable identifier: its own, derived from its id."""
    return "anon_" + _digest("event:" + event_id, 16)


def link_id(identifiers: Sequence[str]) -> str:
    """Stable id of the set of identifiers one event presented together (sorted keys)."""
    return "l_" + _digest(json.dumps(list(identifiers), ensure_ascii=False), 32)
