import pytest

from chorus.customers import (
    CustomerLookupError,
    Reference,
    parse_reference,
    quote,
    resolve_customer,
    timeline,
)


def test_customer_ids_pass_through():
    assert parse_reference("c_0123456789abcdef") == Reference("c_0123456789abcdef", None)
    assert parse_reference(" anon_0123456789abcdef ") == Reference("anon_0123456789abcdef", None)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("email:Ann@Mail-Host.org", "email:ann@mail-host.org"),
        ("Ann@Mail-Host.org", "email:ann@mail-host.org"),
        ("account_id:acc-77", "account_id:ACC77"),
        ("+44 20 7946 0958", "phone:+442079460958"),
        ("device_id:DEV-1", "device_id:dev-1"),
    ],
)
def test_identifiers_are_normalised_like_the_stream(text, key):
    assert parse_reference(text) == Reference(None, key)


@pytest.mark.parametrize("text", ["hello", "email:nobody@example.com", "fax:123"])
def test_unusable_references_are_refused(text):
    with pytest.raises(CustomerLookupError):
        parse_reference(text)


def test_sql_literals_are_quoted():
    assert quote("o'brien\\") == "'o\\'brien\\\\'"


def test_a_retired_id_follows_merges_to_the_survivor():
    aliases = {"c_a": "c_b", "c_b": "c_c"}

    def run(sql):
        alias = sql.split("alias = '")[1].split("'")[0]
        if alias in aliases:
            return [{"survivor": aliases[alias], "n": 1}]
        return [{"survivor": "", "n": 0}]

    assert resolve_customer(run, "db", Reference("c_a", None)) == "c_c"


def test_an_unknown_identifier_names_no_customer():
    with pytest.raises(CustomerLookupError):
        resolve_customer(lambda sql: [{"customer_id": "", "n": 0}], "db", Reference(None, "x:y"))


def test_timeline_goes_through_the_identifiers_events_presented():
    seen = []
    timeline(lambda sql: seen.append(sql) or [], "db", "c_a", ["email:a@b.org"], limit=5)
    assert "hasAny(identifiers, ['email:a@b.org'])" in seen[0]
    assert "LIMIT 5" in seen[0]
