"""Identity-resolution benchmark: in-process and through Kafka, plus the state's size.

Phases, on the same simulated population (encoding is not timed):
1. ``rule``: the pure resolver (``resolve_observations``, what ``chorus resolve`` runs);
2. ``stage``: the identity agent's per-message work in-process (Avro decode, resolve, golden
   profile, encode every output), no Kafka; again with detection on (detections/s);
3. ``state``: bytes of the state the agent keeps (its compacted topic's live records) per
   identifier, and how long a worker taking the partition over needs to read it back;
4. ``kafka``: the identity agent in a real worker: validated interactions published straight
   onto its single-partition input, timed until every timeline entry is stored in ClickHouse.
   The anchor is the pass-through loop of ``chorus.benchmark`` on the same messages, same run.

Prints one JSON object; with ``--repeat`` the medians and every run. The machine is noisy.
"""

from __future__ import annotations

import json
import statistics
import time
from datetime import UTC, datetime
from typing import Any

from chorus import stack
from chorus.benchmark import _producer, passthrough, publish
from chorus.kafka_admin import ensure_topics
from chorus.pipeline import Pipeline, ensure_pipeline_topics
from core.settings import Settings
from processors.detections import DetectionStage
from processors.identities import IdentityStage
from processors.identity import resolve_observations
from processors.identity.inputs import observation_from_avro
from processors.output import OutputProducer
from processors.routing import RawMessage
from processors.state_topic import StateTopic
from schemas import AvroCodec, load_catalog, make_registry
from streams.simulator import simulate


def _population(events: int, seed: int, batch_id: str) -> list[dict[str, Any]]:
    return [
        e.record
        for e in simulate(events=events, seed=seed, batch_id=batch_id, bad_fraction=0.0)
        if e.record is not None and not e.is_bad
    ]


def in_process(codec: AvroCodec, records: list[dict[str, Any]]) -> dict[str, Any]:
    started = time.perf_counter()
    result = resolve_observations(observation_from_avro(r) for r in records)
    rule_s = time.perf_counter() - started

    messages = [
        RawMessage("bench.identity.in", 0, n, None, codec.encode("interaction", r))
        for n, r in enumerate(records)
    ]
    stage = IdentityStage(codec)
    outputs = 0
    started = time.perf_counter()
    for message in messages:
        outputs += len(stage.process(message))
    outputs += len(stage.profile_outputs())
    stage.dirty()
    stage_s = time.perf_counter() - started

    detecting = IdentityStage(codec, detection=DetectionStage())
    detections = 0
    started = time.perf_counter()
    for message in messages:
        detections += sum(
            o.stream in ("life_events", "address_changes") for o in detecting.process(message)
        )
    detecting.profile_outputs()
    detecting.dirty()
    detecting_s = time.perf_counter() - started

    shards = stage.all_shards()
    identifiers = len(stage.state.identifiers)
    state_bytes = sum(len(k) + len(v) for k, v in shards.items())
    return {
        "rule_events_per_s": round(len(records) / rule_s, 1),
        "stage_events_per_s": round(len(records) / stage_s, 1),
        "outputs_per_event": round(outputs / len(records), 2),
        "stage_with_detection_events_per_s": round(len(records) / detecting_s, 1),
        "detections": detections,
        "detections_per_s": round(detections / detecting_s, 1),
        "customers": len(set(result.customers.values())),
        "identifiers": identifiers,
        "state_records": len(shards),
        "state_bytes": state_bytes,
        "state_bytes_per_identifier": round(state_bytes / max(identifiers, 1), 1),
        "_shards": shards,
    }


def state_reload_s(settings: Settings, shards: dict[str, bytes]) -> float:
    """Write the state to a fresh compacted topic, then time reading it back."""
    topic = f"{settings.topic_prefix}.identity.state.reload"
    ensure_topics(settings.bootstrap_servers, [topic], 1, config={"cleanup.policy": "compact"})
    producer = OutputProducer(settings.bootstrap_servers)
    writer = StateTopic(settings.bootstrap_servers, topic, producer)
    writer.write(dict(shards))
    if producer._flush():
        raise RuntimeError("state records not delivered")
    started = time.perf_counter()
    loaded = StateTopic(settings.bootstrap_servers, topic, producer).load()
    seconds = time.perf_counter() - started
    if len(loaded) != len(shards):
        raise RuntimeError(f"read back {len(loaded)} of {len(shards)} state records")
    return seconds


