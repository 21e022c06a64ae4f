"""Identity state as plain data, in three key-value maps that can each be sharded by key.

* ``identifiers``: identifier key ("type:value") -> its customer, the links it appears in, the
  distinct identifiers it was seen with (for hub detection), hub flag, operator splits.
* ``customers``: customer id -> its identifiers.
* ``links``: link id -> the identifiers one or more events presented together, the earliest
  such event (the link's place in the canonical order) and whether the link holds.

Every list is kept sorted so that the same facts always serialise to the same JSON whatever
order they were learned in (the property tests compare states byte for byte).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from processors.identity.model import StateFormatError

STATE_VERSION = 1
LINKED = "linked"
CONFLICT = "conflict"


@dataclass(slots=True)
class IdentifierEntry:
    customer: str
    links: list[str] = field(default_factory=list)  # link ids, sorted; frozen empty for hubs
    near: dict[str, list[str]] = field(default_factory=dict)  # type -> co-presented keys
    hub: bool = False
    apart: list[str] = field(default_factory=list)  # keys an operator split this one from

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"customer": self.customer}
        if self.links:
            data["links"] = list(self.links)
        if self.near:
            data["near"] = {t: list(keys) for t, keys in sorted(self.near.items())}
        if self.hub:
            data["hub"] = True
        if self.apart:
            data["apart"] = list(self.apart)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> IdentifierEntry:
        return cls(
            customer=data["customer"],
            links=list(data.get("links", ())),
            near={t: list(keys) for t, keys in data.get("near", {}).items()},
            hub=bool(data.get("hub", False)),
            apart=list(data.get("apart", ())),
        )


@dataclass(slots=True)
class CustomerEntry:
    identifiers: list[str]  # sorted by model.sort_key; the first one names the customer

    def to_dict(self) -> dict[str, Any]:
        return {"identifiers": list(self.identifiers)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CustomerEntry:
        return cls(identifiers=list(data["identifiers"]))


@dataclass(slots=True)
class LinkEntry:
    identifiers: list[str]  # sorted by model.sort_key
    first_ms: int  # occurred_at of the earliest event that presented them together
    first_event: str  # its event id (ties on time break on the id)
    status: str = LINKED  # LINKED when all non-hub identifiers share a customer, else CONFLICT

    @property
    def order(self) -> tuple[int, str]:
        return (self.first_ms, self.first_event)

    def to_dict(self) -> dict[str, Any]:
        return {
            "identifiers": list(self.identifiers),
            "first_ms": self.first_ms,
            "first_event": self.first_event,
            "status": self.status,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LinkEntry:
        return cls(
            identifiers=list(data["identifiers"]),
            first_ms=int(data["first_ms"]),
            first_event=str(data["first_event"]),
            status=str(data.get("status", LINKED)),
        )


@dataclass
class IdentityState:
    identifiers: dict[str, IdentifierEntry] = field(default_factory=dict)
    customers: dict[str, CustomerEntry] = field(default_factory=dict)
    links: dict[str, LinkEntry] = field(default_factory=dict)

    def customer_of(self, key: str) -> str | None:
        entry = self.identifiers.get(key)
        return entry.customer if entry is not None else None

    def groups(self) -> Iterator[tuple[str, tuple[str, ...]]]:
        """(customer id, identifiers) of every customer, in customer id order."""
        for customer_id in sorted(self.customers):
            yield customer_id, tuple(self.customers[customer_id].identifiers)

    def hubs(self) -> list[str]:
        return sorted(k for k, e in self.identifiers.items() if e.hub)

    def to_dict(self) -> dict[str, Any]:
        """JSON-compatible, with sorted keys: equal states give equal dicts."""
        return {
            "version": STATE_VERSION,
            "identifiers": {k: self.identifiers[k].to_dict() for k in sorted(self.identifiers)},
            "customers": {k: self.customers[k].to_dict() for k in sorted(self.customers)},
            "links": {k: self.links[k].to_dict() for k in sorted(self.links)},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> IdentityState:
        if data.get("version") != STATE_VERSION:
            raise StateFormatError(f"identity state version {data.get('version')!r} unknown")
        try:
            return cls(
                identifiers={
                    k: IdentifierEntry.from_dict(v) for k, v in data["identifiers"].items()
                },
                customers={k: CustomerEntry.from_dict(v) for k, v in data["customers"].items()},
                links={k: LinkEntry.from_dict(v) for k, v in data["links"].items()},
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise StateFormatError(f"identity state is malformed: {exc!r}") from exc


# --- dirty-key tracking for a sharded, persisted state ---------------------------------------

_SHARD_PREFIX = {"identifiers": "i:", "customers": "c:", "links": "l:"}


class TrackedDict(dict[str, Any]):
    """A dict that remembers which keys were looked up or written since the last :meth:`take`.

    Entries are mutated in place by the resolver (``ids[key].customer = ...``), so a *read*
    must count as possibly dirty too; the caller compares before writing anything out.
    ``written`` holds only the keys that were assigned or deleted (a new entry object).
    """

    __slots__ = ("touched", "written")

    def __init__(self, data: Mapping[str, Any] | None = None) -> None:
        super().__init__(data or {})
        self.touched: set[str] = set()
        self.written: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        self.touched.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self.touched.add(key)
        return super().get(key, default)

    def __setitem__(self, key: str, value: Any) -> None:
        self.touched.add(key)
        self.written.add(key)
        super().__setitem__(key, value)

    def __delitem__(self, key: str) -> None:
        self.touched.add(key)
        self.written.add(key)
        super().__delitem__(key)

    def setdefault(self, key: str, default: Any = None) -> Any:
        self.touched.add(key)
        self.written.add(key)
        return super().setdefault(key, default)

    def pop(self, key: str, *default: Any) -> Any:
        self.touched.add(key)
        self.written.add(key)
        return super().pop(key, *default)

    def values(self) -> Any:  # every entry handed out may be changed
        self.touched.update(self.keys())
        return super().values()

    def items(self) -> Any:
        self.touched.update(self.keys())
        return super().items()


def tracked(state: IdentityState) -> IdentityState:
    """The same entries, in maps that track which keys a resolver touches (see :func:`shards`)."""
    return IdentityState(
        identifiers=TrackedDict(state.identifiers),
        customers=TrackedDict(state.customers),
        links=TrackedDict(state.links),
    )


def _tracked_maps(state: IdentityState) -> dict[str, TrackedDict]:
    maps = {"identifiers": state.identifiers, "customers": state.customers, "links": state.links}
    for name, found in maps.items():
        if not isinstance(found, TrackedDict):
            raise TypeError(f"state.{name} is not tracked: build the state with tracked()")
    return {name: found for name, found in maps.items() if isinstance(found, TrackedDict)}


def take_written_customers(state: IdentityState) -> set[str]:
    """Customer ids created, replaced or removed since the last call (membership changes)."""
    customers = _tracked_maps(state)["customers"]
    written, customers.written = customers.written, set()
    return written


def take_dirty_shards(state: IdentityState) -> dict[str, bytes | None]:
    """The shards (``i:``/``c:``/``l:`` + key → JSON bytes, None = deleted) that may have
    changed since the last call; the caller skips the ones equal to what it stored."""
    out: dict[str, bytes | None] = {}
    for name, found in _tracked_maps(state).items():
        prefix = _SHARD_PREFIX[name]
        touched, found.touched = found.touched, set()
        if name != "customers":  # customers.written is for take_written_customers
            found.written = set()
        for key in touched:
            entry = dict.get(found, key)
            out[prefix + key] = None if entry is None else shard_bytes(entry.to_dict())
    return out


def all_shards(state: IdentityState) -> dict[str, bytes]:
    """Every shard of ``state`` (for tests and a full rewrite)."""
    out: dict[str, bytes] = {}
    for name in ("identifiers", "customers", "links"):
        found: Mapping[str, Any] = getattr(state, name)
        for key in dict.keys(found) if isinstance(found, dict) else found:
            entry = dict.__getitem__(found, key) if isinstance(found, dict) else found[key]
            out[_SHARD_PREFIX[name] + key] = shard_bytes(entry.to_dict())
    return out


def state_from_shards(shards: Iterable[tuple[str, bytes]]) -> IdentityState:
    """Rebuild a (tracked) state from its shards, in any order."""
    state = tracked(IdentityState())
    try:
        for shard, value in shards:
            prefix, key = shard[:2], shard[2:]
            data = json.loads(value)
            if prefix == "i:":
                dict.__setitem__(state.identifiers, key, IdentifierEntry.from_dict(data))
            elif prefix == "c:":
                dict.__setitem__(state.customers, key, CustomerEntry.from_dict(data))
            elif prefix == "l:":
                dict.__setitem__(state.links, key, LinkEntry.from_dict(data))
            else:
                raise StateFormatError(f"unknown identity state shard {shard!r}")
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise StateFormatError(f"identity state shard is malformed: {exc!r}") from exc
    return state


def shard_bytes(data: Any) -> bytes:
    """A state shard's stored form: compact JSON, UTF-8 (shared by every shard kind)."""
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
