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

from collections.abc import Iterator, Mapping
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
