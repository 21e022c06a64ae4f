"""Routine episodes: everyday traffic on each channel, the company's campaigns, decoy mentions."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Final

from schemas.taxonomy import LIFE_EVENT_TYPES
from streams.simulator import texts, vocab
from streams.simulator.messages import Messages
from streams.simulator.people import Person, hex_id, uuid_like
from streams.simulator.planning import FOLLOWUP_TOPICS, push_channel

DECOY_RATE: Final = 0.12  # routine texts that are negated/hypothetical/third-party mentions
CAMPAIGN_RATE: Final = 0.14  # routine episodes that are the company reaching out
EMAIL_CLICK_SHARE: Final = 0.35  # anonymous web visits that land from a tracked e-mail link


class Routines(Messages):
    """A random person's episode: a campaign now and then, else a visit on one of their channels."""

    def _routine(self, person: Person, at: datetime) -> None:
        """One episode of ``person`` at ``at``: ``_routine_<channel>`` for each channel that
        ``people.channel_weights`` may give them."""
        if self.rng.random() < CAMPAIGN_RATE:
            self._campaign(person, at)
            return
        channels = list(person.weights)
        channel = self.rng.choices(channels, weights=[person.weights[c] for c in channels])[0]
        getattr(self, f"_routine_{channel}")(person, at)

    def _routine_text(
        self, p: Person, pool: dict[str, tuple[str, ...]]
    ) -> tuple[str, dict[str, Any]]:
        """A routine message, or now and then a decoy mention of a life event."""
        rng = self.rng
        if rng.random() < DECOY_RATE:
            topic = rng.choice(LIFE_EVENT_TYPES)
            kind = rng.choice(texts.DECOY_KINDS)
            text = texts.fill(rng, texts.LIFE[topic][kind][p.locale], self._context(p, None))
            return text, {"decoy": {"type": topic, "kind": kind}}
        return texts.fill(rng, pool[p.locale], self._context(p, None)), {}

    def _campaign(self, p: Person, at: datetime) -> None:
        rng = self.rng
        loc = p.locale
        channel = push_channel(rng, p)
        roll = rng.random()
        ctx = self._context(p, None)
        if roll < 0.6:
            subject, body = rng.choice(texts.CAMPAIGNS[loc])
            campaign: str | None = f"CMP-{at.year}-{rng.randint(1, 24):02d}"
            truth: dict[str, Any] = {}
        elif roll < 0.8:  # life-event marketing sent to someone it does not fit
            topic = rng.choice(sorted(FOLLOWUP_TOPICS))
            subject, body = texts.TARGETED[loc][topic]
            campaign = f"CMP-LIFE-{topic}"
            truth = {"decoy": {"type": topic, "kind": "outbound"}}
        else:
            subject, body = rng.choice(texts.NOTIFICATIONS[loc])
            campaign = None
            truth = {}
        self._outbound(
            p, at, channel, subject.format_map(ctx), body.format_map(ctx), campaign, truth
        )

    def _routine_web(self, p: Person, at: datetime) -> None:
        rng = self.rng
        src = self.sources
        if rng.random() < 0.03:  # cleared cookies, new browser
            p.cookies.append(f"ck-{uuid_like(rng).replace('-', '')[:24]}")
        cookie = p.cookies[-1]
        user: dict[str, Any] | None = None
        if p.account_id and rng.random() < 0.45:
            typed = src.email_as_typed(p) if rng.random() < 0.3 else None
            self.emit(
                p,
                "web",
                src.web_hit(
                    p,
                    at,
                    "login",
                    cookie=cookie,
                    user={"account": p.account_id, "email": typed},
                    page="/login",
                ),
                at,
            )
            user = {"account": p.account_id}
        elif not p.account_id and rng.random() < 0.08:  # newsletter sign-up links cookie and e-mail
            form = {"name": "preferences", "fields": {"newsletter": "yes"}}
            consent = {"email_marketing": True}
            self.emit(
                p,
                "web",
                src.web_hit(
                    p,
                    at,
                    "form_submit",
                    cookie=cookie,
                    user={"email": src.email_as_typed(p)},
                    page="/newsletter",
                    form=form,
                    consent=consent,
                ),
                at,
            )
        # an anonymous visit often starts from a tracked link in one of our e-mails
        click: str | None = None
        if user is None and rng.random() < EMAIL_CLICK_SHARE:
            click = f"CMP-{at:%Y-%m}"
        for _ in range(rng.randint(1, 5)):
            at += timedelta(seconds=rng.uniform(5, 120))
            if click is None and rng.random() < 0.25:  # a visit from an e-mail link lands on a page
                query = rng.choice(vocab.SEARCHES[p.locale])
                self.emit(
                    p,
                    "web",
                    src.web_hit(
                        p, at, "search", cookie=cookie, user=user, page="/search", query=query
                    ),
                    at,
                )
            else:
                self.emit(
                    p,
                    "web",
                    src.web_hit(
                        p,
                        at,
                        "page_view",
                        cookie=cookie,
                        user=user,
                        page=rng.choice(vocab.WEB_PAGES),
                        email_click=click,
                    ),
                    at,
                )
                click = None
        if user and rng.random() < 0.04:  # profile form with date of birth
            at += timedelta(seconds=rng.uniform(5, 120))
            form = {
                "name": "profile",
                "fields": {
                    "date_of_birth": p.dob.isoformat(),
                    "first_name": p.first_name,
                    "last_name": p.last_name,
                },
            }
            self.emit(
                p,
                "web",
                src.web_hit(
                    p,
                    at,
                    "form_submit",
                    cookie=cookie,
                    user=user,
                    page="/account/profile",
                    form=form,
                ),
                at,
            )

    def _routine_mobile_app(self, p: Person, at: datetime) -> None:
        rng = self.rng
        src = self.sources
        new_device = rng.random() < 0.02  # phone upgrade: new install id
        if new_device:
            p.devices.append(f"{rng.choice(('ios', 'and'))}-{uuid_like(rng)}")
        if src.first_contact("app-install", p.devices[-1]):
            at = self._first_open(p, at)
            logged_in = True
        else:
            logged_in = p.account_id is not None and rng.random() < 0.85
            if logged_in and rng.random() < 0.2:
                self.emit(
                    p,
                    "mobile_app",
                    src.app_event(p, at, "login", logged_in=True, screen="login"),
                    at,
                )
        self.emit(
            p, "mobile_app", src.app_event(p, at, "open", logged_in=logged_in, screen="home"), at
        )
        for _ in range(rng.randint(0, 3)):
            at += timedelta(seconds=rng.uniform(3, 90))
            payload = {"product_category": rng.choice(vocab.CATEGORIES)}
            self.emit(
                p,
                "mobile_app",
                src.app_event(
                    p, at, "view_product", logged_in=logged_in, screen="product", payload=payload
                ),
                at,
            )
        if rng.random() < 0.05:
            text, truth = self._routine_text(p, texts.INQUIRY)
            self.emit(
                p,
                "mobile_app",
                src.app_event(
                    p,
                    at,
                    "support_message",
                    logged_in=logged_in,
                    screen="help",
                    payload={"text": text},
                ),
                at,
                **truth,
            )

    def _first_open(self, p: Person, at: datetime) -> datetime:
        """The first open of an install: the app sends the person to the account's hosted
        pages in the phone's browser (OAuth), to sign in with e-mail and password, or without
        an account to sign up, confirming the e-mail address by a link sent to it. The browser
        records a sign-in with account and e-mail, the app one with install and account.
        Returns when the person is back in the app."""
        rng = self.rng
        src = self.sources
        browser = f"ck-{hex_id(rng, 96)}"  # the phone's browser: a cookie of its own
        if p.account_id is None:
            p.account_id = self.population.new_account_id(rng)
            self.emit(
                p,
                "mobile_app",
                src.app_event(p, at, "login", logged_in=True, screen="sign_up"),
                at,
            )
            sent = at + timedelta(seconds=rng.uniform(5, 60))
            subject, body = texts.CONFIRM_EMAIL[p.locale]
            self.emit(
                p,
                "email",
                src.email(
                    p,
                    sent,
                    direction="out",
                    subject=subject,
                    body=body.format_map(self._context(p, None)),
                ),
                sent,
            )
            at = sent + timedelta(seconds=rng.uniform(20, 600))
            user = {"account": p.account_id, "email": src.email_as_typed(p)}
            self.emit(
                p,
                "web",
                src.web_hit(p, at, "login", cookie=browser, user=user, page="/account/verify"),
                at,
            )
        else:
            user = {"account": p.account_id, "email": src.email_as_typed(p)}
            self.emit(
                p,
                "web",
                src.web_hit(p, at, "login", cookie=browser, user=user, page="/oauth/authorize"),
                at,
            )
            at += timedelta(seconds=rng.uniform(5, 40))
            self.emit(
                p,
                "mobile_app",
                src.app_event(p, at, "login", logged_in=True, screen="login"),
                at,
            )
        return at + timedelta(seconds=rng.uniform(5, 60))

    def _routine_call_center(self, p: Person, at: datetime) -> None:
        rng = self.rng
        loc = p.locale
        if rng.random() < 0.1:
            notes = rng.choice(texts.OUTBOUND_CALL[loc])
            self.emit(
                p,
                "call_center",
                self.sources.call(
                    p,
                    at,
                    direction="outbound",
                    disposition="sales_offer",
                    notes=notes,
                    queue="sales",
                ),
                at,
            )
            return
        roll = rng.random()
        if roll < 0.4:
            notes = rng.choice(texts.ROUTINE_NOTE[loc])
            self.emit(
                p,
                "call_center",
                self.sources.call(
                    p,
                    at,
                    disposition=rng.choice(("resolved", "callback")),
                    notes=notes,
                    show_dob=rng.random() < 0.15,
                ),
                at,
            )
            return
        complaint = roll < 0.6
        text, truth = self._routine_text(p, texts.COMPLAINT if complaint else texts.INQUIRY)
        self._say(p, at, "call_center", text, truth, complaint=complaint and not truth)

    def _routine_email(self, p: Person, at: datetime) -> None:
        complaint = self.rng.random() < 0.25
        text, truth = self._routine_text(p, texts.COMPLAINT if complaint else texts.INQUIRY)
        self._say(p, at, "email", text, truth, complaint=complaint and not truth)

    def _routine_sms(self, p: Person, at: datetime) -> None:
        rng = self.rng
        loc = p.locale
        _, body = texts.NOTIFICATIONS[loc][2]  # appointment reminder, then a reply
        self.emit(p, "sms", self.sources.sms(p, at, direction="outbound-api", body=body), at)
        if rng.random() < 0.6:
            later = at + timedelta(minutes=rng.uniform(1, 90))
            reply = rng.choice(texts.SMS_REPLY[loc])
            self.emit(p, "sms", self.sources.sms(p, later, direction="inbound", body=reply), later)

    def _routine_chat(self, p: Person, at: datetime) -> None:
        complaint = self.rng.random() < 0.2
        text, truth = self._routine_text(p, texts.COMPLAINT if complaint else texts.INQUIRY)
        self._say(p, at, "chat", text, truth, complaint=complaint and not truth)

    def _routine_store(self, p: Person, at: datetime) -> None:
        rng = self.rng
        kind = "return" if rng.random() < 0.06 else "sale"
        receipt = self.sources.receipt(p, at, kind=kind, with_phone=rng.random() < 0.15)
        self.emit(p, "store", receipt, at)

    def _routine_branch(self, p: Person, at: datetime) -> None:
        rng = self.rng
        loc = p.locale
        roll = rng.random()
        if roll < 0.15:
            text, truth = self._routine_text(p, texts.COMPLAINT)
            self._say(p, at, "branch", text, truth, complaint=not truth)
            return
        purpose = rng.choice(("general", "open_account", "update_details"))
        if purpose == "update_details":
            notes = texts.UPDATE_NOTE[loc][0].format(what=texts.FIELD_NAMES[loc]["profile"])
        else:
            notes = rng.choice(texts.ROUTINE_NOTE[loc])
        self.emit(
            p,
            "branch",
            self.sources.branch_visit(
                p, at, purpose=purpose, notes=notes, show_dob=purpose != "general"
            ),
            at,
        )

    def _routine_partner(self, p: Person, at: datetime) -> None:
        rng = self.rng
        kind = rng.choice(("enquiry", "quote", "test_drive", "purchase", "purchase", "service"))
        category = rng.choice(("furniture", "electronics", "home", "garden"))
        address = p.address.render(rng, 0.5) if kind == "purchase" else None
        lead = self.sources.dealer_lead(
            p, at, kind=kind, category=category, delivery_address=address
        )
        self.emit(p, "partner", lead, at)

    def _routine_social(self, p: Person, at: datetime) -> None:
        roll = self.rng.random()
        complaint = roll < 0.25
        text, truth = self._routine_text(p, texts.COMPLAINT if complaint else texts.POSITIVE)
        self._say(p, at, "social", text, truth, complaint=complaint and not truth)
