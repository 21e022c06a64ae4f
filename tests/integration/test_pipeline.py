"""The pipeline end to end on the real broker and real chdb: nothing lost, bad input
dead-lettered with its reason, restarts never duplicate rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chorus.pipeline import Pipeline
from schemas.channels import CHANNELS
from tests.integration.helpers import codec, pipeline_settings, produce, wait_for

pytestmark = pytest.mark.integration


def _interaction(n: int, batch_id: str, **overrides):
    now = datetime.now(UTC).replace(microsecond=0)
    record = {
        "event_id": f"{batch_id}:evt-{n}",
        "occurred_at": now - timedelta(minutes=n),
        "received_at": now,
        "channel": CHANNELS[n % len(CHANNELS)],
        "direction": "outbound" if n % 7 == 0 else "inbound",
        "interaction_type": "message",
        "identifiers": {
            "email": f"person{n % 50}@example.com",
            "phone": None,
            "loyalty_id": None,
            "account_id": None,
            "device_id": None,
            "crm_id": None,
        },
        "text": "我们搬家了 / we moved" if n % 5 == 0 else None,
        "attributes": {"amount": str(n)},
        "consents": {"email_marketing": n % 2 == 0},
        "source_system": "test",
        "adapter_version": "1",
        "batch_id": batch_id,
    }
    record.update(overrides)
    return record


def _bad_messages(c, batch_id):
    """One of each kind the processor must dead-letter, with the reason code expected."""
    valid = c.encode("interaction", _interaction(10_000, batch_id))
    no_ids = _interaction(10_001, batch_id)
    no_ids["identifiers"] = dict.fromkeys(no_ids["identifiers"])
    return {
        "not_avro": b"this is not avro",
        "unknown_schema_id": b"\x00\x7f\xff\xff\xfe" + valid[5:],
        "schema_violation": valid[:-8],
        "unknown_channel": c.encode("interaction", _interaction(10_002, batch_id, channel="fax")),
        "no_identifier": c.encode("interaction", no_ids),
        "future_timestamp": c.encode(
            "interaction",
            _interaction(
                10_003,
                batch_id,
                occurred_at=datetime.now(UTC).replace(microsecond=0) + timedelta(days=3650),
            ),
        ),
    }


def test_everything_in_is_stored_or_dead_lettered(test_settings, tmp_path):
    settings = pipeline_settings(test_settings, tmp_path)
    c = codec()
    batch = "it-pipeline"
    good = [
        (f"k{n % 50}".encode(), c.encode("interaction", _interaction(n, batch))) for n in range(600)
    ]
    bad = _bad_messages(c, batch)
    with Pipeline(settings) as pipeline:
        produce(settings.bootstrap_servers, settings.topics.raw, good, batch)
        produce(
            settings.bootstrap_servers,
            settings.topics.raw,
            [(b"bad", v) for v in bad.values()],
            batch,
        )
        wait_for(lambda: pipeline.counts(batch).accounted >= len(good) + len(bad))
        counts = pipeline.counts(batch)
        assert (counts.interactions, counts.dead_letters) == (len(good), len(bad))
        wait_for(lambda: pipeline.counts(batch).timeline >= len(good))
        store = pipeline.running_store
        reasons = dict(
            store.rows(
                f"SELECT reason_code, count() FROM dead_letters "
                f"WHERE batch_id = '{batch}' GROUP BY reason_code"
            )
        )
        assert reasons == dict.fromkeys(bad, 1)
        payloads = {
            code: payload
            for code, payload in store.rows(
                f"SELECT reason_code, payload FROM dead_letters WHERE batch_id = '{batch}'"
            )
        }
        assert payloads["not_avro"] == "this is not avro"
        assert isinstance(payloads["schema_violation"], bytes)  # binary kept byte for byte
        (raw_count,) = store.rows(f"SELECT count() FROM interactions WHERE batch_id = '{batch}'")[0]
        assert raw_count == len(good)  # no duplicate rows even before FINAL
        (chinese,) = store.rows(
            f"SELECT count() FROM interactions WHERE batch_id = '{batch}' AND text LIKE '%搬家%'"
        )[0]
        assert chinese == 120


def test_restart_resumes_without_duplicates(test_settings, tmp_path):
    settings = pipeline_settings(test_settings, tmp_path)
    c = codec()
    first, second = "it-restart-1", "it-restart-2"
    with Pipeline(settings) as pipeline:
        produce(
            settings.bootstrap_servers,
            settings.topics.raw,
            [(b"k", c.encode("interaction", _interaction(n, first))) for n in range(200)],
            first,
        )
        wait_for(lambda: pipeline.counts(first).accounted >= 200)
    with Pipeline(settings) as pipeline:
        produce(
            settings.bootstrap_servers,
            settings.topics.raw,
            [(b"k", c.encode("interaction", _interaction(n, second))) for n in range(150)],
            second,
        )
        wait_for(lambda: pipeline.counts(second).accounted >= 150)
        store = pipeline.running_store
        rows = dict(store.rows("SELECT batch_id, count() FROM interactions GROUP BY batch_id"))
        assert rows == {first: 200, second: 150}
