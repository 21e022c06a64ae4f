"""The simulated source systems: each builds a record in its channel's *native* shape (the ones
the adapters document), with that system's own id scheme, time format and habits.

Systems of record remember whom they have dealt with, and the first contact is where they link a
person's identifiers, as real ones do: the contact centre identifies a new caller against the
CRM; the branch confirms the phone on file at the first visit; the till asks a card's member for
their phone the first time the card is used; the chat widget's pre-chat form asks a new visitor
for e-mail and phone; a dealer registers a new customer with both; the website's sign-in on a
browser it does not remember takes the e-mail address. After that each system relies on what it
already knows (a cookie, a card, a caller id) and records only that.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from random import Random
from typing import Any, Final

from streams.simulator import vocab
from streams.simulator.people import (
    Person,
    hex_id,
    render_email,
    render_phone,
    switch_number,
    uuid_like,
)

NOISE: Final = 0.3  # share of hand-typed identifiers in a non-canonical form
HELPDESK_MATCH: Final = 0.8  # inbound mails the helpdesk matched to a CRM contact
SOCIAL_CARE_LINKED: Final = 0.7  # customer posts whose author social care has confirmed
LANG: Final = {"US": "en-US", "CN": "zh-CN", "TW": "zh-TW", "HK": "zh-HK"}
SERVICE_MAILBOX: Final = "service@chorus-retail.example"
MARKETING_SENDER: Final = "Chorus Home <news@chorus-retail.example>"
_DAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS: Final = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
SMS_NUMBER: Final = {
    "US": "+18005550100",
    "CN": "+8610695500",
    "TW": "+886800555100",
    "HK": "+85230085550",
}


def local_tz(person: Person) -> timezone:
    return timezone(timedelta(minutes=person.address.utc_offset_min))


def iso_z(moment: datetime) -> str:
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def rfc2822(moment: datetime) -> str:
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return (
        f"{_DAYS[moment.weekday()]}, {moment.day:02d} {_MONTHS[moment.month - 1]} {moment.year} "
        f"{moment:%H:%M:%S} {sign}{minutes // 60:02d}{minutes % 60:02d}"
    )


class Sources:
    """Native-record factories; ``seq`` numbers records so ids stay unique within a run."""

    def __init__(self, rng: Random, noise_scale: float = 1.0) -> None:
        self.rng = rng
        self.seq = 0
        # 0 gives clean data: every identifier in its canonical form (SimulationConfig.noise)
        self.noise_scale = noise_scale
        self._met: set[tuple[str, str]] = set()

    def _next(self) -> int:
        self.seq += 1
        return self.seq

    def first_contact(self, system: str, key: str) -> bool:
        """Whether ``system`` deals with ``key`` (a person, a card, a cookie, an install) for the
        first time in this run; notes it, so only the first call says True."""
        if (system, key) in self._met:
            return False
        self._met.add((system, key))
        return True

    def phone_as_typed(self, p: Person, noise: float = NOISE, *, by_customer: bool = False) -> str:
        return render_phone(
            self.rng, p.phone, p.region, noise * self.noise_scale, by_customer=by_customer
        )

    def email_as_typed(self, p: Person, noise: float = NOISE) -> str:
        return render_email(self.rng, p.email, noise * self.noise_scale)

    # --- web --------------------------------------------------------------------------------------

    def web_hit(
        self,
        p: Person,
        at: datetime,
        event: str,
        *,
        cookie: str,
        user: dict[str, Any] | None,
        page: str,
        query: str | None = None,
        form: dict[str, Any] | None = None,
        consent: dict[str, bool] | None = None,
        email_click: str | None = None,
    ) -> dict[str, Any]:
        self._next()
        if (
            event == "login"
            and user is not None
            and user.get("account")
            and self.first_contact("web-login", cookie)
            and not user.get("email")
        ):
            # a browser the site does not remember: the sign-in form takes e-mail and password,
            # then a one-time code goes to the phone on file (the hit records where it went)
            user = {**user, "email": self.email_as_typed(p), "phone": p.phone}
        native: dict[str, Any] = {
            "hit_id": uuid_like(self.rng),
            "timestamp": iso_z(at),
            "cookie_id": cookie,
            "user": user,
            "page": page,
            "event": event,
            "lang": LANG[p.region],
        }
        if query is not None:
            native["query"] = query
        if form is not None:
            native["form"] = form
        if consent is not None:
            native["consent"] = consent
        if email_click is not None:
            native["email_click"] = {"subscriber": p.email, "campaign_id": email_click}
        if self.rng.random() < 0.2:
            native["referrer"] = self.rng.choice(
                ("https://www.google.com/", "https://www.baidu.com/", "https://t.co/", "")
            )
        return native

    # --- mobile app -------------------------------------------------------------------------------

    def app_event(
        self,
        p: Person,
        at: datetime,
        action: str,
        *,
        logged_in: bool,
        screen: str,
        payload: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        self._next()
        device = p.devices[-1]
        return {
            "event_uuid": uuid_like(self.rng),
            "client_ts": int(at.timestamp() * 1000),
            "install_id": device,
            "user_id": p.account_id if logged_in else None,
            "platform": "ios" if device.startswith("ios") else "android",
            "app_version": self.rng.choice(("5.1.0", "5.2.1", "5.3.0")),
            "screen": screen,
            "action": action,
            "payload": payload or {},
        }

    # --- call center ------------------------------------------------------------------------------

    def call(
        self,
        p: Person,
        at: datetime,
        *,
        disposition: str,
        notes: str,
        direction: str = "inbound",
        queue: str = "service",
        updates: dict[str, Any] | None = None,
        show_dob: bool = False,
    ) -> dict[str, Any]:
        n = self._next()
        local = at.astimezone(local_tz(p))
        duration = timedelta(seconds=self.rng.randint(60, 1500))
        verified = self.rng.random() < 0.75
        with_email = self.rng.random() < 0.4
        with_crm = self.rng.random() < 0.3
        if direction == "outbound" or self.first_contact("call_center", p.pid):
            # dialled from a CRM contact list, or a caller the contact centre has not served
            # before (the agent identifies them): the CRM contact is attached to the call
            # (account, e-mail on file, contact id)
            verified = with_email = with_crm = True
        customer: dict[str, Any] = {}
        if verified and p.account_id:
            customer["account_no"] = p.account_id
        if verified and with_email:
            customer["email"] = p.email
        if verified and with_crm:
            customer["crm_contact_id"] = p.crm_id
        if show_dob:
            customer["dob"] = p.dob.strftime("%m/%d/%Y")
        native: dict[str, Any] = {
            "call_id": f"CA{n:010d}",
            "started_at": local.isoformat(timespec="seconds"),
            "ended_at": (local + duration).isoformat(timespec="seconds"),
            "direction": direction,
            "ani": switch_number(self.rng, p.phone, p.region, 0.5 * self.noise_scale),
            "agent_id": f"AG{self.rng.randint(1, 400):04d}",
            "queue": queue,
            "disposition": disposition,
            "notes": notes,
            "customer": customer,
        }
        if updates:
            native["updates"] = updates
        return native

    # --- e-mail -----------------------------------------------------------------------------------

    def email(
        self,
        p: Person,
        at: datetime,
        *,
        direction: str,
        subject: str,
        body: str,
        campaign_id: str | None = None,
        tags: list[str] | None = None,
    ) -> dict[str, Any]:
        n = self._next()
        customer = self.email_as_typed(p, 0.2).strip()
        if self.rng.random() < 0.6:
            customer = f"{p.full_name} <{customer}>"
        if direction == "in":
            sender, to, moment = customer, SERVICE_MAILBOX, at.astimezone(local_tz(p))
        else:
            sender, to, moment = MARKETING_SENDER, customer, at.astimezone(UTC)
        native: dict[str, Any] = {
            "message_id": f"<{n:x}.{hex_id(self.rng, 48)}@mail.chorus-retail.example>",
            "date": rfc2822(moment),
            "from": sender,
            "to": to,
            "subject": subject,
            "body": body,
            "direction": direction,
            "campaign_id": campaign_id,
        }
        if tags:
            native["tags"] = tags
        if direction == "in" and self.rng.random() < HELPDESK_MATCH:
            native["crm_contact_id"] = p.crm_id  # e-mail-to-case matched the sender
        return native

    # --- SMS --------------------------------------------------------------------------------------

    def sms(
        self,
        p: Person,
        at: datetime,
        *,
        direction: str,
        body: str,
        campaign_id: str | None = None,
    ) -> dict[str, Any]:
        self._next()
        ours = SMS_NUMBER[p.region]
        inbound = direction == "inbound"
        return {
            "sid": f"SM{hex_id(self.rng, 128)}",
            "date_sent": rfc2822(at.astimezone(UTC)),
            "from": p.phone if inbound else ours,
            "to": ours if inbound else p.phone,
            "body": body,
            "direction": direction,
            "messaging_service_sid": f"MG{hex_id(self.rng, 32)}",
            "campaign_id": campaign_id,
        }

    # --- chat -------------------------------------------------------------------------------------

    def new_conversation(self) -> str:
        return f"CV-{self._next():08d}"

    def chat_visitor(self, p: Person, logged_in: bool) -> dict[str, Any]:
        visitor: dict[str, Any] = {"id": p.cookies[-1]}
        if self.first_contact("chat", p.pid):
            # a new visitor: the pre-chat form asks for e-mail and phone
            visitor["email"] = self.email_as_typed(p)
            visitor["phone"] = self.phone_as_typed(p, 0.6, by_customer=True)
            if logged_in and p.account_id:
                visitor["account"] = p.account_id
        elif logged_in and p.account_id:
            visitor["account"] = p.account_id
        elif self.rng.random() < 0.6:
            visitor["email"] = self.email_as_typed(p)
        else:
            visitor["phone"] = self.phone_as_typed(p, 0.6, by_customer=True)
        return visitor

    def chat(
        self,
        p: Person,
        at: datetime,
        *,
        conversation: str,
        seq: int,
        author: str,
        text: str,
        visitor: dict[str, Any],
        tags: list[str] | None = None,
    ) -> dict[str, Any]:
        self._next()
        native: dict[str, Any] = {
            "conversation_id": conversation,
            "seq": seq,
            "sent_at": round(at.timestamp(), 3),
            "author": {
                "type": author,
                "name": p.first_name
                if author == "visitor"
                else self.rng.choice(("Amy", "Ken", "小美", "阿傑")),
            },
            "visitor": visitor,
            "text": text,
            "locale": LANG[p.region],
        }
        if tags:
            native["tags"] = tags
        return native

    # --- store ------------------------------------------------------------------------------------

    def receipt(
        self,
        p: Person,
        at: datetime,
        *,
        kind: str = "sale",
        categories: list[str] | None = None,
        with_phone: bool = False,
    ) -> dict[str, Any]:
        n = self._next()
        local = at.astimezone(local_tz(p))
        currency, scale = vocab.CURRENCY[p.region]
        cats = categories or [
            self.rng.choice(vocab.CATEGORIES) for _ in range(self.rng.randint(1, 4))
        ]
        sign = -1 if kind == "return" else 1
        lines = []
        for cat in cats:
            low, high = vocab.PRICE_RANGE[cat]
            cents = int(self.rng.uniform(low, high) * scale * 100)
            lines.append(
                {
                    "sku": f"{cat[:3].upper()}-{self.rng.randint(1000, 99999)}",
                    "category": cat,
                    "qty": 1,
                    "amount": f"{sign * cents / 100:.2f}",
                }
            )
        store = (
            p.home_store
            if self.rng.random() < 0.8
            else f"{p.region}-S{self.rng.randint(1, 60):03d}"
        )
        offset = p.address.utc_offset_min
        sign_char = "+" if offset >= 0 else "-"
        if p.loyalty_id and self.first_contact("pos-card", p.loyalty_id):
            with_phone = True  # a card's first use: the till confirms the member by phone
        return {
            "receipt_no": f"{store}-{local:%Y%m%d}-{n:07d}",
            "ts": f"{local:%Y-%m-%d %H:%M:%S}",
            "tz_offset": f"{sign_char}{abs(offset) // 60:02d}:{abs(offset) % 60:02d}",
            "store_id": store,
            "register": self.rng.randint(1, 12),
            "type": kind,
            "loyalty_card": p.loyalty_id,
            "phone": self.phone_as_typed(p, 0.5) if with_phone or not p.loyalty_id else None,
            "currency": currency,
            "tender": self.rng.choice(("card", "card", "cash", "mobile")),
            "lines": lines,
        }

    # --- branch -----------------------------------------------------------------------------------

    def branch_visit(
        self,
        p: Person,
        at: datetime,
        *,
        purpose: str,
        notes: str,
        form: dict[str, Any] | None = None,
        show_dob: bool = False,
    ) -> dict[str, Any]:
        n = self._next()
        form = dict(form or {})
        if show_dob:
            form["dob"] = p.dob.strftime("%Y/%m/%d")
        with_phone = self.rng.random() < 0.5
        if self.first_contact("branch", p.pid):
            with_phone = True  # a first visit: the advisor confirms the phone on file
        native: dict[str, Any] = {
            "visit_ref": f"BR-{p.branch}-{n:07d}",
            "checked_in": at.astimezone(local_tz(p)).isoformat(timespec="seconds"),
            "branch_code": p.branch,
            "customer_no": p.crm_id,
            "phone": self.phone_as_typed(p, 0.5) if with_phone else None,
            "purpose": purpose,
            "advisor": f"E{self.rng.randint(1000, 9999)}",
            "notes": notes,
        }
        if form:
            native["form"] = form
        return native

    # --- partner ----------------------------------------------------------------------------------

    def dealer_lead(
        self,
        p: Person,
        at: datetime,
        *,
        kind: str,
        category: str,
        notes: str | None = None,
        delivery_address: str | None = None,
    ) -> dict[str, Any]:
        n = self._next()
        dealer, customer = p.dealer or (f"D{self.rng.randint(10, 49)}", None)
        currency, scale = vocab.CURRENCY[p.region]
        low, high = vocab.PRICE_RANGE[category]
        contact: dict[str, Any] = {"name": p.full_name}
        with_email = self.rng.random() < 0.8
        with_phone = self.rng.random() < 0.7
        if self.first_contact(f"dealer-{dealer}", p.pid):
            with_email = with_phone = True  # the dealer registers a new customer with both
        if with_email:
            contact["email"] = self.email_as_typed(p, 0.5)
        if with_phone:
            contact["phone"] = self.phone_as_typed(p, 0.7)
        return {
            "lead_id": f"{dealer}-{n:07d}",
            "dealer_id": dealer,
            "submitted_at": f"{at.astimezone(UTC):%Y-%m-%d %H:%M:%S}",
            "kind": kind,
            "dealer_customer_id": customer,
            "contact": contact,
            "loyalty_card": p.loyalty_id if self.rng.random() < 0.3 else None,
            "product": {
                "category": category,
                "model": f"{category[:2].upper()}{self.rng.randint(100, 999)}",
                "amount": f"{self.rng.uniform(low, high) * scale * 1.5:.2f}",
                "currency": currency,
            },
            "delivery_address": delivery_address,
            "notes": notes,
        }

    # --- social -----------------------------------------------------------------------------------

    def social_post(
        self,
        p: Person,
        at: datetime,
        *,
        text: str,
        kind: str = "post",
        rating: int | None = None,
        tags: list[str] | None = None,
    ) -> dict[str, Any]:
        self._next()
        platform, handle = p.social or ("twitter", "@unknown")
        native: dict[str, Any] = {
            "post_id": str(self.rng.getrandbits(62)),
            "created_time": social_time(platform, at),
            "platform": platform,
            "handle": handle,
            "display_name": p.first_name if p.locale == "en" else p.full_name,
            "kind": kind,
            "text": text,
        }
        if self.rng.random() < SOCIAL_CARE_LINKED:
            # social care confirmed the author in a private message at some point
            native["author_contact"] = {"email": self.email_as_typed(p)}
        if rating is not None:
            native["rating"] = rating
        if tags:
            native["tags"] = tags
        return native

    def brand_reply(
        self, p: Person, at: datetime, *, text: str, in_reply_to: str
    ) -> dict[str, Any]:
        self._next()
        platform, handle = p.social or ("twitter", "@unknown")
        return {
            "post_id": str(self.rng.getrandbits(62)),
            "created_time": social_time(platform, at),
            "platform": platform,
            "handle": vocab.BRAND_HANDLE[p.locale],
            "kind": "brand_reply",
            "in_reply_to": {"post_id": in_reply_to, "handle": handle},
            "text": text,
        }


def social_time(platform: str, at: datetime) -> str:
    """X/Twitter and Weibo write ``Tue Mar 04 10:22:05 +0000 2025``, Meta ISO 8601 ``+0000``.
    Built by hand: ``strftime("%a %b")`` follows the process locale."""
    at = at.astimezone(UTC)
    if platform in ("twitter", "weibo"):
        return (
            f"{_DAYS[at.weekday()]} {_MONTHS[at.month - 1]} {at.day:02d} "
            f"{at:%H:%M:%S} +0000 {at.year}"
        )
    return f"{at:%Y-%m-%dT%H:%M:%S}+0000"
