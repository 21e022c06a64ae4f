"""Mobile app: one analytics event from the iOS/Android app's event SDK.

Native shape::

    {
      "event_uuid": "9b1d…",            # SDK-generated, unique per event
      "client_ts": 1741083725123,       # epoch milliseconds, device clock (UTC)
      "install_id": "ios-…",            # one per app install (the device id)
      "user_id": "A12345678" | null,    # online account, once logged in
      "platform": "ios" | "android",
      "app_version": "5.2.1",
      "screen": "home",
      "action": "open" | "login" | "view_product" | "update_profile"
                | "push_delivered" | "push_opened" | "support_message",
      "payload": {                      # per action; all optional
        "product_category": "baby", "address": "…", "marital_status": "married",
        "title": "…", "body": "…", "campaign_id": "…",    # push_*
        "text": "…"                                        # support_message
        "consent": {"push_marketing": true}
      }
    }

``login`` carries the install id and the account id together: the app's identity link. Pushes
are outbound: the company reached the customer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from streams.adapters.base import ChannelAdapter, Mapped, identifiers

_ACTIONS = {
    "open": "page_view",
    "login": "login",
    "view_product": "page_view",
    "update_profile": "profile_update",
    "push_delivered": "notification",
    "push_opened": "notification",
    "support_message": "message",
}
_PAYLOAD_SKIP = {"text", "body", "consent"}


class MobileAppAdapter(ChannelAdapter):
    channel = "mobile_app"
    source_system = "app-events"

    def _map(self, native: Mapping[str, Any]) -> Mapped:
        nid = self.native_id(native, "event_uuid")
        action = self.text(native, "action", native_id=nid) or ""
        kind = self.choice(native, "action", _ACTIONS, native_id=nid)
        payload = self.mapping(native, "payload", native_id=nid)
        if kind == "profile_update" and self.get(payload, "address") is not None:
            kind = "address_update"
        if kind == "notification" and self.get(payload, "campaign_id") is not None:
            kind = "campaign"
        attributes: dict[str, Any] = {
            "page": self.text(native, "screen", native_id=nid),
            "platform": self.text(native, "platform", native_id=nid),
            "app_version": self.text(native, "app_version", native_id=nid),
            "action": action.lower(),
        }
        for key, value in payload.items():
            if key not in _PAYLOAD_SKIP:
                attributes[str(key)] = self.as_text(value, f"payload.{key}", native_id=nid)
        if action.lower().startswith("push"):
            parts = [self.text(payload, "title"), self.text(payload, "body")]
            text = "\n".join(p for p in parts if p) or None
        else:
            text = self.text(payload, "text", native_id=nid)
        return Mapped(
            native_id=nid,
            occurred_at=self.epoch_time(native, "client_ts", unit=1000, native_id=nid),
            direction="outbound" if kind in {"notification", "campaign"} else "inbound",
            interaction_type=kind,
            identifiers=identifiers(
                device_id=self.text(native, "install_id", native_id=nid),
                account_id=self.text(native, "user_id", native_id=nid),
            ),
            text=text,
            attributes=attributes,
            consents=self.consents(payload, "consent", native_id=nid),
        )
