"""Stored values on a terminal: every character a terminal could act on is shown escaped."""

from __future__ import annotations

import json
import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table

from core.safe_text import cell, json_line, markup, unescape, visible, visible_lines

UNSAFE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs"}
# escaped although their category is a letter: they render as nothing (name spoofing)
BLANK_LETTERS = {0x115F, 0x1160, 0x3164, 0xFFA0}
# format characters newer than this Python's Unicode database, escaped already
NEWER_FORMAT = set(range(0x13439, 0x13440))
BIDI = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]


def escaped(char: str) -> bool:
    return visible(char) != char


def test_the_pinned_class_is_exactly_the_unicode_categories() -> None:
    extra = BLANK_LETTERS | NEWER_FORMAT | {ord("\\")}
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        expected = unicodedata.category(char) in UNSAFE_CATEGORIES or code in extra
        assert escaped(char) is expected, f"U+{code:04X} {unicodedata.category(char)}"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
        ("\x1b]8;;http://evil\x07link\x1b]8;;\x07", "\\x1b]8;;http://evil\\x07link\\x1b]8;;\\x07"),
        ("a\x00b", "a\\x00b"),
        ("tab\tnew\nline\rback\x08", "tab\\tnew\\nline\\rback\\x08"),
        ("del\x7f c1\x9b[2J \x85", "del\\x7f c1\\x9b[2J \\x85"),
        ("invoice\u202etxt.exe", "invoice\\u202etxt.exe"),
        ("ann\u200b@example.com", "ann\\u200b@example.com"),
        ("\ufeffbom \u00adsoft", "\\ufeffbom \\xadsoft"),
        ("sep\u2028par\u2029", "sep\\u2028par\\u2029"),
        ("tag\U000e0041\U000e007f", "tag\\U000e0041\\U000e007f"),
        ("lone \ud800 half", "lone \\ud800 half"),
        ("\u3164", "\\u3164"),
        ("C:\\temp\\x1b", "C:\\\\temp\\\\x1b"),  # a literal backslash is doubled: unambiguous
        ("我们上个月领证了 café 👍 e\u0301", "我们上个月领证了 café 👍 e\u0301"),
    ],
)
def test_visible_escapes(text: str, shown: str) -> None:
    assert visible(text) == shown
    assert unescape(shown) == text


@pytest.mark.parametrize("code", BIDI)
def test_every_bidi_control_is_escaped(code: int) -> None:
    assert visible(chr(code)) == f"\\u{code:04x}"


def test_non_strings_are_shown_as_their_text() -> None:
    assert visible(42) == "42"
    assert visible(None) == "None"


def test_messages_keep_backslashes_and_line_breaks() -> None:
    quoted = repr("fax\x1b[31m")  # reasons quote values with repr: escaped already
    assert visible(quoted, reversible=False) == quoted
    assert visible("raw\x1b", reversible=False) == "raw\\x1b"
    assert visible_lines("first\nsecond\x1b\u202e") == "first\nsecond\\x1b\\u202e"


def test_rich_renders_cells_literally() -> None:
    console = Console(width=200, record=True, force_terminal=True, color_system="truecolor")
    table = Table("value", title=cell("title [bold]x[/bold] \x1b[2J"))
    table.add_row(cell("[link=http://evil]click[/link] \x1b[31mred \u202eabc"))
    console.print(table)
    console.print(markup("[red]not red[/red]\x1b"), "[bold]ok[/bold]")
    text = console.export_text()
    assert "[link=http://evil]click[/link] \\x1b[31mred \\u202eabc" in text
    assert "title [bold]x[/bold] \\x1b[2J" in text
    assert "[red]not red[/red]\\x1b ok" in text
    assert "\x1b" not in text and "\u202e" not in text


def test_json_line_is_the_same_value_and_inert() -> None:
    document = {"text": "\x1b[31m \x85 \u202e \U000e0041 \ud800 \x00 中文 \\", "n": 1}
    line = json_line(document)
    assert json.loads(line) == document
    assert "中文" in line  # readable text stays as it is
    assert not any(escaped(ch) and ch != "\\" for ch in line)
    assert "\\udb40\\udc41" in line  # astral characters as a surrogate pair, as JSON has it


@settings(max_examples=500)
@given(st.text(alphabet=st.characters(codec=None, exclude_categories=())))
def test_visible_leaves_nothing_a_terminal_acts_on_and_reverses(text: str) -> None:
    shown = visible(text)
    assert not any(unicodedata.category(ch) in UNSAFE_CATEGORIES for ch in shown)
    assert unescape(shown) == text
    line = json_line(text)
    assert json.loads(line) == text
    assert not any(unicodedata.category(ch) in UNSAFE_CATEGORIES for ch in line)
