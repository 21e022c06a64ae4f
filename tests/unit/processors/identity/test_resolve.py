from __future__ import annotations

import hashlib
import json
import random
from typing import Any

import pytest

from processors.identity import (
    Conflict,
    IdentityConfig,
    IdentityError,
    IdentityResolver,
    IdentityState,
    Merged,
    Observation,
    Rejected,
    Resolved,
    Split,
    StateFormatError,
    UnknownCustomerError,
    anonymous_id,
    rebuild_state,
    resolve_lines,
    resolve_observations,
    split,
    step,
)

A = "account_id:AC1"
EMAIL_A = "email:ann@mail.com"
EMAIL_B = "email:bob@mail.com"
PHONE_P = "phone:+14152345678"
PHONE_Q = "phone:+14152345679"
DEVICE = "device_id:dev-1"
RAW = {
    A: ("account_id", "ac-1"),
    EMAIL_A: ("email", "Ann@Mail.com"),
    EMAIL_B: ("email", "BOB@mail.com"),
    PHONE_P: ("phone", "(415) 234-5678"),
    PHONE_Q: ("phone", "+1 415 234 5679"),
    DEVICE: ("device_id", "DEV-1"),
}


def cid(key: str) -> str:
    return "c_" + hashlib.sha256(key.encode()).hexdigest()[:16]


def obs(event_id: str, t: int, *keys: str) -> Observation:
    return Observation(event_id, t, "web", tuple(RAW[k] for k in keys))


def groups(state: IdentityState) -> set[frozenset[str]]:
    return {frozenset(members) for _, members in state.groups()}


def of_type(outputs: list[Any], kind: type) -> list[Any]:
    return [o for o in outputs if isinstance(o, kind)]


def test_identifiers_presented_together_merge() -> None:
    resolver = IdentityResolver()
    assert resolver.observe(obs("e1", 1, EMAIL_A)) == [Resolved("e1", cid(EMAIL_A))]
    assert resolver.observe(obs("e2", 2, PHONE_P)) == [Resolved("e2", cid(PHONE_P))]
    outputs = resolver.observe(obs("e3", 3, EMAIL_A, PHONE_P))
    # e-mail ranks before phone: the customer keeps the e-mail's id, the phone's id retires
    assert outputs == [
        Merged(cid(EMAIL_A), cid(PHONE_P), "e3", (EMAIL_A, PHONE_P)),
        Resolved("e3", cid(EMAIL_A)),
    ]
    assert groups(resolver.state) == {frozenset({EMAIL_A, PHONE_P})}


def test_customer_id_is_the_hash_of_the_smallest_identifier() -> None:
    resolver = IdentityResolver()
    resolver.observe(obs("e1", 1, DEVICE, A, PHONE_P))
    assert resolver.state.customer_of(DEVICE) == cid(A)
    assert cid(A) == "c_" + hashlib.sha256(b"account_id:AC1").hexdigest()[:16]


def test_new_identifiers_joining_a_customer_emit_no_merge() -> None:
    resolver = IdentityResolver()
    resolver.observe(obs("e1", 1, EMAIL_A))
    assert resolver.observe(obs("e2", 2, EMAIL_A, DEVICE)) == [Resolved("e2", cid(EMAIL_A))]


def test_duplicates_and_replays_change_nothing() -> None:
    resolver = IdentityResolver()
    resolver.observe(obs("e1", 5, EMAIL_A, PHONE_P))
    before = json.dumps(resolver.state.to_dict())
    assert resolver.observe(obs("e1", 5, EMAIL_A, PHONE_P)) == [Resolved("e1", cid(EMAIL_A))]
    assert resolver.observe(obs("e9", 9, PHONE_P, EMAIL_A)) == [Resolved("e9", cid(EMAIL_A))]
    assert json.dumps(resolver.state.to_dict()) == before


def test_late_identification_in_the_stream() -> None:
    resolver = IdentityResolver()
    assert resolver.observe(obs("view-1", 1, DEVICE)) == [Resolved("view-1", cid(DEVICE))]
    assert resolver.observe(obs("view-2", 2, DEVICE)) == [Resolved("view-2", cid(DEVICE))]
    assert resolver.observe(obs("login", 3, DEVICE, A)) == [
        Merged(cid(A), cid(DEVICE), "login", (A, DEVICE)),
        Resolved("login", cid(A)),
    ]


