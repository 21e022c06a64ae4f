"""The running pipeline in one owner process: Faust workers (child processes), the ClickHouse
sink (a thread) and, for the embedded store, the query server (a thread).

``chorus run``, ``chorus demo``, the benchmark and the integration tests all start it this way.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from chorus.kafka_admin import check_reachable, ensure_topics
from chorus.query import advert_path, token_path
from core.errors import ChorusError, UnavailableError
from core.settings import Settings, settings_env
from processors.identity import IdentifierKeys
from processors.identity.rules import identity_settings
from schemas import AvroCodec, load_catalog, make_registry
from sinks.clickhouse.http_server import Limits, QueryServer
from sinks.clickhouse.migrations import migrate
from sinks.clickhouse.pseudonyms import Pseudonymiser
from sinks.clickhouse.sink import ClickHouseSink
from sinks.clickhouse.snapshots import SnapshotRefresher
from sinks.clickhouse.store import Store

log = logging.getLogger(__name__)

WORKER_STOP_TIMEOUT_S = 30
MAX_WORKER_RESTARTS = 5


@dataclass(frozen=True)
class BatchCounts:
    """What the store holds of one publisher batch."""

    interactions: int
    timeline: int  # interaction entries (derived entries such as merges carry no batch id)
    dead_letters: int

    @property
    def accounted(self) -> int:
        """Events fully through the pipeline: stored and on the timeline, or dead-lettered.

        The timeline is written one hop later (by the identity agent), so an interaction
        counts once both its row and its timeline entry are stored."""
        return min(self.interactions, self.timeline) + self.dead_letters


def open_store(settings: Settings) -> Store:
    if settings.uses_embedded_clickhouse:
        from sinks.clickhouse.chdb_store import ChdbStore

        return ChdbStore(settings.chdb_dir, settings.clickhouse_database)
    from sinks.clickhouse.driver_store import DriverStore

    store = DriverStore.from_settings(settings)
    store.ensure_database()
    return store


def query_server(store: Store, settings: Settings) -> QueryServer:
    """The embedded store's HTTP interface, configured from ``settings`` (not started)."""
    from sinks.clickhouse.chdb_store import ChdbStore

    if not isinstance(store, ChdbStore):
        raise ChorusError("only the embedded store is served over HTTP")
    return QueryServer(
        store,
        settings.query_http_host,
        settings.query_http_port,
        advert_path(settings),
        settings.query_http_password.get_secret_value(),
        token_file=token_path(settings),
        limits=Limits(
            settings.query_http_max_seconds,
            settings.query_http_max_memory,
            settings.query_http_max_concurrent,
        ),
        allowed_origins=settings.query_http_allowed_origins,
        allowed_hosts=settings.query_http_allowed_hosts,
    )


def batch_counts_sql(database: str, batch_id: str) -> str:
    """One row: interactions, interaction timeline entries and dead letters of ``batch_id``."""
    db, literal = database, batch_id.replace("\\", "\\\\").replace("'", "\\'")
    return (
        f"SELECT (SELECT uniqExact(event_id) FROM {db}.interactions WHERE batch_id = '{literal}')"
        f" AS interactions, (SELECT uniqExact(entry_id) FROM {db}.timeline"
        f"  WHERE batch_id = '{literal}' AND entry_kind = 'interaction') AS timeline,"
        f" (SELECT uniqExact(source_topic, source_partition, source_offset)"
        f"  FROM {db}.dead_letters WHERE batch_id = '{literal}') AS dead_letters"
    )


def poll_until_accounted(
    read: Callable[[], BatchCounts],
    published: int,
    *,
    no_progress_timeout_s: float,
    hint: str,
    on_progress: Callable[[BatchCounts], None] | None = None,
    poll_s: float = 0.25,
) -> BatchCounts:
    """Read the counts until ``published`` events are accounted for; ChorusError (ending in
    ``hint``) when they stop moving for ``no_progress_timeout_s``."""
    previous, last_change = -1, time.monotonic()
    while True:
        counts = read()
        if on_progress is not None:
            on_progress(counts)
        if counts.accounted >= published:
            return counts
        if counts.accounted != previous:
            previous, last_change = counts.accounted, time.monotonic()
        elif time.monotonic() - last_change > no_progress_timeout_s:
            raise ChorusError(
                f"no progress for {no_progress_timeout_s:.0f}s: {counts.accounted} of {published} "
                f"events accounted for; {hint}"
            )
        time.sleep(poll_s)


