"""ClickHouse's HTTP interface, served by the process that owns the embedded store.

chdb allows one process per data path; this lets everyone else (``chorus query``, BI tools,
``curl``, ``clickhouse-connect``) query it while the pipeline runs. Loopback by default.

Protocol subset: ``GET /ping``; SQL in the ``query`` parameter and/or the request body (the
parameter first, then the body, as ClickHouse does); ``default_format`` picks the output format
(a ``FORMAT`` clause in the SQL wins); ``param_<name>`` binds the query parameter
``{name:Type}``. Other parameters (settings such as ``readonly``, ``database``,
``session_id``) are ignored: they can never loosen what follows.

Who may do what (docs/security.md):

* one statement per request, as in ClickHouse (the engine's parser decides);
* **admin**: a request carrying the owner token (written by the owner at start to
  ``<state_dir>/query-http.token``, mode 0600, which ``chorus query`` and the other commands
  send) or ``CHORUS_QUERY_HTTP_PASSWORD``, the ways ClickHouse accepts (``X-ClickHouse-Key``,
  HTTP basic auth, a ``password`` parameter). Anything, over POST; reads over GET;
* **anonymous** (only when no password is configured): reads the store, over GET and POST
  alike, in a ``readonly=1`` session, and names no table function, function, database or
  system table that reaches outside it (:mod:`sinks.clickhouse.query_guard`);
* browsers cannot drive it: a request with an ``Origin`` header not on the allow-list, or a
  ``Host`` that is not the endpoint's address (DNS rebinding), is refused;
* every query runs in a chdb session of its own (never the sink's), with a time and memory
  limit, and at most ``max_concurrent`` at once.

Errors: ClickHouse's text (``Code: <n>. DB::Exception: <message>``) in the body, its code in
``X-ClickHouse-Exception-Code``, and the HTTP status ClickHouse gives that code.
"""

from __future__ import annotations

import base64
import hmac
import ipaddress
import json
import logging
import os
import re
import secrets
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from core.errors import ChorusError, QueryError
from sinks.clickhouse.chdb_store import ChdbSession, ChdbStore
from sinks.clickhouse.query_guard import (
    ACCESS_DENIED,
    AUTHENTICATION_FAILED,
    DENIED_FUNCTION_CATEGORIES,
    DENIED_FUNCTIONS,
    HTTP_STATUS,
    SYNTAX_ERROR,
    TOO_MANY_SIMULTANEOUS_QUERIES,
    Policy,
    RefusedError,
    Role,
    Runner,
    analyse,
    check,
)

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024 * 1024
QUEUE_WAIT_S = 1.0  # a query over the concurrency bound waits this long for a slot
_CODE = re.compile(r"Code: (\d+)")
_CORS_HEADERS = (
    "Authorization, Content-Type, X-ClickHouse-Key, X-ClickHouse-User, X-ClickHouse-Format"
)


@dataclass(frozen=True)
class Limits:
    """Per-query limits of HTTP queries (ClickHouse settings) and the concurrency bound."""

    max_seconds: float = 60.0
    max_memory: int = 4 * 1024**3
    max_concurrent: int = 4

    def settings(self) -> dict[str, float | str]:
        return {"max_execution_time": self.max_seconds, "max_memory_usage": self.max_memory}


def _password_of(headers: Message, params: Mapping[str, str]) -> str:
    if "X-ClickHouse-Key" in headers:
        return str(headers["X-ClickHouse-Key"])
    authorization = str(headers.get("Authorization") or "")
    if authorization.lower().startswith("basic "):
        try:
            decoded = base64.b64decode(authorization[6:]).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            return ""
        return decoded.partition(":")[2]
    return params.get("password", "")


def _single_prefix(message: str) -> str:
    """chdb nests some messages: ``Code: 164. DB::Exception: Code: 164. DB::Exception: ...``."""
    found = _CODE.match(message)
    if found:
        prefix = f"Code: {found[1]}. DB::Exception: "
        while message.startswith(prefix + prefix):
            message = message[len(prefix) :]
    return message


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _is_loopback(host: str) -> bool:
    return host == "localhost" or (_is_ip(host) and ipaddress.ip_address(host).is_loopback)


