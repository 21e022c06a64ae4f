"""The analytics schema (migration 0005) and every query of ``docs/queries/`` on demo data that
went through the real pipeline (real broker, Faust workers, identity resolution, sink, chdb).

Each query's answer is checked against what it claims (not just "it ran"): counts are compared
with the raw tables, merged ids must be folded into their survivors, windows must hold.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bench.analytics import CatalogueQuery, catalogue
from chorus.customers import identifiers_of, rows_runner, timeline
from chorus.demo import new_batch_id, wait_until_accounted
from chorus.pipeline import Pipeline
from sinks.clickhouse.http_server import QueryServer
from sinks.clickhouse.store import Store
from streams.simulator.run import run_simulation
from tests.integration.helpers import pipeline_settings

pytestmark = pytest.mark.integration

EVENTS = 4000
DAYS = 21  # dense enough for "three channels in a week" and "a call within a day"
TIERS = {"most_valuable", "growth", "below_zero"}
QUERIES = {q.name: q for q in catalogue()}


@pytest.fixture(scope="module")
def demo(kafka_bootstrap, tmp_path_factory) -> Iterator[tuple[Pipeline, str]]:
    """A pipeline that has stored one simulated batch; kept running for the module's tests."""
    base = pipeline_settings(
        _settings_for(kafka_bootstrap), tmp_path_factory.mktemp("analytics-state")
    )
    with Pipeline(base) as pipeline:
        batch_id = new_batch_id("analytics", 11)
        simulation = run_simulation(
            base, EVENTS, None, 11, batch_id, None, bad_fraction=0.01, progress=None, days=DAYS
        )
        wait_until_accounted(pipeline, batch_id, simulation.published)
        store = pipeline.running_store
        # the identity topic is consumed on its own: wait for its last 'resolved' record too
        _wait_resolved(store, simulation.good)
        # the whole-population questions read snapshots: as `chorus run` does every minute
        pipeline.refresh_snapshots()
        yield pipeline, batch_id


def _settings_for(bootstrap: str) -> Any:
    from core.settings import load_settings

    return load_settings(
        kafka_bootstrap_servers=bootstrap, topic_prefix=f"t-analytics-{uuid.uuid4().hex[:10]}"
    )


def _wait_resolved(store: Store, good: int) -> None:
    import time

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        resolved = _one(store, "SELECT count() FROM identity_events FINAL WHERE kind = 'resolved'")
        interactions = _one(store, "SELECT count() FROM interactions FINAL")
        if resolved >= interactions > 0:
            return
        time.sleep(0.5)
    raise AssertionError("identity records of every stored interaction did not arrive")


def _one(store: Store, sql: str) -> Any:
    return store.rows(sql)[0][0]


def _dicts(store: Store, sql: str) -> list[dict[str, Any]]:
    return rows_runner(store.formatted)(sql)


def _run(store: Store, query: CatalogueQuery, **params: str) -> list[dict[str, Any]]:
    return _dicts(store, query.bind(**params) if params else query.sql)


@pytest.fixture(scope="module")
def store(demo) -> Store:
    return demo[0].running_store


def test_the_catalogue_has_one_commented_file_per_question():
    assert set(QUERIES) == {
        "channel_switches",
        "complaints_by_value_tier",
        "customer_timeline",
        "customer_timeline_exact",
        "daily_volume",
        "failed_self_service",
        "life_events_by_month",
        "life_events_last_month",
        "three_channels_this_week",
    }
    for query in QUERIES.values():
        assert query.question.endswith(".") or "?" in query.question, query.name
        assert len(query.question) > 40, query.name


def test_merged_ids_are_folded_into_their_survivors(store):
    retired = {str(r[0]) for r in store.rows("SELECT alias FROM customer_aliases FINAL")}
    assert retired, "the demo's journeys identify anonymous visitors later (merges)"
    current = dict(store.rows("SELECT customer_id, current_id FROM customer_current"))
    assert set(current) == retired
    assert not set(current.values()) & retired, "a retired id is never anyone's current id"

    entries = _one(store, "SELECT count() FROM timeline FINAL WHERE entry_kind = 'interaction'")
    mapped = store.rows(
        "SELECT count(), uniqExact(event_id), countIf(customer_id IN "
        "(SELECT alias FROM customer_aliases)), countIf(customer_id != recorded_customer_id) "
        "FROM event_customers SETTINGS final = 1"
    )[0]
    assert mapped[0] == mapped[1] == entries  # one row per interaction
    assert mapped[2] == 0  # none left under a retired id
    assert mapped[3] > 0  # and some were recorded under one

    # the value of a survivor counts the interactions recorded under the ids it absorbed
    value = store.rows(
        "SELECT sum(interactions), countIf(customer_id IN (SELECT alias FROM customer_aliases)) "
        "FROM customer_value SETTINGS final = 1"
    )[0]
    assert value == (entries, 0)