def batch_counts(store: Store, batch_id: str) -> BatchCounts:
    (row,) = store.rows(batch_counts_sql(store.database, batch_id))
    return BatchCounts(int(row[0]), int(row[1]), int(row[2]))


def sink_pseudonymiser(settings: Settings) -> Pseudonymiser:
    """The sink's pseudonyms, with identifiers keyed by the configured identity rules."""
    return Pseudonymiser.from_settings(
        settings, IdentifierKeys(identity_settings(settings).identity)
    )


def ensure_pipeline_topics(settings: Settings) -> None:
    """Every topic of ``core.topics`` with its partition count and clean-up policy."""
    groups: dict[tuple[int, bool], list[str]] = {}
    for spec in settings.topics.specs():
        key = (spec.partition_count(settings.partitions), spec.compacted)
        groups.setdefault(key, []).append(spec.name)
    for (partitions, compacted), names in groups.items():
        config = {"cleanup.policy": "compact"} if compacted else None
        ensure_topics(settings.bootstrap_servers, names, partitions, config=config)


def worker_problem(returncode: int | None, heartbeat_age_s: float, stall_s: float) -> str | None:
    """Why a worker needs a restart, or None: it exited, or it lives without progress (its
    heartbeat, touched while batches complete and the event loop runs, is too old)."""
    if returncode is not None:
        return f"exited with code {returncode}"
    if heartbeat_age_s > stall_s:
        return f"no heartbeat for {heartbeat_age_s:.0f}s (limit {stall_s:.0f}s)"
    return None


