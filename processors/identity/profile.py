"""The golden profile: a customer's latest known attributes, each with where and when it came
from. Pure (no Faust): ``observe`` folds one interaction into a profile, ``merge`` combines the
profiles of two customers that turned out to be one.

Survivorship rules, per attribute (``better`` decides between the kept value and a candidate):

1. **Recency.** The value stated most recently (the interaction's ``occurred_at``) wins.
2. **Trust.** Channels are ranked by ``ProfileConfig.trust`` (first = most trusted: a branch
   form signed by the customer beats a partner's data entry). A value from a *less* trusted
   channel does not replace one from a more trusted channel unless it is newer by more than
   ``ProfileConfig.trust_window_ms`` (default 180 days): a call-center update of last week
   survives a dealer's form of today, but not one of next year. Channels not in the list rank
   below all listed ones.
3. **Ties** (same instant): the more trusted channel; then the smaller value, so two
   statements compare the same way whichever arrives first.

Limit: the trust window makes the preference non-transitive in rare three-way cases (a trusted
value, a mid-trust one 150 days later, an untrusted one 250 days later each beat one other), so
with three or more competing statements the kept value can depend on arrival order.

``email`` and ``phone`` come from the interaction's identifiers (as presented, not normalised);
the others from its ``attributes`` (``name``, ``address``, ``marital_status``, ``employer``,
``date_of_birth``). Consents are per flag and by recency alone (trust only breaks ties): a
customer's latest word on consent holds, whichever channel it came through. The preferred
channel is the one with the most inbound interactions (ties: the more recent last contact, then
the name).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

PROFILE_ATTRIBUTES: tuple[str, ...] = (
    "name",
    "address",
    "email",
    "phone",
    "marital_status",
    "employer",
    "date_of_birth",
)
_FROM_IDENTIFIERS = ("email", "phone")

DEFAULT_TRUST: tuple[str, ...] = (
    "branch",
    "call_center",
    "mobile_app",
    "web",
    "email",
    "store",
    "sms",
    "chat",
    "partner",
    "social",
)
DAY_MS = 86_400_000


@dataclass(frozen=True)
class ProfileConfig:
    trust: tuple[str, ...] = DEFAULT_TRUST
    trust_window_ms: int = 180 * DAY_MS

    def rank(self, channel: str) -> int:
        """0 for the most trusted channel; unknown channels after every listed one."""
        try:
            return self.trust.index(channel)
        except ValueError:
            return len(self.trust)


@dataclass(frozen=True, slots=True)
class Sourced:
    """A value with the channel and time (epoch ms) it was stated at, and the event."""

    value: Any
    channel: str
    at_ms: int
    event_id: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "channel": self.channel,
            "at_ms": self.at_ms,
            "event_id": self.event_id,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Sourced:
        return cls(data["value"], str(data["channel"]), int(data["at_ms"]), str(data["event_id"]))


def better(
    candidate: Sourced, kept: Sourced | None, config: ProfileConfig, *, recency_only: bool = False
) -> bool:
    """Whether ``candidate`` replaces ``kept`` under the survivorship rules above."""
    if kept is None:
        return True
    c_rank, k_rank = config.rank(candidate.channel), config.rank(kept.channel)
    if candidate.at_ms == kept.at_ms:
        if c_rank != k_rank:
            return c_rank < k_rank
        return (str(candidate.value), candidate.event_id) < (str(kept.value), kept.event_id)
    newer = candidate.at_ms > kept.at_ms
    if recency_only:
        return newer
    gap = abs(candidate.at_ms - kept.at_ms)
    if not newer:
        # an older statement wins only where the kept one could not have replaced it
        return c_rank < k_rank and gap <= config.trust_window_ms
    return c_rank <= k_rank or gap > config.trust_window_ms


@dataclass
class Profile:
    customer_id: str
    attributes: dict[str, Sourced] = field(default_factory=dict)
    consents: dict[str, Sourced] = field(default_factory=dict)
    inbound: dict[str, int] = field(default_factory=dict)  # channel -> inbound interactions
    last_contact_ms: dict[str, int] = field(default_factory=dict)  # channel -> latest
    events: int = 0

    def preferred_channel(self) -> str | None:
        if not self.inbound:
            return None
        return min(
            self.inbound,
            key=lambda c: (-self.inbound[c], -self.last_contact_ms.get(c, 0), c),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "customer_id": self.customer_id,
            "attributes": {k: v.to_dict() for k, v in sorted(self.attributes.items())},
            "consents": {k: v.to_dict() for k, v in sorted(self.consents.items())},
            "inbound": dict(sorted(self.inbound.items())),
            "last_contact_ms": dict(sorted(self.last_contact_ms.items())),
            "events": self.events,
            "preferred_channel": self.preferred_channel(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Profile:
        return cls(
            customer_id=str(data["customer_id"]),
            attributes={k: Sourced.from_dict(v) for k, v in data.get("attributes", {}).items()},
            consents={k: Sourced.from_dict(v) for k, v in data.get("consents", {}).items()},
            inbound={str(k): int(v) for k, v in data.get("inbound", {}).items()},
            last_contact_ms={str(k): int(v) for k, v in data.get("last_contact_ms", {}).items()},
            events=int(data.get("events", 0)),
        )


def _keep(
    into: dict[str, Sourced],
    name: str,
    candidate: Sourced,
    config: ProfileConfig,
    *,
    recency_only: bool = False,
) -> None:
    if better(candidate, into.get(name), config, recency_only=recency_only):
        into[name] = candidate


def observe(
    profile: Profile,
    *,
    event_id: str,
    channel: str,
    direction: str,
    occurred_ms: int,
    identifiers: Mapping[str, str | None],
    attributes: Mapping[str, str] | None = None,
    consents: Mapping[str, bool] | None = None,
    config: ProfileConfig | None = None,
) -> Profile:
    """Fold one interaction into ``profile`` (in place) and return it."""
    config = config or ProfileConfig()
    attributes = _with_name(attributes or {})
    for name in PROFILE_ATTRIBUTES:
        raw = identifiers.get(name) if name in _FROM_IDENTIFIERS else attributes.get(name)
        if raw is not None and raw.strip():
            _keep(
                profile.attributes,
                name,
                Sourced(raw.strip(), channel, occurred_ms, event_id),
                config,
            )
    for flag, granted in (consents or {}).items():
        stated = Sourced(bool(granted), channel, occurred_ms, event_id)
        _keep(profile.consents, flag, stated, config, recency_only=True)
    if direction == "inbound":
        profile.inbound[channel] = profile.inbound.get(channel, 0) + 1
    profile.last_contact_ms[channel] = max(profile.last_contact_ms.get(channel, 0), occurred_ms)
    profile.events += 1
    return profile


def _with_name(attributes: Mapping[str, str]) -> Mapping[str, str]:
    """Forms often split the name (``first_name``/``last_name``); the profile keeps one."""
    if "name" in attributes:
        return attributes
    parts = [attributes.get(k, "").strip() for k in ("first_name", "last_name")]
    if not any(parts):
        return attributes
    return {**attributes, "name": " ".join(p for p in parts if p)}


def merge(survivor: Profile, merged: Profile, config: ProfileConfig | None = None) -> Profile:
    """One profile from two customers found to be one person, under the survivor's id.

    Attribute by attribute with :func:`better`, counts added: the result does not depend on
    which side is which (except for the id it carries).
    """
    config = config or ProfileConfig()
    out = replace(
        survivor,
        attributes=dict(survivor.attributes),
        consents=dict(survivor.consents),
        inbound=dict(survivor.inbound),
        last_contact_ms=dict(survivor.last_contact_ms),
    )
    for name, value in merged.attributes.items():
        _keep(out.attributes, name, value, config)
    for flag, value in merged.consents.items():
        _keep(out.consents, flag, value, config, recency_only=True)
    for channel, count in merged.inbound.items():
        out.inbound[channel] = out.inbound.get(channel, 0) + count
    for channel, at in merged.last_contact_ms.items():
        out.last_contact_ms[channel] = max(out.last_contact_ms.get(channel, 0), at)
    out.events += merged.events
    return out