def test_customer_value_has_every_measure_and_a_tier(store):
    rows = _dicts(store, "SELECT * FROM customer_value SETTINGS final = 1")
    assert {r["value_tier"] for r in rows} == TIERS
    assert len({r["customer_id"] for r in rows}) == len(rows)
    purchases = _one(
        store,
        "SELECT count() FROM interactions FINAL WHERE interaction_type = 'purchase' "
        "AND toDecimal64OrNull(attributes['amount'], 2) IS NOT NULL",
    )
    assert sum(int(r["purchases"]) for r in rows) == purchases
    complaints = _one(
        store, "SELECT count() FROM interactions FINAL WHERE interaction_type = 'complaint'"
    )
    assert sum(int(r["complaints"]) for r in rows) == complaints
    for r in rows:
        assert sum(int(n) for n in r["by_channel"].values()) == int(r["interactions"])
        assert int(r["inbound"]) + int(r["outbound"]) == int(r["interactions"])
        assert r["channels"] == len(r["by_channel"])
        if r["recency_days"] is not None:
            assert 0 <= int(r["recency_days"]) <= DAYS + 1
    best = max(rows, key=lambda r: float(r["value"]))
    assert best["value_tier"] == "most_valuable" and float(best["monetary"]) > 1000


def test_value_tiers_follow_the_latest_settings_row(store):
    def tiers() -> dict[str, int]:
        return {
            str(t): int(n)
            for t, n in store.rows(
                "SELECT value_tier, count() FROM customer_value GROUP BY value_tier "
                "SETTINGS final = 1"
            )
        }

    before = tiers()
    columns = (
        "most_valuable_min_value, below_zero_max_value, complaint_cost, assisted_contact_cost, "
        "assisted_channels, currency_rates, updated_at"
    )
    latest = store.rows(
        f"SELECT {columns} FROM customer_value_settings ORDER BY updated_at DESC LIMIT 1"
    )[0]
    store.execute(
        f"INSERT INTO customer_value_settings ({columns}) SELECT 1e12, -1e12, 0, 0, "
        "assisted_channels, currency_rates, now64(3) FROM customer_value_settings "
        "ORDER BY updated_at DESC LIMIT 1"
    )
    try:
        assert tiers() == {"growth": sum(before.values())}
    finally:  # put the previous thresholds back (a newer row with the old values)
        store.execute(
            f"INSERT INTO customer_value_settings ({columns}) SELECT "
            f"{latest[0]}, {latest[1]}, {latest[2]}, {latest[3]}, assisted_channels, "
            "currency_rates, now64(3) + 1 FROM customer_value_settings "
            "ORDER BY updated_at ASC LIMIT 1"
        )
    assert tiers() == before


def test_three_channels_this_week(store):
    rows = _run(store, QUERIES["three_channels_this_week"])
    assert rows, "someone used three channels in the last 7 days of a 21-day simulation"
    week_ago = datetime.now(UTC) - timedelta(days=7, minutes=5)
    for r in rows:
        assert len(r["channels"]) >= 3
        assert int(r["contacts"]) >= len(r["channels"])
        assert _utc(r["first_contact_at"]) >= week_ago
    # customer_value groups any answer by tier (join on customer_id)
    by_tier = _dicts(
        store,
        "SELECT cv.value_tier AS tier, count() AS customers FROM ("
        + QUERIES["three_channels_this_week"].sql.replace("SETTINGS final = 1", "")
        + ") AS q INNER JOIN customer_value AS cv ON cv.customer_id = q.customer_id "
        "GROUP BY tier SETTINGS final = 1",
    )
    assert sum(int(r["customers"]) for r in by_tier) == len(rows)
    assert {r["tier"] for r in by_tier} <= TIERS


