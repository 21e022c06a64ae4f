"""The simulator: deterministic, every channel and script, real identity noise, ground truth
that matches what was published, and every kind of malformed event the processor must
dead-letter."""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from processors.routing import InteractionRouter, RawMessage
from schemas import AvroCodec, DecodeError, load_catalog, make_registry
from schemas.channels import CHANNELS
from streams.simulator import (
    BAD_KINDS,
    DECOY_KINDS,
    LIFE_EVENT_TYPES,
    SimulatedEvent,
    SimulationConfig,
    Simulator,
    TruthWriter,
    simulate,
    write_truth,
)
from streams.simulator.people import full_width_digits

BASE_TIME = datetime(2026, 6, 1, tzinfo=UTC)
CONFIG = SimulationConfig(
    seed=11, batch_id="t-sim", base_time=BASE_TIME, customers=300, bad_fraction=0.02
)
COUNT = 6000

SIMPLIFIED_ONLY = set("们这说个为时还没给见让东车门语")
TRADITIONAL_ONLY = set("們這說個為時還沒給見讓東車門語號區麼")


@pytest.fixture(scope="module")
def codec() -> AvroCodec:
    catalog = load_catalog()
    return AvroCodec(catalog, make_registry(catalog, None))


@pytest.fixture(scope="module")
def run(codec: AvroCodec) -> list[SimulatedEvent]:
    return list(Simulator(CONFIG, codec).events(COUNT))


def _good(run: list[SimulatedEvent]) -> list[SimulatedEvent]:
    return [e for e in run if not e.is_bad]


def _texts(run: list[SimulatedEvent]) -> list[str]:
    return [e.record["text"] for e in _good(run) if e.record and e.record["text"]]


# --- determinism ------------------------------------------------------------------------------


def _wire(events: list[SimulatedEvent], codec: AvroCodec) -> list[tuple[str | None, bytes, str]]:
    return [(e.key, e.value(codec), json.dumps(e.truth, ensure_ascii=False)) for e in events]


def test_same_seed_and_parameters_give_byte_identical_output(
    run: list[SimulatedEvent], codec: AvroCodec, tmp_path: Path
) -> None:
    again = list(Simulator(CONFIG, codec).events(COUNT))
    assert _wire(again, codec) == _wire(run, codec)

    write_truth(tmp_path / "a.jsonl", run)
    write_truth(tmp_path / "b.jsonl", again)
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()


def test_a_simulator_replays_from_the_seed_on_every_call(codec: AvroCodec) -> None:
    simulator = Simulator(CONFIG, codec)
    assert _wire(list(simulator.events(300)), codec) == _wire(list(simulator.events(300)), codec)


def test_other_seed_gives_other_journeys(run: list[SimulatedEvent], codec: AvroCodec) -> None:
    other = list(simulate(500, seed=12, batch_id="t-sim", base_time=BASE_TIME, customers=300))
    assert [e.value(codec) for e in other] != [e.value(codec) for e in run[:500]]


def test_bad_fraction_does_not_change_the_good_events(
    run: list[SimulatedEvent], codec: AvroCodec
) -> None:
    prefix = [e for e in run[:1000] if not e.is_bad]
    clean_run = Simulator(dataclasses.replace(CONFIG, bad_fraction=0.0), codec).events(COUNT)
    clean = list(itertools.islice(clean_run, len(prefix)))  # same count: same clock
    assert not any(e.is_bad for e in clean)
    assert _wire(clean, codec) == _wire(prefix, codec)


def test_batch_id_is_stamped_everywhere_and_ids_never_collide_across_runs(
    run: list[SimulatedEvent],
) -> None:
    other = list(simulate(300, seed=11, batch_id="t-other", base_time=BASE_TIME, customers=300))
    ids = [e.event_id for e in run]
    assert len(set(ids)) == len(ids)
    assert not set(ids) & {e.event_id for e in other}
    for event in _good(run):
        assert event.record is not None
        assert event.record["batch_id"] == "t-sim"
        assert event.record["event_id"].startswith(f"t-sim:{event.record['channel']}:")
        assert event.truth["event_id"] == event.record["event_id"]
    assert all(e.event_id.startswith("t-sim:bad:") for e in run if e.is_bad)


