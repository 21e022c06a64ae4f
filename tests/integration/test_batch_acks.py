"""A batch whose body raised is never acknowledged, however long the worker lives on to commit
(issue 19, part 1). Faust's own ``take_events`` acks it in a ``finally:``, which this test
shows too, so that it can tell the two apart.

A small Faust app in a process of its own takes one batch of a topic, raises in the loop body,
closes the batch generator (what finalizing it after a crash does), then lives on for a few
seconds while Faust commits every 0.2 s whatever was acked.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from confluent_kafka import Consumer, TopicPartition

from chorus.kafka_admin import ensure_topics
from tests.integration.helpers import produce

pytestmark = pytest.mark.integration

APP = """
import asyncio, os, sys
import faust
from processors.app import done_batches
from processors.progress import Progress

bootstrap, topic_name, group, datadir, mode = sys.argv[1:6]
app = faust.App(
    group, broker=f"kafka://{bootstrap}", store="memory://", web_enabled=False, datadir=datadir,
    key_serializer="raw", value_serializer="raw", topic_partitions=1,
    consumer_auto_offset_reset="earliest", broker_commit_every=1, broker_commit_interval=0.2,
)
topic = app.topic(topic_name, key_type=bytes, value_type=bytes)

@app.agent(topic)
async def failing(stream):
    if mode == "done_batches":
        batches = done_batches(stream, Progress(), "failing")
    else:
        batches = stream.take_events(1000, within=0.5)
    try:
        async for events in batches:
            print(f"batch of {len(events)} events", flush=True)
            raise RuntimeError("the body failed")
    except RuntimeError:
        print("body raised", flush=True)
    await batches.aclose()
    await asyncio.sleep(4)  # alive, committing every 0.2 s
    print("lived on", flush=True)
    os._exit(0)

faust.Worker(
    app, loglevel="WARNING", quiet=True, redirect_stdouts=False
).execute_from_commandline()
"""


def _committed(bootstrap: str, topic: str, group: str) -> int:
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group})
    try:
        (tp,) = consumer.committed([TopicPartition(topic, 0)], timeout=10)
        return tp.offset
    finally:
        consumer.close()


def _run(bootstrap: str, topic: str, group: str, tmp_path, mode: str) -> str:
    worker = subprocess.run(
        [sys.executable, "-c", APP, bootstrap, topic, group, str(tmp_path / mode), mode],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "body raised" in worker.stdout, worker.stdout + worker.stderr
    assert "lived on" in worker.stdout, worker.stdout + worker.stderr
    return worker.stdout


@pytest.mark.parametrize(("mode", "acked"), [("done_batches", False), ("take_events", True)])
def test_a_batch_whose_body_raised_is_acked_only_by_take_events(
    test_settings, tmp_path, mode, acked
):
    bootstrap = test_settings.bootstrap_servers
    topic = f"{test_settings.topic_prefix}.acks"
    group = f"{test_settings.topic_prefix}-{mode}".replace("_", "-")
    ensure_topics(bootstrap, [topic], 1)
    produce(bootstrap, topic, [(b"k", f"m{n}".encode()) for n in range(50)], "acks")
    out = _run(bootstrap, topic, group, tmp_path, mode)
    size = int(out.split("batch of ")[1].split()[0])
    committed = _committed(bootstrap, topic, group)
    if acked:
        assert committed == size  # Faust's take_events: the failed batch counts as done
    else:
        assert committed < 0  # nothing committed: the whole batch is replayed
