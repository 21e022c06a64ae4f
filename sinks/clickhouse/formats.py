"""ClickHouse's output formats, re-created from typed results of the native protocol.

``clickhouse-driver`` returns typed columns, not ``FORMAT JSON`` bytes; :func:`render` prints
``(name, type)`` columns and rows of Python values as a server would (JSON, JSONEachRow, TSV,
CSV with or without names, Pretty, PrettyCompact), following ClickHouse's default settings.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import struct
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from core.errors import QueryError

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
    check_format(fmt)
    return _RENDERERS[fmt](columns, rows) if columns else b""


def check_format(fmt: str) -> None:
    if fmt not in _RENDERERS:
        raise QueryError(
            f"output format {fmt!r} is not available over the native protocol; "
            f"use one of {', '.join(sorted(_RENDERERS))}"
        )