def test_late_identification_in_the_batch() -> None:
    lines = [
        {"event_id": "view-1", "identifiers": {"device_id": "DEV-1"}},
        {"event_id": "view-2", "identifiers": {"device_id": "dev-1 "}},
        {"event_id": "login", "identifiers": {"device_id": "dev-1", "account_id": "AC-1"}},
        {"event_id": "call", "identifiers": {"account_id": "ac 1", "phone": "4152345678"}},
        {"event_id": "sms", "identifiers": {"phone": "+1 (415) 234-5678"}},
        {"event_id": "junk", "identifiers": {"phone": "N/A", "email": "none"}},
        {"event_id": "other", "identifiers": {"email": "bob@mail.com"}},
    ]
    text = [
        json.dumps(
            {
                "occurred_at": f"2026-01-0{i + 1}T00:00:00+00:00",
                "channel": "web",
                "type": "page_view",
                "direction": "inbound",
                **record,
            }
        )
        for i, record in enumerate(lines)
    ]
    result = [json.loads(out) for out in resolve_lines(text)]
    assert [r["event_id"] for r in result] == [r["event_id"] for r in lines]
    final = {r["event_id"]: r["customer_id"] for r in result}
    assert {final[e] for e in ("view-1", "view-2", "login", "call", "sms")} == {cid(A)}
    assert final["junk"] == anonymous_id("junk")
    assert final["other"] == cid(EMAIL_B)
    random.Random(3).shuffle(text)
    shuffled = {
        json.loads(out)["event_id"]: json.loads(out)["customer_id"] for out in resolve_lines(text)
    }
    assert shuffled == final


def test_an_event_without_usable_identifiers_is_its_own_customer() -> None:
    resolver = IdentityResolver()
    outputs = resolver.observe(
        Observation("e1", 1, "web", (("email", "n/a"), ("phone", "000-000-0000")))
    )
    assert outputs == [
        Rejected("e1", "email", "n/a", "junk"),
        Rejected("e1", "phone", "000-000-0000", "junk"),
        Resolved("e1", anonymous_id("e1")),
    ]
    assert anonymous_id("e1").startswith("anon_")
    assert resolver.state.to_dict()["identifiers"] == {}


def test_a_link_that_breaches_a_cap_is_a_conflict_not_a_merge() -> None:
    resolver = IdentityResolver(IdentityConfig(caps={"email": 1}))
    resolver.observe(obs("e1", 1, PHONE_P, EMAIL_A))
    outputs = resolver.observe(obs("e2", 2, PHONE_P, EMAIL_B))
    assert of_type(outputs, Conflict) == [
        Conflict(
            kind="cap",
            evidence_event_id="e2",
            identifiers=(EMAIL_B, PHONE_P),
            customer_ids=tuple(sorted({cid(EMAIL_A), cid(EMAIL_B)})),
            identifier_type="email",
            detail="2 email identifiers > cap 1",
        )
    ]
    assert of_type(outputs, Merged) == []
    # the event belongs to its best identifier's customer: the e-mail outranks the phone
    assert outputs[-1] == Resolved("e2", cid(EMAIL_B))
    assert groups(resolver.state) == {frozenset({EMAIL_A, PHONE_P}), frozenset({EMAIL_B})}
    # the same evidence again is not a new conflict
    assert of_type(resolver.observe(obs("e3", 3, PHONE_P, EMAIL_B)), Conflict) == []


def test_the_earlier_link_wins_a_cap_whatever_the_arrival_order() -> None:
    resolver = IdentityResolver(IdentityConfig(caps={"email": 1}))
    resolver.observe(obs("e2", 2, PHONE_P, EMAIL_B))  # arrives first, happened later
    outputs = resolver.observe(obs("e1", 1, PHONE_P, EMAIL_A))
    assert groups(resolver.state) == {frozenset({EMAIL_A, PHONE_P}), frozenset({EMAIL_B})}
    assert (
        Split(cid(EMAIL_B), tuple(sorted((cid(EMAIL_A), cid(EMAIL_B)))), "e1", "earlier evidence")
        in outputs
    )
    conflicts = of_type(outputs, Conflict)
    assert [c.evidence_event_id for c in conflicts] == ["e2"]


