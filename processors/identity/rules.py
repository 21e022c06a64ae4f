"""The identity-resolution and golden-profile configuration, from ``CHORUS_IDENTITY_CONFIG``.

One JSON file, so the stream, ``chorus resolve``/``detect`` and the customer lookups all read
the same rules. Keys: those of :meth:`processors.identity.IdentityConfig.from_dict`
(``default_region``, ``phone_regions``, ``caps``, ``hub_limits``, ``blocklist``,
``blocked_email_domains``) plus ``profile_trust`` (channels, most trusted first) and
``profile_trust_window_days``. Unset: the documented defaults.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from core.errors import ConfigError
from core.settings import Settings
from processors.identity import IdentityConfig
from processors.identity.profile import DAY_MS, ProfileConfig


@dataclass(frozen=True)
class IdentitySettings:
    identity: IdentityConfig
    profile: ProfileConfig


def identity_settings(settings: Settings) -> IdentitySettings:
    path = settings.identity_config
    if path is None:
        return IdentitySettings(IdentityConfig(), ProfileConfig())
    return read_identity_settings(path)


def read_identity_settings(path: Path) -> IdentitySettings:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read the identity config {path}: {exc.strerror}") from exc
    except json.JSONDecodeError as exc:
        raise ConfigError(f"identity config {path} is not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"identity config {path} must be a JSON object")
    trust = data.pop("profile_trust", None)
    window_days = data.pop("profile_trust_window_days", None)
    profile = ProfileConfig()
    try:
        if trust is not None:
            if not isinstance(trust, list) or not all(isinstance(c, str) for c in trust):
                raise ConfigError("profile_trust must be a list of channel names")
            profile = ProfileConfig(tuple(trust), profile.trust_window_ms)
        if window_days is not None:
            if not isinstance(window_days, int | float) or window_days < 0:
                raise ConfigError("profile_trust_window_days must be a number >= 0")
            profile = ProfileConfig(profile.trust, int(window_days * DAY_MS))
        return IdentitySettings(IdentityConfig.from_dict(data), profile)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