def test_failed_self_service(store):
    rows = _run(store, QUERIES["failed_self_service"])
    assert rows, "the simulator has web visitors who call about the same problem"
    for r in rows:
        assert 0 <= float(r["minutes_to_call"]) <= 24 * 60
        assert _utc(r["session_ended_at"]) <= _utc(r["call_at"])
    # each one checked against the raw data: the customer's next interaction is that call
    sample = rows[0]
    following = store.rows(
        "SELECT channel, direction, occurred_at FROM event_customers "
        f"WHERE customer_id = '{sample['customer_id']}' "
        f"AND occurred_at > toDateTime64('{sample['session_ended_at']}', 3, 'UTC') "
        "ORDER BY occurred_at LIMIT 1 SETTINGS final = 1"
    )
    assert following[0][:2] == ("call_center", "inbound")


def test_complaints_by_value_tier(store):
    rows = _run(store, QUERIES["complaints_by_value_tier"])
    assert {r["value_tier"] for r in rows} == TIERS
    customers = _one(store, "SELECT count() FROM customer_value SETTINGS final = 1")
    complaints = _one(
        store, "SELECT count() FROM interactions FINAL WHERE interaction_type = 'complaint'"
    )
    assert sum(int(r["customers"]) for r in rows) == customers
    assert sum(int(r["complaints_total"]) for r in rows) == complaints > 0
    for r in rows:
        assert 0 <= float(r["share_complaining"]) <= 1


def test_daily_volume_matches_the_raw_rows(store):
    rows = _run(store, QUERIES["daily_volume"])
    raw = store.rows(
        "SELECT toDate(occurred_at) AS day, channel, interaction_type, direction, count() "
        "FROM interactions FINAL WHERE day >= today() - 90 GROUP BY ALL"
    )
    expected = {(str(d), str(c), str(t), str(di)): int(n) for d, c, t, di, n in raw}
    got = {
        (str(r["day"]), r["channel"], r["interaction_type"], r["direction"]): int(r["interactions"])
        for r in rows
    }
    assert got == expected
    assert len({k[1] for k in got}) >= 8  # channels


def test_channel_switches(store):
    rows = _run(store, QUERIES["channel_switches"])
    assert rows
    for r in rows:
        assert r["from_channel"] != r["to_channel"]
        assert 0 <= float(r["median_gap_hours"]) <= 24
        assert 1 <= int(r["customers"]) <= int(r["switches"])
    wider = _dicts(
        store,
        "SELECT sum(switches) AS n FROM channel_switches(switch_hours = 72, days = 90) "
        "SETTINGS final = 1",
    )
    assert int(wider[0]["n"]) >= sum(int(r["switches"]) for r in rows)


@pytest.mark.parametrize("name", ["customer_timeline", "customer_timeline_exact"])
def test_customer_timeline_by_a_retired_id_is_the_survivors_full_timeline(store, name):
    # a survivor with several ids folded in, each with interactions of its own
    survivor, retired = store.rows(
        "SELECT c.current_id, groupArray(c.customer_id) FROM customer_current AS c "
        "WHERE c.customer_id IN (SELECT customer_id FROM timeline WHERE entry_kind = "
        "'interaction') GROUP BY c.current_id ORDER BY length(groupArray(c.customer_id)) DESC, "
        "c.current_id LIMIT 1"
    )[0]
    query = QUERIES[name]
    by_survivor = _run(store, query, customer=survivor)
    recorded_under = {r["recorded_under"] for r in by_survivor}
    assert survivor in recorded_under and set(retired) <= recorded_under
    assert _run(store, query, customer=retired[0]) == by_survivor
    times = [r["occurred_at"] for r in by_survivor]
    assert times == sorted(times)

    # the same interactions as `chorus timeline` (which goes through the events' identifiers)
    run = rows_runner(store.formatted)
    exact = timeline(
        run, store.database, survivor, identifiers_of(run, store.database, survivor), 100_000
    )
    ours = {r["source_event_id"] for r in by_survivor if r["entry_kind"] == "interaction"}
    assert {r["source_event_id"] for r in exact if r["entry_kind"] == "interaction"} <= ours

    # an id nobody merged gives its own timeline; an unknown id gives nothing
    plain = _one(
        store,
        "SELECT customer_id FROM timeline WHERE customer_id NOT IN (SELECT alias FROM "
        "customer_aliases) AND customer_id NOT IN (SELECT current_id FROM customer_current) "
        "LIMIT 1",
    )
    rows = _run(store, query, customer=plain)
    assert rows and {r["recorded_under"] for r in rows} == {plain}
    assert _run(store, query, customer="c_0000000000000000") == []


