"""The Faust app: thin wiring that moves bytes between topics and calls the pure router.

Values are kept as raw bytes (``value_serializer="raw"``) so undecodable input reaches our own
code, which dead-letters it, instead of crashing Faust's deserializer.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence, Set
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import faust
from mode import BaseSignalT, CrashingSupervisor

from core.errors import ChorusError
from core.settings import Settings
from processors.detections import DetectionStage
from processors.identities import IdentityStage, StageOutput
from processors.identity.rules import identity_settings
from processors.output import OutputProducer
from processors.progress import Progress, exit_after
from processors.routing import MAX_OUTPUT_BYTES, InteractionRouter, RawMessage
from processors.state_topic import StateTopic
from processors.topology import AGENTS
from processors.validation import input_limits
from schemas import AvroCodec, load_catalog, make_registry

log = logging.getLogger(__name__)

AGENT_BATCH_SIZE = 1000
AGENT_BATCH_SECONDS = 0.1


def _headers(raw: Mapping[str, bytes] | Iterable[tuple[str, bytes]] | None) -> dict[str, bytes]:
    if raw is None:
        return {}
    items = raw.items() if isinstance(raw, Mapping) else raw
    return {k: v for k, v in items if isinstance(v, bytes)}


class TestCrashError(RuntimeError):
    """Raised on purpose by the CHORUS_TEST_CRASH_AFTER hook (tests only)."""


async def done_batches(
    stream: faust.StreamT[bytes], progress: Progress, name: str
) -> AsyncIterator[Sequence[faust.EventT[bytes]]]:
    """Batches of events, each acknowledged only once the loop body has finished with it.

    Faust's ``take_events`` acks a batch in a ``finally:``, so a batch whose body raised is
    acked (and committed by the graceful shutdown that follows) all the same. Here the acks
    come after the ``yield``: when the body raises, the generator is never resumed and the
    batch stays unacked, so Faust never commits past it and it is replayed after the restart.
    The stream is ``noack()`` for good: otherwise the batch generator's ``finally`` would
    restore auto-acks while Faust's background reader still drains the topic, acking events
    no body has seen.
    """
    manual = cast(faust.Stream[bytes], cast(faust.Stream[bytes], stream).noack())
    # noack_take yields events (not values) and never acks them
    batches = cast(
        AsyncIterator[Sequence[faust.EventT[bytes]]],
        manual.noack_take(AGENT_BATCH_SIZE, within=AGENT_BATCH_SECONDS),
    )
    async for events in batches:
        progress.begin(name)
        yield events
        for event in events:
            await manual.ack(event)
        progress.end(name)


def create_app(settings: Settings, progress: Progress | None = None) -> faust.App:
    """The app; its agents report each batch's start and end to ``progress`` (the worker's
    heartbeat, processors/worker.py)."""
    catalog = load_catalog()
    codec = AvroCodec(catalog, make_registry(catalog, settings.schema_registry_url))
    router = InteractionRouter(
        codec,
        max_future_skew=timedelta(seconds=settings.max_future_skew_seconds),
        limits=input_limits(settings),
        dead_letter_payload_bytes=settings.dead_letter_payload_bytes,
    )
    progress = progress or Progress()
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

    crash_hook = _crash_hook(settings)

    # concurrency=1 on purpose: faust #606 commits past in-flight messages with more.
    # done_batches acks a batch only after this body finished it, and the body ends by waiting
    # for every output's delivery: at-least-once, never lost (test_batch_acks.py proves it).
    # The router never raises for bad input (it dead-letters it, internal_error included); if
    # anything else raises, the batch is not acked and the worker crashes loudly (Worker.crash
    # makes sure it exits; `chorus run` restarts it) instead of Faust's default of restarting
    # the actor past an unacked batch, which would stall commits silently.
    @app.agent(raw_topic, concurrency=1, supervisor_strategy=CrashingSupervisor)
    async def route_interactions(stream: faust.StreamT[bytes]) -> AsyncIterator[None]:
        async for events in done_batches(stream, progress, "route_interactions"):
            try:
                for index, event in enumerate(events):
                    raw = _raw(event.message)
                    for output in router.route(raw):
                        if output.stream == "dead_letter":
                            log.warning("dead-lettered %s key=%r", raw.where, _short(raw.key))
                        producer.send(
                            names[output.stream], output.key, output.value, output.headers
                        )
                    crash_hook(index, len(events))
                await producer.flush()
            except BaseException as exc:
                _log_failed_batch("route_interactions", events, exc)
                raise
            yield None

    _identity_agent(app, settings, codec, producer, progress)
    return app


def _crash_hook(settings: Settings) -> Any:
    """CHORUS_TEST_CRASH_AFTER=K: raise once K raw messages are routed, at the first message
    after that which is not the last of its batch (so always in the middle of one); once per
    state directory (a marker file), so the restarted worker gets on with the replay. Tests
    only."""
    limit = settings.test_crash_after
    marker = settings.state_dir / "test-crash-after.done"
    routed = 0

    def hook(index: int, size: int) -> None:
        nonlocal routed
        routed += 1
        if limit and routed >= limit and index + 1 < size and not marker.exists():
            marker.touch()
            raise TestCrashError(
                f"CHORUS_TEST_CRASH_AFTER: crashing after {routed} messages, "
                f"at message {index + 1} of a batch of {size}"
            )

    return hook


def _log_failed_batch(
    agent: str, events: Sequence[faust.EventT[bytes]], exc: BaseException
) -> None:
    if isinstance(exc, asyncio.CancelledError):
        return  # a stop, not a failure: the batch is not acked and is replayed
    exit_after()  # the crash that follows must end the process, even if its shutdown hangs
    first, last = events[0].message, events[-1].message
    log.critical(
        "%s: a batch of %d events from %s[%d]@%d to %s[%d]@%d failed and is NOT acknowledged "
        "(replayed after the restart): %r",
        agent,
        len(events),
        first.topic,
        first.partition,
        first.offset,
        last.topic,
        last.partition,
        last.offset,
        exc,
    )


def _stage_outputs(stage: IdentityStage, raw: RawMessage) -> list[StageOutput]:
    """The identity stage's outputs of one message; a dead letter (internal_error) if that
    raised: one message never stops the stage."""
    try:
        outputs = stage.process(raw)
        _check_sizes(outputs)
    except Exception as exc:
        log.exception("identity stage failed on %s key=%r", raw.where, _short(raw.key))
        return [stage.internal_error(raw, exc)]
    return outputs


def _check_sizes(outputs: Iterable[StageOutput]) -> None:
    """Raise before anything of one message is sent if one of its outputs could not be: the
    message is then dead-lettered whole instead of half-published."""
    for output in outputs:
        size = len(output.key) + len(output.value or b"")
        if size > MAX_OUTPUT_BYTES:
            raise OutputTooLargeError(
                f"a {output.stream} output of {size} bytes, more than {MAX_OUTPUT_BYTES}"
            )


class OutputTooLargeError(ChorusError):
    """An output of the identity stage would not fit in one Kafka message."""


def _short(key: bytes | None) -> bytes | None:
    return None if key is None else key[:64]


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
    app: faust.App,
    settings: Settings,
    codec: AvroCodec,
    producer: OutputProducer,
    progress: Progress,
) -> None:
    """Identity resolution over the single-partition identity input (docs/identity.md).

    The agent holds the state, decoded, in an :class:`IdentityStage`, loaded from the compacted
    ``identity.state`` topic when it first gets a batch after an assignment. After every batch
    it flushes its outputs, then writes the state shards that changed and flushes again, and
    only then acks the batch (:func:`done_batches`): a replay after a crash re-observes events
    whose outputs are already out (idempotent downstream) but never finds state ahead of lost
    outputs. A message whose processing raises is dead-lettered (``internal_error``) and the
    batch goes on; the stage's state may hold part of that message's effects.
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
            # reading the whole state topic may take longer than a batch may: the heartbeat
            # must not read it as a stuck batch (the event loop keeps running meanwhile)
            progress.end("resolve_identities")
            shards = await loop.run_in_executor(None, state_topic.load)
            progress.begin("resolve_identities")
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
        async for events in done_batches(stream, progress, "resolve_identities"):
            try:
                stage = await current_stage()
                for event in events:
                    raw = _raw(event.message)
                    for output in _stage_outputs(stage, raw):
                        if output.stream == "dead_letter":
                            log.warning("dead-lettered %s key=%r", raw.where, _short(raw.key))
                        producer.send(
                            names[output.stream], output.key, output.value, output.headers
                        )
                await publish(stage, stage.profile_outputs())
            except BaseException as exc:
                _log_failed_batch("resolve_identities", events, exc)
                raise
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