def test_config_is_validated() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        SimulationConfig(base_time=datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="bad_fraction"):
        SimulationConfig(bad_fraction=1.5)
    with pytest.raises(ValueError, match="batch_id"):
        SimulationConfig(batch_id="a:b")


# --- content ------------------------------------------------------------------------------------


def test_every_good_event_is_a_valid_interaction(
    run: list[SimulatedEvent], codec: AvroCodec
) -> None:
    start = BASE_TIME - timedelta(days=CONFIG.days)
    for event in _good(run):
        assert event.record is not None
        assert not event.is_raw
        assert codec.decode(event.value(codec), expect="interaction").record == event.record
        assert event.record["channel"] in CHANNELS
        assert any(event.record["identifiers"].values())
        assert start <= event.record["occurred_at"] <= BASE_TIME
        assert event.record["occurred_at"] <= event.record["received_at"] <= BASE_TIME
        assert event.key is not None and event.key.split(":", 1)[0] in event.record["identifiers"]


def test_all_channels_and_both_directions(run: list[SimulatedEvent]) -> None:
    channels = Counter(e.truth["channel"] for e in _good(run))
    assert set(channels) == set(CHANNELS)
    directions = Counter(
        (e.record["channel"], e.record["direction"]) for e in _good(run) if e.record
    )
    for channel in ("email", "sms", "mobile_app", "chat", "social", "call_center"):
        assert directions[(channel, "outbound")] > 0, channel


def test_english_simplified_and_traditional_chinese(run: list[SimulatedEvent]) -> None:
    assert set(Counter(e.truth["locale"] for e in run)) == {"en", "zh-Hans", "zh-Hant"}
    by_locale: dict[str, list[str]] = defaultdict(list)
    for event in _good(run):
        if event.record and event.record["text"]:
            by_locale[event.truth["locale"]].append(event.record["text"])
    simplified = "".join(by_locale["zh-Hans"])
    traditional = "".join(by_locale["zh-Hant"])
    assert set(simplified) & SIMPLIFIED_ONLY
    assert not set(simplified) & (TRADITIONAL_ONLY - SIMPLIFIED_ONLY)
    assert set(traditional) & TRADITIONAL_ONLY
    assert not set(traditional) & (SIMPLIFIED_ONLY - TRADITIONAL_ONLY)
    assert not any(re.search("[\u4e00-\u9fff]", t) for t in by_locale["en"])
    assert sum(bool(re.search("[A-Za-z]{3}", t)) for t in by_locale["en"]) > 0.9 * len(
        by_locale["en"]
    )


def test_life_events_come_with_evidence_and_decoys(run: list[SimulatedEvent]) -> None:
    found = Counter(e.truth["life_event"]["type"] for e in run if "life_event" in e.truth)
    assert set(found) == set(LIFE_EVENT_TYPES)
    decoys = Counter(e.truth["decoy"]["kind"] for e in run if "decoy" in e.truth)
    assert set(decoys) == {*DECOY_KINDS, "outbound"}
    for event in _good(run):
        assert event.record is not None
        if event.truth.get("decoy", {}).get("kind") == "outbound":
            assert event.record["direction"] == "outbound"
        if "life_event" in event.truth:
            assert event.record["direction"] == "inbound"
            datetime.fromisoformat(event.truth["life_event"]["date"])
    texts = _texts(run)
    assert any("Happy new home! 10% off" in t or "乔迁之喜" in t or "入厝快樂" in t for t in texts)


def test_address_changes_appear_on_exactly_one_event(run: list[SimulatedEvent]) -> None:
    changes = [e for e in run if "address_change" in e.truth]
    assert len(changes) > 10
    per_person = Counter(e.truth["person_id"] for e in changes)
    assert max(per_person.values()) == 1
    full_width = False
    for event in changes:
        assert event.record is not None
        old, new = event.truth["address_change"]["old"], event.truth["address_change"]["new"]
        assert old != new
        shown = event.record["attributes"].get("address") or event.record["text"]
        assert shown
        full_width |= any(c in shown for c in full_width_digits("0123456789"))
    assert full_width, "no Chinese address with full-width digits"
    assert {e.record["channel"] for e in changes if e.record} >= {"web", "branch", "call_center"}


