"""The schema and every shipped query on ClickHouse 23.10 with the old query analyzer (chdb 1.0.2),
the nearest engine to the 23.8 we promise that installs here (docs/schema.md, "Compatibility
with ClickHouse 23.8"). The first run installs chdb 1.0.2 into ~/.cache/chorus/old-chdb-1.0.2."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


def test_migrations_and_queries_run_on_clickhouse_23_10():
    result = subprocess.run(
        ["bash", str(ROOT / "deploy" / "check-old-clickhouse.sh"), "1.0.2"],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    summary = lines[-1]
    assert summary["engine"].startswith("23.10")
    assert summary["failed"] == 0
    assert summary["statements"] > 60  # migrations, loads, refreshes and queries all ran
