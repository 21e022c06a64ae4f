from __future__ import annotations

from typing import Any

import pytest

from core.errors import ConfigError
from processors.identity import IdentityConfig
from processors.identity.config import DEFAULT_CAPS, DEFAULT_HUB_LIMITS


def test_defaults() -> None:
    config = IdentityConfig()
    assert config.default_region == "US"
    assert dict(config.caps) == dict(DEFAULT_CAPS)
    assert "device_id" not in config.hub_limits  # many devices say nothing about sharing
    assert dict(config.hub_limits) == dict(DEFAULT_HUB_LIMITS)
    assert "example.com" in config.blocked_email_domains
    assert hash(config) == hash(IdentityConfig())
    assert config == IdentityConfig()


def test_from_dict() -> None:
    config = IdentityConfig.from_dict(
        {
            "default_region": "cn",
            "phone_regions": {"call_center": "US"},
            "caps": {"email": 3},
            "blocklist": ["email:desk@shop.com"],
            "blocked_email_domains": ["Agents.Shop.com."],
        }
    )
    assert config.default_region == "CN"
    assert config.region_for("call_center") == "US"
    assert dict(config.caps) == {"email": 3}
    assert config.blocklist == frozenset({"email:desk@shop.com"})
    assert config.blocked_email_domains == frozenset({"agents.shop.com"})


@pytest.mark.parametrize(
    "data",
    [
        {"default_region": "XX"},
        {"phone_regions": {"store": "Narnia"}},
        {"caps": {"fax": 3}},
        {"caps": {"email": 0}},
        {"caps": {"email": "5"}},
        {"hub_limits": {"email": True}},
        {"blocklist": ["ann@mail.com"]},
        {"blocklist": ["fax:123"]},
        {"colour": "blue"},
    ],
)
def test_bad_settings_are_config_errors(data: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        IdentityConfig.from_dict(data)
