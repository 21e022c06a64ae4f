"""Identity resolution in the running pipeline (real broker, real chdb, two Faust workers):
timelines keyed by resolved customers, late identification, state surviving a restart."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from chorus.customers import (
    golden_profile,
    identifiers_of,
    parse_reference,
    profile,
    resolve_customer,
    timeline,
)
from chorus.operator import plan_split, publish_split, wait_for_split
from chorus.pipeline import Pipeline
from processors.identity import IdentityConfig, Normaliser, customer_id_for
from tests.integration.helpers import codec, pipeline_settings, produce, wait_for
from tests.unit.factories import inbound

pytestmark = pytest.mark.integration

T0 = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)


def _event(batch: str, n: int, channel: str, kind: str, **present: str) -> dict:
    return inbound(f"{batch}:e{n}", T0 + timedelta(minutes=n), channel, kind, batch, **present)


def _customer(id_type: str, raw: str) -> str:
    key = Normaliser(IdentityConfig()).key(id_type, raw, "US")
    assert isinstance(key, str)
    return customer_id_for([key])


def _timeline(pipeline: Pipeline, batch: str) -> dict[tuple[str, str], str]:
    rows = pipeline.running_store.rows(
        "SELECT source_event_id, entry_kind, entry_id, customer_id FROM timeline FINAL "
        f"WHERE startsWith(source_event_id, '{batch}:')"
    )
    return {(str(e), str(k) if k == "interaction" else str(i)): str(c) for e, k, i, c in rows}


def _publish(settings, batch: str, records: list[dict]) -> None:
    c = codec()
    produce(
        settings.bootstrap_servers,
        settings.topics.raw,
        [(r["event_id"].encode(), c.encode("interaction", r)) for r in records],
        batch,
    )


def test_late_identification_and_state_across_restart(test_settings, tmp_path):
    settings = pipeline_settings(test_settings, tmp_path, worker_log_level="INFO")
    batch = "it-late"
    device, account = _customer("device_id", "dev-late-1"), _customer("account_id", "ACC-77")
    email = _customer("email", "ann.late@mail-host.org")
    anonymous = [
        _event(batch, 1, "web", "page_view", device_id="dev-late-1"),
        _event(batch, 2, "mobile_app", "app_open", device_id="dev-late-1"),
        _event(batch, 3, "email", "message", email="Ann.Late@Mail-Host.org"),
    ]
    login = _event(
        batch,
        4,
        "mobile_app",
        "login",
        device_id="dev-late-1",
        account_id="ACC-77",
        email="ann.late@mail-host.org",
    )
    with Pipeline(settings, workers=2) as pipeline:
        _publish(settings, batch, anonymous)
        wait_for(lambda: pipeline.counts(batch).accounted >= 3)
        assert _timeline(pipeline, batch) == {
            (f"{batch}:e1", "interaction"): device,
            (f"{batch}:e2", "interaction"): device,
            (f"{batch}:e3", "interaction"): email,
        }
        _publish(settings, batch, [login])
        wait_for(lambda: len(_timeline(pipeline, batch)) >= 6)
        assert _timeline(pipeline, batch) == {
            (f"{batch}:e1", "interaction"): device,
            (f"{batch}:e2", "interaction"): device,
            (f"{batch}:e3", "interaction"): email,
            (f"{batch}:e4", "interaction"): account,
            (f"{batch}:e4", f"{batch}:e4#merge:{device}"): account,
            (f"{batch}:e4", f"{batch}:e4#merge:{email}"): account,
        }
        # queries by the survivor (or by any of its identifiers) see what came in under the
        # ids it absorbed: late identification
        run = _runner(pipeline)
        db = settings.clickhouse_database
        for reference in (account, email, "ann.LATE@mail-host.org", "device_id:DEV-LATE-1"):
            assert resolve_customer(run, db, parse_reference(reference)) == account
        ids = identifiers_of(run, db, account)
        assert ids == ["account_id:ACC77", "device_id:dev-late-1", "email:ann.late@mail-host.org"]
        entries = timeline(run, db, account, ids)
        assert [(e["source_event_id"], e["entry_kind"]) for e in entries] == [
            (f"{batch}:e4", "interaction"),
            (f"{batch}:e4", "merge"),
            (f"{batch}:e4", "merge"),
            (f"{batch}:e3", "interaction"),
            (f"{batch}:e2", "interaction"),
            (f"{batch}:e1", "interaction"),
        ]
        found = profile(run, db, account, ids)
        assert sorted(found["merged_ids"]) == sorted([device, email])
        assert {c["channel"]: int(c["interactions"]) for c in found["channels"]} == {
            "web": 1,
            "mobile_app": 2,
            "email": 1,
        }
        # the golden profile moved with the merges: one profile under the survivor
        wait_for(lambda: (golden_profile(run, db, account) or {}).get("interactions") == 4)
        golden = golden_profile(run, db, account)
        assert golden is not None
        assert golden["attributes"]["email"]["value"] == "ann.late@mail-host.org"
        assert golden["attributes"]["email"]["channel"] == "mobile_app"
        assert golden["inbound_by_channel"] == {"web": 1, "mobile_app": 2, "email": 1}
        retired = run(
            f"SELECT customer_id, merged_into FROM {db}.golden_profiles FINAL"
            f" WHERE customer_id IN ('{device}', '{email}') ORDER BY customer_id"
        )
        assert {r["customer_id"]: r["merged_into"] for r in retired} == {
            device: account,
            email: account,
        }
        # an operator splits the e-mail off again: the account keeps the rest, and the e-mail's
        # past interaction leaves the account's timeline
        request = plan_split(run, db, account, ["email:ann.late@mail-host.org"])
        publish_split(settings, request)
        receipt = wait_for_split(run, db, request, timeout_s=60)
        assert receipt.applied
        held = receipt.now_held_by
        assert held["account_id:ACC77"] == held["device_id:dev-late-1"] == account
        assert held["email:ann.late@mail-host.org"] not in (account, "")
        ids = identifiers_of(run, db, account)
        assert ids == ["account_id:ACC77", "device_id:dev-late-1"]
        sources = {e["source_event_id"] for e in timeline(run, db, account, ids)}
        assert f"{batch}:e3" not in sources
        assert {f"{batch}:e1", f"{batch}:e2", f"{batch}:e4"} <= sources
        assert any(e["entry_kind"] == "split" for e in timeline(run, db, account, ids))
        split_off = held["email:ann.late@mail-host.org"]
        assert resolve_customer(run, db, parse_reference("ann.late@mail-host.org")) == split_off
    later = _event(batch, 5, "web", "page_view", device_id="DEV-LATE-1")
    with Pipeline(settings, workers=1) as pipeline:
        _publish(settings, batch, [later])
        # generous: under load the new worker may wait out the old members' group session
        wait_for(lambda: pipeline.counts(batch).accounted >= 5, timeout_s=240)
        # the restarted worker recovered the state: the device belongs to the account holder
        assert _timeline(pipeline, batch)[(f"{batch}:e5", "interaction")] == account


def _runner(pipeline: Pipeline):
    store = pipeline.running_store

    def run(sql: str) -> list[dict]:
        raw = store.formatted(sql, "JSONEachRow").decode()
        return [json.loads(line) for line in raw.splitlines()]

    return run
