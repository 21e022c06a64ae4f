from datetime import timedelta

import pytest

from processors.validation import validate_interaction
from schemas.channels import primary_key
from tests.unit.factories import NOW, interaction

SKEW = timedelta(days=1)


def _check(record):
    return validate_interaction(record, now=NOW, max_future_skew=SKEW)


def test_a_valid_interaction_passes():
    assert _check(interaction()) is None


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"channel": "fax"}, "unknown_channel"),
        ({"event_id": "  "}, "invalid_field"),
        ({"occurred_at": NOW + timedelta(days=3650)}, "future_timestamp"),
        ({"occurred_at": NOW.replace(year=1970)}, "invalid_field"),
        (
            {
                "identifiers": {
                    "email": "  ",
                    "phone": None,
                    "loyalty_id": "",
                    "account_id": None,
                    "device_id": None,
                    "crm_id": None,
                }
            },
            "no_identifier",
        ),
    ],
)
def test_invalid_interactions_have_a_reason(overrides, code):
    rejection = _check(interaction(**overrides))
    assert rejection is not None
    assert rejection.code == code
    assert rejection.reason


def test_small_clock_skew_is_tolerated():
    assert _check(interaction(occurred_at=NOW + timedelta(hours=2))) is None


def test_primary_key_prefers_stable_identifiers():
    record = interaction()
    assert primary_key(record) == "email:Ann@Example.com"
    record["identifiers"]["account_id"] = " A-1 "
    assert primary_key(record) == "account_id:A-1"
