"""A ClickHouse server over the native protocol (``clickhouse-driver``).

Used when ``CLICKHOUSE_URL`` or ``CLICKHOUSE_HOST`` is set; otherwise Chorus embeds chdb
(:mod:`sinks.clickhouse.chdb_store`). Both implement :class:`sinks.clickhouse.store.Store`.

Three things differ from the embedded engine and are handled here:

* **Connections break.** The driver reconnects lazily on the next query. Each call first makes
  sure the connection is up, retrying that step a few times with back-off; the statement itself
  is never sent twice, because after a connection error mid-statement nobody knows whether it
  ran (the caller decides: the sink replays its batch, which is idempotent).
* **Output formats are the client's job.** The native protocol returns typed columns, not
  ``FORMAT JSON`` bytes, so :func:`render` re-creates the few formats the CLI uses from
  ``execute(..., with_column_types=True)``, following ClickHouse's default settings.
* **The database may not exist yet.** :meth:`DriverStore.ensure_database` creates it; it runs
  once, before the first statement.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import re
import struct
import threading
import time
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from clickhouse_driver import Client
from clickhouse_driver import errors as ch_errors
from clickhouse_driver.util.helpers import parse_url
from pydantic import SecretStr

from core.errors import BackpressureError, ConfigError, QueryError, UnavailableError
from core.settings import Settings

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
        _check_format(fmt)  # before running anything
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


# --- output formats ----------------------------------------------------------------------------
#
# Values arrive as Python objects; how ClickHouse prints them depends on the column type (a
# UInt64 is quoted in JSON, a Decimal(9, 2) keeps two decimals, a DateTime64(3) keeps three), so
# each renderer walks the value together with its type. Defaults followed: output_format_json_
# quote_64bit_integers=1, output_format_json_quote_denormals=0 (nan/inf -> null), Bool as
# true/false, NULL as \N in TSV/CSV. Floats use Python's shortest repr in ClickHouse's spelling
# (1 not 1.0, 1e20 not 1e+20); that is the only place where output can differ from a server.

Columns = Sequence[tuple[str, str]]
Rows = Sequence[Sequence[Any]]

_WRAPPERS = {"Nullable", "LowCardinality", "SimpleAggregateFunction"}
_QUOTED_JSON_INTS = {"UInt64", "Int64", "UInt128", "Int128", "UInt256", "Int256"}


@dataclass(frozen=True)
class _Type:
    name: str
    args: tuple[str, ...] = ()

    @staticmethod
    def parse(text: str) -> _Type:
        text = text.strip()
        paren = text.find("(")
        if paren < 0 or not text.endswith(")"):
            return _Type(text)
        return _Type(text[:paren].strip(), tuple(_split_args(text[paren + 1 : -1])))

    def unwrap(self) -> _Type:
        inner = self
        while inner.name in _WRAPPERS and inner.args:
            # SimpleAggregateFunction(any, T): the type is the last argument
            inner = _Type.parse(inner.args[-1])
        return inner

    def element(self, index: int) -> _Type:
        if not self.args:
            return _Type("")
        arg = self.args[min(index, len(self.args) - 1)]
        named = re.match(r"^[A-Za-z_]\w*\s+(?=[A-Za-z])", arg)  # Tuple(a UInt8, b String)
        return _Type.parse(arg[named.end() :] if named else arg)

    def int_arg(self, index: int, default: int) -> int:
        try:
            return int(self.args[index].strip())
        except (IndexError, ValueError):
            return default


def _split_args(text: str) -> list[str]:
    args, depth, quote, start = [], 0, "", 0
    i = 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "'`\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            args.append(text[start:i].strip())
            start = i + 1
        i += 1
    args.append(text[start:].strip())
    return args


def _decimal_scale(t: _Type) -> int | None:
    if t.name == "Decimal":
        return t.int_arg(1, 0)
    if t.name in {"Decimal32", "Decimal64", "Decimal128", "Decimal256"}:
        return t.int_arg(0, 0)
    return None


def _datetime_text(value: dt.datetime, t: _Type) -> str:
    text = value.strftime("%Y-%m-%d %H:%M:%S")
    if t.name == "DateTime64":
        scale = t.int_arg(0, 3)
        if scale:
            text += "." + f"{value.microsecond:06d}{'0' * 3}"[:scale]
    return text


def _float_text(value: float, t: _Type) -> str:
    """ClickHouse's float text: the shortest digits that read back, in fixed notation for
    1e-7 < |x| < 1e21 (1, 0.000001, 100000000000000000000) and exponent notation outside that
    range (1e21, 1.5e-7), like ECMAScript's Number.toString."""
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    shortest = Decimal(_float32_repr(value) if t.name == "Float32" else repr(value))
    if shortest.is_zero():
        return "-0" if shortest.is_signed() else "0"
    if -7 < shortest.adjusted() < 21:
        text = f"{shortest:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    mantissa, _, exponent = f"{shortest.normalize():e}".partition("e")
    return f"{mantissa}e{int(exponent)}"


