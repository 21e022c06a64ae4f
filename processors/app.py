"""The Faust app: thin wiring that moves bytes between topics and calls the pure router.

Values are kept as raw bytes (``value_serializer="raw"``) so undecodable input reaches our own
code, which dead-letters it, instead of crashing Faust's deserializer.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Mapping
from datetime import timedelta

import faust

from chorus.settings import Settings
from processors.routing import InteractionRouter, OutputStream, RawMessage
from schemas import AvroCodec, load_catalog, make_registry

log = logging.getLogger(__name__)


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
    app = faust.App(
        settings.app_id,
        broker=f"kafka://{settings.bootstrap_servers}",
        store="memory://",
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
    outputs: dict[OutputStream, faust.TopicT] = {
        "interactions": app.topic(topics.interactions, key_type=bytes, value_type=bytes),
        "timeline": app.topic(topics.timeline, key_type=bytes, value_type=bytes),
        "dead_letter": app.topic(topics.dead_letter, key_type=bytes, value_type=bytes),
    }

    # concurrency=1 on purpose: faust #606 commits past in-flight messages with more.
    @app.agent(raw_topic, concurrency=1)
    async def route_interactions(stream: faust.StreamT[bytes]) -> AsyncIterator[None]:
        async for event in stream.events():
            message = event.message
            raw = RawMessage(
                topic=message.topic,
                partition=message.partition,
                offset=message.offset,
                key=message.key,
                value=message.value,
                headers=_headers(message.headers),
            )
            for output in router.route(raw):
                if output.stream == "dead_letter":
                    log.warning("dead-lettered %s key=%r", raw.where, raw.key)
                await outputs[output.stream].send(
                    key=output.key, value=output.value, headers=dict(output.headers)
                )
            yield None

    return app
