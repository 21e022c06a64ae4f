"""Web: one hit of the website's clickstream collector.

Native shape (one JSON object per hit)::

    {
      "hit_id": "5f0c…",                     # collector's unique hit id
      "timestamp": "2025-03-04T10:22:05.123Z",  # ISO 8601, UTC
      "cookie_id": "ck-…",                   # first-party browser cookie
      "user": {"email": "…", "account": "A12345678", "phone": "…"} | null,  # once logged in;
                                            # phone: the number a sign-in code was sent to
      "page": "/account/address",
      "event": "page_view" | "search" | "login" | "form_submit",
      "query": "wedding registry",           # search only
      "form": {"name": "address" | "profile" | "preferences", "fields": {…}},  # form_submit
      "referrer": "https://…",
      "lang": "zh-CN",
      "consent": {"email_marketing": true, …},  # preferences form / cookie banner
      "email_click": {"subscriber": "jane@…", "campaign_id": "CMP-2025-07"}  # landed from a
                                            # tracked link in one of our e-mails
    }

A login hit carries the cookie and the account together: the web's identity link. A hit that
landed from a tracked e-mail link carries the cookie and the subscriber's address.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from streams.adapters.base import ChannelAdapter, Mapped, identifiers

_EVENTS = {
    "page_view": "page_view",
    "pageview": "page_view",
    "search": "search",
    "login": "login",
    "form_submit": "form_submit",
}
_FORMS = {"address": "address_update", "profile": "profile_update", "preferences": "profile_update"}


class WebAdapter(ChannelAdapter):
    channel = "web"
    source_system = "web-clickstream"

    def _map(self, native: Mapping[str, Any]) -> Mapped:
        nid = self.native_id(native, "hit_id")
        event = self.choice(native, "event", _EVENTS, native_id=nid)
        attributes: dict[str, Any] = {
            "page": self.text(native, "page", native_id=nid),
            "referrer": self.text(native, "referrer", native_id=nid),
            "lang": self.text(native, "lang", native_id=nid),
        }
        if event == "form_submit":
            form_name = self.choice(native, "form.name", _FORMS, native_id=nid)
            kind = form_name
            fields = self.mapping(native, "form.fields", native_id=nid)
            attributes["form"] = self.text(native, "form.name", native_id=nid)
            for key, value in fields.items():
                attributes[str(key)] = self.as_text(value, f"form.fields.{key}", native_id=nid)
        else:
            kind = event
        consents = self.consents(native, "consent", native_id=nid)
        return Mapped(
            native_id=nid,
            occurred_at=self.iso_time(native, "timestamp", native_id=nid),
            direction="inbound",
            interaction_type=kind,
            identifiers=identifiers(
                device_id=self.text(native, "cookie_id", native_id=nid),
                email=self.text(native, "user.email", native_id=nid)
                or self.text(native, "email_click.subscriber", native_id=nid),
                account_id=self.text(native, "user.account", native_id=nid),
                phone=self.text(native, "user.phone", native_id=nid),
            ),
            text=self.text(native, "query", native_id=nid) if kind == "search" else None,
            attributes=attributes,
            consents=consents,
        )
