"""The batch entry point and the two input conversions (JSON Lines, Avro records)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from core.errors import ChorusError
from processors.detection import (
    MalformedInteractionError,
    detect_lines,
    fallback_customer_id,
    from_avro_record,
    parse_lines,
)
from processors.detection.batch import main
from tests.unit.factories import codec, interaction


def line(event_id: str, when: str, **fields: Any) -> str:
    record: dict[str, Any] = {
        "event_id": event_id,
        "occurred_at": when,
        "channel": "chat",
        "identifiers": {"email": "Ann@Example.com"},
        "type": "message",
        "direction": "inbound",
    }
    record.update(fields)
    return json.dumps(record, ensure_ascii=False)


def test_detect_lines_end_to_end() -> None:
    lines = [
        line(
            "e1",
            "2026-03-01T09:00:00+08:00",
            attributes={"address": "广州市天河区体育西路103号", "marital_status": "single"},
        ),
        line("e2", "2026-03-02T09:00:00+08:00", text="我们上周领证了！", channel="call_center"),
        line(
            "e3",
            "2026-03-03T09:00:00+08:00",
            attributes={"marital_status": "married"},
            channel="branch",
            identifiers={"email": "ann@example.com", "phone": "+86 138"},
        ),
        line(
            "e4",
            "2026-03-04T09:00:00+08:00",
            text="Congrats on your wedding!",
            direction="outbound",
        ),
        "",
        line(
            "e5",
            "2026-03-05T09:00:00Z",
            attributes={"address": "廣州天河體育西路103號"},
            channel="web",
        ),
        line(
            "e6",
            "2026-03-09T09:00:00+00:00",
            attributes={"address": "深圳市南山区科技园1号"},
            channel="web",
            type="address_update",
        ),
    ]
    out = [json.loads(x) for x in detect_lines(lines)]
    assert [(o["kind"], o["type"]) for o in out] == [
        ("life_event", "marriage"),
        ("address_change", "address_change"),
    ]
    marriage, move = out
    assert marriage["customer_id"] == "email:ann@example.com"
    assert marriage["evidence"] == ["e2"] and marriage["event_date"] == "2026-02-23"
    assert 0 < marriage["confidence"] <= 1
    assert move["evidence"] == ["e6"]
    assert move["old_address"]["raw"] == "广州市天河区体育西路103号"
    assert move["new_address"]["normalised"] == "深圳南山科技园1号"
    assert move["conflict"] is False
    assert "old_address" not in marriage


def test_the_customer_seam_is_one_callable() -> None:
    lines = [line("e1", "2026-03-01T09:00:00+00:00", text="I just retired!")]
    out = [json.loads(x) for x in detect_lines(lines, resolve_customer=lambda r: "cust-42")]
    assert out[0]["customer_id"] == "cust-42"


@pytest.mark.parametrize(
    ("identifiers", "expected"),
    [
        ({"device_id": "d1", "email": " Ann@Example.COM "}, "email:ann@example.com"),
        ({"phone": "+1 (555) 010-0000", "device_id": "d1"}, "phone:15550100000"),
        ({"crm_id": "C9", "account_id": "A1"}, "account_id:A1"),
        ({"loyalty_id": "L7", "email": None}, "loyalty_id:L7"),
        ({"phone": "n/a", "device_id": "d1"}, "device_id:d1"),
    ],
)
def test_fallback_customer_id(identifiers: dict[str, str | None], expected: str) -> None:
    assert fallback_customer_id({"identifiers": identifiers}) == expected


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "JSON object"),
        (line("e1", "yesterday"), "ISO-8601"),
        (line("e1", "2026-03-01T09:00:00"), "offset"),
        (line("", "2026-03-01T09:00:00+00:00"), "event_id"),
        (line("e1", "2026-03-01T09:00:00+00:00", direction="sideways"), "direction"),
        (line("e1", "2026-03-01T09:00:00+00:00", identifiers={}), "no customer identifier"),
        (line("e1", "2026-03-01T09:00:00+00:00", identifiers="ann"), "identifiers"),
        (line("e1", "2026-03-01T09:00:00+00:00", attributes={"amount": 12}), "amount"),
        (line("e1", "2026-03-01T09:00:00+00:00", text=5), "text"),
    ],
)
def test_malformed_lines_name_their_line(bad: str, reason: str) -> None:
    good = line("e0", "2026-03-01T08:00:00+00:00")
    with pytest.raises(MalformedInteractionError, match=reason) as caught:
        list(detect_lines([good, "", bad]))
    assert caught.value.line_no == 3
    assert str(caught.value).startswith("line 3:")
    assert isinstance(caught.value, ChorusError)


def test_json_and_avro_records_give_the_same_input() -> None:
    record = interaction(
        event_id="chat:1",
        channel="chat",
        interaction_type="message",
        text="We are moving next month.",
        attributes={"address": "5 Oak St"},
        occurred_at=datetime(2026, 3, 1, 9, 0, tzinfo=UTC),
    )
    decoded = codec().decode(codec().encode("interaction", record), expect="interaction").record
    from_avro = from_avro_record(decoded)
    (from_json,) = parse_lines(
        [
            json.dumps(
                {
                    "event_id": "chat:1",
                    "occurred_at": "2026-03-01T09:00:00+00:00",
                    "channel": "chat",
                    "identifiers": {"email": "Ann@Example.com", "device_id": "dev-1"},
                    "type": "message",
                    "direction": "inbound",
                    "text": "We are moving next month.",
                    "attributes": {"address": "5 Oak St"},
                }
            )
        ]
    )
    assert from_avro == from_json
    assert from_avro.customer_id == "email:ann@example.com"


def test_main_reads_a_file_and_reports_malformed_input(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "in.jsonl"
    good.write_text(
        line("e1", "2026-03-01T09:00:00+00:00", text="I just retired!") + "\n", encoding="utf-8"
    )
    assert main([str(good)]) == 0
    assert json.loads(capsys.readouterr().out)["type"] == "retirement"
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")
    assert main([str(bad)]) == 2
    assert "line 1" in capsys.readouterr().err


def test_synthetic_smoke() -> None:
    from tests.unit.processors.detection.synthetic import synthetic_lines

    outputs = [json.loads(x) for x in detect_lines(synthetic_lines(3000))]
    assert outputs
    for out in outputs:
        assert out["kind"] in ("life_event", "address_change")
        assert 0 < out["confidence"] <= 1 and out["evidence"]
        if out["kind"] == "address_change":
            assert out["old_address"]["normalised"] != out["new_address"]["normalised"]
    ids = [o["detection_id"] for o in outputs]
    assert len(ids) == len(set(ids))
