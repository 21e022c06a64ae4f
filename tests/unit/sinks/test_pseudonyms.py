"""Keyed pseudonyms: HMAC-SHA256 under the configured key, identifiers normalised first."""

import hashlib
import hmac
import stat

import pytest

from core.errors import ConfigError
from core.settings import load_settings
from processors.identity import IdentifierKeys, IdentityConfig
from sinks.clickhouse.migrations import migrate
from sinks.clickhouse.pseudonyms import Pseudonymiser, canonical_text, pseudonym_key
from sinks.clickhouse.rows import ColumnBatch, Position, golden_profile_row, interaction_row
from tests.unit.factories import NOW, interaction

KEYS = IdentifierKeys(IdentityConfig())

KEY = b"test-key-0123456789"


def expected(text: str, key: bytes = KEY) -> str:
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def test_a_pseudonym_is_the_hmac_sha256_of_the_identity_key():
    p = Pseudonymiser(KEY, KEYS)
    assert p.identifier("email", " Ann@Mail-Host.org ") == expected("email:ann@mail-host.org")
    assert p.identifier("phone", "+44 20 7946 0958") == expected("phone:+442079460958")
    # a national number is read in the region given, like identity resolution does
    assert p.identifier("phone", "020 7946 0958", "GB") == expected("phone:+442079460958")


def test_pseudonyms_depend_on_the_key_and_are_not_plain_hashes():
    a, b = Pseudonymiser(KEY, KEYS), Pseudonymiser(b"another key", KEYS)
    ann = a.identifier("email", "ann@mail-host.org")
    assert ann != b.identifier("email", "ann@mail-host.org")
    assert ann != hashlib.sha256(b"email:ann@mail-host.org").hexdigest()
    assert len(ann or "") == 64


def test_spellings_of_one_value_share_a_pseudonym_and_different_values_do_not():
    p = Pseudonymiser(KEY, KEYS)
    assert (
        p.text("name", "Ann  SMITH ") == p.text("name", "ann smith") == expected("name:ann smith")
    )
    assert p.text("name", "Ann Smith") != p.text("name", "Anne Smith")
    # the kind is part of the input: the same text as a name and as an address differ
    assert p.text("name", "x") != p.text("address", "x")
    assert canonical_text("１２ Ｍａｉｎ  St") == "12 main st"


def test_blank_values_stay_null_and_unusable_identifiers_are_still_pseudonymised():
    p = Pseudonymiser(KEY, KEYS)
    assert p.text("name", None) is None
    assert p.text("name", "   ") is None
    assert p.identifier("email", None) is None
    assert p.identifier("email", "not an address") == expected("email:not an address")


def test_only_direct_identifiers_among_attributes_are_replaced():
    p = Pseudonymiser(KEY, KEYS)
    out = p.attributes({"name": "Ann", "address": "1 Main St", "page": "/pricing"})
    assert out == {
        "name": expected("name:ann"),
        "address": expected("address:1 main st"),
        "page": "/pricing",
    }


def test_an_empty_key_is_refused():
    with pytest.raises(ConfigError):
        Pseudonymiser(b"", KEYS)


def test_the_key_comes_from_settings_else_a_private_key_file(tmp_path):
    configured = load_settings(state_dir=tmp_path, pseudonym_key="s3cret")
    assert pseudonym_key(configured) == b"s3cret"
    unset = load_settings(state_dir=tmp_path / "state")
    first = pseudonym_key(unset)
    assert len(first) == 64
    assert pseudonym_key(unset) == first  # created once, then read back
    mode = (tmp_path / "state" / "pseudonym.key").stat().st_mode
    assert stat.S_IMODE(mode) == 0o600


def test_rows_fill_the_pseudonymised_columns():
    p = Pseudonymiser(KEY, KEYS)
    record = interaction(attributes={"name": "Ann Smith", "page": "/p"})
    row = interaction_row(record, Position("t", 0, 1), NOW, pseudonyms=p)
    assert row["email"] == "Ann@Example.com"  # raw kept (see docs/privacy.md)
    assert row["email_pseudonym"] == p.identifier("email", "Ann@Example.com")
    assert row["customer_key_pseudonym"] == row["email_pseudonym"]
    assert row["phone_pseudonym"] is None
    assert row["attributes_pseudonymised"] == {"name": expected("name:ann smith"), "page": "/p"}
    assert "email_pseudonym" not in interaction_row(record, Position("t", 0, 1), NOW)


def _profile(version: int) -> dict:
    return {
        "customer_id": "c_0123456789abcdef",
        "version": version,
        "updated_at": NOW,
        "merged_into": None,
        "attributes": [
            {"name": name, "value": value, "channel": "web", "at": NOW, "event_id": "e"}
            for name, value in (
                ("name", "Ann Smith"),
                ("address", "1 Main St"),
                ("email", "ann@mail.org"),
            )
        ],
        "consents": {},
        "preferred_channel": "web",
        "interactions": 1,
        "inbound_by_channel": {"web": 1},
    }


def test_the_views_show_pseudonyms_instead_of_raw_values(tmp_path):
    from sinks.clickhouse.chdb_store import ChdbStore

    p = Pseudonymiser(KEY, KEYS)
    store = ChdbStore(tmp_path / "ch")
    try:
        migrate(store)
        interactions = ColumnBatch("interactions")
        record = interaction(attributes={"name": "Ann Smith", "page": "/p"})
        interactions.add(interaction_row(record, Position("i", 0, 0), NOW, pseudonyms=p))
        store.insert("chorus.interactions", interactions.columns())
        profiles = ColumnBatch("golden_profiles")
        profiles.add(golden_profile_row(_profile(1), Position("p", 0, 0), NOW, pseudonyms=p))
        store.insert("chorus.golden_profiles", profiles.columns())

        (row,) = store.rows(
            "SELECT email_pseudonym, customer_key_pseudonym, attributes['name'], attributes['page']"
            " FROM chorus.interactions_pseudonymised"
        )
        assert row == (p.identifier("email", "Ann@Example.com"),) * 2 + (
            expected("name:ann smith"),
            "/p",
        )
        columns = {r[0] for r in store.rows("DESCRIBE TABLE chorus.interactions_pseudonymised")}
        assert not columns & {"email", "phone", "customer_key", "text"}
        (profile,) = store.rows(
            "SELECT name_pseudonym, address_pseudonym, email_pseudonym, phone_pseudonym"
            " FROM chorus.golden_profiles_pseudonymised"
        )
        assert profile == (
            expected("name:ann smith"),
            expected("address:1 main st"),
            expected("email:ann@mail.org"),
            None,
        )
        columns = {r[0] for r in store.rows("DESCRIBE TABLE chorus.golden_profiles_pseudonymised")}
        assert not columns & {"name", "address", "email", "phone"}
        # and the raw values stay in the base table, for the channel systems
        assert store.rows("SELECT address FROM chorus.golden_profiles") == [("1 Main St",)]
    finally:
        store.close()
