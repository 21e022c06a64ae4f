"""A classifier rule: the life-event type, its trigger pattern, confidence and subject; and
the ``<MACRO>`` expansion of patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Subject = Literal["explicit", "infer"]


@dataclass(frozen=True, slots=True)
class RuleSpec:
    type: str
    pattern: str
    confidence: float
    subject: Subject = "explicit"
    needs_date: bool = False
    """A weak trigger that counts only with a time expression within about a year ("I'm due
    in May", "下个月去腾讯上班"): undated, it is as likely a state or a habit as news."""


def expand(pattern: str, macros: dict[str, str]) -> str:
    """Replace ``<NAME>`` placeholders (recursively) by their macro text."""
    placeholder = re.compile(r"<([A-Z_]+)>")
    for _ in range(5):
        expanded = placeholder.sub(lambda m: macros.get(m.group(1), m.group(0)), pattern)
        if expanded == pattern:
            break
        pattern = expanded
    return pattern
