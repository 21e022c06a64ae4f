"""Detection inside the identity stage: keyed by the resolved customer, following merges."""

from datetime import UTC, datetime, timedelta

from processors.detections import DetectionStage
from processors.identities import IdentityStage
from processors.routing import RawMessage
from tests.unit.factories import NOW, codec, identifiers, interaction


def _msg(record, offset):
    return RawMessage("p.identity.in", 0, offset, b"k", codec().encode("interaction", record))


def _decoded(outputs, stream, schema):
    return [codec().decode(o.value, expect=schema).record for o in outputs if o.stream == stream]


def _stage():
    return IdentityStage(codec(), detection=DetectionStage())


def test_a_life_event_told_on_two_channels_is_detected_once_under_the_survivor():
    stage = _stage()
    records = [
        interaction(
            event_id="chat-1",
            channel="chat",
            interaction_type="message",
            occurred_at=NOW,
            identifiers=identifiers(device_id="ck-1"),
            text="We just got married last weekend!",
        ),
        interaction(
            event_id="web-2",
            interaction_type="login",
            occurred_at=NOW + timedelta(hours=1),
            identifiers=identifiers(device_id="ck-1", account_id="A-1"),
        ),
        interaction(
            event_id="call-3",
            channel="call_center",
            interaction_type="call",
            occurred_at=NOW + timedelta(days=2),
            identifiers=identifiers(account_id="A-1"),
            text="Customer says she got married recently and wants to update her name.",
        ),
    ]
    outputs = [o for n, r in enumerate(records) for o in stage.process(_msg(r, n))]
    events = _decoded(outputs, "life_events", "detection")
    assert [(e["type"], e["evidence"][0]["event_id"]) for e in events] == [("marriage", "chat-1")]
    survivor = stage.state.customer_of("account_id:A1")
    # the chat was detected under the device's customer; after the login merged it into the
    # account holder, the call's evidence is attached to that detection, not re-emitted
    assert set(stage.detection.states) == {survivor}
    (emitted,) = stage.detection.states[survivor]["emitted"]
    assert [e["event_id"] for e in emitted["evidence"]] == ["chat-1", "call-3"]
    entries = [
        t
        for t in _decoded(outputs, "timeline", "timeline_entry")
        if t["entry_kind"] == "life_event"
    ]
    assert [(t["entry_type"], t["source_event_id"]) for t in entries] == [("marriage", "chat-1")]


def test_an_address_change_goes_to_its_own_stream_and_timeline():
    stage = _stage()
    base = dict(
        channel="branch", interaction_type="address_update", identifiers=identifiers(crm_id="C1")
    )
    first = interaction(event_id="b-1", attributes={"address": "1 Main St, Springfield"}, **base)
    same = interaction(
        event_id="b-2",
        occurred_at=NOW + timedelta(days=1),
        attributes={"address": "1 Main Street, Springfield"},
        **base,
    )
    moved = interaction(
        event_id="b-3",
        occurred_at=NOW + timedelta(days=5),
        attributes={"address": "22 Oak Avenue, Springfield"},
        **base,
    )
    outputs = [o for n, r in enumerate((first, same, moved)) for o in stage.process(_msg(r, n))]
    (change,) = _decoded(outputs, "address_changes", "detection")
    assert change["old_address"]["raw"] == "1 Main St, Springfield"  # formatting: no change
    assert change["new_address"]["raw"] == "22 Oak Avenue, Springfield"
    assert change["evidence"][0]["event_id"] == "b-3"
    assert not _decoded(outputs, "life_events", "detection")
    kinds = [t["entry_kind"] for t in _decoded(outputs, "timeline", "timeline_entry")]
    assert kinds.count("address_change") == 1


def test_detection_state_survives_a_reload_and_birthdays_are_announced_once():
    stage = _stage()
    born = (NOW + timedelta(days=10)).date().replace(year=1990)
    record = interaction(
        event_id="web-dob",
        interaction_type="profile_update",
        attributes={"date_of_birth": born.isoformat()},
    )
    stage.process(_msg(record, 0))
    stored = stage.all_shards()
    assert any(k.startswith("d:") for k in stored)
    again = IdentityStage.from_shards(codec(), stored.items(), detection=DetectionStage())
    assert again.detection.states == stage.detection.states
    now = datetime.combine(NOW.date(), datetime.min.time(), tzinfo=UTC)
    first = _decoded(again.birthdays(now), "life_events", "detection")
    assert [(d["type"], d["event_date"]) for d in first] == [
        ("birthday", born.replace(year=NOW.year))
    ]
    assert again.birthdays(now + timedelta(hours=1)) == []  # announced once
    reloaded = IdentityStage.from_shards(
        codec(),
        {**stored, **{k: v for k, v in again.dirty().items() if v}}.items(),
        detection=DetectionStage(),
    )
    assert reloaded.birthdays(now + timedelta(days=1)) == []  # remembered across a restart


def test_detection_off_emits_nothing():
    stage = IdentityStage(codec())
    record = interaction(event_id="c-1", channel="chat", text="We just got married!")
    outputs = stage.process(_msg(record, 0))
    assert not [o for o in outputs if o.stream in ("life_events", "address_changes")]
    assert stage.birthdays(datetime.now(UTC)) == []
