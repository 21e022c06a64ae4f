"""Call center: one call record exported by the contact-center platform after wrap-up.

Native shape::

    {
      "call_id": "CA0000012345",
      "started_at": "2025-03-04T05:22:05-05:00",   # ISO 8601 with the site's offset
      "ended_at": "2025-03-04T05:31:40-05:00",     # optional
      "direction": "inbound" | "outbound",          # optional, inbound when absent
      "ani": "(415) 555-0134",                     # caller number as the switch saw it
      "agent_id": "AG0123",
      "queue": "billing" | "service" | "retention" | "sales" | …,
      "disposition": "resolved" | "complaint" | "address_change" | "profile_update"
                     | "sales_offer" | "callback" | "bereavement",
      "notes": "…",                                 # agent's wrap-up notes, free text
      "customer": {                                 # what the agent's CRM screen showed
        "account_no": "A12345678", "email": "…", "crm_contact_id": "CRM-00012345",
        "dob": "07/14/1985"                         # MM/DD/YYYY, verified at security check
      },
      "updates": {"address": "…", "marital_status": "…", …}   # fields the agent changed
    }

For an outbound call the ``ani`` is the number dialled, i.e. still the customer's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from streams.adapters.base import ChannelAdapter, Mapped, identifiers

_DIRECTIONS = {"inbound": "inbound", "outbound": "outbound", "in": "inbound", "out": "outbound"}
_DISPOSITIONS = {
    "resolved": "call",
    "callback": "call",
    "complaint": "complaint",
    "address_change": "address_update",
    "profile_update": "profile_update",
    "sales_offer": "campaign",
    "bereavement": "service_request",
    "service_request": "service_request",
}


class CallCenterAdapter(ChannelAdapter):
    channel = "call_center"
    source_system = "genesys"

    def _map(self, native: Mapping[str, Any]) -> Mapped:
        nid = self.native_id(native, "call_id")
        started = self.iso_time(native, "started_at", native_id=nid)
        direction = self.choice(native, "direction", _DIRECTIONS, default="inbound", native_id=nid)
        kind = self.choice(native, "disposition", _DISPOSITIONS, native_id=nid)
        if kind == "campaign" and direction == "inbound":
            kind = "call"  # an offer made during a call the customer placed
        attributes: dict[str, Any] = {
            "agent_id": self.text(native, "agent_id", native_id=nid),
            "queue": self.text(native, "queue", native_id=nid),
            "disposition": self.text(native, "disposition", native_id=nid),
            "date_of_birth": self.date_text(native, "customer.dob", "%m/%d/%Y", native_id=nid),
        }
        if self.get(native, "ended_at") is not None:
            ended = self.iso_time(native, "ended_at", native_id=nid)
            attributes["duration_s"] = max(0, int((ended - started).total_seconds()))
        for key, value in self.mapping(native, "updates", native_id=nid).items():
            attributes[str(key)] = self.as_text(value, f"updates.{key}", native_id=nid)
        return Mapped(
            native_id=nid,
            occurred_at=started,
            direction=direction,
            interaction_type=kind,
            identifiers=identifiers(
                phone=self.text(native, "ani", native_id=nid),
                account_id=self.text(native, "customer.account_no", native_id=nid),
                email=self.text(native, "customer.email", native_id=nid),
                crm_id=self.text(native, "customer.crm_contact_id", native_id=nid),
            ),
            text=self.text(native, "notes", native_id=nid),
            attributes=attributes,
        )