def _float32_repr(value: float) -> str:
    """The shortest text that reads back as the same float32 (ClickHouse prints 0.1, not
    0.10000000149011612)."""
    packed = struct.pack("<f", value)
    for digits in range(6, 10):
        text = f"{value:.{digits}g}"
        if struct.pack("<f", float(text)) == packed:
            return repr(float(text))
    return repr(value)


def _scalar_text(value: Any, t: _Type) -> str | None:
    """Text of a scalar as ClickHouse prints it, or None for containers and strings."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float_text(value, t)
    if isinstance(value, Decimal):
        scale = _decimal_scale(t)
        return f"{value:.{scale}f}" if scale is not None else str(value)
    return None


def _plain_text(value: Any, t: _Type) -> str:
    """A string-like scalar unquoted: str, bytes, dates, UUIDs, IP addresses."""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, dt.datetime):
        return _datetime_text(value, t)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _quote_single(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\")
        .replace("'", "\\'")
        .replace("\b", "\\b")
        .replace("\f", "\\f")
        .replace("\r", "\\r")
        .replace("\n", "\\n")
        .replace("\t", "\\t")
        .replace("\0", "\\0")
    )
    return f"'{escaped}'"


def _children(value: Any, t: _Type) -> tuple[str, list[tuple[Any, Any, _Type]]] | None:
    """``(kind, [(key, child, child type), ...])`` of an Array, Tuple or Map value (kind
    "array", "tuple", "named" or "map"); None for a scalar."""
    if isinstance(value, dict):
        if t.name == "Tuple":  # a named tuple, returned as a dict
            return "named", [(k, v, t.element(i)) for i, (k, v) in enumerate(value.items())]
        return "map", [(k, v, t.element(1)) for k, v in value.items()]
    if isinstance(value, list | tuple):
        if t.name == "Tuple" or (isinstance(value, tuple) and t.name != "Array"):
            return "tuple", [(None, v, t.element(i)) for i, v in enumerate(value)]
        return "array", [(None, v, t.element(0)) for v in value]
    return None


def _nested_text(value: Any, t: _Type) -> str:
    """A value inside an Array/Tuple/Map, in ClickHouse's quoted text form."""
    t = t.unwrap()
    if value is None:
        return "NULL"
    children = _children(value, t)
    if children is not None:
        kind, items = children
        if kind == "map":
            key_t = t.element(0)
            pairs = (f"{_nested_text(k, key_t)}:{_nested_text(v, vt)}" for k, v, vt in items)
            return "{" + ",".join(pairs) + "}"
        start, end = ("[", "]") if kind == "array" else ("(", ")")
        return start + ",".join(_nested_text(v, vt) for _, v, vt in items) + end
    scalar = _scalar_text(value, t)
    return scalar if scalar is not None else _quote_single(_plain_text(value, t))


def _text(value: Any, t: _Type) -> str | None:
    """A top-level value for TSV/CSV/Pretty, unescaped; None for NULL."""
    t = t.unwrap()
    if value is None:
        return None
    if isinstance(value, dict | list | tuple):
        return _nested_text(value, t)
    scalar = _scalar_text(value, t)
    return scalar if scalar is not None else _plain_text(value, t)


