"""Money amounts of purchases and returns: what ``purchases.amount`` (Decimal(18, 2)) can hold.

Part of the contract because two rooms apply it: the router dead-letters an event whose amount
the table cannot hold (``invalid_number``), and the sink refuses one that reached its topic
another way, so that no stored purchase is silently missing from ``purchases``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

MONEY_TYPES = frozenset({"purchase", "return"})
#: ``purchases.amount`` is Decimal(18, 2): 16 digits before the point
AMOUNT_BOUND = Decimal(10) ** 16
# the plain decimal forms ClickHouse's toDecimal64OrNull reads as the number they say (it also
# reads "12.3.4" as 12.34 and "-" as 0: those are rejected here)
_AMOUNT = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE]([+-]?\d+))?", re.ASCII)
#: toDecimal64OrNull(_, 2) reads no exponent above this, whatever the mantissa ("0e17": NULL)
MAX_AMOUNT_EXPONENT = 16


def money_problem(record: Mapping[str, Any]) -> str | None:
    """Why the ``amount`` of a purchase or return cannot be stored, or None (also when the
    interaction is no purchase or carries no amount)."""
    if record.get("interaction_type") not in MONEY_TYPES:
        return None
    amount = (record.get("attributes") or {}).get("amount")
    if amount is None:
        return None
    problem = amount_problem(amount)
    if problem is None:
        return None
    return f"amount {preview(amount)} {problem}"


def preview(value: object, limit: int = 40) -> str:
    """``repr`` of a value, cut short: reasons must stay small whatever the input."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}…({len(text)} characters)"


def amount_problem(amount: str) -> str | None:
    """Why ``amount`` is not a storable money amount, or None when it is."""
    match = _AMOUNT.fullmatch(amount)
    if match is None:
        return "is not a decimal number"
    exponent = match.group(1)
    positive = exponent is not None and not exponent.startswith("-")
    if positive and (len(exponent) > 8 or int(exponent) > MAX_AMOUNT_EXPONENT):
        return f"is out of range (exponent above {MAX_AMOUNT_EXPONENT})"
    try:
        in_range = abs(Decimal(amount)) < AMOUNT_BOUND
    except ArithmeticError:  # an exponent past what decimal can represent, either way
        in_range = False
    if not in_range:
        return "is out of range (|amount| < 1e16 for Decimal(18, 2))"
    return None
