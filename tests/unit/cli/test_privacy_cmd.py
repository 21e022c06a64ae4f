"""``chorus privacy erase``: the plan's SQL, and the CLI's errors (a real process on a local,
empty chdb store: no broker needed, because nobody is found before Kafka is contacted)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from chorus.customers import CustomerLookupError
from chorus.privacy import ErasurePlan, _table_conditions, absorbed_ids, plan_erasure

CHORUS = str(Path(sys.executable).with_name("chorus"))
PLAN = ErasurePlan(
    "c_a", ["c_a", "c_old"], ["email:ann@mail.org", "phone:+442079460958"], ["e1", "e2"]
)


def test_rows_are_found_by_events_ids_and_identifiers():
    conditions = _table_conditions(PLAN)
    assert conditions["interactions"] == "event_id IN ('e1', 'e2')"
    # interaction entries by the events (not by who they were recorded under), derived
    # entries by the ids, and any summary that names one of them
    assert "source_event_id IN ('e1', 'e2')" in conditions["timeline"]
    assert (
        "entry_kind != 'interaction' AND customer_id IN ('c_a', 'c_old')"
        in (conditions["timeline"])
    )
    assert (
        "multiSearchAny(summary, ['c_a', 'c_old', 'email:ann@mail.org'" in (conditions["timeline"])
    )
    assert "kind != 'resolved'" in conditions["identity_events"]
    assert conditions["golden_profiles"] == (
        "customer_id IN ('c_a', 'c_old') OR merged_into IN ('c_a', 'c_old')"
    )


def test_a_customer_without_events_matches_nothing_by_events():
    conditions = _table_conditions(ErasurePlan("c_a", ["c_a"], [], []))
    assert conditions["interactions"] == "0"
    assert conditions["dead_letters"] == "0"
    assert "hasAny(identifiers" not in conditions["identity_events"]


def test_absorbed_ids_are_followed_transitively():
    merged = {"c_a": ["c_b"], "c_b": ["c_c", "c_d"], "c_d": ["c_a"]}  # a cycle ends too

    def run(sql):
        survivors = sql.split("survivor IN (")[1].split(")")[0].replace("'", "").split(", ")
        return [{"alias": a} for s in survivors for a in merged.get(s, [])]

    assert absorbed_ids(run, "db", "c_a") == ["c_b", "c_c", "c_d"]


def test_nobody_is_a_lookup_error():
    def run(sql):
        if "DISTINCT alias" in sql:
            return []
        if "customer_aliases" in sql:
            return [{"survivor": "", "n": 0}]
        if sql.startswith("SELECT identifier FROM"):
            return []
        return [{"n": 0}]

    with pytest.raises(CustomerLookupError, match="no customer c_0123456789abcdef"):
        plan_erasure(run, "db", "c_0123456789abcdef")


@pytest.fixture
def empty_store(tmp_path):
    from sinks.clickhouse.chdb_store import ChdbStore
    from sinks.clickhouse.migrations import migrate

    store = ChdbStore(tmp_path / "clickhouse")
    try:
        migrate(store)
    finally:
        store.close()
    return tmp_path


def _chorus(*args, state_dir):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHORUS_", "KAFKA_"))}
    # an unreachable broker: the error must come before Kafka is ever contacted
    env |= {"CHORUS_STATE_DIR": str(state_dir), "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:9"}
    return subprocess.run(
        [CHORUS, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("email:nobody@mail-host.org", "no customer holds email:nobody@mail-host.org"),
        ("c_0123456789abcdef", "no customer c_0123456789abcdef in the store"),
        ("hello", "is neither a customer id"),
    ],
)
def test_an_unknown_customer_is_one_error_line_and_exit_2(empty_store, reference, message):
    result = _chorus("privacy", "erase", reference, state_dir=empty_store)
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines[0].startswith("error:"), result.stderr
    assert message in " ".join(lines), result.stderr
    assert not result.stdout
