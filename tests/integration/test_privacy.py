"""``chorus privacy erase`` against the running pipeline (real broker, real chdb): a customer
who was merged from three ids is erased through the CLI, over the pipeline's HTTP query server;
afterwards no table holds a row naming any of their ids, identifiers or events, the compacted
topics hold tombstones for them, and the receipt's counts are the rows that were there."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, TopicPartition

from chorus.customers import CustomerLookupError, parse_reference, resolve_customer
from chorus.pipeline import Pipeline
from chorus.privacy import plan_erasure
from core.settings import settings_env
from processors.identity import IdentityConfig, Normaliser, customer_id_for
from tests.integration.helpers import codec, pipeline_settings, produce, wait_for
from tests.unit.factories import inbound

pytestmark = pytest.mark.integration

CHORUS = str(Path(sys.executable).with_name("chorus"))
T0 = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
BATCH = "it-erase"


def _event(n: int, channel: str, kind: str, attributes=None, **present: str) -> dict:
    at = T0 + timedelta(minutes=n)
    return inbound(f"{BATCH}:e{n}", at, channel, kind, BATCH, attributes=attributes, **present)


ANN = [
    _event(1, "web", "page_view", device_id="dev-erase-1"),
    _event(
        2,
        "email",
        "message",
        {"name": "Ann Erasmus", "address": "12 Forget Lane"},
        email="Ann.Erase@Mail-Host.org",
    ),
    _event(
        3,
        "mobile_app",
        "login",
        account_id="ACC-ERASE-1",
        device_id="dev-erase-1",
        email="ann.erase@mail-host.org",
    ),
]
BOB = [
    _event(4, "sms", "message", phone="+44 20 7946 0958", email="bob.keep@mail-host.org"),
    _event(5, "web", "page_view", email="bob.keep@mail-host.org"),
]


def _customer(id_type: str, raw: str) -> str:
    key = Normaliser(IdentityConfig()).key(id_type, raw, "US")
    assert isinstance(key, str)
    return customer_id_for([key])


ACCOUNT = _customer("account_id", "ACC-ERASE-1")
ANN_IDS = [
    ACCOUNT,
    _customer("device_id", "dev-erase-1"),
    _customer("email", "ann.erase@mail-host.org"),
]
# anything that would identify Ann or her events, in any table or topic value
NEEDLES = [
    *ANN_IDS,
    "ann.erase@mail-host.org",
    "Ann.Erase@Mail-Host.org",
    "dev-erase-1",
    "ACC-ERASE-1",
    "ACCERASE1",
    "Ann Erasmus",
    "12 Forget Lane",
    *(e["event_id"] + '"' for e in ANN),  # quoted end: e1 must not match e10
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rows_naming_ann(pipeline: Pipeline) -> dict[str, int]:
    """Per table: rows whose JSON form contains any needle (every column, no FINAL)."""
    store = pipeline.running_store
    tables = [
        str(name)
        for (name,) in store.rows(
            "SELECT name FROM system.tables WHERE database = 'chorus' AND engine LIKE '%MergeTree%'"
        )
    ]
    found: dict[str, int] = {}
    for table in tables:
        # aggregate states (0005) are binary; the needles are text
        raw = store.formatted(f"SELECT * FROM chorus.{table}", "JSONEachRow").decode(
            "utf-8", "replace"
        )
        found[table] = sum(any(n in line for n in NEEDLES) for line in raw.splitlines())
    return found


def _latest(bootstrap: str, topic: str) -> dict[str, bytes | None]:
    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": "it-erase-reader",
            "enable.partition.eof": True,
        }
    )
    try:
        partitions = consumer.list_topics(topic, timeout=10).topics[topic].partitions
        consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in partitions])
        latest: dict[str, bytes | None] = {}
        at_end: set[int] = set()
        while len(at_end) < len(partitions):
            for message in consumer.consume(500, timeout=2.0):
                error = message.error()
                if error is not None:
                    assert error.code() == KafkaError._PARTITION_EOF, error
                    at_end.add(message.partition() or 0)
                    continue
                latest[(message.key() or b"").decode()] = message.value()
        return latest
    finally:
        consumer.close()


def test_erase_a_merged_customer_everywhere(test_settings, tmp_path):
    settings = pipeline_settings(test_settings, tmp_path, query_http_port=_free_port())
    c = codec()
    with Pipeline(settings, workers=1) as pipeline:
        produce(
            settings.bootstrap_servers,
            settings.topics.raw,
            [(e["event_id"].encode(), c.encode("interaction", e)) for e in ANN + BOB],
            BATCH,
        )
        wait_for(lambda: pipeline.counts(BATCH).accounted >= 5, timeout_s=120)
        store = pipeline.running_store
        # Ann's golden profile has all three interactions: the merges are stored
        wait_for(
            lambda: (
                store.rows(
                    "SELECT max(interactions) FROM chorus.golden_profiles"
                    f" WHERE customer_id = '{ACCOUNT}'"
                )
                == [(3,)]
            ),
            timeout_s=120,
        )
        before = _rows_naming_ann(pipeline)
        assert before["interactions"] == 3 and before["golden_profiles"] >= 1
        assert before["customer_aliases"] == 2  # the device's and the e-mail's ids
        bob_before = store.rows("SELECT count() FROM chorus.interactions")[0][0] - 3

        env = {k: v for k, v in os.environ.items() if not k.startswith(("CHORUS_", "KAFKA_"))}
        env |= settings_env(settings)
        result = subprocess.run(
            [CHORUS, "privacy", "erase", "ANN.ERASE@mail-host.org", "--json", "--timeout", "90"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result
        receipt = json.loads(result.stdout.strip().splitlines()[-1])
        assert receipt["complete"] and receipt["agent_applied"]
        assert receipt["customer_id"] == ACCOUNT
        assert sorted(receipt["customer_ids"]) == sorted(ANN_IDS)
        assert receipt["identifiers"] == 3 and receipt["events"] == 3
        # the receipt counts exactly the rows that named Ann before
        assert {t: n for t, n in receipt["tables"].items() if n} == {
            t: n for t, n in before.items() if n
        }

        # no table returns a row naming Ann, her ids, identifiers or events
        assert not any(_rows_naming_ann(pipeline).values()), _rows_naming_ann(pipeline)
        assert store.rows("SELECT count() FROM chorus.interactions")[0][0] == bob_before == 2
        for view in ("interactions_pseudonymised", "golden_profiles_pseudonymised"):
            raw = store.formatted(f"SELECT * FROM chorus.{view}", "JSONEachRow").decode()
            assert not any(n in raw for n in NEEDLES)
        run = _runner(pipeline)
        for reference in ("ann.erase@mail-host.org", "device_id:dev-erase-1", ACCOUNT):
            with pytest.raises(CustomerLookupError):
                plan_erasure(run, "chorus", reference)
        with pytest.raises(CustomerLookupError):
            resolve_customer(run, "chorus", parse_reference("account_id:ACC-ERASE-1"))

        # compacted topics: the latest record of each of Ann's keys is a tombstone
        profiles = _latest(settings.bootstrap_servers, settings.topics.profiles)
        assert all(profiles[cid] is None for cid in ANN_IDS)
        assert receipt["topics"][settings.topics.profiles] == 3
        state = _latest(settings.bootstrap_servers, settings.topics.identity_state)
        for key in (
            f"c:{ACCOUNT}",
            f"p:{ACCOUNT}",
            "i:account_id:ACCERASE1",
            "i:email:ann.erase@mail-host.org",
            "i:device_id:dev-erase-1",
        ):
            assert key in state and state[key] is None, key
        live = [v.decode() for v in state.values() if v is not None]
        assert live and not any(n in v for v in live for n in NEEDLES)  # Bob's stay
        assert receipt["topics"][settings.topics.identity_state] >= 5

        # Ann comes back: she is a new customer, nothing of the old one is linked again
        back = _event(9, "web", "page_view", email="ann.erase@mail-host.org")
        produce(
            settings.bootstrap_servers,
            settings.topics.raw,
            [(back["event_id"].encode(), c.encode("interaction", back))],
            BATCH,
        )
        wait_for(lambda: pipeline.counts(BATCH).accounted >= 3, timeout_s=120)
        wait_for(
            lambda: bool(
                store.rows(f"SELECT 1 FROM chorus.interactions WHERE event_id = '{BATCH}:e9'")
            )
        )


def _runner(pipeline: Pipeline):
    store = pipeline.running_store

    def run(sql: str) -> list[dict]:
        raw = store.formatted(sql, "JSONEachRow").decode()
        return [json.loads(line) for line in raw.splitlines()]

    return run