def _json_text(value: Any, t: _Type) -> str:
    """A value as ClickHouse's JSON formats print it."""
    t = t.unwrap()
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "null"
    children = _children(value, t)
    if children is not None:
        kind, items = children
        if kind in {"array", "tuple"}:
            return "[" + ",".join(_json_text(v, vt) for _, v, vt in items) + "]"
        key_t = t.element(0)
        fields = (
            f"{_json_string(k if kind == 'named' else _text(k, key_t) or '')}:{_json_text(v, vt)}"
            for k, v, vt in items
        )
        return "{" + ",".join(fields) + "}"
    scalar = _scalar_text(value, t)
    if scalar is None:
        return _json_string(_plain_text(value, t))
    quoted = isinstance(value, int) and not isinstance(value, bool) and t.name in _QUOTED_JSON_INTS
    return f'"{scalar}"' if quoted else scalar


def _json_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _json_object(names: Sequence[str], row: Sequence[Any], types: Sequence[_Type]) -> str:
    fields = (
        f"{_json_string(name)}:{_json_text(v, t)}"
        for name, v, t in zip(names, row, types, strict=True)
    )
    return "{" + ",".join(fields) + "}"


def _types(columns: Columns) -> list[_Type]:
    return [_Type.parse(type_) for _, type_ in columns]


def render_json(columns: Columns, rows: Rows) -> bytes:
    """ClickHouse's ``JSON`` format: ``{"meta": [...], "data": [{...}, ...], "rows": n}``."""
    types = _types(columns)
    names = [name for name, _ in columns]
    meta = ",\n\t\t".join(
        json.dumps({"name": name, "type": type_}, ensure_ascii=False) for name, type_ in columns
    )
    data = ",\n".join(f"\t\t{_json_object(names, row, types)}" for row in rows)
    text = (
        "{\n"
        f'\t"meta":\n\t[\n\t\t{meta}\n\t],\n\n'
        f'\t"data":\n\t[\n{data}\n\t],\n\n'
        f'\t"rows": {len(rows)}\n'
        "}\n"
    )
    return text.encode()


def render_json_each_row(columns: Columns, rows: Rows) -> bytes:
    """ClickHouse's ``JSONEachRow``: one object per line."""
    types = _types(columns)
    names = [name for name, _ in columns]
    return "".join(_json_object(names, row, types) + "\n" for row in rows).encode()


_TSV_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "'": "\\'",
        "\t": "\\t",
        "\n": "\\n",
        "\r": "\\r",
        "\b": "\\b",
        "\f": "\\f",
        "\0": "\\0",
    }
)


def _tsv_field(value: Any, t: _Type) -> str:
    text = _text(value, t)
    if text is None:
        return "\\N"
    # Arrays, tuples and maps are already in quoted form, with their strings escaped.
    return text if isinstance(value, dict | list | tuple) else text.translate(_TSV_ESCAPES)


def render_tsv(columns: Columns, rows: Rows, *, names: bool = False) -> bytes:
    types = _types(columns)
    lines = []
    if names:
        lines.append("\t".join(name.translate(_TSV_ESCAPES) for name, _ in columns))
    for row in rows:
        lines.append("\t".join(_tsv_field(v, t) for v, t in zip(row, types, strict=True)))
    return "".join(line + "\n" for line in lines).encode()


def _csv_quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _csv_field(value: Any, t: _Type) -> str:
    children = _children(value, t.unwrap()) if value is not None else None
    if children is not None and children[0] in {"tuple", "named"}:
        # ClickHouse writes a tuple in CSV as one field per element
        return ",".join(_csv_field(v, vt) for _, v, vt in children[1])
    text = _text(value, t)
    if text is None:
        return "\\N"
    # numbers and booleans bare; strings, dates, UUIDs, arrays... in double quotes
    return text if isinstance(value, int | float | Decimal) else _csv_quote(text)


def render_csv(columns: Columns, rows: Rows, *, names: bool = False) -> bytes:
    types = _types(columns)
    lines = []
    if names:
        lines.append(",".join(_csv_quote(name) for name, _ in columns))
    for row in rows:
        lines.append(",".join(_csv_field(v, t) for v, t in zip(row, types, strict=True)))
    return "".join(line + "\n" for line in lines).encode()


