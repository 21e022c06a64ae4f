"""Chat: one message of a live-chat conversation (website widget or in-app), as the chat
platform's webhook delivers it.

Native shape::

    {
      "conversation_id": "CV-00012345",
      "seq": 3,                                   # message number within the conversation
      "sent_at": 1741083725.512,                  # epoch seconds (float), UTC
      "author": {"type": "visitor" | "agent" | "bot", "name": "Jane"},
      "visitor": {                                # what the pre-chat form / session knows
        "id": "ck-…",                             # widget cookie
        "email": "…", "phone": "…", "account": "A12345678"
      },
      "text": "…",
      "locale": "zh-TW",
      "tags": ["complaint"]                       # set by the agent, optional
    }

Visitor messages are inbound, agent and bot messages outbound; both belong to the visitor.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from streams.adapters.base import ChannelAdapter, InvalidFieldError, Mapped, identifiers

_AUTHORS = {"visitor": "inbound", "customer": "inbound", "agent": "outbound", "bot": "outbound"}


class ChatAdapter(ChannelAdapter):
    channel = "chat"
    source_system = "livechat"

    def _map(self, native: Mapping[str, Any]) -> Mapped:
        nid = self.native_id(native, "conversation_id", "seq")
        direction = self.choice(native, "author.type", _AUTHORS, native_id=nid)
        tags = self.get(native, "tags") or []
        if not isinstance(tags, list):
            raise InvalidFieldError(self.channel, "'tags' must be a list", native_id=nid)
        complaint = direction == "inbound" and "complaint" in {str(t).lower() for t in tags}
        return Mapped(
            native_id=nid,
            occurred_at=self.epoch_time(native, "sent_at", unit=1, native_id=nid),
            direction=direction,
            interaction_type="complaint" if complaint else "message",
            identifiers=identifiers(
                device_id=self.text(native, "visitor.id", native_id=nid),
                email=self.text(native, "visitor.email", native_id=nid),
                phone=self.text(native, "visitor.phone", native_id=nid),
                account_id=self.text(native, "visitor.account", native_id=nid),
            ),
            text=self.text(native, "text", native_id=nid),
            attributes={
                "conversation_id": self.text(native, "conversation_id", native_id=nid),
                "author": self.text(native, "author.type", native_id=nid),
                "agent_name": self.text(native, "author.name", native_id=nid)
                if direction == "outbound"
                else None,
                "lang": self.text(native, "locale", native_id=nid),
            },
        )
