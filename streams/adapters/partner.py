"""Partner: one lead or order from the authorised-dealer portal (furniture, appliance and car
dealers who sell with our financing and loyalty programme).

Native shape::

    {
      "lead_id": "D17-000123",
      "dealer_id": "D17",
      "submitted_at": "2025-03-04 10:22:05",       # portal time, documented as UTC
      "kind": "enquiry" | "quote" | "test_drive" | "purchase" | "delivery" | "service",
      "dealer_customer_id": "C-00042",             # the dealer's own customer number
      "contact": {"name": "…", "email": "…", "phone": "…"},   # typed by dealer staff
      "loyalty_card": "…" | null,                  # when the customer shows our card
      "product": {"category": "furniture", "model": "…", "amount": "1299.00",
                  "currency": "USD"},
      "delivery_address": "…" | null,
      "notes": "…"
    }

The dealer's customer number becomes ``crm_id`` namespaced by dealer
(``"D17:C-00042"``) so it can never collide with our CRM ids or another dealer's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from streams.adapters.base import ChannelAdapter, Mapped, identifiers

_KINDS = {
    "enquiry": "service_request",
    "quote": "service_request",
    "test_drive": "visit",
    "purchase": "purchase",
    "delivery": "purchase",
    "service": "service_request",
}


class PartnerAdapter(ChannelAdapter):
    channel = "partner"
    source_system = "dealer-portal"

    def _map(self, native: Mapping[str, Any]) -> Mapped:
        nid = self.native_id(native, "lead_id")
        dealer = self.as_text(self.require(native, "dealer_id", native_id=nid), "dealer_id")
        kind = self.choice(native, "kind", _KINDS, native_id=nid)
        dealer_customer = self.text(native, "dealer_customer_id", native_id=nid)
        amount = self.get(native, "product.amount")
        return Mapped(
            native_id=nid,
            occurred_at=self.utc_wall_time(
                native, "submitted_at", "%Y-%m-%d %H:%M:%S", native_id=nid
            ),
            direction="inbound",
            interaction_type=kind,
            identifiers=identifiers(
                crm_id=f"{dealer}:{dealer_customer}" if dealer_customer else None,
                email=self.text(native, "contact.email", native_id=nid),
                phone=self.text(native, "contact.phone", native_id=nid),
                loyalty_id=self.text(native, "loyalty_card", native_id=nid),
            ),
            text=self.text(native, "notes", native_id=nid),
            attributes={
                "dealer_id": dealer,
                "partner_kind": self.text(native, "kind", native_id=nid),
                "name": self.text(native, "contact.name", native_id=nid),
                "product_category": self.text(native, "product.category", native_id=nid),
                "model": self.text(native, "product.model", native_id=nid),
                "amount": None
                if amount is None
                else self.amount(amount, "product.amount", native_id=nid),
                "currency": self.text(native, "product.currency", native_id=nid),
                "address": self.text(native, "delivery_address", native_id=nid),
            },
        )
