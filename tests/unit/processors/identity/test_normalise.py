from __future__ import annotations

import pytest

from processors.identity import (
    IdentityConfig,
    Normaliser,
    Unusable,
    UnusableIdentifier,
    normalise_code,
    normalise_device,
    normalise_email,
    normalise_phone,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Ann.Lee@Example.CO ", "ann.lee@example.co"),
        ("mailto:Bob@Mail.com", "bob@mail.com"),
        ("<bob@mail.com>", "bob@mail.com"),
        ("Ann@Bücher.de", "ann@xn--bcher-kva.de"),  # IDNA 2008 / UTS 46
        ("user@例子.中国", "user@xn--fsqu00a.xn--fiqs8s"),
        ("ＡＮＮ＠ＭＡＩＬ．ＣＯＭ", "ann@mail.com"),  # full-width, as typed on a Chinese IME
        ("ann@xn--bcher-kva.de", "ann@xn--bcher-kva.de"),  # already punycode: unchanged
        ("ann+news@mail.com", "ann+news@mail.com"),  # sub-addresses are kept
        ("j@smith.name", "j@smith.name"),
        ("STRASSE@mail.com", "strasse@mail.com"),
        ("straße@mail.com", "strasse@mail.com"),  # case-folded, not just lower-cased
        ("mail@host.com.", "mail@host.com"),
    ],
)
def test_email_normalisation(raw: str, expected: str) -> None:
    assert normalise_email(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "junk"),
        ("   ", "junk"),
        ("null", "junk"),
        ("N/A", "junk"),
        ("none@none.com", "junk"),
        ("noreply@shop.com", "junk"),
        ("no-reply@shop.com", "junk"),
        ("xxx@mail.com", "junk"),
        ("ann", "invalid"),
        ("ann@", "invalid"),
        ("@mail.com", "invalid"),
        ("ann@mail", "invalid"),
        ("ann@@mail.com", "invalid"),
        ("ann lee@mail.com", "invalid"),
        ("ann..lee@mail.com", "invalid"),
        (".ann@mail.com", "invalid"),
        ("ann@-mail.com", "invalid"),
        ("ann@mail.c", "invalid"),
        ("ann@mail.123", "invalid"),
        ("ann@[127.0.0.1]", "invalid"),
        ("ann@host.test", "invalid"),  # reserved TLD
        ("ann@localhost", "invalid"),
        ("ann@example.com", "blocked"),  # RFC 2606
        ("a" * 65 + "@mail.com", "invalid"),
    ],
)
def test_bad_emails_are_rejected(raw: str, reason: str) -> None:
    with pytest.raises(UnusableIdentifier) as caught:
        normalise_email(raw, IdentityConfig().blocked_email_domains)
    assert caught.value.reason == reason


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("+86 138 0013 8000", "US", "+8613800138000"),
        ("13800138000", "CN", "+8613800138000"),
        ("１３８００１３８０００", "CN", "+8613800138000"),  # full-width digits
        ("+８６ １３８-００１３-８０００", "US", "+8613800138000"),
        ("0086 138 0013 8000", "CN", "+8613800138000"),
        ("(010) 6552 9988", "CN", "+861065529988"),  # Beijing landline with trunk prefix
        ("(415) 234-5678", "US", "+14152345678"),
        ("415.234.5678", "US", "+14152345678"),
        ("+1 415 234 5678", "CN", "+14152345678"),  # an explicit country code wins
        ("1-415-234-5678", "US", "+14152345678"),
        ("011 44 20 7946 0321", "US", "+442079460321"),  # US international dialling prefix
        ("tel:+1-415-234-5678", "US", "+14152345678"),
    ],
)
def test_phone_normalisation(raw: str, region: str, expected: str) -> None:
    assert normalise_phone(raw, region) == expected


