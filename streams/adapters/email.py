"""E-mail: one message from the mail gateway that journals the service mailboxes and the
marketing platform's sends.

Native shape::

    {
      "message_id": "<1a2b.7f3e@mail.example.com>",   # RFC 5322 Message-ID
      "date": "Tue, 04 Mar 2025 10:22:05 +0800",      # RFC 2822 Date header
      "from": "Jane Doe <Jane.Doe@Gmail.com>",        # header as sent, display name optional
      "to": "service@chorus-retail.example",
      "subject": "…",
      "body": "…",                                   # plain-text part
      "direction": "in" | "out",
      "campaign_id": "CMP-2025-07" | null,             # marketing sends only
      "tags": ["complaint", …],                        # helpdesk triage tags, optional
      "crm_contact_id": "CRM-00012345"                 # helpdesk matched the sender, optional
    }

The customer is the sender of an inbound message and the recipient of an outbound one; the
display name, when present, becomes the ``name`` attribute. When the helpdesk matched the
customer's address to a CRM contact (e-mail-to-case), the contact id comes along as ``crm_id``.
"""

from __future__ import annotations

import email.utils
from collections.abc import Mapping
from typing import Any

from streams.adapters.base import ChannelAdapter, InvalidFieldError, Mapped, identifiers

_DIRECTIONS = {"in": "inbound", "inbound": "inbound", "out": "outbound", "outbound": "outbound"}


class EmailAdapter(ChannelAdapter):
    channel = "email"
    source_system = "mail-gateway"

    def _map(self, native: Mapping[str, Any]) -> Mapped:
        nid = self.native_id(native, "message_id").strip("<>")
        direction = self.choice(native, "direction", _DIRECTIONS, native_id=nid)
        party = "from" if direction == "inbound" else "to"
        header = self.require(native, party, native_id=nid)
        name, address = email.utils.parseaddr(str(header))
        if "@" not in address:
            raise InvalidFieldError(
                self.channel,
                f"{party!r} = {header!r} has no e-mail address",
                field=party,
                native_id=nid,
            )
        campaign = self.text(native, "campaign_id", native_id=nid)
        tags = self.get(native, "tags") or []
        if not isinstance(tags, list):
            raise InvalidFieldError(self.channel, "'tags' must be a list", native_id=nid)
        tag_set = {str(t).lower() for t in tags}
        if direction == "outbound":
            kind = "campaign" if campaign else "notification"
        else:
            kind = "complaint" if "complaint" in tag_set else "message"
        subject = self.text(native, "subject", native_id=nid)
        body = self.text(native, "body", native_id=nid)
        return Mapped(
            native_id=nid,
            occurred_at=self.rfc2822_time(native, "date", native_id=nid),
            direction=direction,
            interaction_type=kind,
            identifiers=identifiers(
                email=address,
                crm_id=self.text(native, "crm_contact_id", native_id=nid),
            ),
            text="\n\n".join(part for part in (subject, body) if part) or None,
            attributes={
                "subject": subject,
                "campaign_id": campaign,
                "name": name or None,
                "tags": ",".join(sorted(tag_set)) or None,
            },
        )
