"""Life events, address changes and birthdays through the real broker into ClickHouse."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chorus.pipeline import Pipeline
from tests.integration.helpers import codec, pipeline_settings, produce, wait_for
from tests.unit.factories import inbound

pytestmark = pytest.mark.integration

T0 = datetime.now(UTC).replace(microsecond=0) - timedelta(days=3)


def _event(batch: str, n: int, channel: str, kind: str, text=None, attributes=None, **ids):
    at = T0 + timedelta(hours=n)
    return inbound(
        f"{batch}:e{n}", at, channel, kind, batch, text=text, attributes=attributes, **ids
    )


def test_detections_reach_their_topics_tables_and_the_timeline(test_settings, tmp_path):
    settings = pipeline_settings(test_settings, tmp_path, birthday_timer_seconds=1.0)
    batch = "it-detect"
    birthday = (datetime.now(UTC) + timedelta(days=7)).date().replace(year=1985)
    records = [
        _event(batch, 1, "chat", "message", "We got married last Saturday!!", device_id="ck-9"),
        _event(batch, 2, "web", "login", device_id="ck-9", account_id="A-9"),
        _event(
            batch, 3, "call_center", "call", "Caller says she just got married.", account_id="A-9"
        ),
        _event(
            batch,
            4,
            "branch",
            "address_update",
            None,
            {"address": "1 Main St, Springfield"},
            account_id="A-9",
        ),
        _event(
            batch,
            5,
            "web",
            "profile_update",
            None,
            {"address": "1 MAIN STREET Springfield"},
            account_id="A-9",
        ),
        _event(
            batch,
            6,
            "mobile_app",
            "address_update",
            None,
            {"address": "9 Elm Rd, Shelbyville"},
            account_id="A-9",
        ),
        _event(
            batch,
            7,
            "web",
            "profile_update",
            None,
            {"date_of_birth": birthday.isoformat()},
            account_id="A-9",
        ),
    ]
    c = codec()
    with Pipeline(settings) as pipeline:
        # the chat first, alone (its own partition); then the account's events, keyed alike so
        # they stay in order: the merge and the address sequence are then deterministic
        for part, key in ((records[:1], b"device_id:ck-9"), (records[1:], b"account_id:A-9")):
            produce(
                settings.bootstrap_servers,
                settings.topics.raw,
                [(key, c.encode("interaction", r)) for r in part],
                batch,
            )
            expected = pipeline.counts(batch).accounted + len(part)
            wait_for(lambda n=expected: pipeline.counts(batch).accounted >= n, timeout_s=180)
        store = pipeline.running_store
        db = settings.clickhouse_database

        def rows(sql: str) -> list[tuple]:
            return list(store.rows(sql))

        wait_for(lambda: len(rows(f"SELECT 1 FROM {db}.life_events FINAL")) >= 2, timeout_s=60)
        wait_for(lambda: len(rows(f"SELECT 1 FROM {db}.address_changes FINAL")) >= 1)
        found = rows(
            f"SELECT customer_id, entry_id, occurred_at, kafka_partition, kafka_offset"
            f" FROM {db}.timeline FINAL WHERE source_event_id = '{batch}:e3'"
            " AND entry_kind = 'interaction'"
        )
        assert len(found) == 1, found
        customer = found[0][0]
        # rows stay under the id of the moment (the chat's marriage under the device's
        # customer); customer_aliases takes a retired id to its survivor
        life = rows(
            f"SELECT l.type, if(a.survivor = '', l.customer_id, a.survivor), l.evidence_ids"
            f" FROM {db}.life_events AS l FINAL LEFT JOIN {db}.customer_aliases AS a FINAL"
            f" ON a.alias = l.customer_id ORDER BY l.type"
        )
        # marriage once, although the chat (under the device) and the call both told it; the
        # birthday from the timer
        assert [r[0] for r in life] == ["birthday", "marriage"]
        assert all(r[1] == customer for r in life)
        marriage = dict((r[0], r[2]) for r in life)["marriage"]
        assert marriage[0] == f"{batch}:e1"
        changes = rows(
            f"SELECT old_address, new_address, conflict, detection_id, customer_id, version"
            f" FROM {db}.address_changes FINAL"
        )
        assert len(changes) == 1, changes
        old, new, conflict = changes[0][:3]
        assert (old, new, conflict) == ("1 Main St, Springfield", "9 Elm Rd, Shelbyville", False)
        wait_for(lambda: len(rows(f"SELECT 1 FROM {db}.timeline FINAL WHERE entry_kind = 'merge'")))
        kinds = rows(
            f"SELECT entry_kind, count() FROM {db}.timeline FINAL WHERE (customer_id = '{customer}'"
            f" OR customer_id IN (SELECT alias FROM {db}.customer_aliases FINAL"
            f" WHERE survivor = '{customer}')) AND entry_kind != 'interaction'"
            " GROUP BY entry_kind ORDER BY entry_kind"
        )
        assert dict(kinds) == {"address_change": 1, "life_event": 2, "merge": 1}, kinds
