"""Two Faust workers on multi-partition topics resolve a simulated population: the stream's
final answer (read back from ClickHouse) equals the batch rule's, and is close to the truth."""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta

import pytest
from confluent_kafka import ConsumerGroupState
from confluent_kafka.admin import AdminClient

from chorus.customers import Reference, resolve_customer
from chorus.pipeline import Pipeline
from processors.identity import resolve_observations
from processors.identity.inputs import observation_from_avro
from streams.simulator.journeys import simulate
from streams.simulator.run import default_base_time, run_simulation
from tests.integration.helpers import codec, pipeline_settings, produce, wait_for

pytestmark = pytest.mark.integration

EVENTS = 4000
SEED = 17


def _pairs(groups: Counter[object]) -> int:
    return sum(n * (n - 1) // 2 for n in groups.values())


def pairwise(predicted: dict[str, str], truth: dict[str, str]) -> tuple[float, float]:
    """Pairwise precision and recall of "same customer" over the events of ``truth``."""
    both = Counter((predicted[e], truth[e]) for e in truth)
    same = _pairs(both)
    return same / max(_pairs(Counter(predicted[e] for e in truth)), 1), same / max(
        _pairs(Counter(truth.values())), 1
    )


def stream_customers(pipeline: Pipeline) -> dict[str, str]:
    """Each event's final customer as the stream says it: the holder now of the event's
    smallest non-hub identifier (the rule's step 5), from identity_events/identity_members."""
    store = pipeline.running_store
    holder = dict(
        store.rows(
            "SELECT identifier, argMax(customer_id, version) FROM identity_members GROUP BY 1"
        )
    )
    hubs = {
        ids[0]
        for (ids,) in store.rows(
            "SELECT identifiers FROM identity_events FINAL "
            "WHERE kind = 'conflict' AND startsWith(detail, 'hub:')"
        )
    }
    out: dict[str, str] = {}
    for event_id, customer_id, keys in store.rows(
        "SELECT evidence_event_id, customer_id, identifiers FROM identity_events FINAL "
        "WHERE kind = 'resolved'"
    ):
        if not keys:
            out[event_id] = customer_id
        else:
            primary = next((k for k in keys if k not in hubs), keys[0])
            out[event_id] = holder[primary]
    return out


def linkable_events(records: list[dict]) -> set[str]:
    """Events with an identifier that some record presents together with another one."""
    linked = set()
    for record in records:
        present = [(k, v) for k, v in record["identifiers"].items() if v]
        if len(present) > 1:
            linked.update(present)
    return {
        r["event_id"]
        for r in records
        if any((k, v) in linked for k, v in r["identifiers"].items() if v)
    }


def wait_for_workers(settings, members: int) -> None:
    """Until both workers are in the group and it is stable.

    The test lets the group settle before the load starts so that the load is shared by both
    workers from the first event.
    """
    admin = AdminClient({"bootstrap.servers": settings.bootstrap_servers})

    def stable() -> bool:
        (future,) = admin.describe_consumer_groups([settings.app_id]).values()
        try:
            group = future.result(timeout=5)
        except Exception:  # the group does not exist until the first worker joins
            return False
        return group.state == ConsumerGroupState.STABLE and len(group.members) == members

    wait_for(stable, timeout_s=120, interval_s=0.5)


def test_two_workers_agree_with_the_batch_and_state_survives_restart(test_settings, tmp_path):
    settings = pipeline_settings(test_settings, tmp_path, partitions=3)
    batch, base = "it-population", default_base_time()
    truth_path = tmp_path / "truth.jsonl"
    c = codec()
    records = [
        e.record
        for e in simulate(
            EVENTS,
            seed=SEED,
            batch_id=batch,
            base_time=base,
            bad_fraction=0.0,
            noise=0.0,  # clean data: identifiers as their systems of record hold them
        )
        if e.record is not None and not e.is_bad
    ]
    with Pipeline(settings, workers=2) as pipeline:
        wait_for_workers(settings, 2)
        report = run_simulation(
            settings,
            EVENTS,
            None,
            SEED,
            batch,
            truth_path,
            0.0,
            None,
            base_time=base,
            noise=0.0,
        )
        assert report.good == len(records)
        wait_for(lambda: pipeline.counts(batch).accounted >= report.published, timeout_s=180)
        counts = pipeline.counts(batch)
        assert counts.dead_letters == 0
        wait_for(lambda: len(stream_customers(pipeline)) >= len(records), timeout_s=120)
        stream = stream_customers(pipeline)

        batch_result = resolve_observations(observation_from_avro(r) for r in records)
        assert stream == batch_result.customers

        truth = {
            line["event_id"]: line["person_id"]
            for line in map(json.loads, truth_path.read_text().splitlines())
        }
        precision, recall = pairwise(stream, truth)
        linkable = linkable_events(records)
        p_linkable, r_linkable = pairwise(stream, {e: truth[e] for e in linkable})
        print(
            f"\npairwise precision {precision:.4f} recall {recall:.4f} over {len(truth)} events;"
            f" on the {len(linkable)} linkable ones {p_linkable:.4f} / {r_linkable:.4f}"
        )
        # the requirement (>= 0.99 on clean data) holds on every record some evidence ties to
        # another; the rest (browsing that never signs in, an unconfirmed social handle, app use
        # without login) is a person to the simulator, but nobody's to the data
        assert precision >= 0.99
        assert p_linkable >= 0.99
        assert r_linkable >= 0.99
        assert recall >= 0.975

        # the customers some identifiers belong to, before the restart
        known = [
            r
            for r in records
            if sum(v is not None for v in r["identifiers"].values()) == 1
            and stream[r["event_id"]].startswith("c_")  # a usable identifier, not anonymous
        ][:40]
        before = {r["event_id"]: stream[r["event_id"]] for r in known}

    later = "it-population-2"
    again = []
    for n, record in enumerate(known):
        copy = dict(record)
        copy["event_id"] = f"{later}:{n}"
        copy["batch_id"] = later
        copy["occurred_at"] = record["occurred_at"] + timedelta(seconds=1)
        again.append(copy)
    with Pipeline(settings, workers=2) as pipeline:
        wait_for_workers(settings, 2)
        produce(
            settings.bootstrap_servers,
            settings.topics.raw,
            [(r["event_id"].encode(), c.encode("interaction", r)) for r in again],
            later,
        )
        wait_for(lambda: pipeline.counts(later).accounted >= len(again), timeout_s=120)
        resolved = dict(
            pipeline.running_store.rows(
                "SELECT evidence_event_id, customer_id FROM identity_events FINAL "
                f"WHERE kind = 'resolved' AND batch_id = '{later}'"
            )
        )
        assert {old: resolved[new["event_id"]] for old, new in zip(before, again, strict=True)} == (
            before
        )
        # a retired id still finds its customer: every merged id resolves to a survivor
        db = settings.clickhouse_database
        run = _runner(pipeline)
        live = {
            c
            for (c,) in pipeline.running_store.rows(
                "SELECT argMax(customer_id, version) FROM identity_members GROUP BY identifier"
            )
        }
        aliases = [a for (a,) in pipeline.running_store.rows("SELECT alias FROM customer_aliases")]
        retired = [a for a in aliases if a not in live][:5]
        assert retired
        for alias in retired:
            assert resolve_customer(run, db, Reference(alias, None)) in live


def _runner(pipeline: Pipeline):
    store = pipeline.running_store

    def run(sql: str) -> list[dict]:
        return [
            json.loads(line) for line in store.formatted(sql, "JSONEachRow").decode().splitlines()
        ]

    return run
