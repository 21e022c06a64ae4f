"""The local Apache Kafka broker: start, stop and inspect it (its jars: :mod:`chorus.kafka_jars`).

One combined broker+controller KRaft node on loopback, run straight from the jars Maven fetches
(``deploy/kafka/pom.xml``) with the machine's Java — there is no Docker and no packaged broker.
Everything it owns lives under ``<state_dir>/kafka/``::

    server.properties   rendered from the settings on every start
    data/               log.dirs (formatted once; ``reset_broker_data`` wipes it)
    logs/server.log     the broker's log (deploy/kafka/log4j2.properties)
    logs/broker.out     its stdout/stderr: warnings, errors and JVM failures of the last start
    broker.pid          pid of the running broker, which leads its own process group
    .lock               serialises start/stop/reset between processes

The jars are shared by every clone on the machine under ``<cache_dir>/kafka-<version>/libs``.
When ``KAFKA_BOOTSTRAP_SERVERS`` is set, every function here leaves the cluster alone.
"""

from __future__ import annotations

import base64
import contextlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from chorus.files import file_lock, write_atomically
from chorus.kafka_admin import check_reachable, parse_bootstrap
from chorus.kafka_jars import (
    DEPLOY_DIR,
    INSTALL_HINT,
    MIN_JAVA,
    ensure_kafka_jars,
    indent,
    java_major,
    require_tool,
)
from core.errors import ChorusError, ConfigError, UnavailableError
from core.settings import Settings

logger = logging.getLogger(__name__)

NODE_ID = 1
_POLL_S = 0.1

# Brokers this process started and has not reaped yet: waiting on them (instead of just
# signalling) is what keeps them from lingering as zombies that still "answer" kill(pid, 0).
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


@dataclass(frozen=True)
class BrokerPaths:
    """Where the local broker of one state directory keeps its files."""

    root: Path

    @classmethod
    def of(cls, settings: Settings) -> BrokerPaths:
        return cls(settings.state_dir.resolve() / "kafka")

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def server_log(self) -> Path:
        return self.logs / "server.log"

    @property
    def console_log(self) -> Path:
        return self.logs / "broker.out"

    @property
    def properties(self) -> Path:
        return self.root / "server.properties"

    @property
    def pid_file(self) -> Path:
        return self.root / "broker.pid"

    @property
    def lock_file(self) -> Path:
        return self.root / ".lock"


@dataclass(frozen=True)
class BrokerInfo:
    """What :func:`start_broker` did."""

    bootstrap: str
    external: bool
    pid: int | None = None
    already_running: bool = False
    # seconds from launching the JVM to the broker answering metadata requests
    startup_s: float | None = None
    log_file: Path | None = None


@dataclass(frozen=True)
class BrokerStatus:
    """What :func:`broker_status` found."""

    running: bool  # the broker process lives and its port accepts connections
    pid: int | None  # the local broker's process, if alive (even while still starting)
    bootstrap: str
    external: bool  # KAFKA_BOOTSTRAP_SERVERS is set: Chorus manages no broker
    version: str | None  # Kafka version of the local broker (None for an external cluster)
    data_dir: Path | None  # its log.dirs (None for an external cluster)


# --- configuration ---------------------------------------------------------------------------


