"""Chinese text helpers: traditional→simplified, CJK detection, Chinese numerals.

Conversion uses OpenCC's ``t2s`` profile (the ``opencc`` wheel bundles its dictionaries, so nothing
is downloaded at run time); numerals use ``cn2an``. Both are wrapped here so the rest of the
package never touches an untyped library.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

import cn2an
import opencc

_T2S: Final = opencc.OpenCC("t2s")

# CJK Unified Ideographs (+ extension A) and the compatibility block; enough to tell "has Chinese".
_CJK_RE: Final = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# Variants OpenCC's t2s leaves alone but which addresses and messages use interchangeably.
_EXTRA_VARIANTS: Final = str.maketrans(
    {"臺": "台", "裏": "里", "裡": "里", "邨": "村", "衞": "卫", "姪": "侄"}
)

DIGIT_CHARS: Final = "零〇一二两三四五六七八九"
NUMERAL_CHARS: Final = DIGIT_CHARS + "十百千万"
_DIGIT_VALUE: Final = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}


def has_cjk(text: str) -> bool:
    """True when ``text`` contains at least one Chinese character."""
    return _CJK_RE.search(text) is not None


def is_cjk_char(char: str) -> bool:
    return _CJK_RE.match(char) is not None


@lru_cache(maxsize=4096)
def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese (text without Chinese is returned unchanged)."""
    if not has_cjk(text):
        return text
    converted: str = _T2S.convert(text)
    return converted.translate(_EXTRA_VARIANTS)


def numeral_to_int(numeral: str) -> int | None:
    """``"二"`` → 2, ``"一百零三"`` → 103, ``"二零一"`` → 201, ``"12"`` → 12; None if not a number.

    Digit-by-digit forms (room and house numbers, ``八一路``) are read digit by digit; positional
    forms go through cn2an, whose errors mean "not a number" here.
    """
    if not numeral:
        return None
    if numeral.isascii() and numeral.isdigit():
        return int(numeral)
    if all(c in _DIGIT_VALUE for c in numeral):
        return int("".join(str(_DIGIT_VALUE[c]) for c in numeral))
    try:
        value = cn2an.cn2an(numeral, "normal")
    except (ValueError, KeyError, IndexError):
        return None
    integral = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    return int(value) if integral else None
