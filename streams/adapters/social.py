"""Social: one public post, reply or review captured by the social-listening tool.

Native shape::

    {
      "post_id": "1765432109876543210",
      "created_time": "Tue Mar 04 10:22:05 +0000 2025"   # X/Twitter and Weibo style
                    | "2025-03-04T10:22:05+0000",        # Facebook/Instagram/Threads style
      "platform": "twitter" | "facebook" | "instagram" | "weibo" | "xiaohongshu" | "threads",
      "handle": "@janedoe",                             # author (the brand's, on replies)
      "display_name": "Jane D.",
      "kind": "post" | "reply" | "review" | "brand_reply",
      "in_reply_to": {"post_id": "…", "handle": "@janedoe"},   # brand_reply: the customer
      "text": "…",
      "rating": 4,                                       # reviews
      "tags": ["complaint"],                             # listening tool's classifier
      "author_contact": {"email": "jane@…", "phone": "…"}  # social care linked the author
    }

The schema has no social-handle identifier, so the customer's handle travels as ``crm_id``
namespaced by platform (``"weibo:@小明爱旅行"``): the platform is the partner that issued the
id. Brand replies are outbound; their customer is the handle replied to. ``author_contact`` is
what the social-care team confirmed with the author in a private message (optional); its e-mail
and phone come along as identifiers.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from streams.adapters.base import ChannelAdapter, InvalidFieldError, Mapped, identifiers

_KINDS = {"post": "post", "reply": "post", "review": "review", "brand_reply": "message"}


class SocialAdapter(ChannelAdapter):
    channel = "social"
    source_system = "social-listening"

    def _map(self, native: Mapping[str, Any]) -> Mapped:
        nid = self.native_id(native, "post_id")
        platform = str(self.require(native, "platform", native_id=nid)).strip().lower()
        kind = self.choice(native, "kind", _KINDS, default="post", native_id=nid)
        outbound = str(self.get(native, "kind") or "").lower() == "brand_reply"
        handle_path = "in_reply_to.handle" if outbound else "handle"
        handle = self.as_text(self.get(native, handle_path), handle_path, native_id=nid)
        tags = self.get(native, "tags") or []
        if not isinstance(tags, list):
            raise InvalidFieldError(self.channel, "'tags' must be a list", native_id=nid)
        if not outbound and "complaint" in {str(t).lower() for t in tags}:
            kind = "complaint"
        return Mapped(
            native_id=nid,
            occurred_at=self._created(native, nid),
            direction="outbound" if outbound else "inbound",
            interaction_type=kind,
            identifiers=identifiers(
                crm_id=f"{platform}:{handle}" if handle else None,
                email=self.text(native, "author_contact.email", native_id=nid),
                phone=self.text(native, "author_contact.phone", native_id=nid),
            ),
            text=self.text(native, "text", native_id=nid),
            attributes={
                "platform": platform,
                "social_handle": handle,
                "display_name": None if outbound else self.text(native, "display_name"),
                "rating": self.text(native, "rating", native_id=nid),
                "in_reply_to": self.text(native, "in_reply_to.post_id", native_id=nid),
            },
        )

    def _created(self, native: Mapping[str, Any], nid: str) -> datetime:
        value = self.require(native, "created_time", native_id=nid)
        if isinstance(value, str) and value[:1].isalpha():
            # "Tue Mar 04 10:22:05 +0000 2025" is an RFC 2822 date with the year moved last;
            # reorder it rather than strptime("%a %b"), which follows the process locale.
            parts = value.split()
            if len(parts) == 6:
                day, month, mday, clock, offset, year = parts
                value = f"{day}, {mday} {month} {year} {clock} {offset}"
            return self.rfc2822_time({"created_time": value}, "created_time", native_id=nid)
        return self.iso_time(native, "created_time", native_id=nid)
