import json

import pytest

from core.errors import ConfigError
from core.settings import load_settings
from processors.identity.profile import DAY_MS
from processors.identity.rules import identity_settings, read_identity_settings


def test_defaults_without_a_file(tmp_path):
    rules = identity_settings(load_settings(state_dir=tmp_path))
    assert rules.identity.default_region == "US"
    assert rules.profile.trust[0] == "branch"


def test_a_file_sets_identity_and_profile_rules(tmp_path):
    path = tmp_path / "identity.json"
    path.write_text(
        json.dumps(
            {
                "phone_regions": {"pos-cn": "CN"},
                "caps": {"email": 2},
                "blocklist": ["email:front.desk@hotel.org"],
                "profile_trust": ["call_center", "branch"],
                "profile_trust_window_days": 30,
            }
        )
    )
    rules = identity_settings(load_settings(state_dir=tmp_path, identity_config=path))
    assert rules.identity.region_for("store", "pos-cn") == "CN"
    assert rules.identity.caps["email"] == 2
    assert rules.profile.trust == ("call_center", "branch")
    assert rules.profile.trust_window_ms == 30 * DAY_MS


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not JSON"),
        ("[1, 2]", "must be a JSON object"),
        ('{"colour": "blue"}', "unknown keys colour"),
        ('{"profile_trust": "branch"}', "profile_trust must be a list"),
        ('{"phone_regions": {"chat": "Narnia"}}', "identity"),
    ],
)
def test_bad_files_are_explained(tmp_path, content, message):
    path = tmp_path / "identity.json"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message):
        read_identity_settings(path)


def test_a_missing_file_is_explained(tmp_path):
    with pytest.raises(ConfigError, match="cannot read the identity config"):
        read_identity_settings(tmp_path / "nope.json")
