"""The processor's amount rule agrees with the column: every amount that
processors.validation lets through as storable is one ClickHouse's toDecimal64OrNull(_, 2),
which purchases_mv uses, reads as a number (so no stored purchase is missing from purchases).
On the real engine (chdb)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from schemas.amounts import amount_problem
from sinks.clickhouse.chdb_store import ChdbStore


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Iterator[ChdbStore]:
    store = ChdbStore(Path(tmp_path_factory.mktemp("amounts")))
    yield store
    store.close()


def _candidates() -> list[str]:
    rng = random.Random(19)
    fixed = [
        "12.50",
        "-3",
        "+4",
        ".5",
        "5.",
        "1E+3",
        "1e-3",
        "9999999999999999.99",
        "1e15",
        "0",
        "-0.00",
        "00012.50",
        "1e309",
        "NaN",
        "inf",
        "-1e20",
        "1e16",
        "",
        "-",
        "12.3.4",
        " 1",
        "1,5",
        "0x10",
        "1_000",
        "١٢",
    ]
    alphabet = "0123456789.eE+-"
    randoms = [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(3000)
    ]
    numbers = [
        str(Decimal(rng.randint(-(10**18), 10**18)).scaleb(-rng.randint(0, 6))) for _ in range(500)
    ]
    floats = [repr(rng.uniform(-1e17, 1e17)) for _ in range(500)]
    exponents = [
        f"{rng.choice(['0', '1', '0.0001', '12.5', '-3.25'])}e{rng.randint(-30, 30)}"
        for _ in range(500)
    ]
    return fixed + randoms + numbers + floats + exponents


def test_every_amount_the_rule_accepts_is_read_by_the_column(store):
    accepted = [s for s in _candidates() if amount_problem(s) is None]
    assert len(accepted) > 500
    literals = ", ".join("'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'" for s in accepted)
    rows = store.rows(
        f"SELECT s FROM (SELECT arrayJoin([{literals}]) AS s) WHERE isNull(toDecimal64OrNull(s, 2))"
    )
    assert rows == []