def worker_environment(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    for info in Settings.model_fields.values():
        alias = info.validation_alias
        for name in getattr(alias, "choices", ()):
            env.pop(str(name), None)
    env.update(settings_env(settings))
    return env


class Pipeline:
    def __init__(self, settings: Settings, *, workers: int | None = None) -> None:
        self.settings = settings
        self.workers = workers or settings.workers
        self.store: Store | None = None
        self.query_server: QueryServer | None = None
        self._processes: list[subprocess.Popen[bytes]] = []
        self._logs: list[IO[bytes]] = []
        self._restarts: list[int] = []
        self._died_at: dict[int, float] = {}
        self._spawned_at: dict[int, float] = {}  # wall clock, like the heartbeat's mtime
        self._stop = threading.Event()
        self._sink_thread: threading.Thread | None = None
        self._sink_error: BaseException | None = None
        self.sink: ClickHouseSink | None = None
        self.snapshots: SnapshotRefresher | None = None

    def start(self) -> Pipeline:
        settings = self.settings
        check_reachable(settings.bootstrap_servers)
        ensure_pipeline_topics(settings)
        self.store = open_store(settings)
        migrate(self.store)
        if settings.uses_embedded_clickhouse and settings.query_http_port:
            try:
                self.query_server = query_server(self.store, settings).start()
            except OSError as exc:
                self.stop()
                raise UnavailableError(
                    f"cannot serve queries on {settings.query_http_host}:"
                    f"{settings.query_http_port}: {exc} (set CHORUS_QUERY_HTTP_PORT)"
                ) from exc
        catalog = load_catalog()
        codec = AvroCodec(catalog, make_registry(catalog, settings.schema_registry_url))
        self.sink = ClickHouseSink(settings, self.store, codec, sink_pseudonymiser(settings))
        self._sink_thread = threading.Thread(
            target=self._run_sink, args=(self.sink,), name="sink", daemon=True
        )
        self._sink_thread.start()
        sink = self.sink
        self.snapshots = SnapshotRefresher(
            self.store, settings.snapshot_seconds, lambda: sink.stats.batches
        )
        if settings.snapshot_seconds > 0:
            self.snapshots.start()
        self._start_workers()
        return self

    def _run_sink(self, sink: ClickHouseSink) -> None:
        try:
            sink.run(self._stop)
        except BaseException as exc:  # surfaced by check(); the thread must not die silently
            log.exception("the ClickHouse sink stopped")
            self._sink_error = exc

    def _start_workers(self) -> None:
        (self.settings.state_dir / "logs").mkdir(parents=True, exist_ok=True)
        for index in range(self.workers):
            self._logs.append(self._worker_log(index).open("ab"))
            self._processes.append(self._spawn_worker(index))
            self._restarts.append(0)

    def _worker_log(self, index: int) -> Path:
        return self.settings.state_dir / "logs" / f"worker-{index}.log"

    def _heartbeat_file(self, index: int) -> Path:
        return self.settings.state_dir / "heartbeat" / f"worker-{index}"

    def _spawn_worker(self, index: int) -> subprocess.Popen[bytes]:
        heartbeat = self._heartbeat_file(index)
        heartbeat.unlink(missing_ok=True)
        self._spawned_at[index] = time.time()
        settings = self.settings.model_copy(update={"worker_heartbeat_file": heartbeat})
        return subprocess.Popen(
            [sys.executable, "-m", "processors.worker"],
            env=worker_environment(settings),
            stdout=self._logs[index],
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches us; we stop them in order
        )

    def heartbeat_age(self, index: int) -> float:
        """Seconds since worker ``index`` last showed progress (or was started)."""
        last = self._spawned_at.get(index, time.time())
        with contextlib.suppress(FileNotFoundError):
            last = max(last, self._heartbeat_file(index).stat().st_mtime)
        return time.time() - last

    @property
    def restarts(self) -> list[int]:
        """Restarts of each worker so far."""
        return list(self._restarts)

    def supervise(self) -> None:
        """Restart a worker that exited or stopped making progress (no heartbeat for
        CHORUS_WORKER_STALL_SECONDS: killed first); its uncommitted input is replayed and
        outputs are idempotent. Each restart is logged with its reason; give up loudly after
        MAX_WORKER_RESTARTS restarts of one worker."""
        if self._sink_error is not None:
            self.check()
        now = time.monotonic()
        for index, process in enumerate(self._processes):
            reason = worker_problem(
                process.poll(), self.heartbeat_age(index), self.settings.worker_stall_seconds
            )
            if reason is None:
                continue
            if process.poll() is None:  # alive but stuck: it will not recover by itself
                log.error("Faust worker %d (pid %d): %s; killing it", index, process.pid, reason)
                _kill(process)
                self._died_at[index] = now - 2 ** self._restarts[index]  # restart now
            if self._restarts[index] >= MAX_WORKER_RESTARTS:
                self.check()
            # back off 1 s, 2 s, 4 s, ... after a death, so a persistent cause is not hammered
            died_at = self._died_at.setdefault(index, now)
            if now - died_at < 2 ** self._restarts[index]:
                continue
            del self._died_at[index]
            self._restarts[index] += 1
            log.error(
                "Faust worker %d %s; restart %d of %d (see %s)",
                index,
                reason,
                self._restarts[index],
                MAX_WORKER_RESTARTS,
                self._worker_log(index),
            )
            self._processes[index] = self._spawn_worker(index)

    @property
    def worker_pids(self) -> list[int]:
        """Process ids of the Faust workers running now (for the benchmark's CPU table)."""
        return [p.pid for p in self._processes if p.poll() is None]

    def check(self) -> None:
        """Raise if a part of the pipeline died."""
        if self._sink_error is not None:
            raise ChorusError(f"the ClickHouse sink stopped: {self._sink_error}")
        for index, process in enumerate(self._processes):
            if process.poll() is not None:
                raise ChorusError(
                    f"Faust worker {index} exited with code {process.returncode}; "
                    f"see {self._worker_log(index)}"
                )

    @property
    def running_store(self) -> Store:
        if self.store is None:
            raise ChorusError("the pipeline is not running")
        return self.store

    def counts(self, batch_id: str) -> BatchCounts:
        return batch_counts(self.running_store, batch_id)

    def refresh_snapshots(self) -> dict[str, float]:
        """Rebuild the snapshots now (after a batch, before questions over all customers)."""
        if self.snapshots is None:
            raise ChorusError("the pipeline is not running")
        return self.snapshots.refresh_now()

    def stop(self) -> None:
        """Workers first (they commit what they produced), then the sink drains, then the store."""
        for process in self._processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self._processes:
            try:
                process.wait(WORKER_STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                _kill(process)
        self._processes.clear()
        self._restarts.clear()
        for out in self._logs:
            out.close()
        self._logs.clear()
        self._stop.set()
        if self._sink_thread is not None:
            self._sink_thread.join()
            self._sink_thread = None
        if self.snapshots is not None:
            # CHORUS_SNAPSHOT_SECONDS=0 means never: no last refresh either
            self.snapshots.stop(final=self.settings.snapshot_seconds > 0)
            self.snapshots = None
        if self.query_server is not None:
            self.query_server.stop()
            self.query_server = None
        if self.store is not None:
            self.store.close()
            self.store = None

    def __enter__(self) -> Pipeline:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _kill(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL a worker's process group and reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
