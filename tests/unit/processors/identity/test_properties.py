"""Order-independence, by property: whatever order, duplicates or replays, the same customers."""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from collections.abc import Iterable, Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from processors.identity import (
    IdentityConfig,
    IdentityResolver,
    IdentityState,
    Observation,
    rebuild_state,
    resolve_lines,
    resolve_observations,
)
from processors.identity.model import ID_TYPES

RANK = {t: i for i, t in enumerate(ID_TYPES)}

# (key, spellings): a few values per type so that events collide, each written several ways
POOL: dict[str, list[tuple[str, list[str]]]] = {
    "email": [
        (f"email:u{i}@mail.com", [f"u{i}@mail.com", f" U{i}@Mail.COM", f"ｕ{i}＠mail.com"])
        for i in range(5)
    ],
    "phone": [
        (f"phone:+1415234{5600 + i}", [f"+1 415 234 {5600 + i}", f"(415) 234-{5600 + i}"])
        for i in range(4)
    ],
    "device_id": [(f"device_id:dev-{i}", [f"dev-{i}", f"DEV-{i} "]) for i in range(5)],
    "account_id": [(f"account_id:AC{i}", [f"ac-{i}", f"AC {i}"]) for i in range(3)],
    "loyalty_id": [(f"loyalty_id:LY{i}", [f"ly{i}"]) for i in range(2)],
    "crm_id": [(f"crm_id:CRM{i}", [f"crm-{i}"]) for i in range(2)],
}
KEY_OF_SPELLING = {
    (id_type, spelling): key
    for id_type, values in POOL.items()
    for key, spellings in values
    for spelling in spellings
}

UNCAPPED = IdentityConfig(caps={}, hub_limits={})
CAPPED = IdentityConfig(
    caps={"email": 2, "phone": 1, "device_id": 2, "account_id": 1},
    hub_limits={"email": 3, "phone": 2},
)
BLOCKING = IdentityConfig(
    blocklist=frozenset({"email:u0@mail.com", "phone:+14152345600"}),
    caps={"email": 2, "phone": 2},
    hub_limits={},
)
SETTINGS = settings(max_examples=60, deadline=None)


def sort_key(key: str) -> tuple[int, str]:
    id_type, _, value = key.partition(":")
    return (RANK[id_type], value)


def cid(key: str) -> str:
    return "c_" + hashlib.sha256(key.encode()).hexdigest()[:16]


@st.composite
def identifiers(draw: st.DrawFn) -> tuple[tuple[str, str], ...]:
    types = draw(st.lists(st.sampled_from(sorted(POOL)), min_size=1, max_size=3, unique=True))
    chosen = []
    for id_type in sorted(types, key=RANK.__getitem__):
        _, spellings = draw(st.sampled_from(POOL[id_type]))
        chosen.append((id_type, draw(st.sampled_from(spellings))))
    return tuple(chosen)


@st.composite
def histories(draw: st.DrawFn) -> list[Observation]:
    """Distinct events, then a delivery of them: shuffled, with duplicates and replays.

    Also re-sends: the same identifiers in another event, earlier or later, which moves the
    link up or down the canonical order.
    """
    count = draw(st.integers(min_value=1, max_value=24))
    events = [
        Observation(f"e{i:02d}", draw(st.integers(0, 12)), "web", draw(identifiers()))
        for i in range(count)
    ]
    resends = [
        Observation(f"r{i:02d}", draw(st.integers(0, 12)), "web", event.identifiers)
        for i, event in enumerate(draw(st.lists(st.sampled_from(events), max_size=6)))
    ]
    replays = draw(st.lists(st.sampled_from(events + resends), max_size=8))
    return list(draw(st.permutations(events + resends + replays)))


def keys_of(event: Observation) -> list[str]:
    return sorted({KEY_OF_SPELLING[pair] for pair in event.identifiers}, key=sort_key)


def union_find_oracle(events: Iterable[Observation]) -> dict[str, frozenset[str]]:
    """Plain union-find, no caps: identifier -> its group."""
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        parent.setdefault(key, key)
        while parent[key] != key:
            key = parent[key]
        return key

    for event in events:
        keys = keys_of(event)
        for key in keys:
            find(key)
        for other in keys[1:]:
            parent[find(other)] = find(keys[0])
    members: dict[str, set[str]] = {}
    for key in parent:
        members.setdefault(find(key), set()).add(key)
    return {key: frozenset(members[find(key)]) for key in parent}


def capped_oracle(
    events: Sequence[Observation], config: IdentityConfig
) -> dict[str, frozenset[str]]:
    """The documented rule written the slow, obvious way."""
    first: dict[tuple[str, ...], tuple[int, str]] = {}
    everything: set[str] = set()
    for event in events:
        keys = tuple(keys_of(event))
        everything.update(keys)
        if len(keys) > 1:
            first[keys] = min(
                first.get(keys, (event.occurred_ms, event.event_id)),
                (event.occurred_ms, event.event_id),
            )
    seen_with: dict[str, set[str]] = {key: set() for key in everything}
    for keys in first:
        for key in keys:
            seen_with[key].update(k for k in keys if k != key)
    hubs = {
        key
        for key, others in seen_with.items()
        for id_type, limit in config.hub_limits.items()
        if sum(1 for o in others if o.startswith(id_type + ":")) > limit
    }
    group = {key: frozenset({key}) for key in everything}
    for keys in sorted(first, key=first.__getitem__):
        active = [k for k in keys if k not in hubs]
        for i, left in enumerate(active):
            for right in active[i + 1 :]:
                merged = group[left] | group[right]
                if group[left] == group[right] or any(
                    sum(1 for k in merged if k.startswith(t + ":")) > cap
                    for t, cap in config.caps.items()
                ):
                    continue
                for key in merged:
                    group[key] = merged
    return group


