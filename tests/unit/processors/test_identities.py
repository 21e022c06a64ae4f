from datetime import timedelta

from processors.identities import IdentityStage
from processors.identity import resolve_observations
from processors.identity.inputs import observation_from_avro
from processors.routing import BATCH_HEADER, RawMessage
from tests.unit.factories import NOW, codec, identifiers, interaction


def _msg(record, offset):
    return RawMessage("p.identity.in", 0, offset, b"k", codec().encode("interaction", record))


def _decoded(outputs, stream, schema):
    return [codec().decode(o.value, expect=schema).record for o in outputs if o.stream == stream]


def _records():
    """Anonymous app use on a device, then a login that links the device to an account."""
    return [
        interaction(
            event_id="app-1",
            channel="mobile_app",
            occurred_at=NOW,
            identifiers=identifiers(device_id="dev-9"),
        ),
        interaction(
            event_id="web-2",
            occurred_at=NOW + timedelta(minutes=1),
            identifiers=identifiers(email="ann@mail.test.org"),
        ),
        interaction(
            event_id="app-3",
            channel="mobile_app",
            interaction_type="login",
            occurred_at=NOW + timedelta(minutes=2),
            identifiers=identifiers(
                account_id="acc-1", device_id="dev-9", email="ann@mail.test.org"
            ),
        ),
    ]


def test_timeline_is_keyed_by_resolved_ids_and_merges_get_entries():
    stage = IdentityStage(codec())
    outputs = [o for n, r in enumerate(_records()) for o in stage.process(_msg(r, n))]
    timeline = _decoded(outputs, "timeline", "timeline_entry")
    by_kind = {(t["entry_kind"], t["source_event_id"]): t for t in timeline}
    login = by_kind[("interaction", "app-3")]
    assert login["customer_id"].startswith("c_")
    assert login["entry_id"] == "app-3#interaction"
    assert login["batch_id"] == "b1"
    merges = [t for t in timeline if t["entry_kind"] == "merge"]
    assert {m["customer_id"] for m in merges} == {login["customer_id"]}
    assert {m["entry_id"] for m in merges} == {
        f"app-3#merge:{by_kind[('interaction', 'app-1')]['customer_id']}",
        f"app-3#merge:{by_kind[('interaction', 'web-2')]['customer_id']}",
    }
    assert all(m["batch_id"] is None for m in merges)  # per-batch counts: one per interaction
    assert sum(t["entry_kind"] == "interaction" for t in timeline) == 3


def test_identity_events_say_who_holds_what():
    stage = IdentityStage(codec())
    outputs = [o for n, r in enumerate(_records()) for o in stage.process(_msg(r, n))]
    events = _decoded(outputs, "identities", "identity_event")
    assert all(o.headers == {BATCH_HEADER: b"b1"} for o in outputs if o.stream == "identities")
    versions = [e["version"] for e in events]
    assert versions == sorted(versions) and len(set(versions)) == len(versions)
    resolved = {e["evidence_event_id"]: e for e in events if e["kind"] == "resolved"}
    assert resolved["app-3"]["identifiers"] == [
        "account_id:ACC1",
        "email:ann@mail.test.org",
        "device_id:dev-9",
    ]
    latest: dict[str, str] = {}
    for event in events:
        if event["kind"] == "members":
            for key in event["identifiers"]:
                latest[key] = event["customer_id"]
    survivor = resolved["app-3"]["customer_id"]
    assert set(latest.values()) == {survivor}
    merged = [e for e in events if e["kind"] == "merged"]
    assert {m["survivor"] for m in merged} == {survivor}
    assert {m["merged_ids"][0] for m in merged} == {
        resolved["app-1"]["customer_id"],
        resolved["web-2"]["customer_id"],
    }


def test_state_written_back_and_reloaded_gives_the_same_answers():
    records = _records()
    first = IdentityStage(codec())
    stored: dict[str, bytes] = {}
    for n, record in enumerate(records[:2]):
        first.process(_msg(record, n))
        for shard, value in first.dirty().items():
            if value is None:
                stored.pop(shard, None)
            else:
                stored[shard] = value
    assert stored == first.all_shards()
    again = IdentityStage.from_shards(codec(), stored.items())
    outputs = again.process(_msg(records[2], 2))
    first_outputs = first.process(_msg(records[2], 2))
    assert outputs == first_outputs
    for shard, value in again.dirty().items():
        if value is None:
            stored.pop(shard, None)
        else:
            stored[shard] = value
    assert stored == again.all_shards() == first.all_shards()
    assert any(shard.startswith("p:") for shard in stored)
    batch = resolve_observations(observation_from_avro(r) for r in records)
    assert {
        c.decode(o.value, expect="identity_event").record["customer_id"]
        for c in [codec()]
        for o in outputs
        if o.stream == "identities"
    } >= set(batch.customers.values())


