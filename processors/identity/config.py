"""What identity resolution may link: phone regions, per-type caps, hub limits, block lists."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import phonenumbers

from core.errors import ConfigError
from schemas.channels import IDENTIFIER_TYPES

DEFAULT_CAPS: Mapping[str, int] = MappingProxyType(
    {
        "account_id": 3,
        "crm_id": 5,
        "loyalty_id": 3,
        "email": 5,
        "phone": 5,
        "device_id": 10,
    }
)
"""Most distinct identifiers of one type a customer may hold."""

DEFAULT_HUB_LIMITS: Mapping[str, int] = MappingProxyType(
    {t: n for t, n in DEFAULT_CAPS.items() if t != "device_id"}
)
"""An identifier presented with more distinct identifiers of a type than this is a hub.

``device_id`` is left out on purpose: one person's e-mail is legitimately seen with dozens of
cookies, so many devices say nothing about an e-mail being shared.
"""

DEFAULT_BLOCKED_EMAIL_DOMAINS: frozenset[str] = frozenset(
    {"example.com", "example.net", "example.org"}  # RFC 2606: never a real mailbox
)


def _frozen_counts(name: str, value: Mapping[str, int]) -> Mapping[str, int]:
    counts: dict[str, int] = {}
    for id_type, limit in value.items():
        if id_type not in IDENTIFIER_TYPES:
            raise ConfigError(f"identity {name}: unknown identifier type {id_type!r}")
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ConfigError(f"identity {name}[{id_type}] must be an integer >= 1, not {limit!r}")
        counts[id_type] = limit
    return MappingProxyType(counts)


def _region(name: str, region: object) -> str:
    if not isinstance(region, str) or region.upper() not in phonenumbers.SUPPORTED_REGIONS:
        raise ConfigError(f"identity {name}: {region!r} is not a phone region (ISO 3166 alpha-2)")
    return region.upper()


@dataclass(frozen=True)
class IdentityConfig:
    """Everything identity resolution can be told; the defaults are meant for production.

    Changing ``caps``, ``hub_limits`` or the block lists changes which links are accepted: rebuild
    the state from its link log (:func:`processors.identity.rebuild_state`) after a change.
    """

    # Region used to read a phone number written without its country code, e.g. "US" or "CN".
    default_region: str = "US"
    # Per channel or per source system (source wins), e.g. {"call_center": "US", "pos-cn": "CN"}.
    phone_regions: Mapping[str, str] = field(default_factory=dict)
    # Most distinct identifiers of one type a customer may hold; a type left out is uncapped.
    caps: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_CAPS))
    # Hub detection: more distinct co-presented identifiers of a type than this makes a hub.
    hub_limits: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_HUB_LIMITS))
    # Values never used for linking, as "type:value" (raw; normalised like any identifier).
    blocklist: frozenset[str] = frozenset()
    # E-mail domains never used for linking (the company's own agents' domain belongs here).
    blocked_email_domains: frozenset[str] = DEFAULT_BLOCKED_EMAIL_DOMAINS

    def __post_init__(self) -> None:
        # object.__setattr__ is how a frozen dataclass normalises its own fields
        object.__setattr__(self, "default_region", _region("default_region", self.default_region))
        regions = {
            str(name): _region(f"phone_regions[{name}]", region)
            for name, region in self.phone_regions.items()
        }
        object.__setattr__(self, "phone_regions", MappingProxyType(regions))
        object.__setattr__(self, "caps", _frozen_counts("caps", self.caps))
        object.__setattr__(self, "hub_limits", _frozen_counts("hub_limits", self.hub_limits))
        for entry in self.blocklist:
            id_type, sep, value = entry.partition(":")
            if not sep or id_type not in IDENTIFIER_TYPES or not value.strip():
                raise ConfigError(f"identity blocklist entry {entry!r} is not 'type:value'")
        domains = frozenset(d.strip().lower().rstrip(".") for d in self.blocked_email_domains)
        object.__setattr__(self, "blocked_email_domains", domains)

    def __hash__(self) -> int:
        # explicit because the mappings are not hashable; lets a config key a cache
        return hash(
            (
                self.default_region,
                tuple(sorted(self.phone_regions.items())),
                tuple(sorted(self.caps.items())),
                tuple(sorted(self.hub_limits.items())),
                self.blocklist,
                self.blocked_email_domains,
            )
        )

    def region_for(self, channel: str, source_system: str | None = None) -> str:
        """Region for national phone numbers: the source system's, the channel's, or the default."""
        if source_system is not None and source_system in self.phone_regions:
            return self.phone_regions[source_system]
        return self.phone_regions.get(channel, self.default_region)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> IdentityConfig:
        """Build from JSON/TOML-shaped data; unknown keys are an error, not silently ignored."""
        known = {
            "default_region",
            "phone_regions",
            "caps",
            "hub_limits",
            "blocklist",
            "blocked_email_domains",
        }
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(f"identity config: unknown keys {', '.join(unknown)}")
        kwargs: dict[str, Any] = dict(data)
        for name in ("blocklist", "blocked_email_domains"):
            if name in kwargs:
                kwargs[name] = frozenset(kwargs[name])
        try:
            return cls(**kwargs)
        except (TypeError, AttributeError, ValueError) as exc:
            raise ConfigError(f"identity config: {exc}") from exc
