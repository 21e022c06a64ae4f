"""Address normalisation: two spellings of one address must compare equal, two places must not.

:func:`normalise_address` maps an address in English or Chinese to a comparison key. It is a key,
not a pretty address: every token is mapped the same way wherever it stands, so "Court Street"
becomes ``CT ST``. What it folds:

* Unicode NFKC (full-width ``Ｂ座２０１`` → ``B座201``), case, whitespace, punctuation;
* English street types, directionals and unit designators per USPS Publication 28, taken from
  ``usaddress-scourgify``'s tables rather than copied here (``Apt``/``Unit``/``#``/``Suite``/
  ``Room`` all become ``#``), PO Box spellings, US state names before the ZIP, ZIP+4 → ZIP,
  a trailing country;
* Chinese: traditional → simplified (``臺``/``台``, ``裏``/``里``), numerals next to address
  units (``二路`` → ``2路``, ``一百零三号`` → ``103号``), the often-omitted administrative
  suffixes (``广州市``/``广州``, ``天河区``/``天河``, ``省``) and a leading province or country.

:func:`compare_addresses` then says whether a new report is the same address, a less or more
complete rendering of it (``体育西路103号`` vs ``广州市天河区体育西路103号``; ``5 OAK ST`` vs
``5 OAK ST SPRINGFIELD IL 62704``), or a different address.
"""

from __future__ import annotations

import re
import unicodedata
from enum import Enum
from functools import lru_cache
from typing import Final

from scourgify import address_constants as usps

from processors.detection.chinese import NUMERAL_CHARS, has_cjk, is_cjk_char, numeral_to_int
from processors.detection.chinese import to_simplified as _to_simplified

# --- English tables --------------------------------------------------------------------------

_UNIT_DESIGNATORS: Final = ("APT", "APARTMENT", "UNIT", "STE", "SUITE", "RM", "ROOM", "#")
"""Designators that all mean "the dwelling unit": equal for comparison, so all become ``#``."""


def _token_map() -> dict[str, str]:
    table: dict[str, str] = {}
    table.update({k: v for k, v in usps.STREET_TYPE_ABBREVIATIONS.items() if " " not in k})
    table.update(usps.DIRECTIONAL_REPLACEMENTS)
    table.update({v: v for v in usps.DIRECTIONAL_REPLACEMENTS.values()})
    table.update(usps.OCCUPANCY_TYPE_ABBREVIATIONS)
    table.update({"SAINT": "ST", "MOUNT": "MT", "FORT": "FT"})  # city abbreviations, folded
    table.update(dict.fromkeys(_UNIT_DESIGNATORS, "#"))
    # Resolve chains so that mapping a mapped token is a no-op (idempotence).
    for key in list(table):
        seen = {key}
        value = table[key]
        while value in table and table[value] != value and value not in seen:
            seen.add(value)
            value = table[value]
        table[key] = value
    return table


_TOKEN_MAP: Final = _token_map()