def test_a_rejected_link_stays_rejected_through_third_identifiers() -> None:
    config = IdentityConfig(caps={"email": 1})
    resolver = IdentityResolver(config)
    resolver.observe(obs("e1", 1, PHONE_P, EMAIL_A))
    resolver.observe(obs("e2", 2, PHONE_Q, EMAIL_B))
    assert of_type(resolver.observe(obs("e3", 3, PHONE_P, PHONE_Q)), Conflict)
    resolver.observe(obs("e4", 4, PHONE_P, DEVICE))
    outputs = resolver.observe(obs("e5", 5, PHONE_Q, DEVICE))  # a path round the refusal
    assert of_type(outputs, Conflict)[0].kind == "cap"
    assert groups(resolver.state) == {
        frozenset({EMAIL_A, PHONE_P, DEVICE}),
        frozenset({EMAIL_B, PHONE_Q}),
    }


def test_a_shared_identifier_becomes_a_hub_and_links_nothing() -> None:
    config = IdentityConfig(hub_limits={"email": 2})
    resolver = IdentityResolver(config)
    emails = [f"email:user{i}@mail.com" for i in range(3)]
    raw = {k: ("email", k.partition(":")[2]) for k in emails}
    kiosk = ("device_id", "kiosk")
    for i, key in enumerate(emails):
        resolver.observe(Observation(f"web{i}", 0, "web", (raw[key],)))
    out1 = resolver.observe(Observation("e0", 0, "store", (raw[emails[0]], kiosk)))
    out2 = resolver.observe(Observation("e1", 1, "store", (raw[emails[1]], kiosk)))
    assert of_type(out2, Merged)  # two people on one kiosk: not yet distinguishable
    assert of_type(out1, Conflict) == []
    out3 = resolver.observe(Observation("e2", 2, "store", (raw[emails[2]], kiosk)))
    hub = of_type(out3, Conflict)
    assert [(c.kind, c.identifiers, c.identifier_type) for c in hub] == [
        ("hub", ("device_id:kiosk",), "email")
    ]
    # the two glued people are taken apart again
    assert [split.reason for split in of_type(out3, Split)] == ["hub found"]
    assert groups(resolver.state) == {frozenset({k}) for k in [*emails, "device_id:kiosk"]}
    assert resolver.state.hubs() == ["device_id:kiosk"]
    # events still resolve through their other identifiers
    assert out3[-1] == Resolved("e2", cid(emails[2]))
    only_kiosk = resolver.observe(Observation("e3", 3, "store", (kiosk,)))
    assert only_kiosk == [Resolved("e3", cid("device_id:kiosk"))]


def test_split_detaches_identifiers_for_good() -> None:
    resolver = IdentityResolver()
    events = [obs("e1", 1, A, EMAIL_A), obs("e2", 2, A, DEVICE), obs("e3", 3, EMAIL_A, PHONE_P)]
    for event in events:
        resolver.observe(event)
    assert groups(resolver.state) == {frozenset({A, EMAIL_A, DEVICE, PHONE_P})}
    outputs = resolver.split(cid(A), [EMAIL_A, PHONE_P])
    assert outputs == [Split(cid(A), tuple(sorted((cid(A), cid(EMAIL_A)))), None, "operator split")]
    assert groups(resolver.state) == {frozenset({A, DEVICE}), frozenset({EMAIL_A, PHONE_P})}
    for event in events:  # replays do not undo the split
        resolver.observe(event)
    assert groups(resolver.state) == {frozenset({A, DEVICE}), frozenset({EMAIL_A, PHONE_P})}
    outputs = resolver.observe(obs("e4", 4, DEVICE, PHONE_P))  # nor does a new path
    assert [c.kind for c in of_type(outputs, Conflict)] == ["apart"]
    assert groups(resolver.state) == {frozenset({A, DEVICE}), frozenset({EMAIL_A, PHONE_P})}


def test_split_leaves_alone_what_only_the_detached_identifiers_held() -> None:
    resolver = IdentityResolver()
    for event in [
        obs("e1", 1, A, EMAIL_A),
        obs("e2", 2, A, DEVICE),
        obs("e3", 3, EMAIL_A, PHONE_P),
    ]:
        resolver.observe(event)
    outputs = resolver.split(cid(A), [EMAIL_A])
    # the phone stays on the account's side of the cut, but only the e-mail linked it there
    assert groups(resolver.state) == {
        frozenset({A, DEVICE}),
        frozenset({EMAIL_A}),
        frozenset({PHONE_P}),
    }
    assert outputs == [
        Split(cid(A), tuple(sorted((cid(A), cid(EMAIL_A), cid(PHONE_P)))), None, "operator split")
    ]


