import json

from typer.testing import CliRunner

from chorus.cli.main import app
from core.errors import ChorusError

LINES = [
    {
        "event_id": "e1",
        "occurred_at": "2026-03-01T10:00:00+08:00",
        "channel": "mobile_app",
        "identifiers": {"device_id": "DEV-9", "account_id": "a-100"},
        "type": "login",
        "direction": "inbound",
    },
    {
        "event_id": "e2",
        "occurred_at": "2026-03-02T10:00:00+08:00",
        "channel": "call_center",
        "identifiers": {"phone": "+86 138 0013 8000", "account_id": "A-100"},
        "type": "call",
        "direction": "inbound",
        "text": "我们上个月领证了，想把配偶加到保单上",
    },
    {
        "event_id": "e3",
        "occurred_at": "2026-03-03T10:00:00+08:00",
        "channel": "web",
        "identifiers": {"email": "Ann@Example.com", "device_id": "dev-9"},
        "type": "message",
        "direction": "inbound",
    },
    {
        "event_id": "e4",
        "occurred_at": "2026-03-04T10:00:00+08:00",
        "channel": "email",
        "identifiers": {"email": "bob@example.org"},
        "type": "message",
        "direction": "inbound",
    },
]
INPUT = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in LINES)


def test_resolve_links_identifiers_across_channels():
    result = CliRunner().invoke(app, ["resolve"], input=INPUT)
    assert result.exit_code == 0, result.output
    ids = {r["event_id"]: r["customer_id"] for r in map(json.loads, result.output.splitlines())}
    assert ids["e1"] == ids["e2"] == ids["e3"]
    assert ids["e4"] != ids["e1"]


def test_resolve_reads_a_file_and_is_order_independent(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(reversed(INPUT.splitlines(keepends=True))), encoding="utf-8")
    forward = CliRunner().invoke(app, ["resolve"], input=INPUT).output.splitlines()
    backward = CliRunner().invoke(app, ["resolve", str(path)]).output.splitlines()
    assert sorted(forward) == sorted(backward)


def test_detect_uses_resolved_customers():
    result = CliRunner().invoke(app, ["detect"], input=INPUT)
    assert result.exit_code == 0, result.output
    detections = [json.loads(line) for line in result.output.splitlines()]
    resolved = CliRunner().invoke(app, ["resolve"], input=INPUT).output.splitlines()
    customer = json.loads(resolved[0])["customer_id"]
    assert [(d["type"], d["customer_id"], d["evidence"]) for d in detections] == [
        ("marriage", customer, ["e2"])
    ]


def test_malformed_input_is_a_chorus_error_naming_the_line():
    result = CliRunner().invoke(app, ["resolve"], input=INPUT + "{not json\n")
    assert isinstance(result.exception, ChorusError)
    assert "line 5" in str(result.exception)
