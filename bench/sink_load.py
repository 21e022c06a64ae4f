"""Interactions into chdb the way the sink writes them, and what they cost on disk (JSON).

The sink's own path minus Kafka: Avro-decoded interaction records (decoding not timed) → the
sink's row function (with pseudonyms, as the sink runs) → column batches of
``CHORUS_SINK_BATCH_SIZE`` rows → ``store.insert``. Then ``--copies`` disjoint copies are made
in SQL (every event id suffixed) to reach a larger table, parts are merged, and the bytes on
disk per interaction are read from ``system.parts`` (compressed, and uncompressed for the
ratio).
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.settings import load_settings
from processors.identity import IdentifierKeys, IdentityConfig
from schemas import AvroCodec, load_catalog, make_registry
from sinks.clickhouse.chdb_store import ChdbStore
from sinks.clickhouse.migrations import migrate
from sinks.clickhouse.pseudonyms import Pseudonymiser
from sinks.clickhouse.rows import ColumnBatch, Position, interaction_row
from streams.simulator import simulate


def run(events: int, copies: int, seed: int, path: Path) -> dict[str, Any]:
    settings = load_settings(state_dir=path / "state")
    catalog = load_catalog()
    codec = AvroCodec(catalog, make_registry(catalog, None))
    records = [
        codec.decode(e.value(codec), expect="interaction").record
        for e in simulate(events, seed=seed, batch_id="load", bad_fraction=0.0)
        if e.record is not None and not e.is_bad
    ]
    store = ChdbStore(path / "clickhouse")
    try:
        migrate(store)
        pseudonyms = Pseudonymiser.from_settings(settings, IdentifierKeys(IdentityConfig()))
        table = f"{store.database}.interactions"
        batch = ColumnBatch("interactions")
        now = datetime.now(UTC)
        started = time.perf_counter()
        for offset, record in enumerate(records):
            position = Position("load.interactions", offset % 4, offset)
            batch.add(interaction_row(record, position, now, pseudonyms=pseudonyms))
            if len(batch) >= settings.sink_batch_size:
                store.insert(table, batch.columns())
                batch.clear()
        if len(batch):
            store.insert(table, batch.columns())
        insert_s = time.perf_counter() - started

        columns = ", ".join(
            name
            for (name,) in store.rows(
                f"SELECT name FROM system.columns WHERE database = '{store.database}'"
                " AND table = 'interactions' AND default_kind NOT IN ('MATERIALIZED', 'ALIAS')"
                " ORDER BY position"
            )
        )
        copy_s = 0.0
        if copies > 1:
            started = time.perf_counter()
            for k in range(1, copies):
                select = columns.replace("event_id", f"concat(event_id, '#{k}') AS event_id", 1)
                store.execute(
                    f"INSERT INTO {table} ({columns}) SELECT {select} FROM {table}"
                    # the original rows only: the alias above must not shadow the column here
                    f" WHERE NOT position(event_id, '#')"
                    f" SETTINGS prefer_column_name_to_alias = 1"
                )
            copy_s = time.perf_counter() - started
        store.execute(f"OPTIMIZE TABLE {table} FINAL")
        ((rows, on_disk, raw),) = store.rows(
            "SELECT sum(rows), sum(data_compressed_bytes), sum(data_uncompressed_bytes)"
            f" FROM system.parts WHERE database = '{store.database}'"
            " AND table = 'interactions' AND active"
        )
        return {
            "events": len(records),
            "sink_insert_rows_per_s": round(len(records) / insert_s, 1),
            "batch_rows": settings.sink_batch_size,
            "copies": copies,
            "copy_s": round(copy_s, 1),
            "rows": int(rows),
            "bytes_per_interaction": round(int(on_disk) / int(rows), 1),
            "uncompressed_bytes_per_interaction": round(int(raw) / int(rows), 1),
            "compression_ratio": round(int(raw) / max(int(on_disk), 1), 2),
        }
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--copies", type=int, default=1, help="multiply the rows in SQL")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    path = Path(tempfile.mkdtemp(prefix="chorus-sink-load-"))
    try:
        print(json.dumps(run(args.events, args.copies, args.seed, path)))
    finally:
        shutil.rmtree(path, ignore_errors=True)


if __name__ == "__main__":
    main()