def test_split_frees_room_under_a_cap() -> None:
    resolver = IdentityResolver(IdentityConfig(caps={"email": 1}))
    resolver.observe(obs("e1", 1, PHONE_P, EMAIL_A))
    resolver.observe(obs("e2", 2, PHONE_P, EMAIL_B))
    outputs = split(resolver.state, cid(EMAIL_A), [EMAIL_A], resolver.config)
    # with ann detached, bob's link to the phone no longer breaches the cap
    assert groups(resolver.state) == {frozenset({EMAIL_A}), frozenset({EMAIL_B, PHONE_P})}
    assert outputs == [
        Split(cid(EMAIL_A), tuple(sorted((cid(EMAIL_A), cid(EMAIL_B)))), None, "operator split")
    ]


def test_split_refuses_what_it_cannot_do() -> None:
    resolver = IdentityResolver()
    resolver.observe(obs("e1", 1, A, EMAIL_A))
    with pytest.raises(UnknownCustomerError):
        resolver.split("c_0000000000000000", [A])
    with pytest.raises(UnknownCustomerError):
        resolver.split(cid(A), [EMAIL_B])
    with pytest.raises(IdentityError):
        resolver.split(cid(A), [A, EMAIL_A])
    with pytest.raises(IdentityError):
        resolver.split(cid(A), [])


def test_state_round_trips_through_json() -> None:
    resolver = IdentityResolver(IdentityConfig(caps={"email": 1}, hub_limits={"phone": 1}))
    for event in [
        obs("e1", 1, A, EMAIL_A, DEVICE),
        obs("e2", 2, A, EMAIL_B),
        obs("e3", 3, EMAIL_A, PHONE_P),
        obs("e4", 4, EMAIL_A, PHONE_Q),
    ]:
        resolver.observe(event)
    resolver.split(cid(A), [DEVICE])
    data = json.loads(json.dumps(resolver.state.to_dict()))
    restored = IdentityState.from_dict(data)
    assert restored == resolver.state
    with pytest.raises(StateFormatError):
        IdentityState.from_dict({**data, "version": 99})
    with pytest.raises(StateFormatError):
        IdentityState.from_dict({"version": 1, "identifiers": {"x": {}}})


def test_step_is_the_stateful_map_form() -> None:
    state, outputs = step(None, obs("e1", 1, EMAIL_A, PHONE_P))
    assert outputs == [Resolved("e1", cid(EMAIL_A))]
    state, outputs = step(state, obs("e2", 2, PHONE_P, A))
    assert outputs == [Merged(cid(A), cid(EMAIL_A), "e2", (A, PHONE_P)), Resolved("e2", cid(A))]
    assert groups(state) == {frozenset({A, EMAIL_A, PHONE_P})}


def test_rebuild_applies_new_caps_to_the_link_log() -> None:
    resolver = IdentityResolver()
    resolver.observe(obs("e1", 1, PHONE_P, EMAIL_A))
    resolver.observe(obs("e2", 2, PHONE_P, EMAIL_B))
    assert len(groups(resolver.state)) == 1
    rebuilt = rebuild_state(resolver.state, IdentityConfig(caps={"email": 1}))
    assert groups(rebuilt) == {frozenset({PHONE_P, EMAIL_A}), frozenset({EMAIL_B})}


def test_batch_counts_an_event_id_once_with_all_its_identifiers() -> None:
    result = resolve_observations(
        [obs("e1", 1, EMAIL_A), obs("e1", 1, EMAIL_A), obs("e1", 1, A), obs("e2", 2, A)]
    )
    assert result.customers == {"e1": cid(A), "e2": cid(A)}
    assert groups(result.state) == {frozenset({EMAIL_A}), frozenset({A})}  # no link: never together


def test_batch_result_plugs_into_the_detection_seam() -> None:
    result = resolve_observations([obs("e1", 1, DEVICE), obs("e2", 2, DEVICE, A)])
    assert result.customer_for({"event_id": "e1", "identifiers": {}}) == cid(A)
    with pytest.raises(IdentityError):
        result.customer_for({"event_id": "e3"})
