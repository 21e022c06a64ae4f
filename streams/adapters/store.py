"""Store: one receipt from the point-of-sale system, uploaded by each store's back office.

Native shape::

    {
      "receipt_no": "US-S012-20250304-000173",
      "ts": "2025-03-04 18:22:05",              # store's local wall-clock time …
      "tz_offset": "-06:00",                    # … and its UTC offset at that moment
      "store_id": "US-S012",
      "register": 3,
      "type": "sale" | "return",
      "loyalty_card": "LC0012345678" | null,    # scanned card
      "phone": "…" | null,                       # typed for an e-receipt, optional
      "currency": "USD",
      "tender": "card" | "cash" | "mobile",
      "lines": [{"sku": "…", "category": "baby", "qty": 1, "amount": "12.99"}, …]
    }

Amounts are decimal strings per line (negative on returns). The interaction's ``amount`` is
their sum, ``product_category`` the category of the largest line and ``categories`` all of
them. A receipt with neither loyalty card nor phone is anonymous and raises
NoIdentifierError: the caller decides to skip it.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from streams.adapters.base import ChannelAdapter, InvalidFieldError, Mapped, identifiers

_TYPES = {"sale": "purchase", "return": "return", "refund": "return"}


class StoreAdapter(ChannelAdapter):
    channel = "store"
    source_system = "pos"

    def _map(self, native: Mapping[str, Any]) -> Mapped:
        nid = self.native_id(native, "receipt_no")
        offset = self.require(native, "tz_offset", native_id=nid)
        occurred = self.local_time(native, "ts", "%Y-%m-%d %H:%M:%S", str(offset), native_id=nid)
        kind = self.choice(native, "type", _TYPES, default="purchase", native_id=nid)
        lines = self.require(native, "lines", native_id=nid)
        if not isinstance(lines, list) or not lines:
            raise InvalidFieldError(
                self.channel, "'lines' must be a non-empty list", field="lines", native_id=nid
            )
        total = Decimal("0")
        biggest: tuple[Decimal, str] | None = None
        categories: set[str] = set()
        for i, line in enumerate(lines):
            if not isinstance(line, Mapping):
                raise InvalidFieldError(self.channel, f"lines[{i}] is not an object", native_id=nid)
            amount = self.amount(self.require(line, "amount", native_id=nid), f"lines[{i}].amount")
            total += amount
            category = self.text(line, "category", native_id=nid)
            if category:
                categories.add(category)
                if biggest is None or abs(amount) > biggest[0]:
                    biggest = (abs(amount), category)
        return Mapped(
            native_id=nid,
            occurred_at=occurred,
            direction="inbound",
            interaction_type=kind,
            identifiers=identifiers(
                loyalty_id=self.text(native, "loyalty_card", native_id=nid),
                phone=self.text(native, "phone", native_id=nid),
            ),
            attributes={
                "store_id": self.text(native, "store_id", native_id=nid),
                "amount": total.quantize(Decimal("0.01")),
                "currency": self.text(native, "currency", native_id=nid),
                "product_category": biggest[1] if biggest else None,
                "categories": ",".join(sorted(categories)) or None,
                "items": len(lines),
                "tender": self.text(native, "tender", native_id=nid),
            },
        )
