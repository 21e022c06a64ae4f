"""Every adapter maps its native shape to an Interaction the codec accepts, and refuses
records it cannot map with an AdapterError that says why."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas import AvroCodec, load_catalog, make_registry
from schemas.channels import CHANNELS
from streams.adapters import (
    ADAPTERS,
    IDENTIFIER_FIELDS,
    KNOWN_CHANNELS,
    AdapterError,
    InvalidFieldError,
    MissingFieldError,
    NoIdentifierError,
    adapter_for,
)
from tests.unit.streams.samples import ANONYMOUS, ID_FIELD, NATIVE, TIME_FIELD, native

RECEIVED = datetime(2025, 3, 4, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def codec() -> AvroCodec:
    catalog = load_catalog()
    return AvroCodec(catalog, make_registry(catalog, None))


def test_registry_covers_exactly_the_known_channels() -> None:
    assert frozenset(CHANNELS) == KNOWN_CHANNELS == frozenset(NATIVE)
    assert all(adapter.channel == name for name, adapter in ADAPTERS.items())


def test_identifier_fields_follow_the_schema() -> None:
    schema = json.loads(load_catalog().current("interaction").source)
    identifiers = next(f for f in schema["fields"] if f["name"] == "identifiers")
    assert tuple(f["name"] for f in identifiers["type"]["fields"]) == IDENTIFIER_FIELDS


@pytest.mark.parametrize("channel", sorted(NATIVE))
def test_sample_maps_to_a_record_that_round_trips(channel: str, codec: AvroCodec) -> None:
    adapter = ADAPTERS[channel]
    record = adapter.to_interaction(native(channel), batch_id="b-1", received_at=RECEIVED)

    assert codec.decode(codec.encode("interaction", record), expect="interaction").record == record
    assert record["channel"] == channel
    assert record["event_id"].startswith(f"{channel}:")
    assert record["batch_id"] == "b-1"
    assert record["received_at"] == RECEIVED
    assert record["occurred_at"].tzinfo is UTC
    assert record["direction"] in {"inbound", "outbound"}
    assert tuple(record["identifiers"]) == IDENTIFIER_FIELDS
    assert any(record["identifiers"].values())
    assert all(isinstance(v, str) for v in record["attributes"].values())
    assert all(isinstance(v, bool) for v in record["consents"].values())
    assert record["source_system"] == adapter.source_system
    assert record["adapter_version"] == adapter.ADAPTER_VERSION


# What each sample must map to (a subset of the record; identifiers in full).
EXPECTED: dict[str, dict[str, Any]] = {
    "web": {
        "event_id": "web:5f0c2a9e-7d41-4c57-9a55-0f1e2d3c4b5a",
        "occurred_at": datetime(2025, 3, 4, 10, 22, 5, 123000, tzinfo=UTC),
        "interaction_type": "login",
        "identifiers": {
            "email": "Jane.Doe@Gmail.com",
            "account_id": "A12345678",
            "device_id": "ck-30b4d61eb7229682943ce4b9",
        },
    },
    "mobile_app": {
        "occurred_at": datetime(2025, 3, 4, 10, 22, 5, 123000, tzinfo=UTC),
        "interaction_type": "address_update",
        "identifiers": {
            "account_id": "A12345678",
            "device_id": "ios-0d5e1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b",
        },
        "consents": {"push": True},
    },
    "call_center": {
        "occurred_at": datetime(2025, 3, 4, 10, 22, 5, tzinfo=UTC),
        "interaction_type": "profile_update",
        "identifiers": {
            "phone": "(415) 555-0134",
            "account_id": "A12345678",
            "email": "jane.doe@gmail.com",
            "crm_id": "CRM-00012345",
        },
    },
    "email": {
        "event_id": "email:1a2b.7f3e91c4d2aa@mail.chorus-retail.example",
        "occurred_at": datetime(2025, 3, 4, 10, 22, 5, tzinfo=UTC),
        "direction": "inbound",
        "interaction_type": "message",
        "identifiers": {"email": "XiaoMing.Wang@QQ.com"},
    },
    "sms": {
        "interaction_type": "message",
        "identifiers": {"phone": "+886912345678"},
        "consents": {"sms_marketing": False},
        "text": "退訂",
    },
    "chat": {
        "event_id": "chat:CV-00012345:3",
        "occurred_at": datetime(2025, 3, 4, 10, 22, 5, 512000, tzinfo=UTC),
        "identifiers": {
            "email": "MEILING.LIN@YAHOO.COM.TW",
            "device_id": "ck-9aaa60360e5ed9e70df29c40",
        },
    },
    "store": {
        "occurred_at": datetime(2025, 3, 5, 0, 22, 5, tzinfo=UTC),  # 18:22 at UTC-6
        "interaction_type": "purchase",
        "identifiers": {"loyalty_id": "LC0012345678"},
    },
    "branch": {
        "occurred_at": datetime(2025, 3, 4, 2, 22, 5, tzinfo=UTC),
        "interaction_type": "profile_update",
        "identifiers": {"crm_id": "CRM-00012345", "phone": "0912-345-678"},
    },
    "partner": {
        "occurred_at": datetime(2025, 3, 4, 10, 22, 5, tzinfo=UTC),
        "interaction_type": "purchase",
        "identifiers": {
            "crm_id": "D17:C-00042",
            "email": "JANE.DOE@GMAIL.COM",
            "phone": "415 555 0134",
        },
    },
    "social": {
        "occurred_at": datetime(2025, 3, 4, 10, 22, 5, tzinfo=UTC),
        "interaction_type": "post",
        "identifiers": {"crm_id": "weibo:@小明爱旅行"},
    },
}
EXPECTED_ATTRIBUTES: dict[str, dict[str, str]] = {
    "web": {"page": "/login", "lang": "en-US"},
    "mobile_app": {"address": "上海市浦东新区世纪大道１００号3栋1202室", "platform": "ios"},
    "call_center": {
        "date_of_birth": "1985-07-14",
        "duration_s": "575",
        "marital_status": "married",
        "last_name": "Smith",
        "agent_id": "AG0123",
    },
    "email": {"name": "王小明", "subject": "资料更新"},
    "sms": {"messaging_service": "MG00aa"},
    "chat": {"conversation_id": "CV-00012345", "author": "visitor", "lang": "zh-TW"},
    "store": {
        "amount": "142.49",
        "currency": "USD",
        "product_category": "baby",
        "categories": "baby,grocery",
        "store_id": "US-S012",
        "items": "2",
    },
    "branch": {
        "date_of_birth": "1985-07-14",
        "employer": "台積電",
        "job_title": "資深軟體工程師",
        "branch_code": "TW03",
    },
    "partner": {
        "address": "550 Chestnut Rd, Phoenix, AZ 85098",
        "amount": "1299.00",
        "dealer_id": "D17",
        "name": "Jane Doe",
        "product_category": "furniture",
    },
    "social": {"platform": "weibo", "social_handle": "@小明爱旅行", "display_name": "王小明"},
}


@pytest.mark.parametrize("channel", sorted(NATIVE))
def test_sample_maps_to_the_documented_fields(channel: str) -> None:
    record = ADAPTERS[channel].to_interaction(native(channel), received_at=RECEIVED)
    expected = dict(EXPECTED[channel])
    identifiers = dict.fromkeys(IDENTIFIER_FIELDS) | expected.pop("identifiers")
    assert record["identifiers"] == identifiers
    for name, value in expected.items():
        assert record[name] == value, name
    assert EXPECTED_ATTRIBUTES[channel].items() <= record["attributes"].items()


def test_email_outbound_customer_is_the_recipient() -> None:
    record = ADAPTERS["email"].to_interaction(
        native(
            "email",
            direction="out",
            **{"from": "Chorus Home <news@chorus-retail.example>", "to": "jane@example.com"},
            campaign_id="CMP-2025-07",
        ),
        received_at=RECEIVED,
    )
    assert record["direction"] == "outbound"
    assert record["interaction_type"] == "campaign"
    assert record["identifiers"]["email"] == "jane@example.com"


def test_sms_outbound_campaign_keys_on_the_recipient() -> None:
    record = ADAPTERS["sms"].to_interaction(
        native(
            "sms",
            direction="outbound-api",
            body="Spring sale: 20% off",
            campaign_id="CMP-1",
            **{"from": "+18005550100", "to": "+14155550134"},
        ),
        received_at=RECEIVED,
    )
    assert (record["direction"], record["interaction_type"]) == ("outbound", "campaign")
    assert record["identifiers"]["phone"] == "+14155550134"
    assert record["consents"] == {}


def test_social_meta_time_format_and_brand_reply() -> None:
    record = ADAPTERS["social"].to_interaction(
        native(
            "social",
            platform="facebook",
            created_time="2025-03-04T10:22:05+0000",
            handle="@ChorusHome",
            kind="brand_reply",
            in_reply_to={"post_id": "1", "handle": "@jane.doe7"},
        ),
        received_at=RECEIVED,
    )
    assert record["occurred_at"] == datetime(2025, 3, 4, 10, 22, 5, tzinfo=UTC)
    assert record["direction"] == "outbound"
    assert record["identifiers"]["crm_id"] == "facebook:@jane.doe7"


def test_store_return_sums_negative_lines() -> None:
    lines = [{"sku": "X", "category": "toys", "amount": "-19.99"}]
    record = ADAPTERS["store"].to_interaction(
        native("store", type="return", lines=lines), received_at=RECEIVED
    )
    assert record["interaction_type"] == "return"
    assert record["attributes"]["amount"] == "-19.99"


def test_namespace_scopes_event_ids_and_received_at_defaults_to_the_clock() -> None:
    fixed = datetime(2025, 5, 1, 8, 0, 0, 123456, tzinfo=UTC)
    adapter = adapter_for("store", namespace="run-7", clock=lambda: fixed)
    record = adapter.to_interaction(native("store"))
    assert record["event_id"] == "run-7:store:US-S012-20250304-0000173"
    assert record["received_at"] == fixed.replace(microsecond=123000)


def test_event_id_is_stable_across_re_sends() -> None:
    first = ADAPTERS["web"].to_interaction(native("web"), batch_id="load-1")
    again = ADAPTERS["web"].to_interaction(native("web"), batch_id="load-2")
    assert first["event_id"] == again["event_id"]


@pytest.mark.parametrize("channel", sorted(NATIVE))
def test_missing_native_id_is_an_adapter_error(channel: str) -> None:
    with pytest.raises(MissingFieldError, match=ID_FIELD[channel]) as err:
        ADAPTERS[channel].to_interaction(native(channel, **{ID_FIELD[channel]: None}))
    assert err.value.channel == channel
    assert err.value.field == ID_FIELD[channel]
    with pytest.raises(MissingFieldError):
        ADAPTERS[channel].to_interaction(native(channel, **{ID_FIELD[channel]: "  "}))


@pytest.mark.parametrize("channel", sorted(NATIVE))
def test_unparsable_timestamp_is_an_adapter_error(channel: str) -> None:
    field, bad = TIME_FIELD[channel]
    with pytest.raises(InvalidFieldError, match="not a timestamp") as err:
        ADAPTERS[channel].to_interaction(native(channel, **{field: bad}))
    assert err.value.native_id  # the message names the record
    assert channel in str(err.value)


@pytest.mark.parametrize("channel", sorted(c for c, v in ANONYMOUS.items() if v is not None))
def test_record_naming_no_customer_is_an_adapter_error(channel: str) -> None:
    overrides = ANONYMOUS[channel]
    assert overrides is not None
    with pytest.raises(NoIdentifierError, match="no customer identifier"):
        ADAPTERS[channel].to_interaction(native(channel, **overrides))


def test_unknown_enumerated_value_names_the_choices() -> None:
    with pytest.raises(InvalidFieldError, match=r"'event'.*expected one of"):
        ADAPTERS["web"].to_interaction(native("web", event="hover"))


def test_not_a_mapping_is_an_adapter_error() -> None:
    with pytest.raises(InvalidFieldError, match="expected a mapping"):
        ADAPTERS["web"].to_interaction(["not", "a", "record"])  # type: ignore[arg-type]


_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


@st.composite
def _damaged(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A sample record with a few of its fields replaced by arbitrary JSON values."""
    channel = draw(st.sampled_from(sorted(NATIVE)))
    record = native(channel)
    for key in draw(st.lists(st.sampled_from(sorted(record)), max_size=3, unique=True)):
        record[key] = draw(_json)
    return channel, record


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_damaged())
def test_any_damage_gives_a_valid_record_or_an_adapter_error(
    case: tuple[str, dict[str, Any]],
) -> None:
    channel, record = case
    catalog = load_catalog()
    codec = AvroCodec(catalog, make_registry(catalog, None))
    try:
        mapped = ADAPTERS[channel].to_interaction(record, received_at=RECEIVED)
    except AdapterError:
        return
    codec.decode(codec.encode("interaction", mapped))
    assert mapped["occurred_at"] - RECEIVED < timedelta(days=10**7)


