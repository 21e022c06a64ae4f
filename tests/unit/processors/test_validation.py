from datetime import timedelta

import pytest

from core.settings import load_settings
from processors.validation import (
    DEFAULT_LIMITS,
    InputLimits,
    input_limits,
    validate_interaction,
)
from schemas.amounts import amount_problem
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


# --- limits (issue 19) -------------------------------------------------------------------------


def _ids(**present):
    ids = dict.fromkeys(interaction()["identifiers"])
    ids.update(present)
    return ids


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"event_id": "e" * 129}, "field_too_large"),
        ({"batch_id": "b" * 129}, "field_too_large"),
        ({"identifiers": _ids(email="a" * 321)}, "field_too_large"),
        ({"identifiers": _ids(email="a" * 200_000 + "@example.com")}, "field_too_large"),
        ({"interaction_type": "t" * 129}, "field_too_large"),
        ({"channel": "c" * 129}, "field_too_large"),
        ({"text": "x" * (256 * 1024 + 1)}, "field_too_large"),
        ({"text": "文" * (256 * 1024 // 3 + 1)}, "field_too_large"),  # bytes, not characters
        ({"attributes": {f"a{i}": "v" for i in range(257)}}, "too_many_attributes"),
        ({"attributes": {f"a{i}": "v" for i in range(10_000)}}, "too_many_attributes"),
        ({"consents": {f"c{i}": True for i in range(257)}}, "too_many_attributes"),
        ({"attributes": {"k" * 129: "v"}}, "field_too_large"),
        ({"attributes": {"address": "v" * 1025}}, "field_too_large"),
    ],
)
def test_fields_past_their_limits_are_rejected_not_truncated(overrides, code):
    rejection = _check(interaction(**overrides))
    assert rejection is not None
    assert rejection.code == code
    assert len(rejection.reason) < 200  # the reason names the size, it does not quote the value


def test_fields_at_their_limits_pass():
    record = interaction(
        event_id="e" * 128,
        identifiers=_ids(email="a" * 320),
        text="x" * 256 * 1024,
        attributes={f"a{i}": "v" * 1024 for i in range(256)},
    )
    assert _check(record) is None


def test_limits_come_from_the_caller():
    tight = InputLimits(max_attributes=1)
    record = interaction(attributes={"a": "1", "b": "2"})
    assert _check(record) is None
    rejection = validate_interaction(record, now=NOW, max_future_skew=SKEW, limits=tight)
    assert rejection is not None and rejection.code == "too_many_attributes"


def test_the_settings_defaults_are_the_default_limits():
    assert input_limits(load_settings()) == DEFAULT_LIMITS


@pytest.mark.parametrize(
    "amount",
    [
        "1e309",
        "NaN",
        "nan",
        "inf",
        "-Infinity",
        "1e16",
        "-1e20",
        "",
        "-",
        "12.3.4",
        " 1",
        "0e17",
        "١٢",
    ],
)
def test_a_purchase_amount_purchases_cannot_hold_is_an_invalid_number(amount):
    for kind in ("purchase", "return"):
        rejection = _check(interaction(interaction_type=kind, attributes={"amount": amount}))
        assert rejection is not None and rejection.code == "invalid_number", (kind, amount)


@pytest.mark.parametrize(
    "amount", ["12.50", "-3", "+4", ".5", "5.", "1E+3", "9999999999999999.99", "1e15"]
)
def test_storable_amounts_pass(amount):
    assert _check(interaction(interaction_type="purchase", attributes={"amount": amount})) is None


def test_amounts_matter_only_on_purchases_and_returns():
    assert _check(interaction(interaction_type="page_view", attributes={"amount": "1e309"})) is None
    assert _check(interaction(interaction_type="purchase", attributes={})) is None


def test_amount_problem_names_the_problem():
    assert amount_problem("1e309") is not None and "range" in (amount_problem("1e309") or "")
    assert amount_problem("1e9999999999999999999999") is not None  # past decimal's exponents
    assert amount_problem("12.50") is None
