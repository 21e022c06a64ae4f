from processors.identity.profile import (
    DAY_MS,
    Profile,
    ProfileConfig,
    Sourced,
    better,
    merge,
    observe,
)

T = 1_700_000_000_000


def _observe(profile, event_id, channel, at, direction="inbound", **attributes):
    identifiers = {k: attributes.pop(k) for k in ("email", "phone") if k in attributes}
    consents = attributes.pop("consents", None)
    return observe(
        profile,
        event_id=event_id,
        channel=channel,
        direction=direction,
        occurred_ms=at,
        identifiers=identifiers,
        attributes=attributes,
        consents=consents,
    )


def test_recency_wins_between_equally_trusted_channels():
    p = Profile("c_1")
    _observe(p, "e1", "web", T, address="1 Old Rd")
    _observe(p, "e2", "web", T + DAY_MS, address="2 New St")
    assert p.attributes["address"] == Sourced("2 New St", "web", T + DAY_MS, "e2")


def test_a_low_trust_source_does_not_override_a_recent_trusted_one():
    p = Profile("c_1")
    _observe(p, "e1", "branch", T, employer="Acme")
    _observe(p, "e2", "partner", T + 30 * DAY_MS, employer="Dealer Guess Ltd")
    assert p.attributes["employer"].value == "Acme"
    _observe(p, "e3", "partner", T + 400 * DAY_MS, employer="Newco")
    assert p.attributes["employer"].value == "Newco"  # the trusted value is stale by then


def test_an_older_trusted_value_arriving_late_still_wins_within_the_window():
    p = Profile("c_1")
    _observe(p, "e2", "social", T + 10 * DAY_MS, name="A. Nonymous")
    _observe(p, "e1", "call_center", T, name="Ann Lee")
    assert p.attributes["name"].value == "Ann Lee"


def test_ties_break_on_trust_then_value_whatever_the_order():
    config = ProfileConfig()
    a = Sourced("x", "web", T, "e1")
    b = Sourced("y", "branch", T, "e2")
    c = Sourced("a", "web", T, "e3")
    assert better(b, a, config) and not better(a, b, config)
    assert better(c, a, config) and not better(a, c, config)


def test_identifiers_consents_and_preferred_channel():
    p = Profile("c_1")
    _observe(p, "e1", "email", T, email="Ann@Mail.org", consents={"email_marketing": True})
    _observe(p, "e2", "sms", T + 1, phone="+15551234567", consents={"email_marketing": False})
    _observe(p, "e3", "sms", T + 2)
    _observe(p, "e4", "email", T + 3, direction="outbound")
    assert p.attributes["email"].value == "Ann@Mail.org"
    assert p.attributes["phone"].channel == "sms"
    assert p.consents["email_marketing"].value is False
    assert p.preferred_channel() == "sms"
    assert p.events == 4


def test_merge_combines_attribute_by_attribute_and_is_symmetric_in_content():
    a, b = Profile("c_a"), Profile("c_b")
    _observe(a, "e1", "web", T, address="Old", name="Ann")
    _observe(b, "e2", "mobile_app", T + DAY_MS, address="New")
    _observe(b, "e3", "web", T + 2 * DAY_MS, direction="inbound")
    ab, ba = merge(a, b), merge(b, a)
    assert ab.customer_id == "c_a" and ba.customer_id == "c_b"
    assert ab.attributes == ba.attributes
    assert ab.attributes["address"].value == "New" and ab.attributes["name"].value == "Ann"
    assert ab.inbound == {"web": 2, "mobile_app": 1} and ab.events == 3
    assert a.attributes["address"].value == "Old"  # inputs untouched


def test_round_trips_through_dicts():
    p = Profile("c_1")
    _observe(p, "e1", "branch", T, name="Ann", consents={"profiling": True})
    assert Profile.from_dict(p.to_dict()) == p
    assert p.to_dict()["preferred_channel"] == "branch"
