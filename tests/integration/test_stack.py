"""The local broker tooling against a real Kafka broker.

Start/stop tests run a private broker (own state dir, own free ports) so they never stop the
shared one that ``kafka_bootstrap`` provides to the rest of the suite.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from confluent_kafka import Consumer, Producer
from confluent_kafka.admin import AdminClient

from chorus import stack
from chorus.kafka_admin import check_reachable, delete_topics, ensure_topics
from core.errors import ConfigError, UnavailableError
from core.settings import Settings, load_settings

pytestmark = pytest.mark.integration


def _free_ports(count: int) -> list[int]:
    """Ports nothing listens on, below the ephemeral range (32768+ on Linux).

    An ephemeral port would let a client that keeps reconnecting to a stopped broker be handed
    that very port as its own source port (TCP self-connect) and squat the broker's port.
    """
    rng = random.Random()
    ports: list[int] = []
    while len(ports) < count:
        port = rng.randrange(20_000, 32_000)
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        if port not in ports:
            ports.append(port)
    return ports


@pytest.fixture
def private_broker(tmp_path: Path) -> Iterator[Settings]:
    """Settings of a broker only this test starts; stopped whatever the test does."""
    if os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        pytest.skip("KAFKA_BOOTSTRAP_SERVERS is set: the local broker tooling is not in use")
    port, controller_port = _free_ports(2)
    settings = load_settings(
        state_dir=tmp_path / "state",
        kafka_port=port,
        kafka_controller_port=controller_port,
        kafka_bootstrap_servers=None,
    )
    try:
        yield settings
    finally:
        stack.stop_broker(settings, timeout_s=15)


def _round_trip(bootstrap: str, topic: str, group: str, value: bytes) -> bytes:
    producer = Producer({"bootstrap.servers": bootstrap, "acks": "all"})
    producer.produce(topic, key=b"k", value=value)
    assert producer.flush(15) == 0
    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": group,
            "auto.offset.reset": "earliest",
            "enable.auto.commit": False,
        }
    )
    try:
        consumer.subscribe([topic])
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            message = consumer.poll(0.5)
            if message is None:
                continue
            assert message.error() is None, message.error()
            consumed = message.value()
            assert consumed is not None
            return consumed
        raise AssertionError(f"nothing consumed from {topic} within 30s")
    finally:
        consumer.close()


def test_broker_lifecycle(private_broker: Settings) -> None:
    settings = private_broker
    status = stack.broker_status(settings)
    assert not status.running
    assert status.pid is None
    assert not status.external

    info = stack.start_broker(settings)
    assert not info.already_running
    assert info.pid is not None
    assert info.startup_s is not None
    print(f"cold start (jars cached): {info.startup_s:.1f}s")

    status = stack.broker_status(settings)
    assert status.running
    assert status.pid == info.pid
    assert status.bootstrap == f"127.0.0.1:{settings.kafka_port}"
    assert status.version == settings.kafka_version
    assert status.data_dir is not None
    assert (status.data_dir / "meta.properties").is_file()

    started = time.monotonic()
    again = stack.start_broker(settings)
    assert again.already_running
    assert again.pid == info.pid
    assert time.monotonic() - started < 5

    topics = [f"{settings.topic_prefix}.lifecycle.a", f"{settings.topic_prefix}.lifecycle.b"]
    ensure_topics(settings.bootstrap_servers, topics, partitions=3)
    ensure_topics(settings.bootstrap_servers, topics, partitions=3)  # idempotent
    assert _round_trip(settings.bootstrap_servers, topics[0], "lifecycle", b"hello") == b"hello"

    assert stack.stop_broker(settings)
    status = stack.broker_status(settings)
    assert not status.running
    assert status.pid is None
    assert not stack.BrokerPaths.of(settings).pid_file.exists()
    with pytest.raises(UnavailableError):
        check_reachable(settings.bootstrap_servers, timeout_s=2)
    assert not stack.stop_broker(settings)  # idempotent

    # data survives a restart: the storage is formatted once, not on every start
    restarted = stack.start_broker(settings)
    assert restarted.pid != info.pid
    assert _round_trip(settings.bootstrap_servers, topics[0], "after-restart", b"") == b"hello"


def test_killed_broker_is_restarted_cleanly(private_broker: Settings) -> None:
    settings = private_broker
    info = stack.start_broker(settings)
    assert info.pid is not None
    os.killpg(info.pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while stack.broker_status(settings).running and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not stack.broker_status(settings).running  # stale pid file is not "running"

    again = stack.start_broker(settings)
    assert not again.already_running
    assert stack.broker_status(settings).running


def test_reset_deletes_the_data(private_broker: Settings) -> None:
    settings = private_broker
    stack.start_broker(settings)
    topic = f"{settings.topic_prefix}.reset"
    ensure_topics(settings.bootstrap_servers, [topic], partitions=1)
    stack.reset_broker_data(settings)
    assert not stack.broker_status(settings).running
    assert not stack.BrokerPaths.of(settings).data.exists()
    stack.start_broker(settings)
    topics = AdminClient({"bootstrap.servers": settings.bootstrap_servers}).list_topics(timeout=10)
    assert topic not in topics.topics


def test_port_taken_by_another_program_is_a_clear_error(private_broker: Settings) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", private_broker.kafka_port))
        squatter.listen()
        with pytest.raises(ConfigError, match=f"Port {private_broker.kafka_port}.*in use"):
            stack.start_broker(private_broker, timeout_s=20)
    assert not stack.broker_status(private_broker).running


def test_topics_on_the_shared_broker(kafka_bootstrap: str, topic_prefix: str) -> None:
    raw, compacted = f"{topic_prefix}.raw", f"{topic_prefix}.compacted"
    ensure_topics(kafka_bootstrap, [raw], partitions=2)
    ensure_topics(kafka_bootstrap, [raw, compacted], 2, config={"cleanup.policy": "compact"})
    assert _round_trip(kafka_bootstrap, raw, f"{topic_prefix}-g", b"payload") == b"payload"

    with pytest.raises(ConfigError, match="bad topic name"):
        ensure_topics(kafka_bootstrap, [f"{topic_prefix}.bad topic name"], partitions=1)

    delete_topics(kafka_bootstrap, [raw, compacted])
    delete_topics(kafka_bootstrap, [raw, compacted])  # idempotent
    ensure_topics(kafka_bootstrap, [raw], partitions=1)  # a deleted topic can come back


def test_test_settings_point_at_the_shared_broker(
    test_settings: Settings, kafka_bootstrap: str, topic_prefix: str
) -> None:
    assert test_settings.bootstrap_servers == kafka_bootstrap
    assert not test_settings.uses_local_broker  # code under test never starts/stops it
    assert test_settings.topics.raw.startswith(f"{topic_prefix}.")
    check_reachable(test_settings.bootstrap_servers)


def test_unreachable_bootstrap_fails_fast() -> None:
    (port,) = _free_ports(1)
    bootstrap = f"127.0.0.1:{port}"
    started = time.monotonic()
    with pytest.raises(UnavailableError, match=f"Kafka at {bootstrap} is not reachable"):
        check_reachable(bootstrap, timeout_s=10)
    with pytest.raises(UnavailableError, match="not reachable"):
        ensure_topics(bootstrap, ["anything"], partitions=1, timeout_s=10)
    assert time.monotonic() - started < 2