@pytest.mark.parametrize(
    ("raw", "region", "reason"),
    [
        ("", "US", "junk"),
        ("N/A", "US", "junk"),
        ("0000000000", "US", "junk"),
        ("000-000-0000", "US", "junk"),
        ("+1 000 000 0000", "US", "invalid"),
        ("+1 (212) 555-0123", "US", "test_number"),  # 555-01xx is reserved for fiction
        ("(415) 555-0199", "US", "test_number"),
        ("+86 138 8888 8888", "US", "test_number"),  # one repeated digit
        ("(212) 222-2222", "US", "test_number"),
        ("(646) 765-4321", "US", "test_number"),  # typed to get past a mandatory field
        ("+1 234 567 8901", "US", "test_number"),  # one long run
        ("+1 567 890 1234", "US", "test_number"),
        ("+1 210 987 6543", "US", "test_number"),  # descending
        ("(212) 123-4567", "US", "invalid"),  # no NANP exchange starts with 1
        ("987-654-3210", "US", "invalid"),
        ("12345", "US", "invalid"),
        ("hello", "US", "invalid"),
        ("+1 800 234 5678", "US", "non_personal"),  # toll-free: a company's number
        ("+1 900 234 5678", "US", "non_personal"),  # premium rate
    ],
)
def test_bad_phones_are_rejected(raw: str, region: str, reason: str) -> None:
    with pytest.raises(UnusableIdentifier) as caught:
        normalise_phone(raw, region)
    assert caught.value.reason == reason


def test_a_real_555_number_outside_01xx_is_kept() -> None:
    assert normalise_phone("(415) 555-2671", "US") == "+14155552671"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  ab-12 34 ", "AB1234"),
        ("LY 0000 1234", "LY00001234"),
        ("ly–0000—1234", "LY00001234"),  # en and em dashes
        ("ＡＢ１２３", "AB123"),  # full-width
        ("ab_12", "AB_12"),  # underscores are part of the id
    ],
)
def test_code_normalisation(raw: str, expected: str) -> None:
    assert normalise_code(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", " ", "-", "N/A", "null", "NONE", "0000", "0000-0000", "??", "7"]
)
def test_junk_codes_are_rejected(raw: str) -> None:
    with pytest.raises(UnusableIdentifier) as caught:
        normalise_code(raw)
    assert caught.value.reason == "junk"


def test_device_normalisation() -> None:
    assert normalise_device(" 3F2504E0-4F89-11D3-9A0C-0305E82C3301 ") == (
        "3f2504e0-4f89-11d3-9a0c-0305e82c3301"
    )


@pytest.mark.parametrize(
    "raw", ["00000000-0000-0000-0000-000000000000", "unknown", "undefined", "ffffffff"]
)
def test_junk_devices_are_rejected(raw: str) -> None:
    with pytest.raises(UnusableIdentifier):
        normalise_device(raw)


def test_normaliser_keys_and_block_list() -> None:
    config = IdentityConfig(
        blocklist=frozenset({"email:Front.Desk@Shop.com", "phone:+1 415 234 5678", "email:N/A"}),
        blocked_email_domains=frozenset({"Agents.Shop.com"}),
    )
    normaliser = Normaliser(config)
    assert normaliser.key("email", " Ann@Mail.com") == "email:ann@mail.com"
    assert normaliser.key("email", "front.desk@shop.com") == Unusable(
        "blocked", "email:front.desk@shop.com"
    )
    # the block list is matched after normalisation, whatever the spelling
    found = normaliser.key("phone", "(415) 234-5678", "US")
    assert isinstance(found, Unusable)
    assert found.reason == "blocked"
    found = normaliser.key("email", "bob@agents.shop.com")
    assert isinstance(found, Unusable)
    assert found.reason == "blocked"
    assert normaliser.key("loyalty_id", "ly-1") == "loyalty_id:LY1"
    found = normaliser.key("fax", "123")
    assert isinstance(found, Unusable)
    assert found.reason == "invalid"


def test_regions_per_channel_and_source() -> None:
    config = IdentityConfig(default_region="us", phone_regions={"store": "CN", "genesys-uk": "GB"})
    assert config.region_for("web") == "US"
    assert config.region_for("store") == "CN"
    assert config.region_for("store", "genesys-uk") == "GB"  # the source system wins
    normaliser = Normaliser(config)
    assert normaliser.key("phone", "13800138000", config.region_for("store")) == (
        "phone:+8613800138000"
    )
    assert normaliser.key("phone", "020 7946 0321", "GB") == "phone:+442079460321"