def grouping(state: IdentityState) -> set[frozenset[str]]:
    return {frozenset(members) for _, members in state.groups()}


def stream(events: Iterable[Observation], config: IdentityConfig) -> IdentityResolver:
    resolver = IdentityResolver(config)
    for event in events:
        resolver.observe(event)
    return resolver


def check_ids(state: IdentityState) -> None:
    for customer_id, members in state.groups():
        assert customer_id == cid(min(members, key=sort_key))
        for key in members:
            assert state.customer_of(key) == customer_id


@SETTINGS
@given(histories())
def test_without_caps_the_stream_is_plain_union_find(events: list[Observation]) -> None:
    oracle = union_find_oracle(events)
    resolver = stream(events, UNCAPPED)
    assert grouping(resolver.state) == set(oracle.values())
    check_ids(resolver.state)
    batch = resolve_observations(events, UNCAPPED)
    assert batch.state.to_dict() == resolver.state.to_dict()
    for event in events:
        primary = keys_of(event)[0]
        assert batch.customers[event.event_id] == cid(min(oracle[primary], key=sort_key))


@SETTINGS
@given(histories(), st.randoms(use_true_random=False))
def test_with_caps_and_hubs_any_order_gives_the_same_state(
    events: list[Observation], rng: random.Random
) -> None:
    resolver = stream(events, CAPPED)
    reordered = list(events)
    rng.shuffle(reordered)
    again = stream(reordered + events[: len(events) // 2], CAPPED)  # and replay half of it
    batch = resolve_observations(reordered, CAPPED)
    assert resolver.state.to_dict() == again.state.to_dict() == batch.state.to_dict()
    assert grouping(resolver.state) == set(capped_oracle(events, CAPPED).values())
    check_ids(resolver.state)
    hubs = set(resolver.state.hubs())
    for customer_id, members in resolver.state.groups():  # caps never breached, hubs alone
        counts = Counter(key.partition(":")[0] for key in members)
        assert all(counts[t] <= cap for t, cap in CAPPED.caps.items()), customer_id
        assert len(members) == 1 or not hubs.intersection(members)


@SETTINGS
@given(histories(), st.randoms(use_true_random=False))
def test_resolve_lines_ignores_line_order(events: list[Observation], rng: random.Random) -> None:
    lines = [
        json.dumps(
            {
                "event_id": e.event_id,
                "occurred_at": f"2026-01-01T00:00:{e.occurred_ms:02d}+00:00",
                "channel": e.channel,
                "identifiers": dict(e.identifiers),
                "type": "page_view",
                "direction": "inbound",
            }
        )
        for e in events
    ]
    first = {
        json.loads(out)["event_id"]: json.loads(out)["customer_id"]
        for out in resolve_lines(lines, CAPPED)
    }
    rng.shuffle(lines)
    second = {
        json.loads(out)["event_id"]: json.loads(out)["customer_id"]
        for out in resolve_lines(lines, CAPPED)
    }
    assert first == second
    assert set(first) == {e.event_id for e in events}


@SETTINGS
@given(histories())
def test_blocked_values_never_link(events: list[Observation]) -> None:
    resolver = stream(events, BLOCKING)
    state = resolver.state.to_dict()
    assert "email:u0@mail.com" not in state["identifiers"]
    assert "phone:+14152345600" not in state["identifiers"]
    for link in state["links"].values():
        assert not {"email:u0@mail.com", "phone:+14152345600"} & set(link["identifiers"])
    assert resolve_observations(events, BLOCKING).state.to_dict() == state


@SETTINGS
@given(histories(), st.randoms(use_true_random=False))
def test_operator_splits_keep_the_state_a_function_of_its_link_log(
    events: list[Observation], rng: random.Random
) -> None:
    """With splits interleaved anywhere, the state is what its links and cuts give."""
    resolver = IdentityResolver(CAPPED)
    for event in events:
        resolver.observe(event)
        big = [(c, m) for c, m in resolver.state.groups() if len(m) > 1]
        if big and rng.random() < 0.2:
            customer_id, members = rng.choice(big)
            detach = rng.sample(members, rng.randint(1, len(members) - 1))
            resolver.split(customer_id, detach)
            rest = set(members) - set(detach)
            for key in detach:  # none of them shares a customer with the rest any more
                owner = resolver.state.customer_of(key)
                assert owner is not None
                assert not set(resolver.state.customers[owner].identifiers) & rest
    assert rebuild_state(resolver.state, CAPPED).to_dict() == resolver.state.to_dict()
    check_ids(resolver.state)