def _aligns_right(t: _Type) -> bool:
    """Numbers, dates and times are right-aligned in ClickHouse's Pretty formats."""
    name = t.unwrap().name
    return name.startswith(("UInt", "Int", "Float", "Decimal", "Date"))


def _display_width(text: str) -> int:
    """Terminal columns: CJK and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, *, right: bool, fill: str = " ") -> str:
    padding = fill * (width - _display_width(text))
    return padding + text if right else text + padding


def _pretty_cell(value: Any, t: _Type) -> str:
    text = _text(value, t)
    if text is None:
        return "ᴺᵁᴸᴸ"
    # Unlike ClickHouse, control characters are escaped so that a row stays on one line.
    return text if isinstance(value, dict | list | tuple) else text.translate(_PRETTY_ESCAPES)


_PRETTY_ESCAPES = str.maketrans({"\t": "\\t", "\n": "\\n", "\r": "\\r", "\0": "\\0"})


def render_pretty(columns: Columns, rows: Rows, *, compact: bool = False) -> bytes:
    """A box-drawn table like ClickHouse's ``Pretty``/``PrettyCompact``, without colours;
    numbers right-aligned; nothing at all for an empty result, as ClickHouse does."""
    if not rows:
        return b""
    types = _types(columns)
    headers = [name for name, _ in columns]
    cells = [[_pretty_cell(v, t) for v, t in zip(row, types, strict=True)] for row in rows]
    widths = [
        max([_display_width(h), *(_display_width(r[i]) for r in cells)])
        for i, h in enumerate(headers)
    ]
    right = [_aligns_right(t) for t in types]

    def rule(left: str, fill: str, mid: str, end: str) -> str:
        return left + mid.join(fill * (w + 2) for w in widths) + end

    def line(values: list[str], bar: str) -> str:
        padded = (_pad(v, w, right=r) for v, w, r in zip(values, widths, right, strict=True))
        return bar + bar.join(f" {p} " for p in padded) + bar

    out: list[str] = []
    if compact:
        labels = (
            _pad(h, w, right=r, fill="─") for h, w, r in zip(headers, widths, right, strict=True)
        )
        out.append("┌─" + "─┬─".join(labels) + "─┐")
        out.extend(line(r, "│") for r in cells)
    else:
        out.append(rule("┏", "━", "┳", "┓"))
        out.append(line(headers, "┃"))
        out.append(rule("┡", "━", "╇", "┩"))
        for i, r in enumerate(cells):
            if i:
                out.append(rule("├", "─", "┼", "┤"))
            out.append(line(r, "│"))
    out.append(rule("└", "─", "┴", "┘"))
    return "".join(f"{text}\n" for text in out).encode()


Renderer = Callable[[Columns, Rows], bytes]

_RENDERERS: dict[str, Renderer] = {
    "JSON": render_json,
    "JSONEachRow": render_json_each_row,
    "TabSeparated": render_tsv,
    "TSV": render_tsv,
    "TabSeparatedWithNames": lambda c, r: render_tsv(c, r, names=True),
    "TSVWithNames": lambda c, r: render_tsv(c, r, names=True),
    "CSV": render_csv,
    "CSVWithNames": lambda c, r: render_csv(c, r, names=True),
    "Pretty": render_pretty,
    "PrettyCompact": lambda c, r: render_pretty(c, r, compact=True),
}

#: The output formats :meth:`DriverStore.formatted` accepts.
FORMATS = frozenset(_RENDERERS)


def render(columns: Columns, rows: Rows, fmt: str) -> bytes:
    """Render a result (``(name, type)`` columns and rows of Python values) in ``fmt``.

    A statement without a result (DDL, INSERT) renders as nothing, like ClickHouse's HTTP
    interface answers it."""
    _check_format(fmt)
    return _RENDERERS[fmt](columns, rows) if columns else b""


def _check_format(fmt: str) -> None:
    if fmt not in _RENDERERS:
        raise QueryError(
            f"output format {fmt!r} is not available over the native protocol; "
            f"use one of {', '.join(sorted(_RENDERERS))}"
        )
