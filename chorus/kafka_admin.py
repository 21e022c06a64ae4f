"""Topic administration and reachability checks against any Kafka cluster.

Thin wrappers over confluent-kafka's ``AdminClient`` that are idempotent (creating a topic that
exists, or deleting one that does not, is success), wait until the cluster's metadata agrees,
and convert every library error into :mod:`core.errors` types at this boundary:

* :class:`~core.errors.UnavailableError` — the cluster cannot be reached or did not answer
  in time (worth retrying later);
* :class:`~core.errors.ConfigError` — the request itself is wrong (bad topic name, invalid
  config, not authorised, ...);
* :class:`~core.errors.ChorusError` — anything else the broker refused.
"""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeoutError
from typing import TYPE_CHECKING, Any

from confluent_kafka import KafkaError, KafkaException
from confluent_kafka.admin import AdminClient
from confluent_kafka.cimpl import NewTopic

from core.errors import ChorusError, ConfigError, UnavailableError

if TYPE_CHECKING:
    # where it is defined: confluent_kafka.admin re-exports it without marking it public
    from confluent_kafka.admin._metadata import ClusterMetadata

logger = logging.getLogger(__name__)

# librdkafka writes its own log lines straight to stderr ("%3|...|FAIL|...Connection refused")
# unless given a Python logger; with one they are queued and only emitted when the client is
# polled, which these short-lived admin clients never are. The reasons that matter end up in
# the exceptions we raise instead.
_RDKAFKA_LOGGER = logging.getLogger(f"{__name__}.rdkafka")

# Broker answers that mean "your request is wrong", not "try again later".
_CONFIG_ERRORS = frozenset(
    {
        KafkaError.TOPIC_EXCEPTION,
        KafkaError.INVALID_PARTITIONS,
        KafkaError.INVALID_REPLICATION_FACTOR,
        KafkaError.INVALID_REPLICA_ASSIGNMENT,
        KafkaError.INVALID_CONFIG,
        KafkaError.POLICY_VIOLATION,
        KafkaError.TOPIC_AUTHORIZATION_FAILED,
        KafkaError.CLUSTER_AUTHORIZATION_FAILED,
        KafkaError.TOPIC_DELETION_DISABLED,
        KafkaError.UNSUPPORTED_VERSION,
    }
)
# Client-side failures that mean the cluster did not answer.
_UNAVAILABLE_ERRORS = frozenset(
    {
        KafkaError._TRANSPORT,
        KafkaError._TIMED_OUT,
        KafkaError._ALL_BROKERS_DOWN,
        KafkaError._RESOLVE,
        KafkaError._DESTROY,
        KafkaError.REQUEST_TIMED_OUT,
        KafkaError.BROKER_NOT_AVAILABLE,
        KafkaError.NOT_CONTROLLER,
    }
)

_POLL_INTERVAL_S = 0.1


def check_reachable(bootstrap: str, timeout_s: float = 5.0) -> None:
    """Raise :class:`UnavailableError` unless a Kafka broker at ``bootstrap`` answers.

    A TCP connect to every bootstrap address comes first, so "nothing is listening" fails at
    once with the operating system's reason instead of after the whole timeout; then a metadata
    request proves that what answers is Kafka and has at least one live broker.
    """
    deadline = time.monotonic() + timeout_s
    _check_listening(bootstrap, deadline)
    metadata = _list_topics(_admin(bootstrap), bootstrap, _remaining(deadline))
    if not metadata.brokers:
        raise UnavailableError(
            f"Kafka at {bootstrap} is not reachable: it answered but reports no live broker"
        )


def ensure_topics(
    bootstrap: str,
    topics: list[str],
    partitions: int,
    config: Mapping[str, str] | None = None,
    timeout_s: float = 30.0,
) -> None:
    """Create the ``topics`` that do not exist yet and wait until every one is usable.

    Existing topics are left alone (a differing partition count is logged, not changed).
    ``config`` is topic-level configuration such as ``{"cleanup.policy": "compact"}``; the
    replication factor is the cluster's ``default.replication.factor``.
    """
    if partitions < 1:
        raise ConfigError(f"A topic needs at least one partition, not {partitions}")
    if not topics:
        return
    deadline = time.monotonic() + timeout_s
    _check_listening(bootstrap, deadline)
    admin = _admin(bootstrap)
    existing = _list_topics(admin, bootstrap, _remaining(deadline)).topics

    for name in topics:
        found = existing.get(name)
        if found is not None and found.error is None and len(found.partitions) != partitions:
            logger.warning(
                "topic %s exists with %d partitions, not the %d configured; leaving it as it is",
                name,
                len(found.partitions),
                partitions,
            )

    missing = [name for name in dict.fromkeys(topics) if name not in existing]
    if missing:
        new_topics = [
            NewTopic(name, num_partitions=partitions, config=dict(config or {})) for name in missing
        ]
        remaining = _remaining(deadline)
        futures = admin.create_topics(
            new_topics, operation_timeout=remaining, request_timeout=remaining
        )
        _settle(
            futures,
            bootstrap,
            "create topic",
            deadline,
            ignore=KafkaError.TOPIC_ALREADY_EXISTS,
        )
        logger.info("created topics %s on %s", ", ".join(missing), bootstrap)

    _wait_for_metadata(admin, bootstrap, topics, deadline, present=True)


