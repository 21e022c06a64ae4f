"""The identity agent's side of ``chorus privacy erase``: the state forgets the customer, its
shards come out as tombstones, and nothing of it survives a reload from the state topic."""

import json
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from processors.identities import ERASE_COMMAND, IdentityStage
from processors.identity import IdentityConfig, IdentityResolver, Observation
from processors.identity.erase import erase
from processors.identity.state import IdentityState, all_shards, take_dirty_shards, tracked
from processors.routing import RawMessage
from tests.unit.factories import NOW, codec, interaction

ANN = ["account_id:ACC1", "device_id:dev-9", "email:ann@mail.test.org"]


def _ids(**present):
    ids = dict.fromkeys(("email", "phone", "loyalty_id", "account_id", "device_id", "crm_id"))
    ids.update(present)
    return ids


def _msg(record, offset):
    return RawMessage("p.identity.in", 0, offset, b"k", codec().encode("interaction", record))


def _erase_msg(offset, body):
    return RawMessage(
        "p.identity.in",
        0,
        offset,
        b"command",
        json.dumps(body).encode(),
        {"chorus-command": ERASE_COMMAND.encode()},
    )


def _records():
    """Ann: device, then e-mail, then a login that merges both into her account. Bob shares
    nothing with her but was seen on the same web page with his own e-mail and phone."""
    return [
        interaction(event_id="app-1", channel="mobile_app", identifiers=_ids(device_id="dev-9")),
        interaction(
            event_id="web-2",
            occurred_at=NOW + timedelta(minutes=1),
            identifiers=_ids(email="ann@mail.test.org"),
            attributes={"name": "Ann Lee", "address": "1 Main St"},
        ),
        interaction(
            event_id="app-3",
            channel="mobile_app",
            occurred_at=NOW + timedelta(minutes=2),
            identifiers=_ids(account_id="acc-1", device_id="dev-9", email="ann@mail.test.org"),
        ),
        interaction(
            event_id="web-4",
            occurred_at=NOW + timedelta(minutes=3),
            identifiers=_ids(email="bob@mail.test.org", phone="+44 20 7946 0958"),
        ),
    ]


def _apply(stored, shards):
    for shard, value in shards.items():
        if value is None:
            stored.pop(shard, None)
        else:
            stored[shard] = value


def _loaded_stage():
    stage = IdentityStage(codec())
    stored: dict[str, bytes] = {}
    for n, record in enumerate(_records()):
        stage.process(_msg(record, n))
    stage.profile_outputs()
    _apply(stored, stage.dirty())
    return stage, stored


def test_an_erased_customer_leaves_no_shard_and_no_mention():
    stage, stored = _loaded_stage()
    ann = stage.state.customer_of("account_id:ACC1")
    assert ann is not None and f"p:{ann}" in stored
    bob = stage.state.customer_of("email:bob@mail.test.org")
    outputs = stage.process(_erase_msg(9, {"customer_ids": [ann], "identifiers": ANN}))
    assert outputs == []
    dirty = stage.dirty()
    tombstones = {shard for shard, value in dirty.items() if value is None}
    assert {f"c:{ann}", f"p:{ann}", *(f"i:{k}" for k in ANN)} <= tombstones
    assert any(shard.startswith("l:") for shard in tombstones)  # the login's link
    _apply(stored, dirty)
    assert stored == stage.all_shards()
    everything = json.dumps({k: v.decode() for k, v in stored.items()})
    for needle in (ann, "ann@mail", "ACC1", "dev-9", "Ann Lee", "Main St"):
        assert needle not in everything, needle
    # Bob is untouched, and a reload from the topic gives the same state
    assert stage.state.customer_of("email:bob@mail.test.org") == bob
    reloaded = IdentityStage.from_shards(codec(), stored.items())
    assert reloaded.all_shards() == stored
    assert stage.profile_outputs() == []  # no golden profile re-published


def test_erasure_is_idempotent_and_names_whoever_holds_the_identifiers_now():
    stage, _ = _loaded_stage()
    ann = stage.state.customer_of("email:ann@mail.test.org")
    # the operator only knew the device's old id; the identifier still finds Ann's customer
    erased = stage.erase(["c_0000000000000000"], ["device_id:dev-9"])
    assert erased.customers == [ann]
    assert erased.identifiers == ANN
    again = stage.erase([ann], ANN)
    assert (again.customers, again.identifiers, again.links) == ([], [], [])


def test_the_customer_comes_back_as_a_new_one_if_they_return():
    stage, _ = _loaded_stage()
    ann = stage.state.customer_of("account_id:ACC1")
    stage.process(_erase_msg(9, {"customer_ids": [ann], "identifiers": ANN}))
    stage.process(
        _msg(interaction(event_id="web-10", identifiers=_ids(email="ann@mail.test.org")), 10)
    )
    assert stage.state.customer_of("email:ann@mail.test.org") is not None
    assert stage.state.customer_of("account_id:ACC1") is None  # the old links are gone


def test_a_malformed_erase_command_is_dead_lettered():
    stage, _ = _loaded_stage()
    (output,) = stage.process(_erase_msg(9, {"customer_ids": ["c_x"]}))
    assert output.stream == "dead_letter"
    record = codec().decode(output.value, expect="dead_letter").record
    assert record["reason_code"] == "bad_command"


_KEYS = [f"email:u{n}@mail.org" for n in range(5)] + [f"phone:+4420794609{n:02d}" for n in range(4)]


# tight caps and hub limits, so that links are refused and hubs appear: the erased customer
# then has neighbours outside it, whose entries must lose every mention of it
_TIGHT = IdentityConfig(caps={"email": 1, "phone": 1}, hub_limits={"email": 2, "phone": 2})


@settings(max_examples=80, deadline=None)
@given(
    links=st.lists(st.lists(st.sampled_from(_KEYS), min_size=1, max_size=3), max_size=12),
    victim=st.sampled_from(_KEYS),
    split_first=st.booleans(),
)
def test_the_state_after_an_erase_is_consistent(links, victim, split_first):
    """Whatever the links, the erased identifiers appear nowhere, every reference left points at
    an entry that exists, and the shards round-trip."""
    resolver = IdentityResolver(_TIGHT, tracked(IdentityState()))
    for n, keys in enumerate(links):
        identifiers = tuple((k.split(":", 1)[0], k.split(":", 1)[1]) for k in keys)
        resolver.observe(Observation(f"e{n}", n, "web", identifiers))
    holder = resolver.state.customer_of(victim)
    if split_first and holder and len(resolver.state.customers[holder].identifiers) > 1:
        resolver.split(holder, [victim])  # the rest now keep the victim in ``apart``
    state = resolver.state
    take_dirty_shards(state)
    holder = state.customer_of(victim)
    before = json.dumps(state.to_dict())
    erased = erase(state, [], [victim])
    assert (holder is None) == (erased.customers == [])
    gone = set(erased.identifiers)
    assert victim not in state.identifiers
    for key, entry in dict.items(state.identifiers):
        assert entry.customer in state.customers
        assert all(lid in state.links for lid in entry.links)
        assert gone.isdisjoint(entry.apart)
        assert all(gone.isdisjoint(keys) for keys in entry.near.values())
        assert key in state.customers[entry.customer].identifiers
    for link in dict.values(state.links):
        assert gone.isdisjoint(link.identifiers)
    dirty = take_dirty_shards(state)
    assert {s for s, v in dirty.items() if v is None} >= set(erased.shards())
    assert all(s in all_shards(state) for s, v in dirty.items() if v is not None)
    assert json.dumps(state.to_dict()).count(victim) == 0 <= before.count(victim)
