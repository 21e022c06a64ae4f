"""Playing a planned life-event step: the statement, profile update, new address or follow-up."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from streams.simulator import texts
from streams.simulator.messages import Messages
from streams.simulator.people import Address, Person
from streams.simulator.planning import LifeEvent, Step, apply_life, update_fields


class LifeSteps(Messages):
    """Each due :class:`Step` becomes the events that show it on its channel."""

    def _life_step(self, step: Step) -> None:
        p = self.people[step.person]
        life = step.life
        at = step.when
        evidence = {"life_event": {"type": life.type, "date": life.day.isoformat()}}
        if life.type == "address_change":
            evidence = {}
        if step.kind == "followup":
            self._followup(p, at, step.channel, life.type)
        elif step.kind == "statement":
            text = texts.fill(
                self.rng, texts.LIFE[life.type]["self"][p.locale], self._context(p, life)
            )
            apply_life(p, life)
            self._say(p, at, step.channel, text, evidence, life=life)
        elif step.kind == "update":
            fields = update_fields(p, life)
            apply_life(p, life)
            self._update(p, at, step.channel, "profile", fields, evidence)
        else:
            self._address(p, at, step.channel, life, evidence)

    def _update(
        self,
        p: Person,
        at: datetime,
        channel: str,
        what: str,
        fields: dict[str, str],
        truth: dict[str, Any],
    ) -> None:
        """A structured update carrying ``fields``: ``what`` is ``profile`` (the fields a life
        event changes) or ``address`` (the new address as typed)."""
        loc = p.locale
        src = self.sources
        profile = what == "profile"
        notes = texts.UPDATE_NOTE[loc][0].format(what=texts.FIELD_NAMES[loc][what])
        if channel == "web":
            cookie = p.cookies[-1]
            user = {"account": p.account_id}
            if profile:  # signs in first; the address form is submitted straight away
                self.emit(
                    p,
                    "web",
                    src.web_hit(p, at, "login", cookie=cookie, user=user, page="/login"),
                    at,
                )
                at += timedelta(seconds=self.rng.uniform(20, 200))
            form = {"name": what, "fields": dict(fields)}
            native = src.web_hit(
                p, at, "form_submit", cookie=cookie, user=user, page=f"/account/{what}", form=form
            )
        elif channel == "mobile_app":
            native = src.app_event(
                p, at, "update_profile", logged_in=True, screen="profile", payload=dict(fields)
            )
        elif channel == "branch":
            native = src.branch_visit(
                p,
                at,
                purpose="update_details" if profile else "address_change",
                notes=notes,
                form=dict(fields),
                show_dob=profile and self.rng.random() < 0.5,
            )
        else:
            native = src.call(
                p,
                at,
                disposition="profile_update" if profile else "address_change",
                notes=notes,
                updates=dict(fields),
                show_dob=profile and self.rng.random() < 0.3,
            )
        self.emit(p, channel, native, at, **truth)

    def _address(
        self, p: Person, at: datetime, channel: str, life: LifeEvent, evidence: dict[str, Any]
    ) -> None:
        """The new address appears, on exactly one channel."""
        old: Address = p.address
        new: Address = life.detail["address"]
        typed = new.render(self.rng, 0.5)
        truth = {**evidence, "address_change": {"old": old.canonical, "new": new.canonical}}
        p.address = new
        life.applied = True
        if channel != "email":
            self._update(p, at, channel, "address", {"address": typed}, truth)
            return
        loc = p.locale
        templates = texts.LIFE[life.type]["self"][loc] if life.type != "address_change" else ()
        with_address = [t for t in templates if "{address}" in t] or list(texts.ADDRESS_UPDATE[loc])
        text = texts.fill(self.rng, with_address, self._context(p, life, address=typed))
        self._say(p, at, "email", text, truth)

    def _followup(self, p: Person, at: datetime, channel: str, topic: str) -> None:
        """The company congratulates: outbound, never evidence of anything."""
        subject, body = texts.TARGETED[p.locale][topic]
        ctx = self._context(p, None)
        self._outbound(
            p,
            at,
            channel,
            subject.format_map(ctx),
            body.format_map(ctx),
            f"CMP-LIFE-{topic}",
            {"decoy": {"type": topic, "kind": "outbound"}},
        )