@pytest.mark.parametrize("name", ["life_events_last_month", "life_events_by_month"])
def test_life_event_queries_on_the_real_table(store, name):
    if not _one(
        store,
        "SELECT count() FROM system.tables WHERE name = 'life_events' "
        "AND database = currentDatabase()",
    ):
        pytest.skip("table life_events does not exist yet (created by the detection migration)")
    rows = _run(store, QUERIES[name])
    for r in rows:
        assert int(r["events"]) >= int(r["customers"]) >= 1


def test_life_event_queries_on_a_stand_in_table(store):
    """The life-event SQL against a table with the columns the detection stage promises
    (customer_id, type, detected_at), filled from this demo's own customers."""
    if _one(
        store,
        "SELECT count() FROM system.tables WHERE name = 'life_events' "
        "AND database = currentDatabase()",
    ):
        pytest.skip("a real life_events table exists: covered by the test above")
    store.execute(
        "CREATE TABLE life_events (customer_id String, type LowCardinality(String), "
        "detected_at DateTime64(3, 'UTC')) ENGINE = MergeTree ORDER BY customer_id"
    )
    try:
        # last month, for customers who got an outbound contact afterwards and some who did not;
        # recorded under retired ids too (the queries must fold them into the survivor)
        store.execute(
            "INSERT INTO life_events SELECT customer_id, ['moved', 'new_baby', 'marriage'][n % 3 "
            "+ 1], toStartOfMonth(now()) - INTERVAL 1 MONTH + INTERVAL (n % 20) DAY "
            "FROM (SELECT customer_id, rowNumberInAllBlocks() AS n FROM (SELECT DISTINCT "
            "customer_id FROM timeline ORDER BY customer_id LIMIT 300))"
        )
        rows = _run(store, QUERIES["life_events_last_month"])
        assert {r["life_event"] for r in rows} == {"moved", "new_baby", "marriage"}
        assert sum(int(r["events"]) for r in rows) == 300
        assert any(int(r["reacted"]) > 0 for r in rows)
        for r in rows:
            assert int(r["reacted"]) <= int(r["events"])
            if int(r["reacted"]):
                assert 0 <= float(r["median_hours_to_contact"]) <= float(r["p90_hours_to_contact"])
        by_month = _run(store, QUERIES["life_events_by_month"])
        assert sum(int(r["events"]) for r in by_month) == 300
        # customer_value picks the table up through life_events_merge
        assert _one(store, "SELECT sum(life_events) FROM customer_value SETTINGS final = 1") > 0
    finally:
        store.execute("DROP TABLE life_events")


def _utc(value: Any) -> datetime:
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def test_bi_tools_query_the_running_pipeline_with_clickhouse_connect(demo, tmp_path):
    """clickhouse-connect, unchanged, against the query server of the process that owns the
    store while the pipeline runs: a catalogue query with a bound parameter, a DataFrame."""
    import clickhouse_connect

    pipeline, _ = demo
    store = pipeline.running_store
    server = QueryServer(store, "127.0.0.1", 0, tmp_path / "advert.json").start()
    try:
        client = clickhouse_connect.get_client(
            host="127.0.0.1", port=server.port, username="default", database="chorus"
        )
        survivor = _one(store, "SELECT current_id FROM customer_current_snapshot LIMIT 1")
        query = QUERIES["customer_timeline"]
        result = client.query(query.sql, parameters={"customer": survivor})
        expected = _run(store, query, customer=survivor)
        assert len(expected) > 1
        assert [row[6] for row in result.result_rows] == [r["source_event_id"] for r in expected]
        assert {row[7] for row in result.result_rows} == {r["recorded_under"] for r in expected}

        tiers = client.query_df(
            "SELECT value_tier, count() AS customers FROM customer_value_snapshot "
            "GROUP BY value_tier ORDER BY value_tier"
        )
        assert set(tiers["value_tier"]) == TIERS
        total = _one(store, "SELECT count() FROM customer_value_snapshot")
        assert int(tiers["customers"].sum()) == total
    finally:
        server.stop()