def through_kafka(
    settings: Settings, codec: AvroCodec, records: list[dict[str, Any]], batch_id: str
) -> dict[str, float]:
    messages = [(r["event_id"].encode(), codec.encode("interaction", r)) for r in records]
    anchor_in, anchor_out = (
        f"{settings.topic_prefix}.anchor.in",
        f"{settings.topic_prefix}.anchor.out",
    )
    ensure_topics(settings.bootstrap_servers, [anchor_in, anchor_out], 1)
    producer = _producer(settings)
    publish(producer, anchor_in, messages, "anchor")
    anchor_s = passthrough(settings, anchor_in, anchor_out, len(messages))
    ensure_pipeline_topics(settings)
    with Pipeline(settings) as pipeline:
        warm_record = {**records[0], "event_id": "warm-1", "batch_id": "bench-warm"}
        warm = [(b"warm", codec.encode("interaction", warm_record))]
        publish(producer, settings.topics.identity_in, warm, "bench-warm")
        _wait_for_timeline(pipeline, "bench-warm", 1)
        started = time.perf_counter()
        publish(producer, settings.topics.identity_in, messages, batch_id)
        _wait_for_timeline(pipeline, batch_id, len(messages))
        seconds = time.perf_counter() - started
    return {
        "kafka_events_per_s": round(len(messages) / seconds, 1),
        "passthrough_events_per_s": round(len(messages) / anchor_s, 1),
        "ratio_to_passthrough": round(anchor_s / seconds, 4),
    }


def _wait_for_timeline(pipeline: Pipeline, batch_id: str, expected: int) -> None:
    deadline = time.monotonic() + 600
    while pipeline.counts(batch_id).timeline < expected:
        pipeline.check()
        if time.monotonic() > deadline:
            raise RuntimeError(f"timeline entries of {batch_id} not all stored within 600 s")
        time.sleep(0.2)


def run_benchmark(settings: Settings, events: int, seed: int = 7) -> dict[str, Any]:
    stamp = f"{datetime.now(UTC):%Y%m%dT%H%M%S}"
    settings = settings.model_copy(
        update={
            "topic_prefix": f"bench-id-{stamp}",
            "chdb_path": settings.state_dir / "bench" / f"id-{stamp}" / "clickhouse",
            "query_http_port": 0,
        }
    )
    catalog = load_catalog()
    codec = AvroCodec(catalog, make_registry(catalog, settings.schema_registry_url))
    batch_id = "bench-identity"
    records = _population(events, seed, batch_id)
    local = in_process(codec, records)
    shards = local.pop("_shards")
    with stack.broker_for(settings):
        reload_s = state_reload_s(settings, shards)
        kafka = through_kafka(settings, codec, records, batch_id)
    return {
        "events": len(records),
        **local,
        "state_reload_s": round(reload_s, 3),
        **kafka,
    }


MEDIAN_FIELDS = (
    "rule_events_per_s",
    "stage_events_per_s",
    "stage_with_detection_events_per_s",
    "state_bytes_per_identifier",
    "state_reload_s",
    "kafka_events_per_s",
    "passthrough_events_per_s",
    "ratio_to_passthrough",
)


def main() -> None:
    import argparse

    from core.settings import load_settings

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    runs = [run_benchmark(load_settings(), args.events, args.seed) for _ in range(args.repeat)]
    if len(runs) == 1:
        print(json.dumps(runs[0]))
        return
    median = {name: statistics.median(run[name] for run in runs) for name in MEDIAN_FIELDS}
    print(json.dumps({"median": {"events": runs[0]["events"], **median}, "runs": runs}))


if __name__ == "__main__":
    main()
