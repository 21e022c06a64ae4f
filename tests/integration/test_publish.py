"""``chorus publish``: a JSON Lines file through the running pipeline, and the stream agrees
with ``chorus resolve`` on the same file (the check docs/scaling.md describes)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from chorus.pipeline import Pipeline
from core.settings import settings_env
from streams.simulator import simulate
from tests.integration.helpers import pipeline_settings

pytestmark = pytest.mark.integration

CHORUS = str(Path(sys.executable).with_name("chorus"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _line(record: dict[str, Any]) -> str:
    """A simulated interaction in the JSON Lines shape `chorus resolve` reads."""
    return json.dumps(
        {
            "event_id": record["event_id"],
            "occurred_at": record["occurred_at"].isoformat(),
            "channel": record["channel"],
            "direction": record["direction"],
            "type": record["interaction_type"],
            "identifiers": record["identifiers"],
            "text": record.get("text"),
            "attributes": record.get("attributes") or {},
            "consents": record.get("consents") or {},
            "source_system": record["source_system"],
        },
        ensure_ascii=False,
    )


def _groups(assignment: dict[str, str]) -> set[frozenset[str]]:
    """Which events belong together, whatever the ids are called."""
    members: dict[str, set[str]] = defaultdict(set)
    for event_id, customer_id in assignment.items():
        members[customer_id].add(event_id)
    return {frozenset(events) for events in members.values()}


def _chorus(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CHORUS_", "KAFKA_"))}
    return subprocess.run(
        [CHORUS, *args], env=clean | env, capture_output=True, text=True, timeout=300, check=False
    )


def test_publish_a_file_and_the_stream_matches_the_batch(test_settings, tmp_path):
    settings = pipeline_settings(test_settings, tmp_path, query_http_port=_free_port())
    records = [
        e.record
        for e in simulate(800, seed=5, batch_id="x", bad_fraction=0.0, noise=0.0)
        if e.record is not None and not e.is_bad
    ]
    path = tmp_path / "interactions.jsonl"
    bad = ['{"event_id": "broken"', json.dumps({**json.loads(_line(records[0])), "channel": "fax"})]
    path.write_text("\n".join([*map(_line, records), *bad]) + "\n", encoding="utf-8")
    env = settings_env(settings)
    with Pipeline(settings) as pipeline:
        published = _chorus("publish", str(path), "--batch-id", "it-publish", env=env)
        assert published.returncode == 2, published.stderr  # two lines were refused
        stderr = published.stderr
        assert f"line {len(records) + 1}: " in stderr
        assert f"line {len(records) + 2}: rejected (unknown_channel)" in stderr
        assert f"published {len(records):,} events" in stderr
        assert f"stored {len(records):,}, dead-lettered 0" in stderr
        assert "Traceback" not in stderr
        counts = pipeline.counts("it-publish")
        assert counts.interactions == counts.timeline == len(records)
        stream = dict(
            pipeline.running_store.rows(
                "SELECT event_id, any(customer_id) FROM event_customers_exact GROUP BY event_id"
            )
        )
    resolved = _chorus("resolve", str(path), env=env)
    batch = {
        line["event_id"]: line["customer_id"]
        for line in map(json.loads, resolved.stdout.split("\n")[:-1])
    }
    assert len(batch) == len(records)
    assert _groups({e: stream[e] for e in batch}) == _groups(batch)


def test_publish_without_a_running_pipeline_says_so(test_settings, tmp_path):
    settings = pipeline_settings(test_settings, tmp_path, query_http_port=_free_port())
    (record,) = [
        e.record
        for e in simulate(1, seed=3, batch_id="x", bad_fraction=0.0)
        if e.record is not None
    ]
    path = tmp_path / "one.jsonl"
    path.write_text(_line(record) + "\n", encoding="utf-8")
    result = _chorus("publish", str(path), env=settings_env(settings))
    assert result.returncode == 0, result.stderr
    assert "published 1 event to" in result.stderr
    assert "no pipeline is running on this store" in result.stderr
