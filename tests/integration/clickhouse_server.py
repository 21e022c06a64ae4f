"""A private ClickHouse server for tests: Debian's ``clickhouse-server`` (18.16) on loopback.

The configuration lives in ``deploy/clickhouse-test/`` (ports 19000 native / 18124 HTTP,
127.0.0.1 only); every path in it is overridden on the command line so that all state (data,
tmp, logs) stays under one directory the caller owns::

    server = ClickHouseServer(tmp_path)
    server.start()          # returns once both ports answer
    server.restart()        # SIGTERM, wait, start again on the same data
    server.stop()

Runs as the current user, root included: 18.16 does not refuse root (newer servers only refuse
to run as a user other than the owner of the data directory, which here is always the caller).
If the test process dies, the kernel sends the server SIGTERM (``PR_SET_PDEATHSIG``), so a
crashed test run does not leave a server holding the ports (which makes the next ``start``
refuse to run: it never talks to a server it did not start).

Install the binary with ``deploy/install-clickhouse-server.sh``.
"""

from __future__ import annotations

import contextlib
import ctypes
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CONFIG_DIR = REPO_ROOT / "deploy" / "clickhouse-test"
TCP_PORT = 19000
HTTP_PORT = 18124
HOST = "127.0.0.1"


class ServerError(RuntimeError):
    """The test server would not start or stop."""


def find_server_command() -> list[str] | None:
    """How to run a ClickHouse server here, or None when none is installed.

    Debian puts ``clickhouse-server`` in /usr/sbin, which is not on a normal user's PATH; the
    official packages ship one ``clickhouse`` binary run as ``clickhouse server``.
    """
    found = shutil.which("clickhouse-server")
    if found is None and Path("/usr/sbin/clickhouse-server").is_file():
        found = "/usr/sbin/clickhouse-server"
    if found is not None:
        return [found]
    single = shutil.which("clickhouse")
    if single is not None:
        return [single, "server"]
    return None


def _port_open(port: int, timeout: float = 0.2) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=timeout):
        return True
    return False


def _die_with_parent() -> None:  # runs in the child between fork and exec
    if sys.platform == "linux":
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


class ClickHouseServer:
    """One private server process with its state under ``root``."""

    def __init__(
        self,
        root: Path,
        *,
        command: list[str] | None = None,
        tcp_port: int = TCP_PORT,
        http_port: int = HTTP_PORT,
        config_dir: Path = CONFIG_DIR,
    ) -> None:
        found = command or find_server_command()
        if found is None:
            raise ServerError(
                "clickhouse-server is not installed; run deploy/install-clickhouse-server.sh"
            )
        self.command = found
        self.root = root
        self.tcp_port = tcp_port
        self.http_port = http_port
        self.config_file = config_dir / "config.xml"
        self.log_dir = root / "log"
        self._process: subprocess.Popen[bytes] | None = None

    # --- addresses -------------------------------------------------------------------------

    @property
    def host(self) -> str:
        return HOST

    def url(self, database: str) -> str:
        """``CLICKHOUSE_URL`` of ``database`` on this server."""
        return f"clickhouse://default@{HOST}:{self.tcp_port}/{database}"

    @property
    def http_url(self) -> str:
        return f"http://{HOST}:{self.http_port}/"

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    # --- life cycle ------------------------------------------------------------------------

    def argv(self) -> list[str]:
        """The command line: the shared config, then this instance's paths and ports."""
        overrides = {
            "path": f"{self.root / 'data'}/",
            "tmp_path": f"{self.root / 'tmp'}/",
            "user_files_path": f"{self.root / 'user_files'}/",
            "format_schema_path": f"{self.root / 'format_schemas'}/",
            "logger.log": str(self.log_dir / "server.log"),
            "logger.errorlog": str(self.log_dir / "server.err.log"),
            "tcp_port": str(self.tcp_port),
            "http_port": str(self.http_port),
        }
        return [
            *self.command,
            f"--config-file={self.config_file}",
            "--",
            *(f"--{key}={value}" for key, value in overrides.items()),
        ]

    def start(self, timeout: float = 60.0, *, wait: bool = True) -> None:
        """Start the server and (unless ``wait`` is false) wait until both ports answer.

        Call it from a thread that outlives the server (the main thread): the kernel's
        parent-death signal fires when the *thread* that started the process exits.
        """
        if self.running:
            return
        for port in (self.tcp_port, self.http_port):
            if _port_open(port):
                raise ServerError(
                    f"port {port} on {HOST} is already taken; another ClickHouse test server "
                    "(or something else) is running"
                )
        self.log_dir.mkdir(parents=True, exist_ok=True)
        with (self.log_dir / "stdout.log").open("ab") as out:
            self._process = subprocess.Popen(
                self.argv(),
                cwd=self.root,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,  # noqa: PLW1509 - only calls prctl
            )
        if wait:
            self.wait_ready(timeout)

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def stop(self, timeout: float = 30.0, *, kill: bool = False) -> None:
        """SIGTERM (or SIGKILL with ``kill``, to simulate a crash) and wait for the exit."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        if kill:
            process.kill()
        else:
            process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)
        deadline = time.monotonic() + timeout
        while _port_open(self.tcp_port) and time.monotonic() < deadline:
            time.sleep(0.05)

    def restart(self, *, kill: bool = False) -> None:
        self.stop(kill=kill)
        self.start()

    def __enter__(self) -> ClickHouseServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # --- helpers ---------------------------------------------------------------------------

    def http_query(self, sql: str) -> bytes:
        """Run ``sql`` through the server's own HTTP interface (its own output formats)."""
        request = urllib.request.Request(self.http_url, data=sql.encode(), method="POST")  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                body: bytes = response.read()
                return body
        except urllib.error.HTTPError as exc:
            raise ServerError(exc.read().decode(errors="replace")) from exc

    def log_tail(self, lines: int = 30) -> str:
        parts = []
        for name in ("stdout.log", "server.err.log"):
            path = self.log_dir / name
            if path.is_file():
                tail = path.read_text(errors="replace").splitlines()[-lines:]
                parts.append(f"--- {path}\n" + "\n".join(tail))
        return "\n".join(parts)

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process is None or self._process.poll() is not None:
                code = self._process.returncode if self._process else None
                self._process = None
                raise ServerError(
                    f"clickhouse-server exited with status {code} while starting:\n"
                    + self.log_tail()
                )
            if self._answers():
                return
            time.sleep(0.05)
        self.stop(kill=True)
        raise ServerError(
            f"clickhouse-server did not answer within {timeout:.0f}s:\n" + self.log_tail()
        )

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.http_url}ping", timeout=1) as response:  # noqa: S310
                ok = response.read().strip() == b"Ok."
        except (OSError, urllib.error.URLError):
            return False
        return ok and _port_open(self.tcp_port)