_STATE_NAMES: Final = sorted(usps.STATE_ABBREVIATIONS, key=len, reverse=True)
_STATE_RE: Final = re.compile(
    r"\b(" + "|".join(re.escape(n) for n in _STATE_NAMES) + r")(?=(?: \d{5})?$)"
)
_PO_BOX_RE: Final = re.compile(r"\b(?:P ?O ?B(?:OX)?|POST OFFICE BOX|POBOX|BOX) ?#? ?(?=\d)")
_COUNTRY_TAIL_RE: Final = re.compile(
    r"(?: (?:USA|US|U S A|U S|UNITED STATES(?: OF AMERICA)?|CHINA|PRC|P R CHINA))+$"
)
_ZIP4_RE: Final = re.compile(r"\b(\d{5}) \d{4}$")
# British "Flat 4" is the unit designator, not the street type "Flat(s)".
_FLAT_UNIT_RE: Final = re.compile(r"\bFLAT (?=[A-Z]?\d)")
# "Apt 3 B" = "Apt 3B"; not a directional, which may start the street after a leading unit.
_UNIT_LETTER_RE: Final = re.compile(r"(?<=# )(\d+) ([A-DF-MO-RT-VX-Z])(?= |$)")
_ORDINAL_WORDS: Final = {
    word: f"{i}{'TH' if 10 <= i % 100 <= 20 else {1: 'ST', 2: 'ND', 3: 'RD'}.get(i % 10, 'TH')}"
    for i, word in enumerate(
        re.findall(
            r"\w+",
            "FIRST SECOND THIRD FOURTH FIFTH SIXTH SEVENTH EIGHTH NINTH TENTH ELEVENTH TWELFTH "
            "THIRTEENTH FOURTEENTH FIFTEENTH SIXTEENTH SEVENTEENTH EIGHTEENTH NINETEENTH "
            "TWENTIETH",
        ),
        start=1,
    )
}
_HOUSE_NUMBER_WORDS: Final = {
    word: str(i)
    for i, word in enumerate(
        re.findall(r"\w+", "ONE TWO THREE FOUR FIVE SIX SEVEN EIGHT NINE TEN ELEVEN TWELVE"),
        start=1,
    )
}
_STREET_TYPES: Final = frozenset(usps.STREET_TYPE_ABBREVIATIONS.values())

# --- Chinese tables --------------------------------------------------------------------------

_PROVINCES: Final[dict[str, tuple[str, ...]]] = {
    # short name: spellings, longest first; municipalities and SARs are kept (they are the city)
    "河北": ("河北省",),
    "山西": ("山西省",),
    "辽宁": ("辽宁省",),
    "吉林": ("吉林省",),
    "黑龙江": ("黑龙江省",),
    "江苏": ("江苏省",),
    "浙江": ("浙江省",),
    "安徽": ("安徽省",),
    "福建": ("福建省",),
    "江西": ("江西省",),
    "山东": ("山东省",),
    "河南": ("河南省",),
    "湖北": ("湖北省",),
    "湖南": ("湖南省",),
    "广东": ("广东省",),
    "海南": ("海南省",),
    "四川": ("四川省",),
    "贵州": ("贵州省",),
    "云南": ("云南省",),
    "陕西": ("陕西省",),
    "甘肃": ("甘肃省",),
    "青海": ("青海省",),
    "台湾": ("台湾省",),
    "内蒙古": ("内蒙古自治区",),
    "广西": ("广西壮族自治区", "广西自治区"),
    "西藏": ("西藏自治区",),
    "宁夏": ("宁夏回族自治区", "宁夏自治区"),
    "新疆": ("新疆维吾尔自治区", "新疆自治区"),
}
_KEPT_REGIONS: Final[dict[str, tuple[str, ...]]] = {
    "北京": ("北京市",),
    "天津": ("天津市",),
    "上海": ("上海市",),
    "重庆": ("重庆市",),
    "香港": ("香港特别行政区",),
    "澳门": ("澳门特别行政区",),
}
_ADMIN_SUFFIXES: Final = frozenset("省市区县")
_UNIT_CHARS: Final = "路街巷弄号栋幢座楼层室段组门排期"

_COUNTRY_HEAD_RE: Final = re.compile(r"^(?:中华人民共和国|中国)")
_PROVINCE_RE: Final = re.compile(
    "^(?:"
    + "|".join(
        "|".join(re.escape(s) for s in (*spellings, short))
        for short, spellings in _PROVINCES.items()
    )
    + r")(?![市区县])(?=\S{2})"
)
_KEPT_RE: Final = re.compile(
    "^(?:"
    + "|".join("|".join(re.escape(s) for s in spellings) for spellings in _KEPT_REGIONS.values())
    + ")"
)
_KEPT_SHORT: Final = {
    spelling: short for short, spellings in _KEPT_REGIONS.items() for spelling in spellings
}
_NUMERAL_RE: Final = re.compile(
    rf"(?<![{NUMERAL_CHARS}])([{NUMERAL_CHARS}]+)(?=单元|[{_UNIT_CHARS}])"
)
_NUMERAL_AFTER_RE: Final = re.compile(
    rf"(?<=[第座栋楼层号元])([{NUMERAL_CHARS}]+)(?![{NUMERAL_CHARS}])"
)
_BUILDING_RE: Final = re.compile(r"(?<=\d)(?:号楼|幢)")
_ROOM_TAIL_RE: Final = re.compile(r"(?<=\d)室$")

