"""The per-customer detector: structured, behavioural and text signals, dedup, addresses."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from itertools import count

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from processors.detection import (
    CustomerDetectionState,
    Detection,
    DetectionInput,
    StateFormatError,
    load_state,
    new_state,
    next_birthday,
    step,
    upcoming_birthdays,
)

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
_ids = count()


def ev(
    days: float = 0,
    *,
    text: str | None = None,
    channel: str = "web",
    direction: str = "inbound",
    kind: str = "message",
    customer: str = "c-1",
    **attributes: str,
) -> DetectionInput:
    return DetectionInput(
        event_id=f"e{next(_ids)}",
        customer_id=customer,
        occurred_at=T0 + timedelta(days=days),
        channel=channel,
        direction=direction,  # type: ignore[arg-type]
        interaction_type=kind,
        text=text,
        attributes=attributes,
    )


def run(
    events: list[DetectionInput], state: CustomerDetectionState | None = None
) -> tuple[CustomerDetectionState, list[Detection]]:
    out: list[Detection] = []
    for event in events:
        state, detections = step(state, event)
        out.extend(detections)
    assert state is not None
    return state, out


def types(detections: list[Detection]) -> list[str]:
    return [d.type for d in detections]


# --- structured signals --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attribute", "before", "after", "expected"),
    [
        ("marital_status", "single", "married", "marriage"),
        ("marital_status", "未婚", "已婚", "marriage"),
        ("marital_status", "Married", "Divorced", "divorce"),
        ("marital_status", "married", "widowed", "bereavement"),
        ("dependents_count", "1", "2", "new_baby"),
        ("employer", "Acme Inc.", "Globex", "new_job"),
        ("employment_status", "employed", "retired", "retirement"),
        ("employment_status", "在职", "退休", "retirement"),
    ],
)
def test_structured_transitions(attribute: str, before: str, after: str, expected: str) -> None:
    _, detections = run([ev(0, **{attribute: before}), ev(1, **{attribute: after})])
    assert types(detections) == [expected]
    (detection,) = detections
    assert detection.signal == "structured"
    assert detection.confidence >= 0.8
    assert detection.details["attribute"] == attribute


@pytest.mark.parametrize(
    ("attribute", "before", "after"),
    [
        ("marital_status", "married", "married"),
        ("marital_status", "married", "single"),  # no agreed event
        ("marital_status", "married", "separated"),
        ("dependents_count", "2", "1"),
        ("dependents_count", "2", "two"),
        ("employer", "Acme Inc.", "ACME"),  # same employer, other spelling
        ("employer", "", "Acme"),
        ("employment_status", "retired", "retired"),
    ],
)
def test_structured_non_events(attribute: str, before: str, after: str) -> None:
    assert run([ev(0, **{attribute: before}), ev(1, **{attribute: after})])[1] == []


def test_first_observation_is_no_event() -> None:
    assert run([ev(0, marital_status="married", employment_status="retired")])[1] == []


def test_promotion_needs_a_higher_title_at_the_same_employer() -> None:
    same = run(
        [
            ev(0, employer="Acme", job_title="Engineer"),
            ev(1, employer="Acme Inc", job_title="Senior Engineer"),
        ]
    )[1]
    assert types(same) == ["promotion"]
    assert (
        run([ev(0, employer="Acme", job_title="Manager"), ev(1, job_title="Director")])[1][0].type
        == "promotion"
    )
    assert (
        run(
            [
                ev(0, employer="Acme", job_title="Senior Engineer"),
                ev(1, employer="Acme", job_title="Engineer"),
            ]
        )[1]
        == []
    )
    assert (
        run(
            [
                ev(0, employer="Acme", job_title="Manager"),
                ev(1, employer="Acme", job_title="Assistant Manager"),
            ]
        )[1]
        == []
    )
    moved = run(
        [
            ev(0, employer="Acme", job_title="Engineer"),
            ev(1, employer="Globex", job_title="Senior Engineer"),
        ]
    )[1]
    assert types(moved) == ["new_job"]  # a new employer is a new job, not a promotion


def test_a_surname_change_alone_is_no_event_but_strengthens_a_marriage() -> None:
    state, detections = run([ev(0, last_name="Smith"), ev(1, last_name="Chen")])
    assert detections == []
    _, detections = run([ev(2, text="We just got married!")], state)
    (marriage,) = detections
    assert marriage.type == "marriage"
    assert marriage.confidence == pytest.approx(0.85)  # first-person text 0.8 + surname hint
    assert len(marriage.evidence) == 2
    assert "surname_change" in marriage.details


# --- behaviour -----------------------------------------------------------------------------


def _buy(days: float, category: str) -> DetectionInput:
    return ev(days, kind="purchase", channel="store", product_category=category)


def test_a_burst_of_baby_purchases_means_a_new_baby() -> None:
    _, detections = run([_buy(0, "newborn"), _buy(5, "diapers"), _buy(12, "baby_formula")])
    (baby,) = detections
    assert (baby.type, baby.signal, baby.confidence) == ("new_baby", "behavioural", 0.6)


def test_baby_purchases_spread_out_or_with_history_are_not_a_new_baby() -> None:
    assert run([_buy(0, "diapers"), _buy(20, "diapers"), _buy(40, "diapers")])[1] == []
    history = [_buy(0, "crib")]
    burst = [_buy(200, "diapers"), _buy(201, "stroller"), _buy(202, "formula")]
    assert run(history + burst)[1] == []
    assert run([_buy(0, "garden"), _buy(1, "garden"), _buy(2, "garden")])[1] == []
    returns = [ev(d, kind="return", product_category="diapers") for d in (0, 1, 2)]
    assert run(returns)[1] == []


def test_chinese_baby_categories() -> None:
    assert types(run([_buy(0, "奶粉"), _buy(1, "纸尿裤"), _buy(2, "婴儿车")])[1]) == ["new_baby"]


# --- text, outbound, dedup -----------------------------------------------------------------


def test_outbound_is_never_evidence() -> None:
    outbound = [
        ev(
            0,
            text="Congratulations on getting married! We moved your account.",
            direction="outbound",
        ),
        ev(1, direction="outbound", marital_status="single"),
        ev(2, direction="outbound", marital_status="married", address="1 Main St"),
    ]
    state, detections = run(outbound)
    assert detections == []
    assert state["attributes"] == {} and state["address"] is None


def test_one_event_many_channels_is_detected_once() -> None:
    state, detections = run(
        [
            ev(0, text="We are getting married on June 6!", channel="chat"),
            ev(3, text="我们六月结婚", channel="call_center"),
            ev(10, marital_status="single", channel="branch"),
            ev(40, marital_status="married", channel="branch"),
        ]
    )
    (marriage,) = detections
    assert marriage.type == "marriage" and marriage.event_date == date(2026, 6, 6)
    (record,) = state["emitted"]
    assert [e["channel"] for e in record["evidence"]] == ["chat", "call_center", "branch"]
    assert record["confidence"] == 0.9  # the structured signal raised it


def test_the_same_type_is_emitted_again_after_the_window() -> None:
    _, detections = run(
        [
            ev(0, text="I just started a new job."),
            ev(60, text="I started a new job!"),
            ev(200, text="I just started a new job at Globex."),
        ]
    )
    assert types(detections) == ["new_job", "new_job"]
    assert detections[1].detected_at == T0 + timedelta(days=200)


def test_an_announced_event_and_its_later_mention_are_one_event() -> None:
    # 150 days apart, but the second mention is within the window of the announced date
    _, detections = run(
        [
            ev(0, text="We're getting married on July 20."),
            ev(150, text="We just got married!"),
        ]
    )
    assert types(detections) == ["marriage"]


def test_detection_ids_are_stable_across_replays() -> None:
    events = [
        ev(0, text="We're moving next week."),
        ev(1, marital_status="single"),
        ev(2, marital_status="married"),
    ]
    first = [d.detection_id for d in run(events)[1]]
    second = [d.detection_id for d in run(events)[1]]
    assert first == second and len(set(first)) == 2


# --- addresses ------------------------------------------------------------------------------


def test_first_address_is_no_change_and_formatting_is_no_change() -> None:
    _, detections = run(
        [
            ev(0, address="广州市天河区体育西路103号Ｂ座２０１"),
            ev(5, address="广州天河体育西路103号B座201", channel="store"),
            ev(9, address="广东省广州市天河区体育西路一百零三号B座二零一室", channel="call_center"),
        ]
    )
    assert detections == []


def test_a_real_change_carries_old_and_new() -> None:
    _, detections = run(
        [
            ev(0, address="5 Oak Street, Springfield IL 62704"),
            ev(
                30,
                address="12 Elm Rd., Shelbyville, IL 62565",
                channel="mobile_app",
                kind="address_update",
            ),
        ]
    )
    (change,) = detections
    assert change.kind == "address_change" and change.type == "address_change"
    assert change.old_address is not None and change.new_address is not None
    assert change.old_address.raw == "5 Oak Street, Springfield IL 62704"
    assert change.new_address.normalised == "12 ELM RD SHELBYVILLE IL 62565"
    assert change.evidence[0].channel == "mobile_app"
    assert change.confidence == 0.9
    assert not change.conflict


def test_a_purchase_address_is_weaker_evidence() -> None:
    _, detections = run([ev(0, address="5 Oak St"), ev(1, address="9 Pine St", kind="purchase")])
    assert detections[0].confidence == 0.6


def test_contradicting_channels_raise_a_conflict_instead_of_flapping() -> None:
    state, detections = run(
        [
            ev(0, address="5 Oak St", channel="store"),
            ev(20, address="12 Elm Rd", channel="web"),
            ev(22, address="40 Birch Ave", channel="call_center"),
            ev(23, address="40 Birch Ave", channel="call_center"),
        ]
    )
    assert [d.conflict for d in detections] == [False, True]
    conflict = detections[1]
    assert conflict.old_address is not None and conflict.new_address is not None
    assert conflict.old_address.raw == "12 Elm Rd" and conflict.new_address.raw == "40 Birch Ave"
    assert [e.channel for e in conflict.evidence] == ["web", "call_center"]
    assert state["address"] is not None and state["address"]["raw"] == "12 Elm Rd"


def test_a_stale_channel_repeating_the_old_address_does_not_flap() -> None:
    _, detections = run(
        [
            ev(0, address="5 Oak St", channel="store"),
            ev(20, address="12 Elm Rd", channel="web"),
            ev(60, address="5 Oak Street", channel="store"),  # the store's stale copy
        ]
    )
    assert [d.new_address.raw for d in detections if d.new_address] == ["12 Elm Rd"]


def test_a_change_after_the_conflict_window_is_a_change() -> None:
    _, detections = run(
        [
            ev(0, address="5 Oak St", channel="store"),
            ev(20, address="12 Elm Rd", channel="web"),
            ev(40, address="40 Birch Ave", channel="call_center"),
        ]
    )
    assert [d.conflict for d in detections] == [False, False]


def test_a_fuller_address_is_no_change_but_is_kept() -> None:
    state, detections = run(
        [
            ev(0, address="体育西路103号"),
            ev(1, address="广州市天河区体育西路103号"),
            ev(2, address="体育西路103号"),
        ]
    )
    assert detections == []
    assert state["address"] is not None and state["address"]["raw"] == "广州市天河区体育西路103号"


def test_moving_text_and_address_change_are_separate_kinds() -> None:
    _, detections = run(
        [
            ev(0, address="1 Main St"),
            ev(1, address="5 Oak Street", text="I moved to 5 Oak Street last week."),
        ]
    )
    assert sorted((d.kind, d.type) for d in detections) == [
        ("address_change", "address_change"),
        ("life_event", "moving"),
    ]


# --- birthdays and state ----------------------------------------------------------------------


def test_upcoming_birthdays_from_the_timer() -> None:
    a, _ = run([ev(0, customer="a", date_of_birth="1986-03-20")])
    b, _ = run([ev(0, customer="b", date_of_birth="1990年12月1日")])
    c, _ = run([ev(0, customer="c", date_of_birth="not a date")])
    d, _ = run([ev(0, customer="d")])
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    found = upcoming_birthdays([a, b, c, d], now, horizon_days=30)
    (birthday,) = found
    assert (birthday.customer_id, birthday.type, birthday.kind) == ("a", "birthday", "life_event")
    assert birthday.event_date == date(2026, 3, 20) and birthday.details["turning"] == "40"
    assert birthday.detection_id == "a:birthday:2026-03-20"  # a daily timer re-derives the same id
    assert birthday.signal == "timer"
    assert [x.customer_id for x in upcoming_birthdays([b], now, horizon_days=300)] == ["b"]
    with pytest.raises(ValueError, match="timezone"):
        upcoming_birthdays([a], datetime(2026, 3, 1))


def test_leap_day_birthdays_fall_on_the_28th_in_other_years() -> None:
    assert next_birthday(date(1996, 2, 29), date(2026, 2, 1)) == date(2026, 2, 28)
    assert next_birthday(date(1996, 2, 29), date(2028, 2, 1)) == date(2028, 2, 29)
    assert next_birthday(date(1990, 5, 1), date(2026, 5, 2)) == date(2027, 5, 1)


def test_state_is_json_plain_data_and_loads_back() -> None:
    state, _ = run(
        [
            ev(0, address="5 Oak St", marital_status="single", date_of_birth="1980-01-01"),
            ev(1, text="We just got married!", address="9 Pine St"),
            _buy(2, "diapers"),
        ]
    )
    again = load_state(json.loads(json.dumps(state)))
    assert again == state
    with pytest.raises(StateFormatError):
        load_state({**state, "version": 99})
    with pytest.raises(StateFormatError):
        load_state({"version": 1})


@settings(max_examples=60, deadline=None)
@given(st.permutations(["chat", "email", "call_center", "store", "web"]))
def test_dedup_holds_in_any_channel_order(channels: list[str]) -> None:
    texts = [
        "We just bought our first home!",
        "我们买房了",
        "我們買了房子",
        "We closed on a house.",
        "We're finally homeowners!",
    ]
    events = [
        ev(i, text=t, channel=c) for i, (t, c) in enumerate(zip(texts, channels, strict=True))
    ]
    state, detections = run(events)
    assert types(detections) == ["home_purchase"]
    assert len(state["emitted"][0]["evidence"]) == 5


def test_a_fresh_state_names_its_customer() -> None:
    assert new_state("x")["customer_id"] == "x"