def render_server_properties(settings: Settings, log_dir: Path | None = None) -> str:
    """The broker's ``server.properties`` for ``settings`` (``log_dir`` overrides log.dirs)."""
    data = log_dir or BrokerPaths.of(settings).data
    port, cport = settings.kafka_port, settings.kafka_controller_port
    lines = [
        "# Written by chorus.stack from the Chorus settings on every `chorus stack up`;",
        "# edits here are overwritten. One combined broker+controller KRaft node on loopback.",
        "process.roles=broker,controller",
        f"node.id={NODE_ID}",
        f"controller.quorum.bootstrap.servers=127.0.0.1:{cport}",
        f"listeners=PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{cport}",
        f"advertised.listeners=PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{cport}",
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        f"log.dirs={_escape_property(str(data))}",
        "",
        "# Topics: Chorus creates its own (kafka_admin.ensure_topics) with the configured",
        "# partition count; a typo in a topic name must fail, not create a stray topic.",
        "auto.create.topics.enable=false",
        f"num.partitions={settings.partitions}",
        "default.replication.factor=1",
        "min.insync.replicas=1",
        "offsets.topic.replication.factor=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "# one consumer per group on a dev box: no reason to wait for more to join",
        "group.initial.rebalance.delay.ms=0",
        "",
        "# Retention for a development machine: a day of data, at most 1 GiB per partition.",
        "# Segments roll hourly so that retention can actually delete quiet topics' data.",
        "log.retention.hours=24",
        "log.retention.bytes=1073741824",
        "log.segment.bytes=67108864",
        "log.roll.hours=1",
        "log.retention.check.interval.ms=300000",
        "",
    ]
    return "\n".join(lines)


def _escape_property(value: str) -> str:
    # java.util.Properties treats backslash as an escape; nothing else in a path needs one.
    return value.replace("\\", "\\\\")


def _read_properties(path: Path) -> dict[str, str]:
    """Enough of java.util.Properties for the files Kafka writes (key=value, # comments)."""
    props = {}
    for line in path.read_text().splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "!")):
            continue
        key, _, value = stripped.partition("=")
        props[key.strip()] = value.strip()
    return props


def new_cluster_id() -> str:
    """A cluster id as ``kafka.tools.StorageTool random-uuid`` prints it.

    Same construction as Kafka's ``Uuid.randomUuid()`` (16 random bytes, URL-safe base64 without
    padding, never starting with "-"), done here to spare a JVM start (~1 s).
    """
    while True:
        text = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not text.startswith("-"):
            return text


# --- start / stop / status -------------------------------------------------------------------


