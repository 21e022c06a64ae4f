"""A crash between the ClickHouse insert and the offset commit must not duplicate rows."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from confluent_kafka import TopicPartition

from chorus.kafka_admin import ensure_topics
from chorus.pipeline import sink_pseudonymiser
from core.settings import Settings
from sinks.clickhouse.chdb_store import ChdbStore
from sinks.clickhouse.migrations import migrate
from sinks.clickhouse.sink import ClickHouseSink
from tests.integration.helpers import codec, pipeline_settings, produce
from tests.integration.test_pipeline import _interaction

pytestmark = pytest.mark.integration


class CrashBeforeCommit(ClickHouseSink):
    """Stores batches but never commits: what a crash right after the insert leaves behind."""

    def _commit(self, offsets: list[TopicPartition]) -> None:
        return None


def _drain(sink: ClickHouseSink, store: ChdbStore, expect: int, seconds: float = 60) -> int:
    sink.subscribe()
    deadline = time.monotonic() + seconds
    stored = 0
    while time.monotonic() < deadline:
        sink.poll_once(0.2)
        stored = store.rows("SELECT count() FROM interactions")[0][0]
        if stored >= expect:
            break
    # keep polling a little: a buggy resume would re-insert here
    for _ in range(10):
        sink.poll_once(0.2)
    sink.write()
    sink.close()
    return int(store.rows("SELECT count() FROM interactions")[0][0])


def _setup(test_settings: Settings, tmp_path: Path) -> tuple[Settings, ChdbStore]:
    settings = pipeline_settings(test_settings, tmp_path, sink_batch_size=50)
    ensure_topics(settings.bootstrap_servers, settings.topics.all(), settings.partitions)
    store = ChdbStore(settings.chdb_dir)
    migrate(store)
    return settings, store


def test_replay_after_crash_between_insert_and_commit(test_settings, tmp_path):
    settings, store = _setup(test_settings, tmp_path)
    c = codec()
    try:
        records = [(b"k", c.encode("interaction", _interaction(n, "resume"))) for n in range(300)]
        produce(settings.bootstrap_servers, settings.topics.interactions, records, "resume")
        assert (
            _drain(CrashBeforeCommit(settings, store, c, sink_pseudonymiser(settings)), store, 300)
            == 300
        )
        # a fresh sink in the same group: nothing committed, but the table knows what it has
        more = [(b"k", c.encode("interaction", _interaction(n, "resume-2"))) for n in range(40)]
        produce(settings.bootstrap_servers, settings.topics.interactions, more, "resume-2")
        assert (
            _drain(ClickHouseSink(settings, store, c, sink_pseudonymiser(settings)), store, 340)
            == 340
        )
    finally:
        store.close()


def test_without_resume_logic_the_replay_would_duplicate(test_settings, tmp_path):
    """The test above can fail: a sink that ignores stored offsets re-inserts the batch."""
    settings, store = _setup(test_settings, tmp_path)
    c = codec()

    class NoResume(CrashBeforeCommit):
        def stored_offsets(self, table: str, topic: str) -> dict[int, int]:
            return {}

    try:
        records = [(b"k", c.encode("interaction", _interaction(n, "dup"))) for n in range(100)]
        produce(settings.bootstrap_servers, settings.topics.interactions, records, "dup")
        assert _drain(NoResume(settings, store, c, sink_pseudonymiser(settings)), store, 100) == 100
        assert _drain(NoResume(settings, store, c, sink_pseudonymiser(settings)), store, 200) == 200
    finally:
        store.close()