class _Handler(BaseHTTPRequestHandler):
    server: _StoreHTTPServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        log.debug("http %s - " + format, self.client_address[0], *args)

    def do_GET(self) -> None:
        self._handle(body=b"", read_only=True)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            self._reply(413, b"request body too large\n")
            return
        self._handle(body=self.rfile.read(length) if length else b"", read_only=False)

    def do_OPTIONS(self) -> None:
        """CORS preflight: answered for allowed origins only."""
        try:
            self._check_browser()
        except RefusedError as exc:
            self._refuse(exc)
            return
        self._reply(204, b"", {"Access-Control-Allow-Methods": "GET, POST, OPTIONS"})

    def _handle(self, body: bytes, *, read_only: bool) -> None:
        url = urlparse(self.path)
        params = {k: v[-1] for k, v in parse_qs(url.query).items()}
        try:
            self._check_browser()
            if url.path in ("/ping", "/") and "query" not in params and not body:
                self._reply(200, b"Ok.\n")
                return
            role = self._role(params)
            sql = "\n".join(
                p for p in (params.get("query", ""), body.decode("utf-8", "replace")) if p.strip()
            )
            if not sql.strip():
                raise RefusedError(SYNTAX_ERROR, "Empty query")
            fmt = params.get("default_format", "TabSeparated")
            # query parameters, as clickhouse-connect and Grafana send them: param_<name>=<value>
            values = {
                k.removeprefix("param_"): v for k, v in params.items() if k.startswith("param_")
            }
            data = self.server.run(sql, fmt, values, role, read_only=read_only)
        except RefusedError as exc:
            log.info("refused %s from %s: %s", self.command, self.client_address[0], exc.message)
            self._refuse(exc)
            return
        except ChorusError as exc:
            message = _single_prefix(str(exc))
            found = _CODE.search(message)
            code = int(found[1]) if found else 0
            self._reply(
                HTTP_STATUS.get(code, 500),
                (message + "\n").encode(),
                {"X-ClickHouse-Exception-Code": str(code)},
            )
            return
        self._reply(200, data, {"X-ClickHouse-Format": fmt})

    def _check_browser(self) -> None:
        """Refuse what a web page could send: a foreign Origin, or a Host that is not ours."""
        host = str(self.headers.get("Host") or "")
        if not self.server.host_allowed(host):
            raise RefusedError(
                ACCESS_DENIED,
                f"Host {host or '(none)'} is not this endpoint's address "
                "(set CHORUS_QUERY_HTTP_ALLOWED_HOSTS to answer to another name)",
            )
        origin = self.headers.get("Origin")
        if origin is not None and origin.rstrip("/") not in self.server.allowed_origins:
            raise RefusedError(
                ACCESS_DENIED,
                f"requests from web pages are refused (Origin: {origin}); "
                "add the origin to CHORUS_QUERY_HTTP_ALLOWED_ORIGINS to allow it",
            )

    def _role(self, params: Mapping[str, str]) -> Role:
        key = _password_of(self.headers, params)
        if key:
            if self.server.is_admin_key(key):
                return Role.ADMIN
            raise RefusedError(
                AUTHENTICATION_FAILED, "Authentication failed: password is incorrect"
            )
        if self.server.password:
            raise RefusedError(
                AUTHENTICATION_FAILED,
                "Authentication failed: a password is required (CHORUS_QUERY_HTTP_PASSWORD)",
            )
        return Role.READER

    def _refuse(self, exc: RefusedError) -> None:
        self._reply(
            exc.http_status,
            f"{exc}.\n".encode(),
            {"X-ClickHouse-Exception-Code": str(exc.code)},
        )

    def _reply(self, status: int, data: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Content-Type-Options", "nosniff")
        origin = self.headers.get("Origin")
        if origin is not None and origin.rstrip("/") in self.server.allowed_origins:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Access-Control-Allow-Headers", _CORS_HEADERS)
            self.send_header("Vary", "Origin")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


class _StoreHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        store: ChdbStore,
        password: str,
        limits: Limits,
        allowed_origins: frozenset[str],
        allowed_hosts: frozenset[str],
    ) -> None:
        super().__init__(address, _Handler)
        self.store = store
        self.password = password
        self.token = ""
        self.limits = limits
        self.allowed_origins = allowed_origins
        self.allowed_hosts = allowed_hosts
        self._slots = threading.BoundedSemaphore(limits.max_concurrent)
        self.policy = Policy(store.database, _denied_functions(store))

    def is_admin_key(self, key: str) -> bool:
        given = key.encode()
        # both compared, in constant time, whichever matches
        by_token = bool(self.token) and hmac.compare_digest(given, self.token.encode())
        by_password = bool(self.password) and hmac.compare_digest(given, self.password.encode())
        return by_token or by_password

    def host_allowed(self, header: str) -> bool:
        parsed = urlparse(f"//{header}")
        try:
            port = parsed.port
        except ValueError:
            return False
        name = (parsed.hostname or "").lower()
        if not name or port != self.server_address[1]:
            return False
        bound = str(self.server_address[0])
        if name in self.allowed_hosts:
            return True
        if bound in ("0.0.0.0", "::"):  # noqa: S104 - naming the wildcard, not binding it
            # any address of the machine; a name only if configured (a rebinding page uses one)
            return _is_ip(name) or name == "localhost"
        if _is_loopback(bound):
            return _is_loopback(name)
        return name == bound.lower()

    def run(
        self, sql: str, fmt: str, params: Mapping[str, str], role: Role, *, read_only: bool
    ) -> bytes:
        if not self._slots.acquire(timeout=QUEUE_WAIT_S):
            raise RefusedError(
                TOO_MANY_SIMULTANEOUS_QUERIES,
                f"Too many simultaneous queries. Maximum: {self.limits.max_concurrent}",
            )
        try:
            # readonly=1 for anonymous requests: no writes, no DDL, no file()/url() table
            # functions, no setting changes; readonly=2 for the owner's GETs, as ClickHouse does
            readonly = 1 if role is Role.READER else 2 if read_only else 0
            with self.store.open_session(self.limits.settings(), readonly) as session:
                statement = analyse(_runner(session), sql)
                check(statement, role, self.policy, read_only=read_only)
                return session.formatted(sql, fmt, dict(params) or None)
        finally:
            self._slots.release()


