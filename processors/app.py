"""The Faust app: thin wiring that moves bytes between topics and calls the pure router.

Values are kept as raw bytes (``value_serializer="raw"``) so undecodable input reaches our own
code, which dead-letters it, instead of crashing Faust's deserializer.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Iterable, Mapping, Set
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import faust
from mode import BaseSignalT, CrashingSupervisor

from core.settings import Settings
from processors.detections import DetectionStage
from processors.identities import IdentityStage, StageOutput
from processors.identity.rules import identity_settings
from processors.output import OutputProducer
from processors.routing import InteractionRouter, RawMessage
from processors.state_topic import StateTopic
from processors.topology import AGENTS
from schemas import AvroCodec, load_catalog, make_registry

log = logging.getLogger(__name__)

AGENT_BATCH_SIZE = 1000
AGENT_BATCH_SECONDS = 0.1


def _headers(raw: Mapping[str, bytes] | Iterable[tuple[str, bytes]] | None) -> dict[str, bytes]:
    if raw is None:
        return {}
    items = raw.items() if isinstance(raw, Mapping) else raw
    return {k: v for k, v in items if isinstance(v, bytes)}


def create_app(settings: Settings) -> faust.App:
    catalog = load_catalog()
    codec = AvroCodec(catalog, make_registry(catalog, settings.schema_registry_url))
    router = InteractionRouter(
        codec, max_future_skew=timedelta(seconds=settings.max_future_skew_seconds)
    )
    faust_dir = settings.state_dir / "faust"
    faust_dir.mkdir(parents=True, exist_ok=True)  # Faust creates only the last level
    app = faust.App(
        settings.app_id,
        broker=f"kafka://{settings.bootstrap_servers}",
        store="memory://",
        # Faust's own directory (default: "<app id>-data" in the working directory)
        datadir=str(faust_dir / settings.app_id),
        web_enabled=False,
        key_serializer="raw",
        value_serializer="raw",
        topic_partitions=settings.partitions,
        topic_replication_factor=1,
        # throughput: let the producer batch; commit often enough that a restart replays little
        producer_linger_ms=20,
        producer_acks=-1,
        broker_commit_every=1000,
        broker_commit_interval=1.0,
        consumer_auto_offset_reset="earliest",
    )
    topics = settings.topics
    raw_topic = app.topic(topics.raw, key_type=bytes, value_type=bytes)

    producer = OutputProducer(settings.bootstrap_servers)
    names = AGENTS["route_interactions"].topic_names(topics)

    # concurrency=1 on purpose: faust #606 commits past in-flight messages with more.
    # Events come in batches; take_events acks a batch only after the loop body ran, and the
    # body ends by waiting for every output's delivery: at-least-once, never lost.
    # Bad input never raises (it is dead-lettered); anything that does is a bug: crash the
    # worker loudly (`chorus run` restarts it with back-off) instead of Faust's default of
    # restarting the actor past an unacked batch, which would stall commits silently.
    @app.agent(raw_topic, concurrency=1, supervisor_strategy=CrashingSupervisor)
    async def route_interactions(stream: faust.StreamT[bytes]) -> AsyncIterator[None]:
        # take_events is on the Stream class but missing from faust's StreamT interface
        batches = cast(faust.Stream[bytes], stream).take_events(
            AGENT_BATCH_SIZE, within=AGENT_BATCH_SECONDS
        )
        async for events in batches:
            for event in events:
                raw = _raw(event.message)
                for output in router.route(raw):
                    if output.stream == "dead_letter":
                        log.warning("dead-lettered %s key=%r", raw.where, raw.key)
                    producer.send(names[output.stream], output.key, output.value, output.headers)
            await producer.flush()
            yield None

    _identity_agent(app, settings, codec, producer)
    return app


def _raw(message: faust.types.Message) -> RawMessage:
    return RawMessage(
        topic=message.topic,
        partition=message.partition,
        offset=message.offset,
        key=message.key,
        value=message.value,
        headers=_headers(message.headers),
    )


def _identity_agent(
    app: faust.App, settings: Settings, codec: AvroCodec, producer: OutputProducer
) -> None:
    """Identity resolution over the single-partition identity input (docs/identity.md).

    The agent holds the state, decoded, in an :class:`IdentityStage`, loaded from the compacted
    ``identity.state`` topic when it first gets a batch after an assignment. After every batch
    it flushes its outputs, then writes the state shards that changed and flushes again, and
    only then lets Faust ack the batch: a replay after a crash re-observes events whose outputs
    are already out (idempotent downstream) but never finds state ahead of lost outputs.
    """
    topics = settings.topics
    source = app.topic(topics.identity_in, key_type=bytes, value_type=bytes, partitions=1)
    state_topic = StateTopic(settings.bootstrap_servers, topics.identity_state, producer)
    rules = identity_settings(settings)
    names = AGENTS["resolve_identities"].topic_names(topics)
    holder: dict[str, IdentityStage] = {}

    # mode types connect() with a union of callables that no async def matches under mypy
    @app.on_partitions_revoked.connect  # type: ignore[arg-type]
    async def drop_state(sender: Any, *args: Any, signal: BaseSignalT[Any], **kwargs: Any) -> None:
        # another worker may own the partition next: reload from the topic when it comes back
        revoked: Set[faust.types.TP] = args[0] if args else kwargs.get("revoked", set())
        if any(tp.topic == topics.identity_in for tp in revoked):
            holder.clear()

    async def current_stage() -> IdentityStage:
        stage = holder.get("stage")
        if stage is None:
            started = time.perf_counter()
            loop = asyncio.get_running_loop()
            shards = await loop.run_in_executor(None, state_topic.load)
            detection = (
                DetectionStage(horizon_days=settings.birthday_horizon_days)
                if settings.detection
                else None
            )
            stage = holder["stage"] = IdentityStage.from_shards(
                codec, shards.items(), rules.identity, rules.profile, detection
            )
            log.info(
                "identity state loaded: %d identifiers, %d shards in %.2fs",
                len(stage.state.identifiers),
                len(shards),
                time.perf_counter() - started,
            )
        return stage

    async def publish(stage: IdentityStage, outputs: Iterable[StageOutput]) -> None:
        """Send ``outputs``, flush everything queued, then write the state shards that changed
        and flush again: the state is never ahead of outputs that might be lost."""
        for output in outputs:
            producer.send(names[output.stream], output.key, output.value, output.headers)
        await producer.flush()
        if state_topic.write(stage.dirty()):
            await producer.flush()

    @app.agent(source, concurrency=1, supervisor_strategy=CrashingSupervisor)
    async def resolve_identities(stream: faust.StreamT[bytes]) -> AsyncIterator[None]:
        batches = cast(faust.Stream[bytes], stream).take_events(
            AGENT_BATCH_SIZE, within=AGENT_BATCH_SECONDS
        )
        async for events in batches:
            stage = await current_stage()
            for event in events:
                raw = _raw(event.message)
                for output in stage.process(raw):
                    if output.stream == "dead_letter":
                        log.warning("dead-lettered %s key=%r", raw.where, raw.key)
                    producer.send(names[output.stream], output.key, output.value, output.headers)
            await publish(stage, stage.profile_outputs())
            yield None

    @app.timer(settings.birthday_timer_seconds)  # type: ignore[untyped-decorator]
    async def announce_birthdays() -> None:
        # only the worker that holds the identity partition (and so the states) has a stage
        stage = holder.get("stage")
        if stage is None or not settings.detection:
            return
        outputs = stage.birthdays(datetime.now(UTC))
        if outputs:
            await publish(stage, outputs)
            log.info("announced %d upcoming birthdays", len(outputs))