def test_identifiers_are_spread_over_channels_with_noise(run: list[SimulatedEvent]) -> None:
    kinds: dict[str, set[str]] = defaultdict(set)
    phones, emails = [], []
    for event in _good(run):
        assert event.record is not None
        for kind, value in event.record["identifiers"].items():
            if value:
                kinds[event.truth["person_id"]].add(kind)
        phones.append(event.record["identifiers"]["phone"] or "")
        emails.append(event.record["identifiers"]["email"] or "")
    assert sum(len(k) >= 4 for k in kinds.values()) > 50  # identity resolution has work to do
    assert any(p.startswith("+86") for p in phones)
    assert any(p.startswith("+1") for p in phones)
    assert any(p.startswith("(") for p in phones)  # (415) 555-0134
    assert any(p[:1] in full_width_digits("0123456789") for p in phones)
    assert any(e != e.lower() for e in emails if e)
    logins = [
        e.record
        for e in _good(run)
        if e.record
        and (e.record["channel"], e.record["interaction_type"]) == ("mobile_app", "login")
    ]
    assert logins and all(
        r["identifiers"]["device_id"] and r["identifiers"]["account_id"] for r in logins
    )


def test_dates_of_birth_in_attributes_match_the_truth(run: list[SimulatedEvent]) -> None:
    seen = [e for e in _good(run) if e.record and "date_of_birth" in e.record["attributes"]]
    assert len(seen) > 20
    for event in seen:
        assert event.record is not None
        assert event.record["attributes"]["date_of_birth"] == event.truth["date_of_birth"]


# --- malformed events -----------------------------------------------------------------------------


def test_each_bad_kind_is_present_and_really_bad(
    run: list[SimulatedEvent], codec: AvroCodec
) -> None:
    bad = [e for e in run if e.is_bad]
    assert Counter(e.bad_kind for e in bad).keys() == set(BAD_KINDS)
    assert 0.01 < len(bad) / len(run) < 0.03
    for event in bad:
        assert event.truth["bad"] == event.bad_kind
        if event.bad_kind in ("not_avro", "unknown_schema_id", "schema_violation"):
            assert event.is_raw
            with pytest.raises(DecodeError) as err:
                codec.decode(event.value(codec))
            assert err.value.code == event.bad_kind
            continue
        record = codec.decode(event.value(codec)).record
        if event.bad_kind == "no_identifier":
            assert not any(record["identifiers"].values())
            assert event.key is None
        elif event.bad_kind == "unknown_channel":
            assert record["channel"] not in CHANNELS
        else:
            assert record["occurred_at"] > BASE_TIME + timedelta(days=3650)


def test_the_processor_dead_letters_each_bad_kind_with_its_reason(
    run: list[SimulatedEvent], codec: AvroCodec
) -> None:
    """Contract with processors.routing: reason_code == bad_kind, good events pass."""
    router = InteractionRouter(codec, max_future_skew=timedelta(days=1), clock=lambda: BASE_TIME)
    for offset, event in enumerate(run[:2000]):
        key = event.key.encode() if event.key else None
        message = RawMessage("raw", 0, offset, key, event.value(codec), {})
        outputs = router.route(message)
        if event.is_bad:
            assert [o.stream for o in outputs] == ["dead_letter"]
            dead = codec.decode(outputs[0].value, expect="dead_letter").record
            assert dead["reason_code"] == event.bad_kind
        else:
            assert [o.stream for o in outputs] == ["interactions", "identity_in"], event.truth


def test_truth_writer_streams_one_line_per_event(run: list[SimulatedEvent], tmp_path: Path) -> None:
    path = tmp_path / "nested" / "truth.jsonl"
    with TruthWriter(path) as writer:
        passed = list(writer.tee(run[:200]))
    assert passed == run[:200]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 200
    first = json.loads(lines[0])
    assert first == run[0].truth
    assert {"event_id", "person_id", "channel", "locale"} <= first.keys()
