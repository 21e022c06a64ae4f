"""Linking identifiers into customers: the canonical-order union-find and its incremental form.

The rule (docs/identity.md has the full argument):

1. Every event that presents two or more usable identifiers adds a *link* between them. Links
   are de-duplicated by their set of identifiers and ordered by the earliest event that
   presented that set: ``(occurred_at, event_id)``. Replays and duplicates change nothing.
2. An identifier seen with more distinct identifiers of one type than ``hub_limits`` allows is
   a *hub* (a shared device, an agent's own e-mail, a shop's phone): it links nothing, ever.
3. The customers are what a union-find gives when it takes the links in that canonical order
   and refuses any union that would give a customer more than ``caps[type]`` identifiers of a
   type, or put together identifiers an operator split apart.
4. A customer's id is "c_" + 16 hex of sha256 of its smallest identifier in (type precedence,
   value) order; a merge's survivor is the id of the merged customer.

So the result is a function of the *set* of links: arrival order, duplicates and replays cannot
change it. :class:`IdentityResolver` reaches the same result incrementally: a link that refuses
nothing is applied at once (that cannot change any earlier decision, because refusals are
monotone); anything else re-derives the affected region from the link log.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from processors.identity.config import IdentityConfig
from processors.identity.model import (
    Conflict,
    IdentityError,
    IdentityOutput,
    Merged,
    Observation,
    Rejected,
    Resolved,
    Split,
    UnknownCustomerError,
    anonymous_id,
    customer_id_for,
    identifier_type,
    link_id,
    sort_key,
)
from processors.identity.normalise import Normaliser, Unusable
from processors.identity.state import (
    CONFLICT,
    LINKED,
    CustomerEntry,
    IdentifierEntry,
    IdentityState,
    LinkEntry,
)

_NO_APART: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Refusal:
    kind: str  # "cap" | "apart"
    id_type: str | None
    detail: str


class _Group:
    __slots__ = ("counts", "members")

    def __init__(self, members: list[str]) -> None:
        self.members = members
        self.counts: dict[str, int] = {}
        for key in members:
            id_type = identifier_type(key)
            self.counts[id_type] = self.counts.get(id_type, 0) + 1


class _Groups:
    """Union-find over a handful of identifiers with explicit member lists.

    Caps keep every group small (at most the sum of the caps), so relabelling the smaller side
    on a union is cheap and a group's counts and members are always at hand.
    """

    def __init__(self, caps: Mapping[str, int], apart_of: Callable[[str], Sequence[str]]) -> None:
        self._caps = caps
        self._apart_of = apart_of
        self._of: dict[str, _Group] = {}

    def seed(self, members: Iterable[str]) -> None:
        group = _Group(list(members))
        for key in group.members:
            self._of[key] = group

    def get(self, key: str) -> _Group:
        group = self._of.get(key)
        if group is None:
            group = self._of[key] = _Group([key])
        return group

    def refusal(self, a: _Group, b: _Group) -> _Refusal | None:
        for id_type, count in b.counts.items():
            cap = self._caps.get(id_type)
            total = a.counts.get(id_type, 0) + count
            if cap is not None and total > cap:
                return _Refusal("cap", id_type, f"{total} {id_type} identifiers > cap {cap}")
        small, big = (a, b) if len(a.members) <= len(b.members) else (b, a)
        for key in small.members:
            for other in self._apart_of(key):
                if self._of.get(other) is big:
                    return _Refusal("apart", None, f"{key} was split from {other}")
        return None

    def union(self, a: _Group, b: _Group) -> _Group:
        small, big = (a, b) if len(a.members) <= len(b.members) else (b, a)
        big.members.extend(small.members)
        for key in small.members:
            self._of[key] = big
        for id_type, count in small.counts.items():
            big.counts[id_type] = big.counts.get(id_type, 0) + count
        return big

    def link(self, identifiers: Sequence[str]) -> _Refusal | None:
        """Union every pair of ``identifiers`` (in order) that may be; the first refusal."""
        first: _Refusal | None = None
        for i, left in enumerate(identifiers):
            for right in identifiers[i + 1 :]:
                a, b = self.get(left), self.get(right)
                if a is b:
                    continue
                why = self.refusal(a, b)
                if why is None:
                    self.union(a, b)
                elif first is None:
                    first = why
        return first

    def together(self, identifiers: Sequence[str]) -> bool:
        return len({id(self.get(key)) for key in identifiers}) <= 1

    def distinct(self) -> list[_Group]:
        return list({id(g): g for g in self._of.values()}.values())


@dataclass(slots=True)
class _Derivation:
    members: dict[str, list[str]]  # customer id -> identifiers (sorted)
    status: dict[str, str]  # link id -> LINKED | CONFLICT
    refusals: dict[str, _Refusal]  # link id -> first refusal, for links that did not hold


def _derive(
    keys: Iterable[str],
    links: Mapping[str, LinkEntry],
    hubs: Collection[str],
    apart_of: Callable[[str], Sequence[str]],
    caps: Mapping[str, int],
) -> _Derivation:
    """The canonical-order, cap-respecting union-find over a closed set of identifiers."""
    groups = _Groups(caps, apart_of)
    for key in keys:
        groups.get(key)
    order = sorted(links, key=lambda lid: (links[lid].first_ms, links[lid].first_event, lid))
    refusals: dict[str, _Refusal] = {}
    active_of: dict[str, list[str]] = {}
    for lid in order:
        active = active_of[lid] = [k for k in links[lid].identifiers if k not in hubs]
        why = groups.link(active)
        if why is not None:
            refusals[lid] = why
    status = {lid: LINKED if groups.together(active_of[lid]) else CONFLICT for lid in order}
    members: dict[str, list[str]] = {}
    for group in groups.distinct():
        ordered = sorted(group.members, key=sort_key)
        members[customer_id_for(ordered[:1])] = ordered
    return _Derivation(
        members=members,
        status=status,
        refusals={lid: why for lid, why in refusals.items() if status[lid] == CONFLICT},
    )


def _insort(items: list[str], item: str) -> bool:
    i = bisect.bisect_left(items, item)
    if i < len(items) and items[i] == item:
        return False
    items.insert(i, item)
    return True


def _hub_overflow(entry: IdentifierEntry, hub_limits: Mapping[str, int]) -> str | None:
    for id_type, keys in sorted(entry.near.items()):
        limit = hub_limits.get(id_type)
        if limit is not None and len(keys) > limit:
            return id_type
    return None


def build_state(
    identifiers: Iterable[str],
    links: Mapping[str, LinkEntry],
    config: IdentityConfig,
    apart: Mapping[str, Collection[str]] | None = None,
) -> IdentityState:
    """The state the rule gives for these identifiers and links, computed in one pass.

    This is what :class:`IdentityResolver` converges to whatever order the same events arrive
    in; the batch entry point uses it directly. ``links`` are taken as they are (their order
    fields must already be the minimum over their events); their ``status`` is recomputed.
    """
    apart = apart or {}
    entries = {
        key: IdentifierEntry(customer="", apart=sorted(apart.get(key, ()))) for key in identifiers
    }
    near: dict[str, dict[str, set[str]]] = {}
    limits = config.hub_limits
    for lid in sorted(links):
        members = links[lid].identifiers
        typed = [(other, identifier_type(other)) for other in members]
        limited = [(other, t) for other, t in typed if t in limits]
        for key in members:
            entry = entries.get(key)
            if entry is None:
                entry = entries[key] = IdentifierEntry(customer="")
            entry.links.append(lid)
            if limited:
                by_type = near.setdefault(key, {})
                for other, other_type in limited:
                    if other != key:
                        by_type.setdefault(other_type, set()).add(other)
    hubs: set[str] = set()
    for key, by_type in near.items():
        entry = entries[key]
        if any(len(found) > limits[t] for t, found in by_type.items()):
            hubs.add(key)
            entry.hub, entry.links = True, []
        else:
            entry.near = {t: sorted(found) for t, found in sorted(by_type.items())}
    derived = _derive(
        entries, links, hubs, lambda key: entries[key].apart or _NO_APART, config.caps
    )
    state = IdentityState(identifiers=entries)
    for customer_id, members in derived.members.items():
        state.customers[customer_id] = CustomerEntry(members)
        for key in members:
            entries[key].customer = customer_id
    for lid, link in links.items():
        state.links[lid] = LinkEntry(
            list(link.identifiers), link.first_ms, link.first_event, derived.status[lid]
        )
    return state


def rebuild_state(state: IdentityState, config: IdentityConfig) -> IdentityState:
    """Re-derive everything from the link log, e.g. after ``caps`` or ``hub_limits`` changed."""
    return build_state(
        state.identifiers,
        state.links,
        config,
        apart={k: e.apart for k, e in state.identifiers.items() if e.apart},
    )


class IdentityResolver:
    """Applies observations one at a time to an :class:`IdentityState` and says what changed.

    Outputs per event, in this order: ``Rejected`` for each unusable identifier, ``Conflict``
    for links that did not hold, ``Split`` and ``Merged`` for customers that changed, and one
    ``Resolved`` with the event's customer as of now (later ``Merged``/``Split`` outputs say
    how that id moved on).
    """

    def __init__(
        self,
        config: IdentityConfig | None = None,
        state: IdentityState | None = None,
        normaliser: Normaliser | None = None,
    ) -> None:
        self.config = config or IdentityConfig()
        self.state = state if state is not None else IdentityState()
        self.normaliser = normaliser or Normaliser(self.config)

    # --- reading ---------------------------------------------------------------------------

    def identifier_keys(self, observation: Observation) -> tuple[list[str], list[Rejected]]:
        """The observation's usable identifier keys (sorted) and the values turned away."""
        region = self.config.region_for(observation.channel, observation.source_system)
        keys: set[str] = set()
        rejected: list[Rejected] = []
        for id_type, raw in observation.identifiers:
            found = self.normaliser.key(id_type, raw, region)
            if isinstance(found, Unusable):
                rejected.append(Rejected(observation.event_id, id_type, raw, found.reason))
            else:
                keys.add(found)
        return sorted(keys, key=sort_key), rejected

    def customer_of_event(self, keys: Sequence[str]) -> str:
        """The customer of an event with these (sorted, known) keys: its first non-hub key's."""
        ids = self.state.identifiers
        primary = next((k for k in keys if not ids[k].hub), keys[0])
        return ids[primary].customer

    # --- writing ---------------------------------------------------------------------------

    def observe(
        self,
        observation: Observation,
        identified: tuple[list[str], list[Rejected]] | None = None,
    ) -> list[IdentityOutput]:
        """``identified``: :meth:`identifier_keys` of the observation, if the caller has it."""
        keys, rejected = identified or self.identifier_keys(observation)
        outputs: list[IdentityOutput] = list(rejected)
        if not keys:
            outputs.append(Resolved(observation.event_id, anonymous_id(observation.event_id)))
            return outputs
        fresh = self._register(keys)
        if len(keys) > 1:
            outputs.extend(self._link(keys, observation.occurred_ms, observation.event_id, fresh))
        outputs.append(Resolved(observation.event_id, self.customer_of_event(keys)))
        return outputs

    def split(self, customer_id: str, detach: Iterable[str]) -> list[IdentityOutput]:
        """Detach identifiers from a customer for good; see docs/identity.md for the semantics.

        The detached identifiers and the rest are marked apart pairwise, so no link, present or
        future, puts any of them together again; then the customer's region is re-derived.
        """
        customer = self.state.customers.get(customer_id)
        if customer is None:
            raise UnknownCustomerError(f"no customer {customer_id!r}")
        detached = set(detach)
        unknown = sorted(detached - set(customer.identifiers))
        if unknown:
            raise UnknownCustomerError(f"{customer_id} does not hold {', '.join(unknown)}")
        rest = [k for k in customer.identifiers if k not in detached]
        if not detached or not rest:
            raise IdentityError(f"split of {customer_id} must detach some identifiers, not all")
        ids = self.state.identifiers
        for key in detached:
            for other in rest:
                _insort(ids[key].apart, other)
                _insort(ids[other].apart, key)
        return self._rederive(
            seeds=list(customer.identifiers),
            new_hubs={},
            new_link=None,
            evidence_event_id=None,
            evidence=(),
            fresh=set(),
            reason="operator split",
            conflicts=False,
        )

    def _apart_of(self, key: str) -> Sequence[str]:
        return self.state.identifiers[key].apart or _NO_APART

    def _register(self, keys: Sequence[str]) -> set[str]:
        """Give never-seen identifiers a customer of their own; return their customer ids."""
        fresh: set[str] = set()
        for key in keys:
            if key not in self.state.identifiers:
                customer_id = customer_id_for((key,))
                self.state.identifiers[key] = IdentifierEntry(customer=customer_id)
                self.state.customers[customer_id] = CustomerEntry([key])
                fresh.add(customer_id)
        return fresh

    def _link(
        self, keys: list[str], occurred_ms: int, event_id: str, fresh: set[str]
    ) -> list[IdentityOutput]:
        lid = link_id(keys)
        entry = self.state.links.get(lid)
        new_hubs: dict[str, str] = {}
        if entry is None:
            self.state.links[lid] = LinkEntry(list(keys), occurred_ms, event_id, LINKED)
            for key in keys:
                if not self.state.identifiers[key].hub:
                    _insort(self.state.identifiers[key].links, lid)
            new_hubs = self._note_neighbours(keys)
            new_link: str | None = lid
        elif (occurred_ms, event_id) < entry.order:
            # an earlier sighting of a known link moves it up the canonical order; that only
            # matters if it did not hold (a link that holds keeps holding wherever it sits)
            entry.first_ms, entry.first_event = occurred_ms, event_id
            if entry.status == LINKED:
                return []
            new_link = None
        else:
            return []  # a duplicate or a replay: nothing new
        if not new_hubs:
            outputs = self._apply_directly(keys, lid, event_id, fresh)
            if outputs is not None:
                return outputs
        return self._rederive(
            seeds=keys,
            new_hubs=new_hubs,
            new_link=new_link,
            evidence_event_id=event_id,
            evidence=tuple(keys),
            fresh=fresh,
            # a split here means a hub was found, or this link is earlier than the ones that
            # had taken its place under a cap
            reason="hub found" if new_hubs else "earlier evidence",
            conflicts=True,
        )

    def _note_neighbours(self, keys: Sequence[str]) -> dict[str, str]:
        """Record who was seen with whom; identifiers that just became hubs -> overflowing type."""
        new_hubs: dict[str, str] = {}
        limits = self.config.hub_limits
        for key in keys:
            entry = self.state.identifiers[key]
            if entry.hub:
                continue
            for other in keys:
                other_type = identifier_type(other)
                if other != key and other_type in limits:
                    _insort(entry.near.setdefault(other_type, []), other)
            overflow = _hub_overflow(entry, limits)
            if overflow is not None:
                entry.hub, entry.near = True, {}
                new_hubs[key] = overflow
        return new_hubs

    def _apply_directly(
        self, keys: Sequence[str], lid: str, event_id: str, fresh: set[str]
    ) -> list[IdentityOutput] | None:
        """Apply a link that refuses nothing; None if it would refuse something."""
        ids, customers = self.state.identifiers, self.state.customers
        active = [k for k in keys if not ids[k].hub]
        groups = _Groups(self.config.caps, self._apart_of)
        involved: list[str] = []
        for key in active:
            customer_id = ids[key].customer
            if customer_id not in involved:
                involved.append(customer_id)
                groups.seed(customers[customer_id].identifiers)
        for i, left in enumerate(active):
            for right in active[i + 1 :]:
                a, b = groups.get(left), groups.get(right)
                if a is b:
                    continue
                if groups.refusal(a, b) is not None:
                    return None
                groups.union(a, b)
        self.state.links[lid].status = LINKED
        if len(involved) < 2:
            return []
        members = sorted(groups.get(active[0]).members, key=sort_key)
        survivor = customer_id_for(members[:1])
        for customer_id in involved:
            del customers[customer_id]
        customers[survivor] = CustomerEntry(members)
        for key in members:
            ids[key].customer = survivor
        return [
            Merged(survivor, customer_id, event_id, tuple(keys))
            for customer_id in sorted(involved)
            if customer_id != survivor and customer_id not in fresh
        ]

    def _region(self, seeds: Iterable[str], expand: Collection[str]) -> tuple[set[str], set[str]]:
        """Identifiers and links reachable from ``seeds`` through links, not through hubs."""
        ids, links = self.state.identifiers, self.state.links
        region: set[str] = set()
        region_links: set[str] = set()
        stack = list(seeds)
        while stack:
            key = stack.pop()
            if key in region:
                continue
            region.add(key)
            entry = ids[key]
            if entry.hub and key not in expand:
                continue
            for lid in entry.links:
                if lid not in region_links:
                    region_links.add(lid)
                    stack.extend(k for k in links[lid].identifiers if k not in region)
        return region, region_links

    def _rederive(
        self,
        *,
        seeds: Sequence[str],
        new_hubs: Mapping[str, str],
        new_link: str | None,
        evidence_event_id: str | None,
        evidence: tuple[str, ...],
        fresh: set[str],
        reason: str,
        conflicts: bool,
    ) -> list[IdentityOutput]:
        """Recompute the region around ``seeds`` from the link log and report the differences."""
        ids, customers, links = self.state.identifiers, self.state.customers, self.state.links
        region, region_links = self._region([*seeds, *new_hubs], expand=new_hubs)
        derived = _derive(
            region,
            {lid: links[lid] for lid in region_links},
            {k for k in region if ids[k].hub},
            self._apart_of,
            self.config.caps,
        )
        before: dict[str, list[str]] = {}
        for key in region:
            before.setdefault(ids[key].customer, []).append(key)
        for customer_id in before:
            del customers[customer_id]
        for customer_id, members in derived.members.items():
            customers[customer_id] = CustomerEntry(members)
            for key in members:
                ids[key].customer = customer_id
        for key in new_hubs:
            ids[key].links = []  # a hub links nothing, so its link index is never read again

        outputs: list[IdentityOutput] = []
        if conflicts:
            outputs.extend(
                Conflict(
                    kind="hub",
                    evidence_event_id=evidence_event_id or "",
                    identifiers=(key,),
                    customer_ids=(ids[key].customer,),
                    identifier_type=id_type,
                    detail=f"seen with more than {self.config.hub_limits[id_type]} {id_type}",
                )
                for key, id_type in sorted(new_hubs.items())
            )
        outputs.extend(self._link_statuses(derived, region_links, new_link, report=conflicts))
        outputs.extend(self._changes(before, fresh, evidence_event_id, evidence, reason))
        return outputs

    def _link_statuses(
        self,
        derived: _Derivation,
        region_links: Collection[str],
        new_link: str | None,
        report: bool,
    ) -> list[IdentityOutput]:
        """Store the re-derived statuses; a Conflict for each link that newly does not hold."""
        ids, links = self.state.identifiers, self.state.links
        outputs: list[IdentityOutput] = []
        for lid in sorted(region_links):
            link = links[lid]
            status = derived.status[lid]
            was = None if lid == new_link else link.status
            link.status = status
            if report and status == CONFLICT and was != CONFLICT:
                why = derived.refusals[lid]
                outputs.append(
                    Conflict(
                        kind=why.kind,
                        evidence_event_id=link.first_event,
                        identifiers=tuple(link.identifiers),
                        customer_ids=tuple(sorted({ids[k].customer for k in link.identifiers})),
                        identifier_type=why.id_type,
                        detail=why.detail,
                    )
                )
        return outputs

    def _changes(
        self,
        before: Mapping[str, Sequence[str]],
        fresh: Collection[str],
        evidence_event_id: str | None,
        evidence: tuple[str, ...],
        reason: str,
    ) -> list[IdentityOutput]:
        """Split and Merged outputs for customers (as they were ``before``) that changed."""
        ids = self.state.identifiers
        outputs: list[IdentityOutput] = []
        merged_into: dict[str, list[str]] = {}
        for customer_id in sorted(before):
            if customer_id in fresh:
                continue  # never issued: created by this very event
            into = sorted({ids[k].customer for k in before[customer_id]})
            if len(into) > 1:
                outputs.append(Split(customer_id, tuple(into), evidence_event_id, reason))
            elif into[0] != customer_id:
                merged_into.setdefault(into[0], []).append(customer_id)
        for survivor in sorted(merged_into):
            outputs.extend(
                Merged(survivor, merged, evidence_event_id, evidence)
                for merged in merged_into[survivor]
            )
        return outputs


@lru_cache(maxsize=8)
def _normaliser_for(config: IdentityConfig) -> Normaliser:
    return Normaliser(config)


def step(
    state: IdentityState | None, observation: Observation, config: IdentityConfig | None = None
) -> tuple[IdentityState, list[IdentityOutput]]:
    """bytewax-style ``stateful_map`` step: the state (updated in place) and the outputs."""
    config = config or IdentityConfig()
    resolver = IdentityResolver(config, state, _normaliser_for(config))
    outputs = resolver.observe(observation)
    return resolver.state, outputs


def split(
    state: IdentityState,
    customer_id: str,
    identifiers_to_detach: Iterable[str],
    config: IdentityConfig | None = None,
) -> list[IdentityOutput]:
    """Operator action on ``state`` (updated in place): see :meth:`IdentityResolver.split`."""
    config = config or IdentityConfig()
    resolver = IdentityResolver(config, state, _normaliser_for(config))
    return resolver.split(customer_id, identifiers_to_detach)
