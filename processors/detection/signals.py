"""Structured and behavioural signals: attribute transitions and purchase bursts, as data tables.

Each function is pure: it gets the previous value (from the state) and the new one and says
which life event, if any, the transition means. The detector owns the state.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from processors.detection.chinese import to_simplified


@dataclass(frozen=True, slots=True)
class Signal:
    """A life event a structured or behavioural signal points to."""

    type: str
    confidence: float
    details: dict[str, str] = field(default_factory=dict)


def _fold(value: str) -> str:
    """NFKC, simplified Chinese, lower case, single spaces: how attribute values are compared."""
    text = to_simplified(unicodedata.normalize("NFKC", value)).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


# --- marital status -------------------------------------------------------------------------

MARITAL_VALUES: Final[dict[str, tuple[str, ...]]] = {
    "single": ("single", "never married", "unmarried", "not married", "未婚", "单身"),
    "married": ("married", "civil partnership", "civil union", "domestic partnership", "已婚"),
    "divorced": ("divorced", "离婚", "离异", "已离婚"),
    "widowed": ("widowed", "widow", "widower", "丧偶"),
    "separated": ("separated", "分居"),
}
_MARITAL_LOOKUP: Final = {_fold(v): key for key, vals in MARITAL_VALUES.items() for v in vals}

MARITAL_TRANSITIONS: Final[dict[tuple[str, str], str]] = {
    ("single", "married"): "marriage",
    ("divorced", "married"): "marriage",
    ("widowed", "married"): "marriage",
    ("married", "divorced"): "divorce",
    ("separated", "divorced"): "divorce",
    ("married", "widowed"): "bereavement",
}
MARITAL_CONFIDENCE: Final = 0.9

# --- employment ------------------------------------------------------------------------------

EMPLOYMENT_VALUES: Final[dict[str, tuple[str, ...]]] = {
    "employed": (
        "employed",
        "full time",
        "part time",
        "full-time",
        "part-time",
        "employee",
        "在职",
        "就业",
        "上班",
    ),
    "self_employed": ("self employed", "self-employed", "freelance", "freelancer", "自雇", "个体"),
    "unemployed": ("unemployed", "jobseeker", "job seeker", "not employed", "失业", "无业", "待业"),
    "student": ("student", "学生", "在读"),
    "retired": ("retired", "retiree", "pensioner", "退休", "已退休"),
}
_EMPLOYMENT_LOOKUP: Final = {_fold(v): key for key, vals in EMPLOYMENT_VALUES.items() for v in vals}
EMPLOYMENT_TRANSITIONS: Final[dict[tuple[str, str], tuple[str, float]]] = {
    ("employed", "retired"): ("retirement", 0.9),
    ("self_employed", "retired"): ("retirement", 0.9),
    ("unemployed", "retired"): ("retirement", 0.85),
    ("unemployed", "employed"): ("new_job", 0.85),
    ("student", "employed"): ("new_job", 0.8),
}

NOT_AN_EMPLOYER: Final = frozenset(
    {
        "",
        "none",
        "n a",
        "na",
        "unemployed",
        "retired",
        "self",
        "self employed",
        "student",
        "无",
        "没有",
        "退休",
        "无业",
    }
)
_LEGAL_SUFFIX_RE: Final = re.compile(
    r"\b(?:inc|incorporated|llc|ltd|limited|corp|corporation|co|company|plc|gmbh|ag|sa|pty)\b|"
    r"股份有限公司|有限责任公司|有限公司|集团|公司"
)
EMPLOYER_CONFIDENCE: Final = 0.9

# Job title seniority: first matching pattern gives the rank; a title matching none is rank 2.
TITLE_RANKS: Final[tuple[tuple[str, int], ...]] = (
    (r"\b(?:senior|executive) vice president\b|\bsvp\b|\bevp\b|高级副总裁|执行副总裁", 10),
    (r"\bvice president\b|\bvp\b|副总裁|副总经理|副总", 9),
    (
        r"\bchief\b|\bceo\b|\bcto\b|\bcfo\b|\bcoo\b|\bpresident\b|\bpartner\b|总裁|总经理|首席|"
        r"合伙人|董事长",
        11,
    ),
    (r"\bsenior director\b|高级总监", 8),
    (r"\bdirector\b|\bhead of\b|总监|部长", 7),
    (r"\bsenior manager\b|高级经理", 6),
    (r"\b(?:assistant|deputy|associate) manager\b|副经理", 4),
    (r"\bmanager\b|经理|主任", 5),
    (r"\blead\b|\bprincipal\b|\bstaff\b|\bsupervisor\b|主管|组长", 4),
    (r"\bsenior\b|\bsr\b|高级|资深", 3),
    (r"\bjunior\b|\bjr\b|\bassistant\b|助理|初级", 1),
    (r"\bintern\b|\btrainee\b|\bapprentice\b|实习", 0),
)
_TITLE_RANKS: Final = tuple((re.compile(p), rank) for p, rank in TITLE_RANKS)
BASE_TITLE_RANK: Final = 2
PROMOTION_CONFIDENCE: Final = 0.85

DEPENDENTS_CONFIDENCE: Final = 0.8
"""Lower than other structured signals: a new dependant is not always a newborn."""

# --- behaviour -------------------------------------------------------------------------------

BABY_CATEGORY: Final = re.compile(
    r"\b(?:newborn|infant|baby|babies|diapers?|nappies|nappy|formula|crib|cot|stroller|pram|"
    r"pushchair|maternity|nursery|pacifier|bassinet|onesie)s?\b|婴儿|婴童|母婴|奶粉|尿布|纸尿裤|"
    r"尿不湿|婴儿车|婴儿床|新生儿|孕妇|奶瓶|童车"
)
BEHAVIOUR_CONFIDENCE: Final = 0.6
PURCHASE_TYPES: Final = frozenset({"purchase", "order"})


def marital_status(value: str) -> str | None:
    return _MARITAL_LOOKUP.get(_fold(value))


def employment_status(value: str) -> str | None:
    return _EMPLOYMENT_LOOKUP.get(_fold(value))


def employer_key(value: str) -> str:
    """An employer name folded for comparison (``"ACME Inc."`` == ``"Acme"``); "" if none."""
    folded = _fold(value)
    if folded in NOT_AN_EMPLOYER:
        return ""
    return " ".join(_LEGAL_SUFFIX_RE.sub(" ", folded).split()) or folded


def title_rank(title: str) -> int:
    folded = _fold(title)
    for pattern, rank in _TITLE_RANKS:
        if pattern.search(folded):
            return rank
    return BASE_TITLE_RANK


def is_baby_category(category: str) -> bool:
    return BABY_CATEGORY.search(_fold(category).replace("_", " ")) is not None


def marital_signal(old: str, new: str) -> Signal | None:
    before, after = marital_status(old), marital_status(new)
    if before is None or after is None:
        return None
    life_event = MARITAL_TRANSITIONS.get((before, after))
    if life_event is None:
        return None
    return Signal(
        life_event, MARITAL_CONFIDENCE, {"attribute": "marital_status", "from": old, "to": new}
    )


def employment_signal(old: str, new: str) -> Signal | None:
    before, after = employment_status(old), employment_status(new)
    if before is None or after is None:
        return None
    found = EMPLOYMENT_TRANSITIONS.get((before, after))
    if found is None:
        return None
    return Signal(found[0], found[1], {"attribute": "employment_status", "from": old, "to": new})


def employer_signal(old: str, new: str) -> Signal | None:
    before, after = employer_key(old), employer_key(new)
    if not before or not after or before == after:
        return None
    return Signal("new_job", EMPLOYER_CONFIDENCE, {"attribute": "employer", "from": old, "to": new})


def title_signal(old: str, new: str) -> Signal | None:
    """A higher-ranked title; the caller checks the employer did not change."""
    if _fold(old) == _fold(new) or title_rank(new) <= title_rank(old):
        return None
    return Signal(
        "promotion", PROMOTION_CONFIDENCE, {"attribute": "job_title", "from": old, "to": new}
    )


def dependents_signal(old: str, new: str) -> Signal | None:
    try:
        before, after = int(old.strip()), int(new.strip())
    except ValueError:
        return None
    if after <= before or before < 0:
        return None
    return Signal(
        "new_baby", DEPENDENTS_CONFIDENCE, {"attribute": "dependents_count", "from": old, "to": new}
    )


def surname_changed(old: str, new: str) -> bool:
    return bool(_fold(old)) and bool(_fold(new)) and _fold(old) != _fold(new)


_DOB_RE: Final = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def parse_date_of_birth(value: str) -> date | None:
    """``1985-06-15``, ``1985/6/15``, ``1985.06.15``, ``1985年6月15日``; None otherwise."""
    match = _DOB_RE.match(unicodedata.normalize("NFKC", value))
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
