"""Stored values on a terminal: shown, never obeyed.

Customer text reaches the tables of ``chorus query``, ``timeline`` and ``profile`` from the
store, and a terminal acts on some of what it is sent: ESC starts a colour or cursor sequence
(or an OSC 8 hyperlink, or a title change), C1 characters are 8-bit forms of the same, a
right-to-left override makes ``txt.exe`` read as ``exe.txt``, zero-width characters make two
different e-mail addresses look alike. Rich adds its own layer: a string cell is *markup*, so
``[link=…]`` in a stored value becomes a hyperlink. Escaping the markup alone leaves the rest.

Every human-readable output of the CLI passes stored values through :func:`visible` (or
:func:`cell` / :func:`markup` for rich), which replaces each character that is not shown as
itself with a visible escape, in the notation of a Python string literal:

* C0 controls (U+0000-U+001F, tab and newline included: a table cell is one value, and a
  newline in it would be indistinguishable from the table's own), DEL and C1 (U+007F-U+009F):
  ``\\x1b``, ``\\t``, ``\\n``, ``\\r``;
* Unicode format characters (category Cf): bidi embeddings, overrides, isolates and marks
  (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C), zero-width space/joiners, word
  joiner, soft hyphen, BOM, tag characters, ...: ``\\u202e``, ``\\U000e0041``;
* line and paragraph separators (U+2028, U+2029), unpaired surrogates (they cannot even be
  encoded) and the blank Hangul filler letters (U+115F, U+1160, U+3164, U+FFA0), which render
  as nothing and are a known way to fake an empty or a look-alike name;
* the backslash itself (``\\\\``), so the escaped text reads back unambiguously:
  :func:`unescape` inverts :func:`visible` exactly.

This deliberately also escapes U+200D (zero-width joiner), so an emoji sequence shows as its
parts: an operator reading identifiers must see every character that is there.

Machine formats are not touched here: ``--format json|csv|tsv`` write ClickHouse's bytes as
they are, and ``--json`` documents go through :func:`json_line`, which only chooses JSON's own
``\\uXXXX`` spelling for these characters (``json.loads`` gives back the identical value).
"""

from __future__ import annotations

import json
import re
from typing import Any

from rich.markup import escape as escape_markup
from rich.text import Text

# Built from unicodedata (categories Cc, Cf, Zl, Zp, Cs) and pinned here rather than computed
# at start-up (a scan of every code point costs ~0.3 s per CLI call); Unicode 15.1's
# U+13439–U+1343F are included already. tests/unit/cli/test_safe_text.py checks this class
# against the running Python's Unicode database.
_C0 = "\x00-\x1f"  # json.dumps escapes these itself
_INVISIBLE = (
    "\x7f-\x9f\xad"
    "\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f"
    "\u3164\ud800-\udfff\ufeff\uffa0\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_UNSAFE = re.compile(f"[\\\\{_C0}{_INVISIBLE}]")
_UNSAFE_MESSAGE = re.compile(f"[{_C0}{_INVISIBLE}]")
_UNSAFE_IN_JSON = re.compile(f"[{_INVISIBLE}]")
_SHORT = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_ESCAPE = re.compile(r"\\(?:([\\tnr])|x([0-9a-f]{2})|u([0-9a-f]{4})|U([0-9a-f]{8}))")
_UNSHORT = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    short = _SHORT.get(char)
    if short is not None:
        return short
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def visible(value: object, *, reversible: bool = True) -> str:
    """``value`` as text a terminal shows and does not act on (see the module docstring).

    ``reversible=False`` leaves backslashes alone: for messages whose values are quoted with
    ``repr`` already (an escaped ``\\x1b`` there should not turn into ``\\\\x1b``).
    """
    text = value if isinstance(value, str) else str(value)
    return (_UNSAFE if reversible else _UNSAFE_MESSAGE).sub(_escape, text)


def visible_lines(text: str) -> str:
    """A message for people: each line as :func:`visible` (not reversible), line breaks kept."""
    return "\n".join(visible(line, reversible=False) for line in text.split("\n"))


def unescape(text: str) -> str:
    """The inverse of :func:`visible`: ``unescape(visible(s)) == s`` for every string."""

    def replace(match: re.Match[str]) -> str:
        short, *codes = match.groups()
        if short is not None:
            return _UNSHORT[short]
        return chr(int(next(code for code in codes if code is not None), 16))

    return _ESCAPE.sub(replace, text)


def cell(value: object, style: str = "") -> Text:
    """A rich table cell (or title) showing ``value`` literally: no markup, no controls."""
    return Text(visible(value), style=style)


def markup(value: object) -> str:
    """``value`` to embed in a rich markup string: controls escaped, then the markup."""
    return escape_markup(visible(value))


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_line(document: Any) -> str:
    """One JSON document on one line, UTF-8 text kept readable, but every character a terminal
    could act on written as JSON's ``\\uXXXX``: the same value for a parser, inert on a tty.

    (``json.dumps(ensure_ascii=False)`` escapes only C0 controls, quote and backslash; DEL, C1,
    bidi overrides and unpaired surrogates would pass raw, the last ones crashing the write.)
    """
    return _UNSAFE_IN_JSON.sub(_json_escape, json.dumps(document, ensure_ascii=False))