def test_email_helpdesk_match_brings_the_crm_contact() -> None:
    record = ADAPTERS["email"].to_interaction(
        native("email", crm_contact_id="CRM-00012345"), received_at=RECEIVED
    )
    assert record["identifiers"]["crm_id"] == "CRM-00012345"
    assert record["identifiers"]["email"]


def test_social_author_confirmed_by_social_care_brings_email_and_phone() -> None:
    record = ADAPTERS["social"].to_interaction(
        native("social", author_contact={"email": "jane@mail.org", "phone": "+14155550134"}),
        received_at=RECEIVED,
    )
    ids = record["identifiers"]
    assert (ids["email"], ids["phone"]) == ("jane@mail.org", "+14155550134")
    assert ids["crm_id"].endswith(native("social")["handle"])


def test_web_sign_in_code_phone_and_email_click_are_identifiers() -> None:
    web = ADAPTERS["web"]
    login = web.to_interaction(
        native("web", user={"account": "A1", "email": "a@mail.org", "phone": "+14155550134"}),
        received_at=RECEIVED,
    )
    assert login["identifiers"]["phone"] == "+14155550134"
    click = web.to_interaction(
        native("web", user=None, email_click={"subscriber": "b@mail.org", "campaign_id": "C1"}),
        received_at=RECEIVED,
    )
    assert click["identifiers"]["email"] == "b@mail.org"
    assert click["identifiers"]["device_id"]
