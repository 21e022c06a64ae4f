"""Messages as each channel records them: what a customer says, what the company sends."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Final

from streams.simulator import texts, vocab
from streams.simulator.people import Person
from streams.simulator.planning import LifeEvent
from streams.simulator.state import RunState

# the cities a text may name, by the person's region
_CITY_NAMES: Final = {
    "US": tuple(c[0] for c in vocab.US_CITIES),
    "CN": tuple(c[1] for c in vocab.CN_CITIES),
    "TW": tuple(c[0] for c in vocab.TW_CITIES),
    "HK": tuple(a[1] for a in vocab.HK_AREAS),
}
# the purpose a branch visit records when a customer tells of this life event there
_BRANCH_PURPOSE: Final = {
    "bereavement": "estate",
    "retirement": "retirement_planning",
    "home_purchase": "mortgage_enquiry",
}


class Messages(RunState):
    """The template context of a text, a customer's message and the company's outbound one."""

    def _context(
        self, p: Person, life: LifeEvent | None, *, address: str | None = None
    ) -> dict[str, str]:
        loc = p.locale
        rng = self.rng
        ctx = {
            "first_name": p.first_name,
            "full_name": p.full_name,
            "age": str(p.age_on(self.config.base_time.date())),
            "product": rng.choice(vocab.PRODUCTS[loc]),
            "city": rng.choice(_CITY_NAMES[p.region]),
            "employer": rng.choice(vocab.EMPLOYERS[loc]),
            "title": rng.choice(vocab.JOB_TITLES[loc])[0],
            "school": rng.choice(vocab.SCHOOLS[loc]),
            "relative": rng.choice(list(texts.RELATIVES[loc].values())),
            "order": f"{rng.randint(10_000_000, 99_999_999)}",
        }
        if life is not None:
            detail = life.detail
            if "address" in detail:
                ctx["city"] = detail["address"].city
            if life.type == "new_job":
                ctx["employer"] = detail["employer"]
                ctx["title"] = detail["title"][0]
            elif life.type == "promotion" and p.title is not None:
                ctx["title"] = p.title[1]
            elif life.type == "retirement":
                ctx["employer"] = p.employer or ctx["employer"]
            elif life.type == "graduation":
                ctx["school"] = detail["school"]
            elif life.type == "bereavement":
                ctx["relative"] = texts.RELATIVES[loc][detail["relation"]]
            elif life.type == "birthday":
                ctx["age"] = str(p.age_on(life.day))
        if address is not None:
            ctx["address"] = address
        return ctx

    def _say(
        self,
        p: Person,
        at: datetime,
        channel: str,
        text: str,
        truth: dict[str, Any],
        *,
        life: LifeEvent | None = None,
        complaint: bool = False,
    ) -> None:
        """The customer says ``text`` on ``channel`` (a life statement or a routine message)."""
        loc = p.locale
        rng = self.rng
        src = self.sources
        if channel == "chat":
            conversation = src.new_conversation()
            visitor = src.chat_visitor(p, logged_in=rng.random() < 0.4)
            tags = ["complaint"] if complaint else None
            self.emit(
                p,
                "chat",
                src.chat(
                    p,
                    at,
                    conversation=conversation,
                    seq=1,
                    author="visitor",
                    text=text,
                    visitor=visitor,
                    tags=tags,
                ),
                at,
                **truth,
            )
            replies = texts.AGENT_REPLY[loc]  # updated, congratulations, escalated, anything else
            reply = replies[2] if complaint else replies[1] if life else rng.choice(replies[::3])
            later = at + timedelta(seconds=rng.uniform(20, 240))
            self.emit(
                p,
                "chat",
                src.chat(
                    p,
                    later,
                    conversation=conversation,
                    seq=2,
                    author="agent",
                    text=reply,
                    visitor=visitor,
                ),
                later,
            )
        elif channel == "social":
            kind = "review" if not life and not complaint and rng.random() < 0.3 else "post"
            rating = rng.randint(3, 5) if kind == "review" else None
            post = src.social_post(
                p,
                at,
                text=text,
                kind=kind,
                rating=rating,
                tags=["complaint"] if complaint else None,
            )
            self.emit(p, "social", post, at, **truth)
            if (life is not None or complaint) and rng.random() < 0.5:
                reply = texts.BRAND_REPLY[loc][1 if complaint else 0].format(handle=post["handle"])
                later = at + timedelta(minutes=rng.uniform(5, 180))
                extra = (
                    {}
                    if complaint or life is None
                    else {"decoy": {"type": life.type, "kind": "outbound"}}
                )
                self.emit(
                    p,
                    "social",
                    src.brand_reply(p, later, text=reply, in_reply_to=post["post_id"]),
                    later,
                    **extra,
                )
        elif channel == "email":
            subject = (
                texts.COMPLAINT_SUBJECT[loc]
                if complaint
                else texts.fill(rng, texts.EMAIL_SUBJECT[loc], self._context(p, None))
            )
            body = texts.fill(rng, texts.EMAIL_BODY[loc], {**self._context(p, None), "text": text})
            self.emit(
                p,
                "email",
                src.email(
                    p,
                    at,
                    direction="in",
                    subject=subject,
                    body=body,
                    tags=["complaint"] if complaint else None,
                ),
                at,
                **truth,
            )
        elif channel in ("call_center", "branch"):  # staff note what was said and done
            action = rng.choice(texts.ACTIONS[loc])
            if channel == "call_center":
                notes = texts.CALL_NOTE[loc][0].format(text=text, action=action)
                disposition = (
                    "complaint"
                    if complaint
                    else ("bereavement" if life and life.type == "bereavement" else "resolved")
                )
                queue = "retention" if complaint else "service"
                native = src.call(
                    p,
                    at,
                    disposition=disposition,
                    notes=notes,
                    queue=queue,
                    show_dob=rng.random() < 0.15,
                )
            else:
                notes = texts.BRANCH_NOTE[loc][0].format(text=text, action=action)
                purpose = (
                    "complaint"
                    if complaint
                    else _BRANCH_PURPOSE.get(life.type if life else "", "general")
                )
                native = src.branch_visit(
                    p, at, purpose=purpose, notes=notes, show_dob=rng.random() < 0.2
                )
            self.emit(p, channel, native, at, **truth)
        else:  # pragma: no cover - the channel tables above only name the channels handled here
            raise ValueError(f"cannot say things on {channel}")

    def _outbound(
        self,
        p: Person,
        at: datetime,
        channel: str,
        subject: str,
        body: str,
        campaign_id: str | None,
        truth: dict[str, Any],
    ) -> None:
        src = self.sources
        if channel == "sms":
            self.emit(
                p,
                "sms",
                src.sms(
                    p,
                    at,
                    direction="outbound-api",
                    body=f"{subject} {body}" if campaign_id else body,
                    campaign_id=campaign_id,
                ),
                at,
                **truth,
            )
        elif channel == "mobile_app":
            payload = {"title": subject, "body": body}
            if campaign_id:
                payload["campaign_id"] = campaign_id
            self.emit(
                p,
                "mobile_app",
                src.app_event(
                    p,
                    at,
                    "push_delivered",
                    logged_in=p.account_id is not None,
                    screen="push",
                    payload=payload,
                ),
                at,
                **truth,
            )
        else:
            self.emit(
                p,
                "email",
                src.email(
                    p, at, direction="out", subject=subject, body=body, campaign_id=campaign_id
                ),
                at,
                **truth,
            )
