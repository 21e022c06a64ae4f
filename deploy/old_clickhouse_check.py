"""Run the schema and every shipped query on an older ClickHouse engine (an old chdb release).

No ClickHouse server >= 23.8 can be installed on the development machines; chdb 0.15.0
(ClickHouse 23.6) and 1.0.2 (23.10) bracket 23.8 and use its default, the old query analyzer.
``deploy/check-old-clickhouse.sh`` runs this in two halves:

- ``export DIR`` (the project's venv): simulated events through the pipeline's stages into a
  temporary store, each table the sink loads written to ``DIR`` in ClickHouse's Native format,
  and the statements to run in ``DIR/plan.json``: every migration, the snapshot refresh, every
  catalogue and report query, each with a literal customer bound.
- ``run DIR`` (a venv with only the old chdb): apply, load, refresh, query; one JSON line per
  statement that failed, a summary at the end, exit status 1 on any failure. Stdlib + chdb only.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# what the sink loads: everything else is derived by the migrations' views and snapshots
LOADED_TABLES = (
    "interactions",
    "timeline",
    "identity_events",
    "golden_profiles",
    "life_events",
    "address_changes",
    "dead_letters",
)


def export(out: Path, events: int = 600) -> None:
    from datetime import UTC, datetime, timedelta

    from bench.analytics import catalogue
    from bench.analytics_load import load_simulated
    from chorus.report.queries import PANELS, SAMPLE_CUSTOMER, render_sql
    from sinks.clickhouse.chdb_store import ChdbStore
    from sinks.clickhouse.migrations import available, migrate
    from sinks.clickhouse.snapshots import SNAPSHOTS

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        store = ChdbStore(Path(scratch))
        try:
            migrate(store)
            start = datetime.now(UTC) - timedelta(days=30)
            load_simulated(store, events, seed=5, days=30, base_time=start)
            for table in LOADED_TABLES:
                data = store.formatted(f"SELECT * FROM chorus.{table}", "Native")
                (out / f"{table}.native").write_bytes(data)
            customer = str(store.rows("SELECT alias FROM chorus.customer_aliases LIMIT 1")[0][0])
        finally:
            store.close()
    queries = {
        f"catalogue {q.name}": q.bind(customer=customer) if q.params else q.sql for q in catalogue()
    }
    for panel in (*PANELS, SAMPLE_CUSTOMER):
        queries[f"report {panel.key}"] = render_sql(panel, 24, customer=customer)
    plan = {
        "migrations": {f"{m.version:04d}_{m.name}": m.statements("chorus") for m in available()},
        "loaded_tables": list(LOADED_TABLES),
        "refresh": [s.refresh_sql("chorus") for s in SNAPSHOTS],
        "queries": queries,
    }
    (out / "plan.json").write_text(json.dumps(plan, indent=1), encoding="utf-8")
    print(f"exported {len(LOADED_TABLES)} tables and {len(queries)} queries to {out}")


def run(directory: Path) -> int:
    import chdb  # the old release: only its session API
    from chdb import session

    plan = json.loads((directory / "plan.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as scratch:
        engine = session.Session(scratch)
        version = engine.query("SELECT version()", "TabSeparated").bytes().decode().strip()
        failures: list[dict[str, Any]] = []
        ran = 0

        def attempt(step: str, sql: str) -> None:
            nonlocal ran
            ran += 1
            error = ""
            try:
                error = _stderr_of(lambda: engine.query(sql, "TabSeparated"))
            except Exception as exc:  # newer releases raise; every failure is reported
                error = str(exc)
            if "Exception" in error:
                failures.append({"step": step, "error": error.strip().splitlines()[0][:400]})
                print(json.dumps(failures[-1], ensure_ascii=False), flush=True)

        started = time.monotonic()
        attempt("create database", "CREATE DATABASE IF NOT EXISTS chorus")
        for name, statements in plan["migrations"].items():
            for index, sql in enumerate(statements):
                attempt(f"migration {name} #{index + 1}", sql)
        attempt("use", "USE chorus")  # the queries name tables unqualified, as BI tools do
        for table in plan["loaded_tables"]:
            path = (directory / f"{table}.native").resolve()
            attempt(
                f"load {table}",
                f"INSERT INTO chorus.{table} SELECT * FROM file('{path}', 'Native')",
            )
        for index, sql in enumerate(plan["refresh"]):
            attempt(f"refresh #{index + 1}", sql)
        for name, sql in plan["queries"].items():
            attempt(name, sql)
        summary = {
            "engine": version,
            "chdb": getattr(chdb, "__version__", "?"),
            "statements": ran,
            "failed": len(failures),
            "seconds": round(time.monotonic() - started, 1),
        }
        print(json.dumps(summary), flush=True)
    return 1 if failures else 0


def _stderr_of(call: Callable[[], object]) -> str:
    """What ``call`` wrote to file descriptor 2: old chdb releases print a failed statement's
    exception there (from C++) and return an empty result instead of raising."""
    with tempfile.TemporaryFile() as captured:
        sys.stderr.flush()
        saved = os.dup(2)
        os.dup2(captured.fileno(), 2)
        try:
            call()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        captured.seek(0)
        return captured.read().decode("utf-8", "replace")


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("export", "run"):
        print("usage: old_clickhouse_check.py export|run DIR", file=sys.stderr)
        return 2
    if argv[0] == "export":
        export(Path(argv[1]))
        return 0
    return run(Path(argv[1]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
