"""SMS: one message resource from the SMS provider's API (Twilio-style).

Native shape::

    {
      "sid": "SM3f…",                                 # provider's message id
      "date_sent": "Tue, 04 Mar 2025 10:22:05 +0000", # RFC 2822, UTC
      "from": "+14155550134",                         # E.164
      "to": "+18005550100",
      "body": "…",
      "direction": "inbound" | "outbound-api" | "outbound-reply",
      "messaging_service_sid": "MG…",
      "campaign_id": "CMP-2025-07" | null             # our tag on marketing sends
    }

The customer's number is ``from`` on inbound messages and ``to`` on outbound ones. An inbound
opt-out or opt-in keyword (STOP, UNSUBSCRIBE, 退订, TD, START, …) sets the ``sms_marketing``
consent, as carriers require us to honour it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from streams.adapters.base import ChannelAdapter, Mapped, identifiers

_DIRECTIONS = {
    "inbound": "inbound",
    "outbound-api": "outbound",
    "outbound-call": "outbound",
    "outbound-reply": "outbound",
}
OPT_OUT = frozenset(
    {"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "退订", "退訂", "td"}
)
OPT_IN = frozenset({"start", "unstop", "yes"})


class SmsAdapter(ChannelAdapter):
    channel = "sms"
    source_system = "twilio"

    def _map(self, native: Mapping[str, Any]) -> Mapped:
        nid = self.native_id(native, "sid")
        raw_direction = str(self.require(native, "direction", native_id=nid)).strip().lower()
        direction = self.choice(native, "direction", _DIRECTIONS, native_id=nid)
        customer = self.require(native, "from" if direction == "inbound" else "to", native_id=nid)
        body = self.text(native, "body", native_id=nid)
        campaign = self.text(native, "campaign_id", native_id=nid)
        consents: dict[str, bool] = {}
        if direction == "inbound":
            kind = "message"
            keyword = (body or "").strip().lower()
            if keyword in OPT_OUT:
                consents["sms_marketing"] = False
            elif keyword in OPT_IN:
                consents["sms_marketing"] = True
        elif raw_direction == "outbound-reply":
            kind = "message"
        else:
            kind = "campaign" if campaign else "notification"
        return Mapped(
            native_id=nid,
            occurred_at=self.rfc2822_time(native, "date_sent", native_id=nid),
            direction=direction,
            interaction_type=kind,
            identifiers=identifiers(phone=self.as_text(customer, "from/to", native_id=nid)),
            text=body,
            attributes={
                "campaign_id": campaign,
                "messaging_service": self.text(native, "messaging_service_sid", native_id=nid),
            },
            consents=consents,
        )
