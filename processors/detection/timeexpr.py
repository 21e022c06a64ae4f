"""When does a sentence place its event? Time expressions in English and simplified Chinese.

Only what labelling rule 3 needs: is the event recent or announced (within about a year of the
message), distantly past, or too far ahead; and its date when the text pins one down. Relative
expressions are resolved against the message's own ``occurred_at`` date, never the clock.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from functools import lru_cache
from typing import Final

from processors.detection.chinese import numeral_to_int

RECENT_DAYS: Final = 400
""""About a year", with slack for "last spring" and "next summer"."""


class Timing(Enum):
    NONE = "none"  # no time expression: taken as current
    RECENT = "recent"  # within about a year before or after the message
    DISTANT_PAST = "distant_past"
    FAR_FUTURE = "far_future"


@dataclass(frozen=True, slots=True)
class TimeInfo:
    timing: Timing
    event_date: date | None = None


_EN_NUMBERS: Final = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "a couple of": 2,
    "a few": 3,
    "several": 3,
    "many": 10,
}
_MONTHS: Final = {
    name: i
    for i in range(1, 13)
    for name in (calendar.month_name[i].lower(), calendar.month_abbr[i].lower())
}
_UNIT_DAYS: Final = {"day": 1, "week": 7, "month": 30, "year": 365, "decade": 3650}

_NUM: Final = r"(\d+|" + "|".join(sorted(_EN_NUMBERS, key=len, reverse=True)) + ")"
_UNIT: Final = r"(day|week|month|year|decade)s?"
_MONTH: Final = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ZH_NUM: Final = r"([0-9零〇一二两三四五六七八九十百几多好]+)"


def _en_number(token: str) -> int:
    return int(token) if token.isdigit() else _EN_NUMBERS.get(token, 1)


def _zh_number(token: str) -> int:
    if token in {"几", "多", "几十", "好多", "好几"}:
        return 3
    value = numeral_to_int(token.replace("几", "").replace("多", "").replace("好", ""))
    return value if value is not None else 3


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _nearest(month: int, day: int, ref: date) -> date | None:
    """The date with this month and day closest to ``ref`` (for "on June 5" without a year)."""
    candidates = [_safe_date(y, month, day) for y in (ref.year - 1, ref.year, ref.year + 1)]
    valid = [c for c in candidates if c is not None]
    return min(valid, key=lambda c: abs((c - ref).days)) if valid else None


# An extractor gets the match and the message date and returns (days offset or date, exactness).
# Offsets in days; a ``date`` when the expression names a day.
Resolved = tuple[int | date, bool]
Extractor = Callable[[re.Match[str], date], Resolved | None]


def _offset(sign: int, unit_days: int, exact: bool = False) -> Extractor:
    return lambda m, ref: (sign * unit_days, exact)


def _en_ago(m: re.Match[str], ref: date) -> Resolved:
    days = -_en_number(m.group(1)) * _UNIT_DAYS[m.group(2)]
    return (
        (ref + timedelta(days=days), m.group(2) in {"day", "week"})
        if abs(days) < 60
        else (
            days,
            False,
        )
    )


def _en_in(m: re.Match[str], ref: date) -> Resolved:
    days = _en_number(m.group(1)) * _UNIT_DAYS[m.group(2)]
    return (
        (ref + timedelta(days=days), m.group(2) in {"day", "week"})
        if days < 60
        else (
            days,
            False,
        )
    )


def _en_duration(m: re.Match[str], ref: date) -> Resolved:
    # "(married) for 10 years": the event is that long ago
    return (-_en_number(m.group(1)) * _UNIT_DAYS[m.group(2)], False)


def _en_year(m: re.Match[str], ref: date) -> Resolved:
    year = int(m.group(1))
    return ((year - ref.year) * 365, False)


def _en_month_day(m: re.Match[str], ref: date) -> Resolved | None:
    month, day = _MONTHS[m.group(1)], int(m.group(2))
    year = m.group(3)
    found = _safe_date(int(year), month, day) if year else _nearest(month, day, ref)
    return (found, True) if found else None


def _en_day_month(m: re.Match[str], ref: date) -> Resolved | None:
    day, month = int(m.group(1)), _MONTHS[m.group(2)]
    year = m.group(3)
    found = _safe_date(int(year), month, day) if year else _nearest(month, day, ref)
    return (found, True) if found else None


def _en_month(m: re.Match[str], ref: date) -> Resolved | None:
    found = _nearest(_MONTHS[m.group(1)], 15, ref)  # "in June": some day that month, this year
    return None if found is None else ((found - ref).days, False)


def _en_decade(m: re.Match[str], ref: date) -> Resolved:
    decade = int(m.group(1)) * 10
    century = 1900 if 1900 + decade + 100 > ref.year + 10 else 2000
    # "the 90s" is 1990s; "the 10s" 2010s; the middle of the decade stands for it
    year = (2000 + decade) if 2000 + decade <= ref.year else century + decade
    return ((year + 5 - ref.year) * 365, False)


def _iso_date(m: re.Match[str], ref: date) -> Resolved | None:
    found = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return (found, True) if found else None


def _zh_ago(m: re.Match[str], ref: date) -> Resolved:
    unit = {"天": 1, "日": 1, "周": 7, "星期": 7, "礼拜": 7, "个月": 30, "月": 30, "年": 365}
    days = -_zh_number(m.group(1)) * unit[m.group(2)]
    return (ref + timedelta(days=days), abs(days) < 15) if abs(days) < 60 else (days, False)


def _zh_later(m: re.Match[str], ref: date) -> Resolved:
    unit = {"天": 1, "日": 1, "周": 7, "星期": 7, "礼拜": 7, "个月": 30, "月": 30, "年": 365}
    days = _zh_number(m.group(1)) * unit[m.group(2)]
    return (ref + timedelta(days=days), days < 15) if days < 60 else (days, False)


def _zh_duration(m: re.Match[str], ref: date) -> Resolved:
    return (-_zh_number(m.group(1)) * 365, False)


def _zh_full_date(m: re.Match[str], ref: date) -> Resolved | None:
    found = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return (found, True) if found else None


def _zh_month_day(m: re.Match[str], ref: date) -> Resolved | None:
    month, day = numeral_to_int(m.group(1)), numeral_to_int(m.group(2))
    if month is None or day is None:
        return None
    found = _nearest(month, day, ref)
    return (found, True) if found else None


def _zh_month(m: re.Match[str], ref: date) -> Resolved | None:
    month = numeral_to_int(m.group(1))
    if month is None or not 1 <= month <= 12:
        return None
    found = _nearest(month, 15, ref)  # "三月": some day that month, the nearest one
    return None if found is None else ((found - ref).days, False)


def _zh_year(m: re.Match[str], ref: date) -> Resolved:
    return ((int(m.group(1)) - ref.year) * 365, False)


def _zh_year_cn(m: re.Match[str], ref: date) -> Resolved | None:
    year = numeral_to_int(m.group(1))
    return None if year is None else ((year - ref.year) * 365, False)


def _relative_day(days: int) -> Extractor:
    return lambda m, ref: (ref + timedelta(days=days), True)


def _relative_month(months: int) -> Extractor:
    return lambda m, ref: (_add_months(ref, months), False)


_YEAR_CONTEXT: Final = (
    r"(?:in|since|of|from|during|until|by|around|circa|early|late|mid|summer|winter|spring|"
    r"fall|autumn|back in|year|,)"
)

# (pattern, extractor) per language; the patterns run on lower-cased or simplified text.
EN_TIME: Final[tuple[tuple[re.Pattern[str], Extractor], ...]] = (
    (re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"), _iso_date),
    (re.compile(rf"\b{_MONTH} (\d{{1,2}})(?:st|nd|rd|th)?(?:,? (\d{{4}}))?\b"), _en_month_day),
    (
        re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?{_MONTH}(?:,? (\d{{4}}))?\b"),
        _en_day_month,
    ),
    (re.compile(rf"\b{_NUM} {_UNIT} ago\b"), _en_ago),
    (
        re.compile(
            rf"\b(?:in|last|this|next|since|early|late|mid|during|until|from|by) {_MONTH}"
            r"(?!\s*\d)"
        ),
        _en_month,
    ),
    (re.compile(r"\b(?:decades|years|ages|a long time|long) ago\b"), _offset(-1, 3650)),
    (re.compile(rf"\bin (?:the next )?{_NUM} {_UNIT}\b"), _en_in),
    (re.compile(rf"\b(?:for|over|nearly|almost|about) {_NUM} {_UNIT}\b"), _en_duration),
    (re.compile(rf"\b{_YEAR_CONTEXT} ((?:19|20)\d\d)\b(?![-/]?\d)"), _en_year),
    (re.compile(r"\b(?:last|past) year\b"), _offset(-1, 365)),
    (re.compile(r"\bnext year\b"), _offset(1, 365)),
    (re.compile(r"\bthis year\b"), _offset(1, 0)),
    (re.compile(r"\blast month\b"), _relative_month(-1)),
    (re.compile(r"\bnext month\b"), _relative_month(1)),
    (re.compile(r"\blast week(?:end)?\b"), _relative_day(-7)),
    (re.compile(r"\bnext week(?:end)?\b"), _relative_day(7)),
    (re.compile(r"\byesterday\b"), _relative_day(-1)),
    (re.compile(r"\btoday\b|\btonight\b"), _relative_day(0)),
    (re.compile(r"\btomorrow\b"), _relative_day(1)),
    (
        re.compile(
            r"\bwhen (?:i|we) (?:was|were) (?:young|younger|a kid|kids|little|small|in college|"
            r"a teenager|teenagers|a teen|a child|children|a baby|babies|a boy|a girl|at school|"
            r"in school|at uni|in my (?:teens|twenties|thirties|\w+ties))\b|"
            r"\b(?:growing up|as a (?:child|kid|teenager|teen|boy|girl)|in my (?:youth|childhood)|"
            r"years back|way back|(?:in|during) the (?:war|eighties|nineties|seventies|sixties))\b"
        ),
        _offset(-1, 3650),
    ),
    # "back in the 90s", "in the 2010s": a decade, placed at its middle
    (re.compile(r"\b(?:in|during|since|back in|from) the (?:'|19|20)?(\d)0'?s\b"), _en_decade),
    # near, undated-to-the-day expressions: within a week or a season of the message
    (
        re.compile(
            r"\b(?:on |last |this |next |since |by |until )?(?:monday|tuesday|wednesday|thursday|"
            r"friday|saturday|sunday)\b|\bthis (?:week(?:end)?|morning|afternoon|evening)\b|"
            r"\b(?:earlier|later) (?:today|this (?:week|month|year))\b|"
            r"\b(?:on|by|from|until|since) the \d{1,2}(?:st|nd|rd|th)\b"
        ),
        _offset(1, 0),
    ),
    (
        re.compile(
            r"\b(?:this|last|next|in the|over the|over|at|since|by) (?:spring|summer|autumn|fall|"
            r"winter|new year|christmas|easter|holidays)\b|"
            r"\b(?:end|start|beginning|middle) of (?:the|this|next|last) (?:month|year|week)\b"
        ),
        _offset(1, 0),
    ),
)

ZH_TIME: Final[tuple[tuple[re.Pattern[str], Extractor], ...]] = (
    (re.compile(r"((?:19|20)\d\d)[年/.-](\d{1,2})[月/.-](\d{1,2})[日号]?"), _zh_full_date),
    (
        re.compile(r"([0-9一二三四五六七八九十]{1,3})月([0-9一二三四五六七八九十]{1,3})[日号]"),
        _zh_month_day,
    ),
    (re.compile(rf"{_ZH_NUM}(天|日|周|星期|礼拜|个月|年)(?:以?前|之前)"), _zh_ago),
    (re.compile(rf"{_ZH_NUM}(天|日|周|星期|礼拜|个月|年)(?:以?后|之后)"), _zh_later),
    (
        re.compile(
            r"(?:很多|好多|好几|多)年(?:以?前|之前)|早年|当年|那年|年轻的?时候|小时候|很早(?:以前)?就?|"
            r"很久(?:以前|之前)|早就|多年来|好些年"
        ),
        _offset(-1, 3650),
    ),
    (
        re.compile(rf"(?:结婚|毕业|退休|住了|工作了|在一起)(?:都|已经|快|有)?{_ZH_NUM}年"),
        _zh_duration,
    ),
    (re.compile(rf"{_ZH_NUM}周年"), _zh_duration),
    (re.compile(r"((?:19|20)\d\d)年"), _zh_year),
    (re.compile(r"((?:一九|二〇|二零)[零〇一二三四五六七八九]{2})年"), _zh_year_cn),
    (re.compile(r"前年"), _offset(-1, 730)),
    (re.compile(r"后年"), _offset(1, 730)),
    (re.compile(r"去年"), _offset(-1, 365)),
    (re.compile(r"明年"), _offset(1, 365)),
    (re.compile(r"今年"), _offset(1, 0)),
    (re.compile(r"上个?月"), _relative_month(-1)),
    (re.compile(r"下个?月"), _relative_month(1)),
    (re.compile(r"上(?:个)?(?:周|星期|礼拜)"), _relative_day(-7)),
    (re.compile(r"下(?:个)?(?:周|星期|礼拜)"), _relative_day(7)),
    (re.compile(r"大前天"), _relative_day(-3)),
    (re.compile(r"(?<!大)前天"), _relative_day(-2)),
    (re.compile(r"昨天|昨日"), _relative_day(-1)),
    (re.compile(r"今天|今日"), _relative_day(0)),
    (re.compile(r"明天|明日"), _relative_day(1)),
    (re.compile(r"(?<!前)后天"), _relative_day(2)),
    (
        re.compile(
            r"(?<![0-9一二三四五六七八九十])([0-9]{1,2}|[一二三四五六七八九十]{1,2})月(?:初|中|底|末|份)?"
            r"(?![0-9一二三四五六七八九十]{1,3}[日号])"
        ),
        _zh_month,
    ),
    (
        re.compile(
            r"年初|年底|年中|年末|月初|月底|月中|本月|这个月|本周|这周|这个?星期|这个?礼拜|"
            r"(?:周|星期|礼拜)[一二三四五六日天末]|国庆|春节|过年|元旦|中秋|端午|最近|前几天|"
            r"这几天|前阵子|不久前|前几周|前些天|上旬|下旬|近期|近日|日前|刚刚|即将"
        ),
        _offset(1, 0),
    ),
)


@lru_cache(maxsize=4096)
def time_info(text: str, ref: date, *, chinese: bool) -> TimeInfo:
    """The timing of the event a clause or sentence talks about.

    The most distant expression wins (``since our wedding in 1998`` is distant even if the
    sentence also says ``this year``); the date is kept only when an expression names a day.
    """
    table = ZH_TIME if chinese else EN_TIME
    worst_days = 0
    event_date: date | None = None
    found = False
    for pattern, extract in table:
        for match in pattern.finditer(text):
            resolved = extract(match, ref)
            if resolved is None:
                continue
            found = True
            value, exact = resolved
            days = (value - ref).days if isinstance(value, date) else value
            if abs(days) >= abs(worst_days):
                worst_days = days
            if isinstance(value, date) and exact and event_date is None:
                event_date = value
    if not found:
        return TimeInfo(Timing.NONE)
    if worst_days < -RECENT_DAYS:
        return TimeInfo(Timing.DISTANT_PAST)
    if worst_days > RECENT_DAYS:
        return TimeInfo(Timing.FAR_FUTURE)
    return TimeInfo(Timing.RECENT, event_date)
