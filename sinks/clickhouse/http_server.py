"""ClickHouse's HTTP interface, served by the process that owns the embedded store.

chdb allows one process per data path; this lets everyone else (``chorus query``, BI tools,
``curl``, ``clickhouse-connect``) query it while the pipeline runs. Loopback only, no auth: it is
the local default, not a server to expose (point BI tools at a real ClickHouse server for that).

Protocol subset: ``GET /ping``; SQL in the ``query`` parameter and/or the request body (the
parameter first, then the body, as ClickHouse does); ``default_format`` picks the output format
(a ``FORMAT`` clause in the SQL wins); ``param_<name>`` binds the query parameter
``{name:Type}``. As in ClickHouse, GET is read-only: only SELECT-like statements run, so a link
or a browser prefetch can never change data. With a password
configured (``CHORUS_QUERY_HTTP_PASSWORD``) every request must carry it, the ways ClickHouse
accepts: ``X-ClickHouse-Key`` header, HTTP basic auth or a ``password`` parameter. Errors: HTTP
500 (401 for a wrong password) with ClickHouse's message in the body and its code in
``X-ClickHouse-Exception-Code``.
"""

from __future__ import annotations

import base64
import hmac
import json
import logging
import os
import re
import threading
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from core.errors import ChorusError
from sinks.clickhouse.store import Store

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024 * 1024
_CODE = re.compile(r"Code: (\d+)")
_READ_ONLY = re.compile(r"^\s*(?:\(\s*)*(SELECT|WITH|SHOW|DESCRIBE|DESC|EXISTS|EXPLAIN)\b", re.I)
READONLY_CODE = "164"  # ClickHouse's READONLY
AUTH_CODE = "516"  # ClickHouse's AUTHENTICATION_FAILED


def is_read_only(sql: str) -> bool:
    """Whether a statement only reads (what ClickHouse allows over GET)."""
    without_comments = re.sub(r"--[^\n]*|/\*.*?\*/", " ", sql, flags=re.S)
    return bool(_READ_ONLY.match(without_comments))


def _password_of(headers: Message, params: dict[str, str]) -> str | None:
    if "X-ClickHouse-Key" in headers:
        return str(headers["X-ClickHouse-Key"])
    authorization = str(headers.get("Authorization") or "")
    if authorization.lower().startswith("basic "):
        try:
            decoded = base64.b64decode(authorization[6:]).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            return None
        return decoded.partition(":")[2]
    return params.get("password")


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

    def _handle(self, body: bytes, *, read_only: bool) -> None:
        url = urlparse(self.path)
        params = {k: v[-1] for k, v in parse_qs(url.query).items()}
        if url.path in ("/ping", "/") and "query" not in params and not body:
            self._reply(200, b"Ok.\n")
            return
        password = self.server.password
        if password and not hmac.compare_digest(
            (_password_of(self.headers, params) or "").encode(), password.encode()
        ):
            self._error(401, AUTH_CODE, "Authentication failed: password is incorrect")
            return
        sql = "\n".join(p for p in (params.get("query", ""), body.decode("utf-8")) if p.strip())
        if read_only and not is_read_only(sql):
            self._error(
                500, READONLY_CODE, "Cannot execute query in readonly mode: use POST to change data"
            )
            return
        fmt = params.get("default_format", "TabSeparated")
        # query parameters, as clickhouse-connect and Grafana send them: param_<name>=<value>
        values = {k.removeprefix("param_"): v for k, v in params.items() if k.startswith("param_")}
        try:
            data = self.server.store.formatted(sql, fmt, values or None)
        except ChorusError as exc:
            message = str(exc)
            code = _CODE.search(message)
            self._reply(
                500,
                (message + "\n").encode(),
                {"X-ClickHouse-Exception-Code": code[1] if code else "0"},
            )
            return
        self._reply(200, data, {"X-ClickHouse-Format": fmt})

    def _error(self, status: int, code: str, message: str) -> None:
        text = f"Code: {code}. DB::Exception: {message}.\n"
        self._reply(status, text.encode(), {"X-ClickHouse-Exception-Code": code})

    def _reply(self, status: int, data: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


class _StoreHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], store: Store, password: str) -> None:
        super().__init__(address, _Handler)
        self.store = store
        self.password = password


class QueryServer:
    """Serves ``store`` on ``host:port`` in a background thread; advertises itself in a file."""

    def __init__(
        self, store: Store, host: str, port: int, advert: Path, password: str = ""
    ) -> None:
        self._server = _StoreHTTPServer((host, port), store, password)
        self.host, self.port = str(self._server.server_address[0]), self._server.server_address[1]
        self._advert = advert
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> QueryServer:
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
