"""The CLI as a person uses it: real processes, real broker, real chdb."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

CHORUS = str(Path(sys.executable).with_name("chorus"))


def _chorus(
    *args: str, env: dict[str, str], timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CHORUS_", "KAFKA_", "CLICKHOUSE_"))
    }
    clean.update(env)
    return subprocess.run(
        [CHORUS, *args], env=clean, capture_output=True, text=True, timeout=timeout, check=False
    )


def _one_clear_line(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
    assert lines and lines[0].startswith("error:"), result.stderr
    text = " ".join(lines)  # rich may wrap a long line
    for needle in needles:
        assert needle in text, result.stderr


def test_help_explains_every_command(tmp_path):
    result = _chorus("--help", env={"CHORUS_STATE_DIR": str(tmp_path)})
    assert result.returncode == 0
    for command in ("stack", "run", "simulate", "demo", "query", "db"):
        assert command in result.stdout


def test_bad_sql_is_one_clear_line(tmp_path):
    result = _chorus("query", "SELEC 1", env={"CHORUS_STATE_DIR": str(tmp_path)})
    _one_clear_line(result, "Syntax error")


def test_query_runs_one_statement_unless_multi(tmp_path):
    env = {"CHORUS_STATE_DIR": str(tmp_path)}
    made = _chorus("query", "CREATE TABLE kept (a UInt8) ENGINE = MergeTree ORDER BY a", env=env)
    assert made.returncode == 0, made.stderr
    refused = _chorus("query", "SELECT 1; DROP TABLE kept", env=env)
    _one_clear_line(refused, "Code: 62", "Multi-statements are not allowed")
    assert "1" not in refused.stdout
    script = "INSERT INTO kept VALUES (1), (2); -- a ; in a comment\nSELECT count() FROM kept"
    ran = _chorus("query", "--multi", script, "--format", "tsv", env=env)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.split() == ["count()", "2"]


def test_unreachable_broker_is_one_clear_line(tmp_path):
    result = _chorus(
        "simulate",
        "--events",
        "5",
        env={"CHORUS_STATE_DIR": str(tmp_path), "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1"},
        timeout=60,
    )
    _one_clear_line(result, "127.0.0.1:1")


def test_missing_java_is_one_clear_line(tmp_path):
    result = _chorus(
        "stack",
        "up",
        env={
            "CHORUS_STATE_DIR": str(tmp_path / "state"),
            "CHORUS_CACHE_DIR": str(tmp_path / "cache"),
            "CHORUS_KAFKA_PORT": "19392",
            "CHORUS_KAFKA_CONTROLLER_PORT": "19393",
            "PATH": str(tmp_path / "empty-bin"),
        },
        timeout=60,
    )
    _one_clear_line(result, "java")


def test_query_reads_the_store(tmp_path):
    env = {"CHORUS_STATE_DIR": str(tmp_path)}
    assert _chorus("db", "migrate", env=env).returncode == 0
    result = _chorus(
        "query",
        "SELECT name FROM system.tables WHERE database = 'chorus' ORDER BY name",
        "--format",
        "json",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    names = [json.loads(line)["name"] for line in result.stdout.splitlines()]
    assert {"interactions", "timeline", "dead_letters", "schema_migrations"} <= set(names)


def test_db_refresh_rebuilds_the_snapshots(tmp_path):
    env = {"CHORUS_STATE_DIR": str(tmp_path)}
    assert _chorus("db", "migrate", env=env).returncode == 0
    # c_a merged into c_b, which holds email:x now
    insert = _chorus(
        "query",
        "INSERT INTO identity_events (event_id, kind, customer_id, survivor, merged_ids, "
        "identifiers, version) VALUES ('e1', 'members', 'c_b', NULL, [], ['email:x'], 2), "
        "('e2', 'merged', 'c_b', 'c_b', ['c_a'], ['email:x'], 3)",
        env=env,
    )
    assert insert.returncode == 0, insert.stderr

    def snapshot() -> list[object]:
        result = _chorus(
            "query", "SELECT * FROM customer_current_snapshot", "--format", "json", env=env
        )
        assert result.returncode == 0, result.stderr
        return [json.loads(line) for line in result.stdout.splitlines()]

    assert snapshot() == []  # as migrated, before the merge
    result = _chorus("db", "refresh", env=env)
    assert result.returncode == 0, result.stderr
    assert "customer_current_snapshot" in result.stdout
    assert "customer_value_snapshot" in result.stdout
    (row,) = snapshot()
    assert isinstance(row, dict) and (row["customer_id"], row["current_id"]) == ("c_a", "c_b")


def test_demo_accounts_for_every_event(kafka_bootstrap, topic_prefix, tmp_path):
    result = _chorus(
        "demo",
        "--events",
        "5000",
        "--json",
        env={
            "CHORUS_STATE_DIR": str(tmp_path),
            "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
            "CHORUS_TOPIC_PREFIX": topic_prefix,
            "CHORUS_QUERY_HTTP_PORT": "0",
        },
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["published"] == 5000
    assert report["lost"] == 0
    assert report["dead_lettered"] > 0  # the simulator sends malformed events on purpose
    assert report["stored"]["interactions"] + report["dead_lettered"] == 5000
    assert report["stored"]["timeline"] == report["stored"]["interactions"]
    assert "Interactions by channel and type" in result.stdout
    # identity resolution joined channels: customers who used 2+ channels exist, and there are
    # fewer customers than interactions
    mix = report["customers_by_channel_count"]
    assert sum(mix.values()) == report["customers"] < report["stored"]["interactions"]
    assert sum(count for channels, count in mix.items() if int(channels) >= 2) > 0


def test_demo_starts_and_stops_its_own_broker_and_runs_again(tmp_path):
    """The newcomer path: no broker running, nothing configured; and `make demo` twice."""
    env = {
        "CHORUS_STATE_DIR": str(tmp_path),
        "CHORUS_KAFKA_PORT": "19292",
        "CHORUS_KAFKA_CONTROLLER_PORT": "19293",
        "CHORUS_QUERY_HTTP_PORT": "0",
    }
    for run in (1, 2):  # the second run reuses the broker data and the store of the first
        result = _chorus("demo", "--events", "300", "--json", env=env)
        assert result.returncode == 0, (run, result.stderr[-3000:])
        report = json.loads(result.stdout.strip().splitlines()[-1])
        assert (report["published"], report["lost"]) == (300, 0), run
        status = _chorus("stack", "status", env=env)
        assert "not running" in status.stdout, run
    stored = _chorus(
        "query", "SELECT count(DISTINCT batch_id) FROM interactions", "-f", "tsv", env=env
    )
    assert stored.stdout.split()[-1] == "2"  # both runs' events are there, told apart by batch


def test_invalid_setting_is_one_clear_line(tmp_path):
    result = _chorus(
        "query", "SELECT 1", env={"CHORUS_STATE_DIR": str(tmp_path), "CHORUS_PARTITIONS": "many"}
    )
    _one_clear_line(result, "CHORUS_PARTITIONS")


def test_warnings_go_to_the_log_file_not_the_console(tmp_path):
    env = {"CHORUS_STATE_DIR": str(tmp_path)}
    result = _chorus("query", "SELECT 1", env=env)
    assert result.returncode == 0
    assert result.stderr == ""
    assert (tmp_path / "logs" / "chorus.log").exists()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_run_serves_queries_while_it_owns_the_store(kafka_bootstrap, topic_prefix, tmp_path):
    """`chorus run` owns chdb; `chorus query` reaches it over HTTP meanwhile; Ctrl-C stops it."""
    import signal
    import time

    env = {
        "CHORUS_STATE_DIR": str(tmp_path),
        "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
        "CHORUS_TOPIC_PREFIX": topic_prefix,
        "CHORUS_QUERY_HTTP_PORT": str(_free_port()),
        "CHORUS_SINK_BATCH_SECONDS": "0.3",
    }
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CHORUS_", "KAFKA_"))}
    runner = subprocess.Popen(
        [CHORUS, "run"], env=clean | env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 60
        while not (tmp_path / "query-server.json").exists():
            assert runner.poll() is None, runner.communicate()
            assert time.monotonic() < deadline, "chorus run never served queries"
            time.sleep(0.2)
        published = _chorus("simulate", "--events", "400", "--batch-id", "run-test", env=env)
        assert published.returncode == 0, published.stderr
        sql = (
            "SELECT (SELECT count() FROM interactions WHERE batch_id = 'run-test') + "
            "(SELECT count() FROM dead_letters WHERE batch_id = 'run-test')"
        )
        while True:
            assert runner.poll() is None, runner.communicate()
            result = _chorus("query", sql, "--format", "tsv", env=env)
            assert result.returncode == 0, result.stderr  # chdb is locked: this went over HTTP
            if int(result.stdout.splitlines()[-1]) >= 400:
                break
            assert time.monotonic() < deadline + 60, result.stdout
            time.sleep(0.5)
        # the owner's CLI writes through the endpoint with the owner token, without set-up
        token = tmp_path / "query-http.token"
        assert token.stat().st_mode & 0o777 == 0o600
        ddl = "CREATE TABLE owner_made (a UInt8) ENGINE = MergeTree ORDER BY a"
        made = _chorus("query", ddl, env=env)
        assert made.returncode == 0, made.stderr
        refused = _chorus("query", "SELECT 1; DROP TABLE interactions", env=env)
        _one_clear_line(refused, "Code: 62", "Multi-statements are not allowed")
        still = _chorus("query", "EXISTS TABLE interactions", "--format", "tsv", env=env)
        assert still.stdout.split() == ["result", "1"], still.stderr
        # anonymous (no token): reads, but no DDL
        port = env["CHORUS_QUERY_HTTP_PORT"]
        anonymous = urllib.request.Request(
            f"http://127.0.0.1:{port}/", data=b"DROP TABLE owner_made", method="POST"
        )
        with pytest.raises(urllib.error.HTTPError) as refused_drop:
            urllib.request.urlopen(anonymous, timeout=30)  # noqa: S310
        assert refused_drop.value.headers["X-ClickHouse-Exception-Code"] == "164"
        refused_drop.value.close()
    finally:
        runner.send_signal(signal.SIGINT)
        out, err = runner.communicate(timeout=60)
    assert runner.returncode == 0, err
    assert "pipeline running" in out
    assert not (tmp_path / "query-server.json").exists()
    assert not (tmp_path / "query-http.token").exists()


# --- hostile input and stored text (issue 19, parts 5 and 6) --------------------------------

GOOD = {
    "event_id": "e1",
    "occurred_at": "2026-03-01T10:00:00+08:00",
    "channel": "call_center",
    "identifiers": {"phone": "+86 138 0013 8000", "account_id": "A-100"},
    "type": "call",
    "direction": "inbound",
    "text": "我们上个月领证了，想把配偶加到保单上",
}


def _hostile_file(path: Path) -> dict[int, str]:
    """A file with one good line first and last and every kind of bad line between; returns
    the start of the error line expected for each bad line number."""
    bad: list[tuple[bytes, str]] = [
        (b"[" * 200_000 + b"]" * 200_000, "JSON nested deeper than 16 levels"),
        (b'{"a": ' + b"{" * 100_000, "JSON nested deeper than 16 levels"),
        (b'{"event_id": "caf\xe9"}', "not UTF-8 (byte 0xe9 at byte 18)"),
        (b'{"event_id": "e", "x": NaN}', "not JSON: NaN is not a JSON number"),
        (b"{not json", "not JSON: Expecting property name"),
        (json.dumps({**GOOD, "event_id": 5}).encode(), "'event_id' must be a string"),
        (json.dumps({**GOOD, "attributes": {"n": 1}}).encode(), "'attributes' must map"),
        (json.dumps({**GOOD, "occurred_at": "2026-03-01"}).encode(), "occurred_at '2026-03-01'"),
        (json.dumps({**GOOD, "channel": "fax"}).encode(), "rejected (unknown_channel): "),
        (json.dumps({**GOOD, "identifiers": {}}).encode(), "rejected (no_identifier): "),
        (
            json.dumps({**GOOD, "occurred_at": "2999-01-01T00:00:00Z"}).encode(),
            "rejected (future_timestamp): ",
        ),
        (b'{"text": "' + b"a" * (50 << 20) + b'"}', "too long: 52,428,812 bytes"),
    ]
    lines = [json.dumps(GOOD).encode(), *(raw for raw, _ in bad)]
    lines.append(json.dumps({**GOOD, "event_id": "e2"}).encode())
    path.write_bytes(b"\n".join(lines) + b"\n")
    return {number: expected for number, (_, expected) in enumerate(bad, start=2)}


def _one_line_per_bad_line(result: subprocess.CompletedProcess[str], expected: dict[int, str]):
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    *errors, summary = result.stderr.splitlines()
    assert len(errors) == len(expected), result.stderr
    for line, (number, start) in zip(errors, expected.items(), strict=True):
        assert line.startswith(f"line {number}: {start}"), line
    assert summary.endswith(
        "14 lines: 2 accepted, 12 refused (9 malformed; 3 rejected: future_timestamp 1, "
        "no_identifier 1, unknown_channel 1)"
    )


def test_resolve_and_detect_answer_hostile_lines_one_line_each(tmp_path):
    expected = _hostile_file(tmp_path / "hostile.jsonl")
    env = {"CHORUS_STATE_DIR": str(tmp_path / "state")}
    resolved = _chorus("resolve", str(tmp_path / "hostile.jsonl"), env=env, timeout=60)
    _one_line_per_bad_line(resolved, expected)
    events = [json.loads(line)["event_id"] for line in resolved.stdout.splitlines()]
    assert events == ["e1", "e2"]
    detected = _chorus("detect", str(tmp_path / "hostile.jsonl"), env=env, timeout=60)
    _one_line_per_bad_line(detected, expected)
    assert [json.loads(line)["type"] for line in detected.stdout.splitlines()] == ["marriage"]


def test_detect_refuses_a_50_mb_line_at_once(tmp_path):
    path = tmp_path / "one-line.jsonl"
    text = "We moved to 12 Main Street. " * ((50 << 20) // 28)
    path.write_text(json.dumps({**GOOD, "text": text}) + "\n", encoding="utf-8")
    started = time.monotonic()
    result = _chorus("detect", str(path), env={"CHORUS_STATE_DIR": str(tmp_path)}, timeout=60)
    elapsed = time.monotonic() - started
    assert result.returncode == 2
    assert result.stderr.startswith("line 1: too long: 52,4")
    # the line itself costs ~0.05 s; the rest is starting Python on a shared 2-core machine
    assert elapsed < 5, elapsed


ESCAPED = "\\x1b[31mred\\x1b[0m \\u202eabc [bold]x[/bold]"
RAW = "\x1b[31mred\x1b[0m \u202eabc [bold]x[/bold]"
RAW_SQL = "'\\x1b[31mred\\x1b[0m \\xE2\\x80\\xAEabc [bold]x[/bold]'"  # ClickHouse literal


def _store_with_hostile_text(tmp_path: Path) -> dict[str, str]:
    env = {"CHORUS_STATE_DIR": str(tmp_path), "COLUMNS": "250"}
    assert _chorus("db", "migrate", env=env).returncode == 0
    customer = "c_0123456789abcdef"
    for sql in (
        "INSERT INTO identity_events (event_id, kind, customer_id, identifiers, "
        f"evidence_event_id, version) VALUES ('m1', 'members', '{customer}', "
        "['email:ann@mail-host.org', 'device_id:\\x1b[2Jdev'], NULL, 1), "
        f"('e1#resolved', 'resolved', '{customer}', ['email:ann@mail-host.org'], 'e1', 2)",
        "INSERT INTO timeline (entry_id, customer_id, occurred_at, channel, direction, "
        f"entry_kind, entry_type, summary, source_event_id) VALUES ('t1', '{customer}', "
        f"'2026-03-01 10:00:00', 'chat', 'inbound', 'interaction', 'message', {RAW_SQL}, 'e1')",
        "INSERT INTO golden_profiles (customer_id, version, updated_at, name, name_channel, "
        "name_at, consents, interactions, inbound_by_channel) VALUES "
        f"('{customer}', 1, now(), {RAW_SQL}, 'chat', '2026-03-01 10:00:00', "
        "map('sms\\x1b', true), 1, map('chat', 1))",
    ):
        inserted = _chorus("query", sql, env=env)
        assert inserted.returncode == 0, inserted.stderr
    return env


def test_tables_show_stored_controls_escaped_and_machine_formats_stay_exact(tmp_path):
    env = _store_with_hostile_text(tmp_path)
    for args in (
        ("timeline", "ann@mail-host.org"),
        ("profile", "ann@mail-host.org"),
        ("query", "SELECT summary FROM timeline"),
    ):
        result = _chorus(*args, env=env)
        assert result.returncode == 0, (args, result.stderr)
        assert ESCAPED in result.stdout, (args, result.stdout)
        assert "\x1b" not in result.stdout and "\u202e" not in result.stdout, args
    profile = _chorus("profile", "ann@mail-host.org", env=env).stdout
    assert "device_id:\\x1b[2Jdev" in profile and "sms\\x1b=yes" in profile
    # machine formats: ClickHouse's bytes, raw controls and all
    csv = _chorus("query", "SELECT summary FROM timeline", "-f", "csv", env=env)
    assert csv.stdout == f'"summary"\n"{RAW}"\n'
    tsv = _chorus("query", "SELECT summary FROM timeline", "-f", "tsv", env=env)
    assert tsv.stdout == f"summary\n{RAW}\n"
    as_json = _chorus("query", "SELECT summary FROM timeline", "-f", "json", env=env)
    assert json.loads(as_json.stdout) == {"summary": RAW}
    timeline = json.loads(_chorus("timeline", "ann@mail-host.org", "--json", env=env).stdout)
    assert [entry["summary"] for entry in timeline["entries"]] == [RAW]
