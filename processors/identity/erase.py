"""Erasure of customers from the identity state (``chorus privacy erase``, docs/privacy.md).

Removes every trace of the named customers and identifiers from an :class:`IdentityState`:
their customer entries, their identifiers' entries, every link that presented one of their
identifiers, and the mentions of their identifiers in other identifiers' entries (co-presence
lists, operator splits, link indexes). Deletions go through the state's maps, so on a tracked
state (:func:`processors.identity.state.tracked`) the removed shards come out of
``take_dirty_shards`` as ``None`` (tombstones) and the neighbours that changed as new values.

Other customers are *not* re-derived: a link that was refused only because of an erased
identifier stays refused until new evidence re-derives that region (docs/privacy.md, limits).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from processors.identity.state import IdentityState


@dataclass(frozen=True)
class Erased:
    """What was removed, by state map (keys without the shard prefix), sorted."""

    customers: list[str] = field(default_factory=list)
    identifiers: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)

    def shards(self) -> list[str]:
        """The shard keys (``c:``/``i:``/``l:``) that are gone."""
        return (
            [f"c:{c}" for c in self.customers]
            + [f"i:{i}" for i in self.identifiers]
            + [f"l:{lid}" for lid in self.links]
        )


def erase(state: IdentityState, customer_ids: Iterable[str], identifiers: Iterable[str]) -> Erased:
    """Remove the customers, every customer that holds one of ``identifiers`` now, and all of
    their identifiers and links. Unknown ids and identifiers are skipped (idempotent)."""
    doomed_customers, doomed_keys = _doomed(state, customer_ids, identifiers)
    ids, customers, links = state.identifiers, state.customers, state.links
    doomed_links: set[str] = set()
    for key in doomed_keys:
        doomed_links.update(ids[key].links)
    # links that name an erased identifier but are not in its index (a hub's index is dropped)
    doomed_links.update(
        lid
        for lid, link in dict.items(links)
        if lid not in doomed_links and not doomed_keys.isdisjoint(link.identifiers)
    )
    _forget_mentions(state, doomed_keys, doomed_links)
    for lid in doomed_links:
        del links[lid]
    for key in doomed_keys:
        del ids[key]
    for customer_id in doomed_customers:
        del customers[customer_id]
    return Erased(sorted(doomed_customers), sorted(doomed_keys), sorted(doomed_links))


def _doomed(
    state: IdentityState, customer_ids: Iterable[str], identifiers: Iterable[str]
) -> tuple[set[str], set[str]]:
    """The customers to erase (named, or holding a named identifier) and all their identifiers."""
    ids, customers = state.identifiers, state.customers
    doomed_customers = {c for c in customer_ids if c in customers}
    doomed_keys = {key for key in identifiers if key in ids}
    doomed_customers.update(ids[key].customer for key in doomed_keys)
    for customer_id in doomed_customers:
        doomed_keys.update(customers[customer_id].identifiers)
    return doomed_customers, doomed_keys


def _forget_mentions(state: IdentityState, doomed_keys: set[str], doomed_links: set[str]) -> None:
    """Drop the erased identifiers and links from the entries of the identifiers that stay."""
    ids, links = state.identifiers, state.links
    neighbours: set[str] = set()
    for lid in doomed_links:
        neighbours.update(links[lid].identifiers)
    for key in doomed_keys:
        entry = ids[key]
        for keys in entry.near.values():
            neighbours.update(keys)
        neighbours.update(entry.apart)
    for key in sorted(neighbours - doomed_keys):
        kept = ids.get(key)
        if kept is None:
            continue
        kept.links = [lid for lid in kept.links if lid not in doomed_links]
        kept.apart = [k for k in kept.apart if k not in doomed_keys]
        near = {t: [k for k in keys if k not in doomed_keys] for t, keys in kept.near.items()}
        kept.near = {t: keys for t, keys in near.items() if keys}