def start_broker(settings: Settings, timeout_s: float = 90) -> BrokerInfo:
    """Start the local broker unless it runs already, and wait until it answers.

    Idempotent: a broker of this state directory that is running (or still starting) is waited
    for and returned. Raises :class:`ConfigError` for problems the user must fix (missing Java,
    a port taken by another program, a foreign data directory) and :class:`UnavailableError`
    when the broker exits or does not answer within ``timeout_s``, with its last log lines.
    """
    bootstrap = settings.bootstrap_servers
    if not settings.uses_local_broker:
        return BrokerInfo(bootstrap=bootstrap, external=True)
    if settings.kafka_port == settings.kafka_controller_port:
        raise ConfigError(
            f"CHORUS_KAFKA_PORT and CHORUS_KAFKA_CONTROLLER_PORT are both "
            f"{settings.kafka_port}; the broker needs two different ports"
        )

    paths = BrokerPaths.of(settings)
    paths.root.mkdir(parents=True, exist_ok=True)
    properties = render_server_properties(settings)
    deadline = time.monotonic() + timeout_s
    with file_lock(paths.lock_file):
        pid = _running_pid(paths)
        if pid is not None:
            if paths.properties.is_file() and paths.properties.read_text() != properties:
                raise ConfigError(
                    f"The local Kafka broker (pid {pid}) runs with older settings than the "
                    f"current ones; restart it (`chorus stack down && chorus stack up`)"
                )
            _wait_until_ready(paths, settings.kafka_port, pid, deadline, launched=False)
            return BrokerInfo(
                bootstrap=bootstrap,
                external=False,
                pid=pid,
                already_running=True,
                log_file=paths.server_log,
            )
        paths.pid_file.unlink(missing_ok=True)

        libs = ensure_kafka_jars(settings)
        java = require_tool("java")
        major = java_major(java)
        if major is not None and major < MIN_JAVA:
            raise ConfigError(
                f"{java} is Java {major}; Kafka {settings.kafka_version} needs Java "
                f"{MIN_JAVA}+: {INSTALL_HINT}"
            )
        log4j_config = DEPLOY_DIR / "log4j2.properties"
        if not log4j_config.is_file():
            raise ConfigError(f"{log4j_config} is missing: the broker would log nothing")
        for port, variable in (
            (settings.kafka_port, "CHORUS_KAFKA_PORT"),
            (settings.kafka_controller_port, "CHORUS_KAFKA_CONTROLLER_PORT"),
        ):
            if not _port_free_soon(port):
                raise ConfigError(
                    f"Port {port} on 127.0.0.1 is already in use by another program (not the "
                    f"Chorus broker of {paths.root}); stop it or choose another port with "
                    f"{variable}"
                )

        write_atomically(paths.properties, properties)
        _format_storage(settings, paths, java, libs)
        paths.logs.mkdir(parents=True, exist_ok=True)
        cmd = [
            java,
            f"-Xms{settings.kafka_heap}",
            f"-Xmx{settings.kafka_heap}",
            # what kafka-run-class.sh passes by default
            "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20",
            "-XX:InitiatingHeapOccupancyPercent=35",
            "-XX:+ExplicitGCInvokesConcurrent",
            "-Djava.awt.headless=true",
            "-cp",
            f"{libs}/*",
            f"-Dlog4j2.configurationFile={log4j_config}",
            f"-Dkafka.logs.dir={paths.logs}",
            "kafka.Kafka",
            str(paths.properties),
        ]
        logger.info("starting Kafka %s on %s", settings.kafka_version, bootstrap)
        launched_at = time.monotonic()
        with paths.console_log.open("wb") as console:
            # A session of its own: Ctrl-C in the terminal that ran `chorus stack up` must not
            # reach the broker, and stop_broker can signal the whole group.
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=console,
                stderr=subprocess.STDOUT,
                cwd=paths.root,
                start_new_session=True,
            )
        _CHILDREN[proc.pid] = proc
        write_atomically(paths.pid_file, f"{proc.pid}\n")
        try:
            _wait_until_ready(paths, settings.kafka_port, proc.pid, deadline, launched=True)
        except BaseException:
            _terminate(proc.pid, timeout_s=10)
            paths.pid_file.unlink(missing_ok=True)
            raise
        startup_s = time.monotonic() - launched_at
        logger.info("Kafka up on %s in %.1fs (pid %d)", bootstrap, startup_s, proc.pid)
        return BrokerInfo(
            bootstrap=bootstrap,
            external=False,
            pid=proc.pid,
            startup_s=startup_s,
            log_file=paths.server_log,
        )


def stop_broker(settings: Settings, timeout_s: float = 30) -> bool:
    """Stop the local broker: SIGTERM its process group, SIGKILL after ``timeout_s``.

    Returns whether a broker was running. Idempotent; a stale pid file is removed.
    """
    if not settings.uses_local_broker:
        return False
    paths = BrokerPaths.of(settings)
    if not paths.root.is_dir():
        return False
    with file_lock(paths.lock_file):
        return _stop_while_locked(paths, timeout_s)


def broker_status(settings: Settings) -> BrokerStatus:
    """Whether the broker runs and answers on its port. Never starts or changes anything."""
    bootstrap = settings.bootstrap_servers
    if not settings.uses_local_broker:
        return BrokerStatus(
            running=_any_port_open(bootstrap),
            pid=None,
            bootstrap=bootstrap,
            external=True,
            version=None,
            data_dir=None,
        )
    paths = BrokerPaths.of(settings)
    pid = _running_pid(paths)
    return BrokerStatus(
        running=pid is not None and _port_open("127.0.0.1", settings.kafka_port),
        pid=pid,
        bootstrap=bootstrap,
        external=False,
        version=settings.kafka_version,
        data_dir=paths.data,
    )


@contextlib.contextmanager
def broker_for(settings: Settings) -> Iterator[None]:
    """The broker a command needs for the length of a block: a configured cluster as it is, or
    the local broker, started if it was not running and then stopped again (only then)."""
    started = False
    if settings.uses_local_broker and not broker_status(settings).running:
        ensure_kafka_jars(settings)
        start_broker(settings)
        started = True
    try:
        yield
    finally:
        if started:
            stop_broker(settings)


