"""A ClickHouse server over the native protocol (``clickhouse-driver``).

Used when ``CLICKHOUSE_URL`` or ``CLICKHOUSE_HOST`` is set; otherwise Chorus embeds chdb
(:mod:`sinks.clickhouse.chdb_store`). Both implement :class:`sinks.clickhouse.store.Store`.

Three things differ from the embedded engine and are handled here:

* **Connections break.** The driver reconnects lazily on the next query. Each call first makes
  sure the connection is up, retrying that step a few times with back-off; the statement itself
  is never sent twice, because after a connection error mid-statement nobody knows whether it
  ran (the caller decides: the sink replays its batch, which is idempotent).
* **Output formats are the client's job.** The native protocol returns typed columns, not
  ``FORMAT JSON`` bytes, so :mod:`sinks.clickhouse.formats` re-creates the few formats the CLI
  uses from ``execute(..., with_column_types=True)``, following ClickHouse's default settings.
* **The database may not exist yet.** :meth:`DriverStore.ensure_database` creates it; it runs
  once, before the first statement.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from clickhouse_driver import Client
from clickhouse_driver import errors as ch_errors
from clickhouse_driver.util.helpers import parse_url
from pydantic import SecretStr

from core.errors import BackpressureError, ConfigError, QueryError, UnavailableError
from core.settings import Settings
from sinks.clickhouse.formats import check_format, render

log = logging.getLogger(__name__)

T = TypeVar("T")

#: What a broken or unreachable server looks like from the driver (``OSError`` covers
#: ``ConnectionError``, ``TimeoutError`` and ``socket.timeout``).
CONNECTION_ERRORS: tuple[type[BaseException], ...] = (
    ch_errors.NetworkError,
    ch_errors.SocketTimeoutError,
    EOFError,
    OSError,
)

#: Server error codes that mean "not now" rather than "never": TOO_MANY_SIMULTANEOUS_QUERIES and
#: TOO_MANY_PARTS (inserts arrive faster than merges). They become BackpressureError.
_BACKPRESSURE_CODES = {202: 1.0, 252: 5.0}

#: Scheme defaults of the native protocol (clickhouse-driver's own defaults).
_DEFAULT_PORTS = {"clickhouse": 9000, "clickhouses": 9440}


# --- connection parameters -------------------------------------------------------------------


@dataclass(frozen=True)
class ConnectionParams:
    """Where and how to connect; the keyword arguments of ``clickhouse_driver.Client``."""

    host: str
    port: int
    database: str
    user: str = "default"
    password: SecretStr = field(default_factory=lambda: SecretStr(""))
    secure: bool = False
    #: Anything else from the URL's query string (timeouts, compression, ``settings``, ...),
    #: exactly as ``clickhouse_driver.util.helpers.parse_url`` returns it.
    options: Mapping[str, Any] = field(default_factory=dict)
    client_name: str = "chorus"

    def client_kwargs(self, *, database: str | None = None) -> dict[str, Any]:
        """Keyword arguments for ``Client(**kwargs)``; ``database`` overrides the default one
        (``""`` = the user's default database on the server)."""
        kwargs: dict[str, Any] = {
            "client_name": self.client_name,
            **self.options,
            "host": self.host,
            "port": self.port,
            "database": self.database if database is None else database,
            "user": self.user,
            "password": self.password.get_secret_value(),
            "secure": self.secure,
        }
        return kwargs

    def describe(self) -> str:
        """For messages: no password."""
        scheme = "clickhouses" if self.secure else "clickhouse"
        return f"{scheme}://{self.user}@{self.host}:{self.port}/{self.database}"


def connection_params(settings: Settings) -> ConnectionParams:
    """Connection parameters from ``CLICKHOUSE_URL``, else ``CLICKHOUSE_HOST``/``_PORT``/....

    In the URL (``clickhouse://user:pass@host:port/db?connect_timeout=5``, or ``clickhouses://``
    for TLS) every part present wins; a missing user, password or database is taken from
    ``CLICKHOUSE_USER``/``_PASSWORD``/``_DATABASE`` (so the password can stay out of the URL), a
    missing port is the scheme's default (9000, or 9440 with TLS). Query-string options are
    parsed exactly as ``Client.from_url`` parses them.
    """
    if settings.clickhouse_url:
        return _params_from_url(settings.clickhouse_url, settings)
    if settings.clickhouse_host:
        return ConnectionParams(
            host=settings.clickhouse_host,
            port=settings.clickhouse_port,
            database=settings.clickhouse_database,
            user=settings.clickhouse_user,
            password=settings.clickhouse_password,
        )
    raise ConfigError(
        "no ClickHouse server configured: set CLICKHOUSE_URL (clickhouse://user:pass@host:9000/db)"
        " or CLICKHOUSE_HOST"
    )


def _params_from_url(url: str, settings: Settings) -> ConnectionParams:
    scheme = url.partition("://")[0].lower() if "://" in url else ""
    if scheme not in _DEFAULT_PORTS:
        raise ConfigError(
            f"CLICKHOUSE_URL must start with clickhouse:// or clickhouses:// (the native "
            f"protocol, port 9000/9440), got {scheme or 'no'} scheme"
        )
    try:
        host, kwargs = parse_url(url)
    except (ValueError, AttributeError) as exc:
        raise ConfigError(f"cannot parse CLICKHOUSE_URL: {exc}") from exc
    if not host:
        raise ConfigError("CLICKHOUSE_URL has no host")
    secure = bool(kwargs.pop("secure", False))
    port = kwargs.pop("port", None) or _DEFAULT_PORTS["clickhouses" if secure else "clickhouse"]
    password = kwargs.pop("password", None)
    return ConnectionParams(
        host=host,
        port=int(port),
        database=kwargs.pop("database", None) or settings.clickhouse_database,
        user=kwargs.pop("user", None) or settings.clickhouse_user,
        password=SecretStr(password) if password is not None else settings.clickhouse_password,
        secure=secure,
        options=kwargs,
    )


# --- the store ---------------------------------------------------------------------------------


class DriverStore:
    """A database on a ClickHouse server, through one native-protocol connection.

    Thread-safe (calls are serialised: one connection runs one query at a time).
    ``client_factory`` builds the driver client from :meth:`ConnectionParams.client_kwargs`;
    tests pass a fake.
    """

    def __init__(
        self,
        params: ConnectionParams,
        *,
        connect_attempts: int = 3,
        retry_backoff_s: float = 0.2,
        create_database: bool = True,
        client_factory: Callable[..., Client] = Client,
    ) -> None:
        if connect_attempts < 1:
            raise ValueError("connect_attempts must be at least 1")
        self.params = params
        self.database = params.database
        self._connect_attempts = connect_attempts
        self._retry_backoff_s = retry_backoff_s
        self._client_factory = client_factory
        self._client = client_factory(**params.client_kwargs())
        self._database_ready = not create_database
        self._lock = threading.RLock()

    @classmethod
    def from_settings(cls, settings: Settings, **kwargs: Any) -> DriverStore:
        """The server named by ``CLICKHOUSE_URL`` or ``CLICKHOUSE_HOST``; connects lazily."""
        return cls(connection_params(settings), **kwargs)

    def __repr__(self) -> str:
        return f"DriverStore({self.params.describe()})"

    def __enter__(self) -> DriverStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- Store -----------------------------------------------------------------------------

    def execute(self, sql: str) -> None:
        self._call(lambda client: client.execute(sql))

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        result = self._call(lambda client: client.execute(sql))
        return [tuple(row) for row in result]

    def formatted(self, sql: str, fmt: str, params: Mapping[str, str] | None = None) -> bytes:
        if params:
            # clickhouse-driver 0.2.11 substitutes parameters on the client, in its own syntax
            raise QueryError(
                "query parameters ({name:Type}) are not sent through clickhouse-driver: "
                "bind them in the SQL, or query the server over its own HTTP interface"
            )
        check_format(fmt)  # before running anything
        rows, columns = self._call(lambda client: client.execute(sql, with_column_types=True))
        return render(columns, rows, fmt)

    def insert(
        self,
        table: str,
        columns: Mapping[str, Sequence[Any]],
        *,
        settings: Mapping[str, Any] | None = None,
    ) -> None:
        """One columnar batch insert. ``settings`` are ClickHouse query settings for this insert
        (e.g. ``insert_deduplication_token``)."""
        if not columns:
            raise ValueError("insert needs at least one column")
        lengths = {name: len(values) for name, values in columns.items()}
        if len(set(lengths.values())) != 1:
            raise ValueError(f"columns of different lengths: {lengths}")
        if not next(iter(lengths.values())):
            return
        names = ", ".join(quote_identifier(name) for name in columns)
        sql = f"INSERT INTO {table} ({names}) VALUES"
        data = list(columns.values())
        query_settings = dict(settings) if settings else None
        self._call(lambda client: client.execute(sql, data, columnar=True, settings=query_settings))

    def close(self) -> None:
        with self._lock:
            self._client.disconnect()

    # --- database ----------------------------------------------------------------------------

    def ensure_database(self) -> None:
        """Create :attr:`database` if the server does not have it yet.

        Runs through a short-lived connection to the user's default database: the store's own
        connection names ``database`` in its handshake, which the server refuses while the
        database does not exist. A user who may not create databases can still use an existing
        one (the CREATE only runs when the database is missing).
        """
        with self._lock:
            admin = self._client_factory(**self.params.client_kwargs(database=""))
            try:
                self._with_retries(admin, self._create_database)
            finally:
                admin.disconnect()
            self._database_ready = True

    def _create_database(self, client: Client) -> None:
        found = client.execute(
            "SELECT count() FROM system.databases WHERE name = %(name)s",
            {"name": self.database},
        )
        if found and found[0][0]:
            return
        log.info("creating ClickHouse database %s on %s", self.database, self.params.host)
        client.execute(f"CREATE DATABASE IF NOT EXISTS {quote_identifier(self.database)}")

    # --- plumbing ----------------------------------------------------------------------------

    def _call(self, statement: Callable[[Client], T]) -> T:
        with self._lock:
            if not self._database_ready:
                self.ensure_database()
            return self._with_retries(self._client, statement)

    def _with_retries(self, client: Client, statement: Callable[[Client], T]) -> T:
        """Connect (retrying a few times with back-off), then run ``statement`` once."""
        for attempt in range(1, self._connect_attempts + 1):
            try:
                connection = client.connection
                if not connection.connected:
                    connection.connect()
                break
            except ch_errors.ServerException as exc:
                # refused in the handshake: unknown user, wrong password, unknown database...
                client.disconnect()
                raise ConfigError(
                    f"ClickHouse at {self.params.host}:{self.params.port} refused the "
                    f"connection as {self.params.user!r}: Code: {exc.code}. "
                    f"{_first_line(exc.message or '')}"
                ) from exc
            except CONNECTION_ERRORS as exc:
                client.disconnect()
                if attempt == self._connect_attempts:
                    raise UnavailableError(
                        f"ClickHouse at {self.params.host}:{self.params.port} is unreachable "
                        f"after {attempt} attempts: {_first_line(str(exc))}"
                    ) from exc
                delay = self._retry_backoff_s * 2 ** (attempt - 1)
                log.warning(
                    "ClickHouse at %s:%s unreachable (attempt %d/%d), retrying in %.2fs: %s",
                    self.params.host,
                    self.params.port,
                    attempt,
                    self._connect_attempts,
                    delay,
                    _first_line(str(exc)),
                )
                time.sleep(delay)
        try:
            return statement(client)
        except ch_errors.ServerException as exc:
            raise _query_error(exc) from exc
        except CONNECTION_ERRORS as exc:
            # The driver has dropped the connection already; the next call reconnects.
            raise UnavailableError(
                f"lost the connection to ClickHouse at {self.params.host}:{self.params.port}: "
                f"{_first_line(str(exc))}"
            ) from exc
        except ch_errors.Error as exc:
            # Rejected on the client side, e.g. TypeMismatchError for a value of the wrong type.
            raise QueryError(_first_line(str(exc))) from exc


def _first_line(message: str) -> str:
    line = message.strip().splitlines()[0] if message.strip() else ""
    # Old servers (18.x) append the stack trace to the first line.
    return re.sub(r"\s*Stack trace:?\s*$", "", line)


def _query_error(exc: ch_errors.ServerException) -> QueryError | BackpressureError:
    message = f"Code: {exc.code}. {_first_line(exc.message or '')}"
    retry_after = _BACKPRESSURE_CODES.get(exc.code or 0)
    if retry_after is not None:
        return BackpressureError(message, retry_after_s=retry_after)
    return QueryError(message)


def quote_identifier(name: str) -> str:
    """A ClickHouse identifier in backquotes."""
    return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`"
