"""Analytics benchmark: every query of ``docs/queries/`` on N simulated interactions in chdb.

The store is filled without Kafka (:mod:`bench.analytics_load`: simulator -> identity stage ->
the sink's row functions -> batched inserts), so the materialized views of migration 0005 run
exactly as they do behind the sink. ``--copies K`` then multiplies the population K times in SQL
(``INSERT ... SELECT`` with every id suffixed ``~k``: disjoint customers with the same shape), the
cheap way to 10M rows. Parts are merged (``OPTIMIZE ... FINAL``) before timing, as a store that
has been running a while would be.

Prints one JSON object: rows per table, load seconds, and per query the median and the worst of
``--repeat`` runs (the first run, cold, is reported apart). The customer timeline runs for
``--customers`` different customers, half of them given by a retired (merged) id.

    python -m bench.analytics --events 1000000
    python -m bench.analytics --events 1000000 --copies 10
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.analytics_load import load_simulated
from sinks.clickhouse.chdb_store import ChdbStore
from sinks.clickhouse.migrations import migrate
from sinks.clickhouse.snapshots import refresh
from sinks.clickhouse.store import Store

QUERIES = Path(__file__).resolve().parent.parent / "docs" / "queries"
_PARAM = re.compile(r"\{([a-z_]+):String\}")


@dataclass(frozen=True)
class CatalogueQuery:
    name: str
    question: str  # the leading comment
    sql: str

    @property
    def params(self) -> set[str]:
        return set(_PARAM.findall(self.sql))

    @property
    def tables(self) -> set[str]:
        """Names after FROM/JOIN (to tell a missing table from a broken query)."""
        return set(re.findall(r"(?:FROM|JOIN)\s+([a-z_]+)", self.sql))

    def bind(self, **values: str) -> str:
        """The SQL with each ``{name:String}`` replaced by a quoted literal."""

        def literal(match: re.Match[str]) -> str:
            value = values[match[1]]
            return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"

        return _PARAM.sub(literal, self.sql)


def catalogue(directory: Path = QUERIES) -> list[CatalogueQuery]:
    found = []
    for path in sorted(directory.glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        comment = []
        for line in text.splitlines():
            if not line.startswith("--"):
                break
            comment.append(line.removeprefix("--").strip())
        found.append(CatalogueQuery(path.stem, " ".join(comment), text))
    return found


# --- loading -----------------------------------------------------------------------------------

_COPY_SQL = {
    "interactions": """INSERT INTO {db}.interactions SELECT * REPLACE (
        concat(event_id, '~{k}') AS event_id, concat(customer_key, '~{k}') AS customer_key)
        FROM (SELECT * FROM {db}.interactions WHERE position(event_id, '~') = 0)""",
    "timeline": """INSERT INTO {db}.timeline SELECT * REPLACE (
        concat(entry_id, '~{k}') AS entry_id, concat(customer_id, '~{k}') AS customer_id,
        concat(source_event_id, '~{k}') AS source_event_id)
        FROM (SELECT * FROM {db}.timeline WHERE position(entry_id, '~') = 0)""",
    "identity_events": """INSERT INTO {db}.identity_events SELECT * REPLACE (
        concat(event_id, '~{k}') AS event_id, concat(customer_id, '~{k}') AS customer_id,
        if(survivor IS NULL, NULL, concat(survivor, '~{k}')) AS survivor,
        arrayMap(x -> concat(x, '~{k}'), merged_ids) AS merged_ids,
        arrayMap(x -> concat(x, '~{k}'), identifiers) AS identifiers,
        if(evidence_event_id IS NULL, NULL, concat(evidence_event_id, '~{k}'))
            AS evidence_event_id)
        FROM (SELECT * FROM {db}.identity_events WHERE position(event_id, '~') = 0)""",
    "life_events": """INSERT INTO {db}.life_events SELECT * REPLACE (
        concat(detection_id, '~{k}') AS detection_id, concat(customer_id, '~{k}') AS customer_id,
        arrayMap(x -> concat(x, '~{k}'), evidence_ids) AS evidence_ids)
        FROM (SELECT * FROM {db}.life_events WHERE position(detection_id, '~') = 0)""",
    "address_changes": """INSERT INTO {db}.address_changes SELECT * REPLACE (
        concat(detection_id, '~{k}') AS detection_id, concat(customer_id, '~{k}') AS customer_id,
        arrayMap(x -> concat(x, '~{k}'), evidence_ids) AS evidence_ids)
        FROM (SELECT * FROM {db}.address_changes WHERE position(detection_id, '~') = 0)""",
    "golden_profiles": """INSERT INTO {db}.golden_profiles SELECT * REPLACE (
        concat(customer_id, '~{k}') AS customer_id,
        if(merged_into IS NULL, NULL, concat(merged_into, '~{k}')) AS merged_into)
        FROM (SELECT * FROM {db}.golden_profiles WHERE position(customer_id, '~') = 0)""",
}

_MERGED_TABLES = (
    "interactions",
    "timeline",
    "identity_events",
    "identity_members",
    "customer_aliases",
    "customer_identifiers",
    "identifier_holders",
    "customer_activity",
    "daily_volume",
    "purchases",
    "life_events",
    "address_changes",
    "golden_profiles",
)


def _progress(done: int) -> None:
    print(f"loaded {done:,} events", file=sys.stderr, flush=True)


def fill(store: Store, events: int, copies: int, seed: int, *, load: bool = True) -> dict[str, Any]:
    """Load ``events`` (unless ``load`` is False: the store has them), copy, merge parts."""
    migrate(store)
    report: dict[str, Any] = {}
    if load:
        today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        loaded = load_simulated(
            store, events, seed=seed, base_time=today, batch_id="bench", progress=_progress
        )
        report["load_s"] = loaded["seconds"]
    started = time.perf_counter()
    present = int(
        store.rows(
            f"SELECT uniqExact(extract(event_id, '~([0-9]+)$')) FROM {store.database}.interactions"
        )[0][0]
    )
    for k in range(present, copies):  # copies already made (a reused store) are kept
        for sql in _COPY_SQL.values():
            store.execute(sql.format(db=store.database, k=k))
    report["copy_s"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    for table in _MERGED_TABLES:
        store.execute(f"OPTIMIZE TABLE {store.database}.{table} FINAL")
    report["optimize_s"] = round(time.perf_counter() - started, 1)
    report["rows"] = {
        table: int(store.rows(f"SELECT count() FROM {store.database}.{table}")[0][0])
        for table in _MERGED_TABLES
    }
    # what `chorus run` does every CHORUS_SNAPSHOT_SECONDS; its cost bounds how often it can
    report["snapshot_refresh_s"] = refresh(store)
    return report


# --- timing ------------------------------------------------------------------------------------


def _timed(store: Store, sql: str) -> float:
    """Seconds to the result in ClickHouse's Native format: what a BI tool's client receives
    (clickhouse-connect asks the HTTP interface for Native), without decoding it in Python."""
    started = time.perf_counter()
    store.formatted(sql, "Native")
    return time.perf_counter() - started


def _count(store: Store, sql: str) -> int:
    return len(store.rows(sql))


def _summary(cold: float, times: list[float], rows: int) -> dict[str, Any]:
    ordered = sorted(times)
    return {
        "cold_ms": round(cold * 1000, 1),
        "median_ms": round(statistics.median(ordered) * 1000, 1),
        "p99_ms": round(ordered[max(0, int(len(ordered) * 0.99 + 0.5) - 1)] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
        "runs": len(ordered),
        "rows": rows,
    }


def sample_customers(store: Store, count: int) -> list[str]:
    """Half retired ids (the query must find the survivor), half busy current customers."""
    db = store.database
    retired = [
        str(r[0])
        for r in store.rows(
            f"SELECT alias FROM {db}.customer_aliases ORDER BY cityHash64(alias) LIMIT {count // 2}"
        )
    ]
    busy = [
        str(r[0])
        for r in store.rows(
            f"SELECT customer_id FROM {db}.customer_activity GROUP BY customer_id "
            f"ORDER BY uniqMerge(interactions) DESC, customer_id LIMIT {count - len(retired)}"
        )
    ]
    return retired + busy


def time_queries(store: Store, repeat: int, customers: int) -> dict[str, Any]:
    results: dict[str, Any] = {}
    sample = sample_customers(store, customers)
    for query in catalogue():
        if "life_events" in query.tables and not store.rows(
            "SELECT 1 FROM system.tables WHERE database = currentDatabase() "
            "AND name = 'life_events'"
        ):
            results[query.name] = {"skipped": "table life_events does not exist"}
            continue
        if query.params == {"customer"}:
            cold = _timed(store, query.bind(customer=sample[0]))
            times = [
                _timed(store, query.bind(customer=customer))
                for _ in range(repeat)
                for customer in sample
            ]
            counts = [_count(store, query.bind(customer=customer)) for customer in sample]
            summary = _summary(cold, times, counts[0])
            summary["rows"] = {"min": min(counts), "median": statistics.median(counts)}
            summary["customers"] = len(sample)
            results[query.name] = summary
            continue
        cold = _timed(store, query.sql)
        times = [_timed(store, query.sql) for _ in range(repeat)]
        results[query.name] = _summary(cold, times, _count(store, query.sql))
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--copies", type=int, default=1, help="multiply the population in SQL")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--customers", type=int, default=20, help="timelines to time")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--path", type=Path, help="chdb data directory (default: a temp dir)")
    parser.add_argument(
        "--reuse", action="store_true", help="--path is already loaded: copy (if asked) and time"
    )
    args = parser.parse_args(argv)
    path = args.path or Path(tempfile.mkdtemp(prefix="chorus-bench-analytics-"))
    store = ChdbStore(path)
    try:
        report: dict[str, Any] = {"events": args.events, "copies": args.copies}
        report["fill"] = fill(store, args.events, args.copies, args.seed, load=not args.reuse)
        report["queries"] = time_queries(store, args.repeat, args.customers)
        print(json.dumps(report, indent=2))
    finally:
        store.close()
        if args.path is None:
            shutil.rmtree(path, ignore_errors=True)


if __name__ == "__main__":
    main()