def reset_broker_data(settings: Settings, timeout_s: float = 30) -> None:
    """Stop the local broker and delete its data (topics, offsets, cluster id)."""
    if not settings.uses_local_broker:
        logger.info("KAFKA_BOOTSTRAP_SERVERS is set: Chorus does not manage that cluster's data")
        return
    paths = BrokerPaths.of(settings)
    if not paths.root.is_dir():
        return
    with file_lock(paths.lock_file):
        _stop_while_locked(paths, timeout_s)
        shutil.rmtree(paths.data, ignore_errors=True)
        if paths.data.exists():
            raise ChorusError(f"Could not delete {paths.data}")
        logger.info("deleted the local broker's data in %s", paths.data)


# --- helpers ---------------------------------------------------------------------------------


def _format_storage(settings: Settings, paths: BrokerPaths, java: str, libs: Path) -> None:
    """Format ``data/`` once; refuse a directory some other Kafka setup formatted.

    Formatting happens in a scratch directory renamed into place, so a killed format leaves no
    half-formatted data directory behind.
    """
    meta = paths.data / "meta.properties"
    if meta.is_file():
        recorded = _read_properties(meta)
        if recorded.get("node.id") != str(NODE_ID):
            raise ConfigError(
                f"{paths.data} was formatted for Kafka node.id={recorded.get('node.id')}, not "
                f"{NODE_ID} (not by Chorus?); delete it or run `chorus stack reset`"
            )
        return
    if paths.data.is_dir() and any(paths.data.iterdir()):
        raise ConfigError(
            f"{paths.data} is not empty but holds no meta.properties, so it is not a formatted "
            f"Kafka log directory; delete it or run `chorus stack reset`"
        )
    for leftover in paths.root.glob("data.formatting-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    scratch = Path(tempfile.mkdtemp(prefix="data.formatting-", dir=paths.root))
    try:
        # StorageTool wants log.dirs to point where it writes; it records no path in the files
        scratch_properties = scratch / "server.properties"
        formatted = scratch / "data"
        scratch_properties.write_text(render_server_properties(settings, log_dir=formatted))
        cluster_id = new_cluster_id()
        result = subprocess.run(
            [
                java,
                "-cp",
                f"{libs}/*",
                "kafka.tools.StorageTool",
                "format",
                "-t",
                cluster_id,
                "-c",
                str(scratch_properties),
                "--standalone",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if result.returncode != 0 or not (formatted / "meta.properties").is_file():
            output = indent((result.stdout + result.stderr).strip().splitlines()[-15:])
            raise ChorusError(f"Formatting the Kafka storage in {paths.data} failed:\n{output}")
        if paths.data.is_dir():
            paths.data.rmdir()  # empty, checked above
        formatted.rename(paths.data)
        logger.info("formatted %s for cluster %s", paths.data, cluster_id)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _wait_until_ready(
    paths: BrokerPaths, port: int, pid: int, deadline: float, *, launched: bool
) -> None:
    """Poll until the broker answers a metadata request; fail early if it exits."""
    bootstrap = f"127.0.0.1:{port}"
    last_error = "no answer yet"
    while True:
        if not _alive(pid):
            code = _exit_code(pid)
            raise UnavailableError(
                f"The Kafka broker exited{f' with code {code}' if code is not None else ''} "
                f"while starting; see {paths.server_log}. Last lines of {paths.console_log}:\n"
                f"{_tail(paths.console_log)}"
            )
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            what = "started" if launched else "already running"
            raise UnavailableError(
                f"The Kafka broker ({what}, pid {pid}) did not answer on {bootstrap} in time "
                f"({last_error}); see {paths.server_log}. Last lines of {paths.console_log}:\n"
                f"{_tail(paths.console_log)}"
            )
        # a bare TCP probe first: cheap, and quiet while the JVM is still loading
        if _port_open("127.0.0.1", port):
            try:
                check_reachable(bootstrap, timeout_s=min(2.0, max(remaining, 0.1)))
            except UnavailableError as exc:
                last_error = str(exc)
            else:
                return
        time.sleep(_POLL_S)


def _stop_while_locked(paths: BrokerPaths, timeout_s: float) -> bool:
    pid = _running_pid(paths)
    stopped = False
    if pid is not None:
        logger.info("stopping the Kafka broker (pid %d)", pid)
        _terminate(pid, timeout_s)
        stopped = True
    paths.pid_file.unlink(missing_ok=True)
    return stopped


def _terminate(pid: int, timeout_s: float) -> None:
    """SIGTERM the broker's process group, then SIGKILL it if it outlives ``timeout_s``."""
    for sig, wait_s in ((signal.SIGTERM, timeout_s), (signal.SIGKILL, 10.0)):
        _signal_group(pid, sig)
        if _wait_dead(pid, wait_s):
            _CHILDREN.pop(pid, None)
            return
        if sig == signal.SIGTERM:
            logger.warning(
                "Kafka broker (pid %d) ignored SIGTERM for %.0fs; killing it", pid, wait_s
            )
    raise ChorusError(f"The Kafka broker (pid {pid}) survived SIGKILL")


def _signal_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        # The broker leads its own session (start_new_session=True), so its group id is its
        # pid; check anyway rather than signal a group that is not ours.
        if os.getpgid(pid) == pid:
            os.killpg(pid, sig)
        else:
            os.kill(pid, sig)


def _wait_dead(pid: int, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while _alive(pid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(_POLL_S)
    return True


def _alive(pid: int) -> bool:
    """Whether ``pid`` is a live (not zombie) process; reaps it if this process started it."""
    child = _CHILDREN.get(pid)
    if child is not None:
        return child.poll() is None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, belongs to someone else
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # no /proc (macOS): kill(0) is all we have
    state = stat.rpartition(")")[2].split()[0]
    return state not in {"Z", "X"}


def _exit_code(pid: int) -> int | None:
    child = _CHILDREN.get(pid)
    return child.returncode if child is not None else None


def _running_pid(paths: BrokerPaths) -> int | None:
    """The pid in the pid file if that process is alive and is this state dir's broker."""
    try:
        pid = int(paths.pid_file.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    if not _alive(pid):
        return None
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except FileNotFoundError:
        return None  # exited between the two checks
    except OSError:
        return pid  # no /proc: trust the pid file
    # a recycled pid belongs to some other program: the pid file is stale
    if b"kafka.Kafka" in cmdline and str(paths.properties).encode() in cmdline:
        return pid
    return None


def _port_free(port: int) -> bool:
    # SO_REUSEADDR as the JVM sets it, so sockets of a just-stopped broker lingering in
    # TIME_WAIT do not count as "in use"; a listening socket still does.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _port_free_soon(port: int, grace_s: float = 5.0) -> bool:
    """Whether ``port`` is free or becomes free within ``grace_s``.

    The listening sockets of a broker that was just SIGKILLed (a crash, or stop_broker's last
    resort) can outlive its reaped process by a moment: Linux may finish closing a dying
    process's files from a workqueue. Seen here for ~0.2 s under load.
    """
    deadline = time.monotonic() + grace_s
    while not _port_free(port):
        if time.monotonic() >= deadline:
            return False
        time.sleep(_POLL_S)
    return True


def _port_open(host: str, port: int, timeout_s: float = 1.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout_s):
            return True
    except OSError:
        return False


def _any_port_open(bootstrap: str) -> bool:
    return any(_port_open(host, port) for host, port in parse_bootstrap(bootstrap))


def _tail(path: Path, lines: int = 20) -> str:
    try:
        text = path.read_text(errors="replace")
    except FileNotFoundError:
        return "    (no output)"
    tail = text.strip().splitlines()[-lines:]
    return indent(tail) if tail else "    (no output)"