_SPACE_RE: Final = re.compile(r"\s+")
_DROP_RE: Final = re.compile(r"[.'’`]")
_PUNCT_RE: Final = re.compile(r"[^\w#\s]|_")
_HASH_RE: Final = re.compile(r"# ?")


def _convert_numerals(text: str) -> str:
    def repl(match: re.Match[str]) -> str:
        value = numeral_to_int(match.group(1))
        return match.group(1) if value is None else str(value)

    text = _NUMERAL_RE.sub(repl, text)
    return _NUMERAL_AFTER_RE.sub(repl, text)


def _strip_admin_suffixes(text: str) -> str:
    """Drop 省/市/区/县 ending a place name before the first digit (the street-number part)."""
    first_digit = next((i for i, c in enumerate(text) if c.isdigit()), len(text))
    kept = [
        c
        for i, c in enumerate(text[:first_digit])
        if not (c in _ADMIN_SUFFIXES and i > 0 and is_cjk_char(text[i - 1]))
    ]
    return "".join(kept) + text[first_digit:]


def _chinese_pass(text: str) -> str:
    text = _COUNTRY_HEAD_RE.sub("", text)
    text = _PROVINCE_RE.sub("", text, count=1)
    text = _KEPT_RE.sub(lambda m: _KEPT_SHORT[m.group(0)], text, count=1)
    text = _convert_numerals(text)
    text = _strip_admin_suffixes(text)
    text = _BUILDING_RE.sub("栋", text)
    return _ROOM_TAIL_RE.sub("", text)


def _unit_last(tokens: list[str]) -> list[str]:
    """``# 4 22 QUEENS RD`` → ``22 QUEENS RD # 4``: a unit written first ("Flat 4, 22 Queens
    Road", "Unit 5/22 Smith St") goes after the street, where it is usually written."""
    if len(tokens) < 4 or tokens[0] != "#" or not _has_digit(tokens[2]):
        return tokens
    unit, rest = tokens[:2], tokens[2:]
    street_end = next((i for i, t in enumerate(rest) if i > 0 and t in _STREET_TYPES), None)
    # "18 Mill Lane", "5 Park Avenue": a street name that is itself a street type word; the
    # street ends at the last of the run
    while (
        street_end is not None
        and street_end + 1 < len(rest)
        and rest[street_end + 1] in (_STREET_TYPES)
    ):
        street_end += 1
    at = len(rest) if street_end is None else street_end + 1
    return rest[:at] + unit + rest[at:]


def _latin_pass(text: str) -> str:
    text = _PO_BOX_RE.sub("PO BOX ", text)
    text = _FLAT_UNIT_RE.sub("# ", text)
    text = _HASH_RE.sub("# ", text)
    text = _SPACE_RE.sub(" ", text).strip()
    text = _COUNTRY_TAIL_RE.sub("", text)
    text = _ZIP4_RE.sub(r"\1", text)
    text = _STATE_RE.sub(lambda m: usps.STATE_ABBREVIATIONS[m.group(1)], text)
    tokens = [_ORDINAL_WORDS.get(tok, tok) for tok in text.split(" ")]
    if len(tokens) > 2 and tokens[0] in _HOUSE_NUMBER_WORDS and tokens[1] not in _STREET_TYPES:
        tokens[0] = _HOUSE_NUMBER_WORDS[tokens[0]]  # "One Main St" = "1 Main St"
    tokens = _unit_last([_TOKEN_MAP.get(tok, tok) for tok in tokens])
    return _UNIT_LETTER_RE.sub(r"\1\2", " ".join(tokens))


