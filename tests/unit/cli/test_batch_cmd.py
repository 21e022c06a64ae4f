import json

import pytest
from typer.testing import CliRunner

from chorus.cli import batch_cmd
from chorus.cli.main import app
from core.errors import ChorusError
from processors.jsonl import MAX_DEPTH, MAX_LINE_BYTES

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


BAD = [
    "{not json",
    json.dumps({**LINES[0], "event_id": "x1", "channel": "fax\x1b[31m"}),
    json.dumps({**LINES[0], "event_id": "x2", "identifiers": {}}),
    "[" * 5000 + "]" * 5000,
    json.dumps({**LINES[0], "event_id": "x3", "occurred_at": "2026-03-01"}),
]


def test_each_refused_line_is_one_line_on_stderr_and_the_status_is_2():
    text = INPUT + "\n".join(BAD) + "\n"
    result = CliRunner().invoke(app, ["resolve"], input=text)
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    events = [json.loads(line)["event_id"] for line in result.stdout.splitlines()]
    assert events == ["e1", "e2", "e3", "e4"]  # the good lines are resolved all the same
    assert result.stderr.splitlines() == [
        "line 5: not JSON: Expecting property name enclosed in double quotes at column 2",
        "line 6: rejected (unknown_channel): unknown channel 'fax\\x1b[31m'",
        "line 7: rejected (no_identifier): the interaction carries no customer identifier",
        "line 8: JSON nested deeper than 16 levels",
        "line 9: occurred_at '2026-03-01' has no UTC offset",
        "resolve: 9 lines: 4 accepted, 5 refused "
        "(3 malformed; 2 rejected: no_identifier 1, unknown_channel 1)",
    ]


def test_detect_reports_the_same_way_and_still_detects():
    text = "\n".join(BAD[:2]) + "\n" + INPUT
    result = CliRunner().invoke(app, ["detect"], input=text)
    assert result.exit_code == 2
    assert [json.loads(line)["type"] for line in result.stdout.splitlines()] == ["marriage"]
    assert [line.split(":")[0] for line in result.stderr.splitlines()] == [
        "line 1",
        "line 2",
        "detect",
    ]


def test_a_clean_input_leaves_stderr_empty():
    result = CliRunner().invoke(app, ["resolve", "-"], input=INPUT)
    assert (result.exit_code, result.stderr) == (0, "")


def test_max_line_bytes_bounds_every_line():
    result = CliRunner().invoke(app, ["resolve", "--max-line-bytes", "100"], input=INPUT)
    assert result.exit_code == 2
    assert "line 2: too long: " in result.stderr  # the Chinese text makes line 2 the longest
    assert "the limit is 100" in result.stderr


def test_an_unreadable_file_is_one_clear_error(tmp_path):
    result = CliRunner().invoke(app, ["detect", str(tmp_path / "missing.jsonl")])
    assert isinstance(result.exception, ChorusError)
    assert "cannot read" in str(result.exception)


def test_the_help_explains_the_input_rules():
    result = CliRunner().invoke(app, ["resolve", "--help"], env={"COLUMNS": "80"})
    for needle in ("line N: rejected (<code>): <reason>", "exit status is 2", "--max-line-bytes"):
        assert needle in result.stdout


def test_the_cli_defaults_are_the_readers():
    assert (batch_cmd.MAX_LINE_BYTES, batch_cmd.MAX_DEPTH) == (MAX_LINE_BYTES, MAX_DEPTH)


def test_library_callers_still_get_an_exception_naming_the_line():
    from processors.identity.batch import resolve_lines

    with pytest.raises(ChorusError, match=r"^line 5: not JSON"):
        list(resolve_lines([*INPUT.splitlines(), "{not json"]))
