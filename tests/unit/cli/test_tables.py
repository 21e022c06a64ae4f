"""Human-readable tables show stored values escaped; machine formats stay byte-exact."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from chorus.cli import customer_cmd, query_cmd
from chorus.cli.main import app

HOSTILE = "\x1b[31mred\x1b]8;;http://e\x07 \u202eabc [bold]b[/bold]"
SHOWN = "\\x1b[31mred\\x1b]8;;http://e\\x07 \\u202eabc [bold]b[/bold]"
# what ClickHouse writes for SELECT <HOSTILE> AS v, 'x' AS w in each format
CLICKHOUSE = {
    "JSON": json.dumps(
        {"meta": [{"name": "v"}, {"name": "\u202ew"}], "data": [{"v": HOSTILE, "\u202ew": "x"}]}
    ).encode(),
    "JSONEachRow": json.dumps({"v": HOSTILE}, ensure_ascii=False).encode() + b"\n",
    "CSVWithNames": b'"v"\n"' + HOSTILE.encode() + b'\xff"\n',
    "TabSeparatedWithNames": b"v\n" + HOSTILE.encode() + b"\xff\n",
}


def no_controls(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(query_cmd, "run_query", lambda s, sql, fmt: CLICKHOUSE[fmt])


def test_query_table_escapes_names_and_values(store: None) -> None:
    result = CliRunner().invoke(app, ["query", "SELECT …"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    no_controls(result.stdout)
    assert SHOWN in result.stdout
    assert "\\u202ew" in result.stdout


@pytest.mark.parametrize(
    ("option", "fmt"),
    [("json", "JSONEachRow"), ("csv", "CSVWithNames"), ("tsv", "TabSeparatedWithNames")],
)
def test_machine_formats_are_clickhouses_bytes(store: None, option: str, fmt: str) -> None:
    result = CliRunner().invoke(app, ["query", "SELECT …", "--format", option])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == CLICKHOUSE[fmt]  # ESC, U+202E, even a non-UTF-8 byte


def test_query_table_shows_bytes_that_are_not_utf8(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = b'{"meta": [{"name": "v"}], "data": [{"v": "a\xffb"}], "rows": 1}'
    monkeypatch.setattr(query_cmd, "run_query", lambda s, sql, fmt: raw)
    result = CliRunner().invoke(app, ["query", "SELECT …"])
    assert result.exit_code == 0, result.output
    assert "a\\udcffb" in result.stdout


ENTRY = {
    "occurred_at": "2026-03-01 10:00:00.000",
    "channel": "chat",
    "direction": "inbound",
    "entry_kind": "interaction",
    "entry_type": "message",
    "summary": HOSTILE,
    "source_event_id": "e1",
    "recorded_under": "c_1",
}


@pytest.fixture
def customer(monkeypatch: pytest.MonkeyPatch) -> None:
    import chorus.customers

    identifiers = ["device_id:\x1b[2Jdev"]
    monkeypatch.setattr(
        customer_cmd, "_lookup", lambda reference: (None, "db", "c_1\u202e", identifiers)
    )
    monkeypatch.setattr(chorus.customers, "timeline", lambda *args: [ENTRY])
    golden = {
        "attributes": {"name": {"value": HOSTILE, "channel": "chat", "at": "2026-03-01"}},
        "consents": {"sms\x1b": True},
        "preferred_channel": "chat\u202e",
    }
    found: dict[str, Any] = {
        "customer_id": "c_1\u202e",
        "identifiers": identifiers,
        "merged_ids": ["c_0\x9b"],
        "golden": golden,
        "channels": [
            {"channel": "chat", "interactions": 1, "first_seen": HOSTILE, "last_seen": "x"}
        ],
    }
    monkeypatch.setattr(chorus.customers, "profile", lambda *args: found)


def test_timeline_table_escapes_stored_text(customer: None) -> None:
    result = CliRunner().invoke(app, ["timeline", "c_0123456789abcdef"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    no_controls(result.stdout)
    assert SHOWN in result.stdout
    assert "c_1\\u202e  (device_id:\\x1b[2Jdev)" in result.stdout


def test_timeline_json_is_the_same_value(customer: None) -> None:
    result = CliRunner().invoke(app, ["timeline", "c_0123456789abcdef", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["entries"] == [ENTRY]
    assert document["customer_id"] == "c_1\u202e"
    no_controls(result.stdout)  # JSON's own \\u escapes: same value, inert on a terminal


def test_profile_escapes_everything_stored(customer: None) -> None:
    result = CliRunner().invoke(app, ["profile", "c_0123456789abcdef"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    no_controls(result.stdout)
    assert "\x9b" not in result.stdout
    for shown in (SHOWN, "c_1\\u202e", "c_0\\x9b", "sms\\x1b=yes", "chat\\u202e"):
        assert shown in result.stdout
