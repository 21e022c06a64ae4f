"""End-to-end benchmark on the local stack, with a pass-through anchor measured in the same run.

Phases, on pre-encoded simulated events (encoding is not timed):
1. producer: publish N events with the pipeline's producer settings;
2. pass-through: a plain confluent-kafka consume → produce loop, no processing (the anchor),
   with the CPU it spends per 1,000 events;
3. drain (the throughput figure): N events pre-loaded on the raw topic while the pipeline is
   stopped, then drained by it; timed from the first event accounted for to the last, with the
   CPU seconds each process spends in that window (Faust workers, the store owner running the
   sink and the embedded store, the broker) per 1,000 events;
4. end to end: N events published while the pipeline runs; timed from the first publish until
   every event is stored in ClickHouse (or dead-lettered);
5. latency: events offered at 50 % and 80 % of the drained rate; latency is store time (the
   sink's ``ingested_at``) minus publish time, per event.

"Accounted for" means stored with its timeline entry, or dead-lettered. Prints one JSON object.
The machine is noisy: run it several times and quote medians.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from confluent_kafka import Consumer, Producer, TopicPartition

from chorus import stack
from chorus.cpu import CpuMeter, cpu_seconds, per_thousand
from chorus.demo import wait_until_accounted
from chorus.kafka_admin import ensure_topics
from chorus.pipeline import Pipeline
from core.settings import Settings
from processors.routing import BATCH_HEADER
from schemas import AvroCodec, load_catalog, make_registry
from streams.simulator import simulate

Message = tuple[bytes | None, bytes]


@dataclass(frozen=True)
class Encoded:
    event_ids: list[str]
    messages: list[Message]


def _producer(settings: Settings) -> Producer:
    return Producer(
        {
            "bootstrap.servers": settings.bootstrap_servers,
            "enable.idempotence": True,
            "acks": "all",
            "linger.ms": 20,
            "compression.type": "lz4",
            "queue.buffering.max.messages": 1_000_000,
        }
    )


def encode_events(codec: AvroCodec, events: int, seed: int, batch_id: str) -> Encoded:
    ids, messages = [], []
    for event in simulate(events=events, seed=seed, batch_id=batch_id, bad_fraction=0.0):
        ids.append(event.event_id)
        key = event.key.encode() if event.key else None
        messages.append((key, event.value(codec)))
    return Encoded(ids, messages)


def publish(
    producer: Producer,
    topic: str,
    messages: Sequence[Message],
    batch_id: str,
    rate: float | None = None,
    on_publish: Callable[[int, float], None] | None = None,
) -> float:
    """Publish and wait for every delivery; returns seconds. ``rate`` paces events per second."""
    headers: dict[str, str | bytes | None] = {BATCH_HEADER: batch_id.encode()}
    started = time.perf_counter()
    for index, (key, value) in enumerate(messages):
        if rate is not None:
            delay = started + index / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
        while True:
            try:
                producer.produce(topic, value=value, key=key, headers=headers)
                break
            except BufferError:
                producer.poll(0.05)
        if on_publish is not None:
            on_publish(index, time.time())
        producer.poll(0)
    if producer.flush(120) != 0:
        raise RuntimeError("producer could not deliver every message within 120 s")
    return time.perf_counter() - started


def passthrough(settings: Settings, source: str, sink: str, expected: int) -> float:
    """The anchor: consume → produce with no processing; seconds from first read to last ack."""
    consumer = Consumer(
        {
            "bootstrap.servers": settings.bootstrap_servers,
            "group.id": f"{settings.topic_prefix}-passthrough",
            "auto.offset.reset": "earliest",
            "enable.auto.commit": True,
        }
    )
    producer = _producer(settings)
    consumer.subscribe([source])
    seen, started = 0, None
    deadline = time.monotonic() + 300
    while seen < expected and time.monotonic() < deadline:
        for message in consumer.consume(5000, 0.5):
            if message.error():
                continue
            if started is None:
                started = time.perf_counter()
            while True:
                try:
                    producer.produce(sink, value=message.value(), key=message.key())
                    break
                except BufferError:
                    producer.poll(0.05)
            seen += 1
        producer.poll(0)
    producer.flush(120)
    consumer.close()
    if started is None or seen < expected:
        raise RuntimeError(f"pass-through saw {seen} of {expected} messages")
    return time.perf_counter() - started


def _percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def latencies_ms(pipeline: Pipeline, batch_id: str, published_at: dict[str, float]) -> list[float]:
    rows = pipeline.running_store.rows(
        f"SELECT event_id, min(ingested_at) FROM interactions WHERE batch_id = '{batch_id}' "
        "GROUP BY event_id"
    )
    return [
        (stored.timestamp() - published_at[event_id]) * 1000
        for event_id, stored in rows
        if event_id in published_at
    ]


LOAD_FRACTIONS = (0.5, 0.8)  # offered rate of the latency phases, as fractions of the drained


def latency_summary(latency: Sequence[float], rate: float) -> dict[str, float]:
    return {
        "p50": round(statistics.median(latency), 1),
        "p95": round(_percentile(latency, 0.95), 1),
        "p99": round(_percentile(latency, 0.99), 1),
        "events": len(latency),
        "offered_events_per_s": round(rate, 1),
    }


def _recorder(event_ids: list[str], published_at: dict[str, float]) -> Callable[[int, float], None]:
    """Remembers when each event was published (for its latency)."""

    def record(index: int, at: float) -> None:
        published_at[event_ids[index]] = at

    return record


def high_watermarks(settings: Settings, topics: dict[str, int]) -> dict[str, dict[int, int]]:
    """Per topic (name -> partition count), the next offset of each partition."""
    consumer = Consumer(
        {"bootstrap.servers": settings.bootstrap_servers, "group.id": f"{settings.app_id}-probe"}
    )
    try:
        return {
            topic: {
                p: consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10)[1]
                for p in range(partitions)
            }
            for topic, partitions in topics.items()
        }
    finally:
        consumer.close()


def raw_offsets(settings: Settings) -> dict[int, int]:
    """High watermarks of the raw topic: where a backlog published next will start."""
    raw = settings.topics.raw
    return high_watermarks(settings, {raw: settings.partitions})[raw]


def messages_per_event(settings: Settings, events_in: int) -> dict[str, float]:
    """Messages each topic of the run holds per event published to the raw topic: the count
    behind Faust's per-message cost (the run's topics are its own, so offsets are its counts)."""
    specs = settings.topics.specs()
    counts = high_watermarks(
        settings, {s.name: s.partition_count(settings.partitions) for s in specs}
    )
    short = {s.name: s.name.removeprefix(f"{settings.topic_prefix}.") for s in specs}
    table = {short[t]: round(sum(p.values()) / events_in, 3) for t, p in counts.items()}
    table["total produced by the pipeline"] = round(
        sum(v for name, v in table.items() if name != short[settings.topics.raw]), 3
    )
    return table


def _routed(consumer: Consumer, topic: str, base: dict[int, int]) -> int:
    """Messages past ``base`` that the Faust group has committed on ``topic``."""
    committed = consumer.committed([TopicPartition(topic, p) for p in base], timeout=10)
    return sum(max(0, tp.offset - base[tp.partition]) for tp in committed if tp.offset >= 0)


def _drain(
    settings: Settings, pipeline: Pipeline, batch_id: str, events: int, base: dict[int, int]
) -> tuple[float, float, int, dict[str, float]]:
    """The drain of a pre-loaded backlog: start-up seconds, then seconds, events and CPU seconds
    per role, measured from the workers' first commit of backlog offsets (so worker start-up,
    which has nothing to do with the cost per event, is left out) until every event is
    accounted for. A backlog so small that the first commit covers half of it is timed from
    the start instead (start-up seconds 0: it is included)."""
    broker = stack.broker_status(settings).pid if settings.uses_local_broker else None

    def processes() -> dict[str, list[int]]:
        return {
            "workers": pipeline.worker_pids,
            "owner": [os.getpid()],  # the sink, the embedded store and this benchmark's polls
            **({"broker": [broker]} if broker else {}),
        }

    whole, steady = CpuMeter(processes), CpuMeter(processes)
    entered = time.perf_counter()
    whole.start()
    # reads the processor group's commits without joining it
    offsets = Consumer(
        {"bootstrap.servers": settings.bootstrap_servers, "group.id": settings.app_id}
    )
    try:
        deadline = time.monotonic() + 300
        while (done := _routed(offsets, settings.topics.raw, base)) == 0:
            if time.monotonic() > deadline:
                raise RuntimeError("the workers committed nothing of the backlog within 300 s")
            pipeline.check()
            time.sleep(0.02)
    finally:
        offsets.close()
    started = time.perf_counter()
    steady.start()
    wait_until_accounted(pipeline, batch_id, events)
    ended = time.perf_counter()
    if done * 2 > events:
        return 0.0, ended - entered, events, whole.stop()
    return started - entered, ended - started, events - done, steady.stop()


def _latency_phases(
    settings: Settings,
    pipeline: Pipeline,
    producer: Producer,
    paced: Sequence[Encoded],
    drained_rate: float,
) -> tuple[dict[str, dict[str, float]], int]:
    """Events offered at each of LOAD_FRACTIONS of the drained rate: latency per phase, and
    how many were not accounted for."""
    latency: dict[str, dict[str, float]] = {}
    lost = 0
    for index, (fraction, phase) in enumerate(zip(LOAD_FRACTIONS, paced, strict=True)):
        batch, rate = f"bench-paced-{index}", drained_rate * fraction
        published_at: dict[str, float] = {}
        publish(
            producer,
            settings.topics.raw,
            phase.messages,
            batch,
            rate=rate,
            on_publish=_recorder(phase.event_ids, published_at),
        )
        count = len(phase.messages)
        lost += count - wait_until_accounted(pipeline, batch, count).accounted
        latency[f"at_{round(fraction * 100)}pct"] = latency_summary(
            latencies_ms(pipeline, batch, published_at), rate
        )
    return latency, lost


def run_benchmark(
    settings: Settings,
    events: int,
    seed: int = 7,
    compare_detection: bool = False,
    workers: int | None = None,
    partitions: int | None = None,
) -> dict[str, Any]:
    """One run; ``compare_detection`` first measures end to end with detection off (own topics
    and store, same broker and events), then the configured pipeline."""
    stamp = f"{datetime.now(UTC):%Y%m%dT%H%M%S}"
    settings = settings.model_copy(
        update={
            "topic_prefix": f"bench-{stamp}",
            # a fresh store per run; the broker (found through state_dir) is shared
            "chdb_path": settings.state_dir / "bench" / stamp / "clickhouse",
            "query_http_port": 0,
            "workers": workers or settings.workers,
            "partitions": partitions or settings.partitions,
        }
    )
    catalog = load_catalog()
    codec = AvroCodec(catalog, make_registry(catalog, settings.schema_registry_url))
    # a broker this run starts is a cold JVM: its JIT compiles during the run, which nearly
    # tripled its CPU per event in the drain (docs/scaling.md); `chorus stack up` first
    broker_was_running = not settings.uses_local_broker or stack.broker_status(settings).running
    with stack.broker_for(settings):
        anchor_in, anchor_out = (
            f"{settings.topic_prefix}.anchor.in",
            f"{settings.topic_prefix}.anchor.out",
        )
        ensure_topics(
            settings.bootstrap_servers,
            [*settings.topics.all(), anchor_in, anchor_out],
            settings.partitions,
        )
        main = encode_events(codec, events, seed, "bench")
        backlog = encode_events(codec, events, seed + 3, "bench-backlog")
        paced_count = max(200, events // 5)
        paced = [
            encode_events(codec, paced_count, seed + 10 + i, f"bench-paced-{i}")
            for i in range(len(LOAD_FRACTIONS))
        ]
        warmup = encode_events(codec, 200, seed + 2, "bench-warmup")

        producer = _producer(settings)
        producer_seconds = publish(producer, anchor_in, main.messages, "anchor")
        anchor_cpu = cpu_seconds(os.getpid()) or 0.0
        passthrough_seconds = passthrough(settings, anchor_in, anchor_out, events)
        anchor_cpu = (cpu_seconds(os.getpid()) or 0.0) - anchor_cpu

        detection_off_rate: float | None = None
        if compare_detection:
            off = settings.model_copy(
                update={
                    "topic_prefix": f"{settings.topic_prefix}-nodetect",
                    "chdb_path": settings.chdb_dir.parent / "clickhouse-nodetect",
                    "detection": False,
                }
            )
            ensure_topics(off.bootstrap_servers, off.topics.all(), off.partitions)
            with Pipeline(off) as pipeline:
                publish(producer, off.topics.raw, warmup.messages, "bench-warmup")
                wait_until_accounted(pipeline, "bench-warmup", len(warmup.messages))
                started = time.perf_counter()
                publish(producer, off.topics.raw, main.messages, "bench")
                wait_until_accounted(pipeline, "bench", events)
                detection_off_rate = events / (time.perf_counter() - started)
        with Pipeline(settings) as pipeline:  # up once: topics, consumer groups, warm state
            publish(producer, settings.topics.raw, warmup.messages, "bench-warmup")
            wait_until_accounted(pipeline, "bench-warmup", len(warmup.messages))
        base = raw_offsets(settings)
        publish(producer, settings.topics.raw, backlog.messages, "bench-backlog")
        with Pipeline(settings) as pipeline:
            startup_seconds, drain_seconds, drained, drain_cpu = _drain(
                settings, pipeline, "bench-backlog", events, base
            )
            drained_rate = drained / drain_seconds
            lost = events - pipeline.counts("bench-backlog").accounted

            started = time.perf_counter()
            publish(producer, settings.topics.raw, main.messages, "bench")
            lost += events - wait_until_accounted(pipeline, "bench", events).accounted
            e2e_rate = events / (time.perf_counter() - started)

            latency, late = _latency_phases(settings, pipeline, producer, paced, drained_rate)
            lost += late
        events_in = len(warmup.messages) + 2 * events + len(LOAD_FRACTIONS) * paced_count
        messages = messages_per_event(settings, events_in)
    passthrough_rate = events / passthrough_seconds
    return {
        "events": events,
        "drained_events_per_s": round(drained_rate, 1),
        "drain_startup_s": round(startup_seconds, 2),
        "e2e_events_per_s": round(e2e_rate, 1),
        "passthrough_events_per_s": round(passthrough_rate, 1),
        "ratio_to_passthrough": round(drained_rate / passthrough_rate, 4),
        "producer_events_per_s": round(events / producer_seconds, 1),
        "cpu_s_per_1000_events": per_thousand(drain_cpu, drained),
        "passthrough_cpu_s_per_1000_events": round(anchor_cpu * 1000 / events, 4),
        "latency_ms": latency,
        "messages_per_event": messages,
        "lost": lost,
        "detection": settings.detection,
        **(
            {
                "e2e_detection_off_events_per_s": round(detection_off_rate, 1),
                "detection_on_to_off": round(e2e_rate / detection_off_rate, 4),
            }
            if detection_off_rate
            else {}
        ),
        "broker_warm": broker_was_running,
        "workers": settings.workers,
        "partitions": settings.partitions,
    }


MEDIAN_FIELDS = (
    "drained_events_per_s",
    "e2e_events_per_s",
    "e2e_detection_off_events_per_s",
    "detection_on_to_off",
    "passthrough_events_per_s",
    "ratio_to_passthrough",
    "producer_events_per_s",
    "passthrough_cpu_s_per_1000_events",
)


def summarise_runs(runs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """One run as it is; several as their medians (the machine is noisy) plus every run."""
    if len(runs) == 1:
        return dict(runs[0])
    median: dict[str, Any] = {"events": runs[0]["events"], "runs": len(runs)}
    for name in MEDIAN_FIELDS:
        if all(name in run for run in runs):
            median[name] = statistics.median(run[name] for run in runs)
    median["cpu_s_per_1000_events"] = {
        role: statistics.median(run["cpu_s_per_1000_events"][role] for run in runs)
        for role in runs[0]["cpu_s_per_1000_events"]
    }
    median["latency_ms"] = {
        phase: {
            q: statistics.median(run["latency_ms"][phase][q] for run in runs)
            for q in ("p50", "p95", "p99")
        }
        for phase in runs[0]["latency_ms"]
    }
    median["lost"] = sum(run["lost"] for run in runs)
    for name in ("workers", "partitions", "detection", "broker_warm"):
        median[name] = runs[0][name]
    return {"median": median, "runs": list(runs)}


def main() -> None:
    import argparse

    from core.settings import load_settings

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--compare-detection", action="store_true")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--partitions", type=int, default=None)
    args = parser.parse_args()
    runs = [
        run_benchmark(
            load_settings(),
            args.events,
            args.seed,
            args.compare_detection,
            args.workers,
            args.partitions,
        )
        for _ in range(args.repeat)
    ]
    print(json.dumps(summarise_runs(runs)))


if __name__ == "__main__":
    main()
