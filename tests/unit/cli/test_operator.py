import pytest

from chorus.customers import CustomerLookupError
from chorus.operator import plan_split

CUSTOMER = "c_0123456789abcdef"
HOLDS = ["account_id:ACC1", "device_id:tab-1", "email:ann@mail.org"]


def fake_run(sql: str) -> list[dict]:
    """Answers the three lookups plan_split makes, as the identity tables would."""
    if "FROM db.customer_aliases" in sql:
        return [{"survivor": "", "n": 0}]
    if sql.startswith("SELECT identifier FROM ("):
        return [{"identifier": key} for key in HOLDS]
    if "identity_members WHERE identifier" in sql:
        known = any(f"'{key}'" in sql for key in HOLDS)
        return [{"customer_id": CUSTOMER if known else "", "n": int(known)}]
    raise AssertionError(sql)


def test_a_split_is_planned_with_normalised_identifiers():
    request = plan_split(fake_run, "db", CUSTOMER, ["Ann@Mail.org", "device_id:TAB-1"])
    assert request.customer_id == CUSTOMER
    assert request.detach == ["device_id:tab-1", "email:ann@mail.org"]
    assert request.keep == ["account_id:ACC1"]
    assert len(request.command_id) == 16


@pytest.mark.parametrize(
    ("identifiers", "message"),
    [
        ([], "at least one identifier"),
        (["email:bob@mail.org"], "does not hold email:bob@mail.org"),
        (["c_0123456789abcdef"], "is a customer id"),
        (HOLDS, "changes nothing"),
        (["email:null"], "not usable"),
    ],
)
def test_bad_split_requests_are_explained(identifiers, message):
    with pytest.raises(CustomerLookupError, match=message):
        plan_split(fake_run, "db", CUSTOMER, identifiers)


def test_splitting_an_unknown_customer_is_explained():
    with pytest.raises(CustomerLookupError, match="no customer holds"):
        plan_split(fake_run, "db", "email:nobody@mail.org", ["email:ann@mail.org"])
