"""Reach the configured ClickHouse for ad-hoc SQL, wherever it lives.

- a server (CLICKHOUSE_URL / CLICKHOUSE_HOST): through clickhouse-driver;
- the embedded store while a Chorus process owns it: through that process's HTTP interface;
- the embedded store otherwise: open it directly (we become the owner for the query's length).
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlencode

from core.errors import QueryError, UnavailableError
from core.settings import Settings

HTTP_TIMEOUT_S = 300


class HttpQueryClient:
    """Minimal client of ClickHouse's HTTP interface (ours or a server's)."""

    def __init__(self, url: str, database: str, password: str = "") -> None:
        self.url = url.rstrip("/")
        self.database = database
        self.password = password

    def formatted(self, sql: str, fmt: str, params: Mapping[str, str] | None = None) -> bytes:
        query = {"default_format": fmt} | {f"param_{k}": v for k, v in (params or {}).items()}
        request = urllib.request.Request(  # noqa: S310 - http on loopback, our own server
            f"{self.url}/?{urlencode(query)}", data=sql.encode(), method="POST"
        )
        if self.password:
            request.add_header("X-ClickHouse-Key", self.password)
        try:
            with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_S) as response:  # noqa: S310
                data: bytes = response.read()
                return data
        except urllib.error.HTTPError as exc:
            raise QueryError(exc.read().decode("utf-8", "replace").strip()) from exc
        except OSError as exc:
            raise UnavailableError(f"query server at {self.url} is not answering: {exc}") from exc


def advert_path(settings: Settings) -> Path:
    return settings.state_dir / "query-server.json"


def token_path(settings: Settings) -> Path:
    """The owner token of the running query server (mode 0600: the owner's user reads it)."""
    return settings.state_dir / "query-http.token"


def http_key(settings: Settings) -> str:
    """What the owner's tools authenticate with: the configured password, else the token."""
    password = settings.query_http_password.get_secret_value()
    if password:
        return password
    try:
        return token_path(settings).read_text().strip()
    except OSError:
        return ""  # another user, or no token yet: anonymous, read-only


def running_query_server(settings: Settings) -> str | None:
    """URL of the live query server of the embedded store, if a Chorus process serves one."""
    path = advert_path(settings)
    try:
        advert = json.loads(path.read_text())
        os.kill(int(advert["pid"]), 0)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return f"http://{advert['host']}:{advert['port']}"


def run_query(
    settings: Settings, sql: str, fmt: str, params: Mapping[str, str] | None = None
) -> bytes:
    """Run one statement wherever the configured store lives (several: :func:`run_script`)."""
    if not settings.uses_embedded_clickhouse:
        from sinks.clickhouse.driver_store import DriverStore

        server = DriverStore.from_settings(settings)
        try:
            return server.formatted(sql, fmt, params)  # the server refuses multi-statements
        finally:
            server.close()
    url = running_query_server(settings)
    if url is not None:
        client = HttpQueryClient(url, settings.clickhouse_database, http_key(settings))
        return client.formatted(sql, fmt, params)  # the server refuses multi-statements
    from sinks.clickhouse.chdb_store import ChdbStore
    from sinks.clickhouse.query_guard import analyse

    store = ChdbStore(settings.chdb_dir, settings.clickhouse_database)
    try:
        # chdb itself would run every statement of the text: one, as everywhere else
        analyse(lambda text, values: store.formatted(text, "TSVRaw", values or None), sql)
        return store.formatted(sql, fmt, params)
    finally:
        store.close()


def run_script(settings: Settings, script: str, fmt: str) -> list[tuple[str, bytes]]:
    """Run a script statement by statement (``chorus query --multi``), cut where the engine's
    lexer sees a ``;``; returns each statement with its result. Stops at the first error."""
    from sinks.clickhouse.query_guard import split_statements

    statements = split_statements(
        lambda text, values: run_query(settings, text, "TSVRaw", values), script
    )
    return [(statement, run_query(settings, statement, fmt)) for statement in statements]