def delete_topics(bootstrap: str, topics: list[str], timeout_s: float = 30.0) -> None:
    """Delete ``topics`` (missing ones are fine) and wait until the metadata no longer has them."""
    if not topics:
        return
    deadline = time.monotonic() + timeout_s
    _check_listening(bootstrap, deadline)
    admin = _admin(bootstrap)
    existing = _list_topics(admin, bootstrap, _remaining(deadline)).topics
    present = [name for name in dict.fromkeys(topics) if name in existing]
    if present:
        remaining = _remaining(deadline)
        futures = admin.delete_topics(
            present, operation_timeout=remaining, request_timeout=remaining
        )
        _settle(
            futures,
            bootstrap,
            "delete topic",
            deadline,
            ignore=KafkaError.UNKNOWN_TOPIC_OR_PART,
        )
        logger.info("deleted topics %s on %s", ", ".join(present), bootstrap)
    _wait_for_metadata(admin, bootstrap, topics, deadline, present=False)


def parse_bootstrap(bootstrap: str) -> list[tuple[str, int]]:
    """Split a bootstrap string into (host, port) pairs.

    ``"h1:9092,PLAINTEXT://h2:9093,[::1]:9094"`` → ``[("h1", 9092), ("h2", 9093), ("::1", 9094)]``
    """
    addresses = []
    for raw in bootstrap.split(","):
        item = raw.strip()
        if not item:
            continue
        if "://" in item:
            item = item.split("://", 1)[1]
        host, sep, port = item.rpartition(":")
        host = host.strip("[]")
        if not sep or not host or not port.isdigit():
            raise ConfigError(
                f"Bad Kafka bootstrap address {raw.strip()!r} in {bootstrap!r}: expected host:port"
            )
        addresses.append((host, int(port)))
    if not addresses:
        raise ConfigError("The Kafka bootstrap servers setting is empty")
    return addresses


# --- helpers ---------------------------------------------------------------------------------


def _check_listening(bootstrap: str, deadline: float) -> None:
    """Fail at once, with the operating system's reason, when no bootstrap address accepts TCP.

    Without this, librdkafka retries a refused connection until the whole timeout is spent.
    """
    reasons = []
    for host, port in parse_bootstrap(bootstrap):
        try:
            with socket.create_connection((host, port), timeout=_remaining(deadline)):
                return
        except OSError as exc:
            reasons.append(f"{host}:{port}: {_describe_os_error(exc)}")
    raise UnavailableError(f"Kafka at {bootstrap} is not reachable: {'; '.join(reasons)}")


def _admin(bootstrap: str) -> AdminClient:
    conf: dict[str, Any] = {"bootstrap.servers": bootstrap, "logger": _RDKAFKA_LOGGER}
    try:
        return AdminClient(conf)
    except KafkaException as exc:
        raise ConfigError(f"Cannot build a Kafka client for {bootstrap}: {exc}") from exc


def _remaining(deadline: float) -> float:
    # librdkafka treats 0 as "do not wait at all"; keep a sliver so the last try is real.
    return max(deadline - time.monotonic(), 0.05)


def _describe_os_error(exc: OSError) -> str:
    if isinstance(exc, socket.gaierror):
        return f"cannot resolve host ({exc.strerror})"
    if isinstance(exc, TimeoutError):
        return "connection timed out"
    return exc.strerror or str(exc)


def _list_topics(admin: AdminClient, bootstrap: str, timeout_s: float) -> ClusterMetadata:
    try:
        return admin.list_topics(timeout=timeout_s)
    except KafkaException as exc:
        raise UnavailableError(
            f"Kafka at {bootstrap} is not reachable: {_kafka_error_text(exc)}"
        ) from exc


def _kafka_error_text(exc: KafkaException) -> str:
    err = exc.args[0] if exc.args else None
    if isinstance(err, KafkaError):
        return str(err.str())
    return str(exc)


def _settle(
    futures: Mapping[str, Future[None]],
    bootstrap: str,
    action: str,
    deadline: float,
    ignore: int,
) -> None:
    """Wait for every admin future; the ``ignore`` error code counts as success."""
    for name, future in futures.items():
        try:
            future.result(timeout=_remaining(deadline))
        except FutureTimeoutError as exc:
            raise UnavailableError(
                f"Kafka at {bootstrap} did not answer in time to {action} {name}"
            ) from exc
        except KafkaException as exc:
            err = exc.args[0] if exc.args else None
            if not isinstance(err, KafkaError):
                raise ChorusError(f"Cannot {action} {name} on {bootstrap}: {exc}") from exc
            if err.code() == ignore:
                continue
            message = f"Cannot {action} {name} on {bootstrap}: {err.str()}"
            if err.code() in _CONFIG_ERRORS:
                raise ConfigError(message) from exc
            if err.code() in _UNAVAILABLE_ERRORS or err.retriable():
                raise UnavailableError(message) from exc
            raise ChorusError(message) from exc


def _wait_for_metadata(
    admin: AdminClient,
    bootstrap: str,
    topics: Iterable[str],
    deadline: float,
    *,
    present: bool,
) -> None:
    """Poll metadata until every topic is usable (``present``) or gone (not ``present``)."""
    wanted = list(dict.fromkeys(topics))
    while True:
        metadata = _list_topics(admin, bootstrap, _remaining(deadline))
        if present:
            pending = [name for name in wanted if not _usable(metadata, name)]
        else:
            pending = [name for name in wanted if name in metadata.topics]
        if not pending:
            return
        if time.monotonic() >= deadline:
            state = "usable" if present else "deleted"
            raise UnavailableError(
                f"Kafka at {bootstrap}: topics {', '.join(pending)} not {state} in time"
            )
        time.sleep(_POLL_INTERVAL_S)


def _usable(metadata: ClusterMetadata, name: str) -> bool:
    topic = metadata.topics.get(name)
    return (
        topic is not None
        and topic.error is None
        and bool(topic.partitions)
        and all(p.leader >= 0 and p.error is None for p in topic.partitions.values())
    )