def test_undecodable_input_is_dead_lettered():
    stage = IdentityStage(codec())
    outputs = stage.process(RawMessage("p.identity.in", 0, 5, b"k", b"junk"))
    assert [o.stream for o in outputs] == ["dead_letter"]
    assert _decoded(outputs, "dead_letter", "dead_letter")[0]["reason_code"] == "not_avro"


def test_golden_profiles_follow_merges_and_are_published_once_per_batch():
    records = _records()
    records[1]["attributes"] = {"first_name": "Ann", "last_name": "Lee", "address": "1 Main St"}
    records[2]["consents"] = {"email_marketing": True}
    stage = IdentityStage(codec())
    outputs = [o for n, r in enumerate(records) for o in stage.process(_msg(r, n))]
    survivor = _decoded(outputs, "timeline", "timeline_entry")[-1]["customer_id"]
    published = _decoded(stage.profile_outputs(), "profiles", "golden_profile")
    by_id = {p["customer_id"]: p for p in published}
    assert len(published) == len(by_id)  # one record per customer per batch
    kept = by_id[survivor]
    assert kept["merged_into"] is None
    assert kept["interactions"] == 3  # the merged customers' interactions came along
    attributes = {a["name"]: a for a in kept["attributes"]}
    assert attributes["name"]["value"] == "Ann Lee"
    assert attributes["name"]["event_id"] == "web-2"
    assert attributes["address"]["channel"] == "web"
    assert attributes["email"]["value"] == "ann@mail.test.org"
    assert kept["consents"] == {"email_marketing": True}
    retired = [p for p in published if p["customer_id"] != survivor]
    assert retired
    assert {p["merged_into"] for p in retired} == {survivor}
    assert stage.profile_outputs() == []  # nothing changed since
    assert set(stage.profiles) == {survivor}


def _command(offset, body, command="split"):
    import json

    return RawMessage(
        "p.identity.in",
        0,
        offset,
        b"command",
        json.dumps(body).encode(),
        {"chorus-command": command.encode()},
    )


def test_operator_split_detaches_identifiers_for_good():
    stage = IdentityStage(codec())
    records = _records()
    outputs = [o for n, r in enumerate(records) for o in stage.process(_msg(r, n))]
    survivor = _decoded(outputs, "timeline", "timeline_entry")[-1]["customer_id"]
    body = {
        "command_id": "op-1",
        "customer_id": survivor,
        "identifiers": ["email:ann@mail.test.org"],
        "requested_at_ms": 1_800_000_000_000,
    }
    outputs = stage.process(_command(3, body))
    events = _decoded(outputs, "identities", "identity_event")
    assert [e["kind"] for e in events if e["kind"] != "members"] == ["split"]
    members = {e["customer_id"]: e["identifiers"] for e in events if e["kind"] == "members"}
    email_customer = stage.state.customer_of("email:ann@mail.test.org")
    assert email_customer != survivor
    assert members[email_customer] == ["email:ann@mail.test.org"]
    assert "email:ann@mail.test.org" not in members.get(survivor, [])
    (entry,) = _decoded(outputs, "timeline", "timeline_entry")
    assert (entry["entry_kind"], entry["customer_id"]) == ("split", survivor)
    # a later login presenting both again does not glue them back: they were split apart
    again = interaction(
        event_id="app-9",
        channel="mobile_app",
        occurred_at=NOW + timedelta(days=1),
        identifiers=identifiers(account_id="acc-1", email="ann@mail.test.org"),
    )
    stage.process(_msg(again, 4))
    assert stage.state.customer_of("email:ann@mail.test.org") == email_customer
    assert stage.state.customer_of("account_id:ACC1") == survivor


def test_bad_commands_are_dead_lettered():
    stage = IdentityStage(codec())
    for n, r in enumerate(_records()):
        stage.process(_msg(r, n))
    unknown = {"command_id": "x", "customer_id": "c_nobody", "identifiers": ["email:a@b.org"]}
    for message in (
        _command(5, {**unknown, "requested_at_ms": 0}),
        _command(6, {"command_id": "y"}),
        _command(7, {}, command="explode"),
    ):
        (output,) = stage.process(message)
        assert output.stream == "dead_letter"
        record = _decoded([output], "dead_letter", "dead_letter")[0]
        assert record["reason_code"] == "bad_command"