def _runner(session: ChdbSession) -> Runner:
    def run(sql: str, params: Mapping[str, str]) -> bytes:
        return session.formatted(sql, "TSVRaw", dict(params) or None)

    return run


def _denied_functions(store: ChdbStore) -> frozenset[str]:
    """The functions anonymous requests may not call, from the engine's own catalogue: the
    categories that reach outside the store, the named ones, and every alias of either."""
    categories = ", ".join(f"'{c}'" for c in DENIED_FUNCTION_CATEGORIES)
    named = ", ".join(f"'{n}'" for n in sorted(DENIED_FUNCTIONS))
    rows = store.rows(
        f"SELECT lower(name) FROM system.functions WHERE categories IN ({categories})"
        f" OR lower(name) IN ({named}) OR lower(alias_to) IN ({named})"
        f" OR alias_to IN (SELECT name FROM system.functions WHERE categories IN ({categories}))"
    )
    return DENIED_FUNCTIONS | frozenset(str(row[0]) for row in rows)


def _split(names: str | tuple[str, ...] | frozenset[str]) -> frozenset[str]:
    if isinstance(names, str):
        names = tuple(names.split(","))
    return frozenset(n.strip().rstrip("/") for n in names if n.strip())


class QueryServer:
    """Serves ``store`` on ``host:port`` in a background thread; advertises itself in a file
    and writes the owner token next to it (``token_file``, mode 0600) for the owner's tools."""

    def __init__(
        self,
        store: ChdbStore,
        host: str,
        port: int,
        advert: Path,
        password: str = "",
        *,
        token_file: Path | None = None,
        limits: Limits | None = None,
        allowed_origins: str | tuple[str, ...] = (),
        allowed_hosts: str | tuple[str, ...] = (),
    ) -> None:
        self._server = _StoreHTTPServer(
            (host, port),
            store,
            password,
            limits or Limits(),
            _split(allowed_origins),
            frozenset(h.lower() for h in _split(allowed_hosts)),
        )
        self.host, self.port = str(self._server.server_address[0]), self._server.server_address[1]
        self._advert = advert
        self._token_file = token_file or advert.with_name("query-http.token")
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def token(self) -> str:
        return self._server.token

    def start(self) -> QueryServer:
        self._server.token = secrets.token_urlsafe(32)
        write_private(self._token_file, self._server.token)
        self._thread.start()
        self._advert.parent.mkdir(parents=True, exist_ok=True)
        self._advert.write_text(
            json.dumps({"pid": os.getpid(), "host": self.host, "port": self.port})
        )
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._advert.unlink(missing_ok=True)
        self._token_file.unlink(missing_ok=True)


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` readable by the owner only (created 0600, then renamed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.unlink(missing_ok=True)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, text.encode())
    finally:
        os.close(fd)
    temporary.replace(path)


__all__ = ["Limits", "QueryError", "QueryServer", "write_private"]