def _join_cjk_spaces(text: str) -> str:
    """Chinese is written without spaces: drop any space touching a Chinese character."""
    if " " not in text:
        return text
    parts = text.split(" ")
    out = [parts[0]]
    for part in parts[1:]:
        if not part:
            continue
        if out[-1] and (is_cjk_char(out[-1][-1]) or is_cjk_char(part[0])):
            out[-1] += part
        else:
            out.append(part)
    return " ".join(p for p in out if p)


def _normalise_once(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _to_simplified(text).upper()
    text = _DROP_RE.sub("", text)
    text = _PUNCT_RE.sub(" ", text)
    text = _SPACE_RE.sub(" ", text).strip()
    if has_cjk(text):
        text = _join_cjk_spaces(text)
        text = _chinese_pass(text)
    text = _latin_pass(text)
    return _join_cjk_spaces(_SPACE_RE.sub(" ", text).strip())


@lru_cache(maxsize=16384)
def normalise_address(raw: str) -> str:
    """The comparison key of an address; idempotent; ``""`` when nothing address-like is left.

    Each step is idempotent on its own but a later one can expose work for an earlier one
    (dropping ``市`` can put a numeral next to ``路``), so the steps run to a fixed point.
    """
    text = raw
    for _ in range(8):
        nxt = _normalise_once(text)
        if nxt == text:
            return nxt
        text = nxt
    return text


class AddressRelation(Enum):
    """How a newly reported address relates to the one held."""

    SAME = "same"
    LESS_SPECIFIC = "less_specific"  # new one leaves out parts of the held one
    MORE_SPECIFIC = "more_specific"  # new one adds parts (city, postcode, province) to it
    DIFFERENT = "different"


def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


def _is_refinement(short: str, long: str) -> bool:
    """``long`` is ``short`` plus region parts only (no extra numbers or unit)."""
    if has_cjk(short) or has_cjk(long):
        # Chinese runs from the largest region to the door: the region parts come first.
        head = long[: len(long) - len(short)]
        return long.endswith(short) and _has_digit(short) and not _has_digit(head)
    short_tokens, long_tokens = short.split(" "), long.split(" ")
    if len(short_tokens) < 2 or long_tokens[: len(short_tokens)] != short_tokens:
        return False
    tail = long_tokens[len(short_tokens) :]
    # English runs from the door to the country: city, state and ZIP come last. A tail that
    # starts with a unit or carries a number other than a ZIP says more than the region.
    return (
        _has_digit(short)
        and tail[0] != "#"
        and all(not _has_digit(t) or (t.isdigit() and len(t) == 5) for t in tail)
    )


def _omits_region(short: str, long: str) -> bool:
    """Chinese ``short`` is ``long`` without one region name in the middle (``广州体育西路``
    vs ``广州天河体育西路``): a run of at least two characters, no digit, before the street
    number, after the part both start with."""
    if not (has_cjk(short) and has_cjk(long)) or not _has_digit(short):
        return False
    extra = len(long) - len(short)
    first_digit = next(i for i, c in enumerate(long) if c.isdigit()) if _has_digit(long) else 0
    if extra < 2:
        return False
    for start in range(2, first_digit - extra + 1):
        run = long[start : start + extra]
        if long[:start] + long[start + extra :] == short and not _has_digit(run):
            return True
    return False


def compare_addresses(held: str, new: str) -> AddressRelation:
    """How normalised address ``new`` relates to normalised address ``held``."""
    if held == new:
        return AddressRelation.SAME
    if len(new) < len(held) and (_is_refinement(new, held) or _omits_region(new, held)):
        return AddressRelation.LESS_SPECIFIC
    if len(new) > len(held) and (_is_refinement(held, new) or _omits_region(held, new)):
        return AddressRelation.MORE_SPECIFIC
    return AddressRelation.DIFFERENT


def same_address(a: str, b: str) -> bool:
    """True when two raw addresses name the same place (one may be less complete)."""
    return compare_addresses(normalise_address(a), normalise_address(b)) is not (
        AddressRelation.DIFFERENT
    )
