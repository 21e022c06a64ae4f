"""``chorus privacy erase``: remove one customer from every table and compacted topic.

The order matters (docs/privacy.md has the reasoning):

1. **Plan** from the store: the customer a reference names now (as ``chorus profile`` finds it),
   every id it absorbed (``customer_aliases``, transitively), the identifiers it holds, and the
   events that presented one of them (``identity_events`` ``resolved`` rows).
2. **Tell the identity agent** (an ``erase`` command on its input, in order with the
   interactions): it forgets the customer's identity state and golden profile and writes the
   tombstones of its shards to ``<prefix>.identity.state`` itself; nothing else may write that
   state while the agent holds it in memory. Wait until the agent's committed offset passes
   the command, then until the ClickHouse sink has stored everything produced before that, so
   no row of the customer is still on its way to a table.
3. **Plan again** (an event in flight may have added to the customer) and delete the rows from
   every table with a synchronous mutation (``ALTER TABLE … DELETE … mutations_sync = 2``: when
   it returns, the active parts no longer hold the rows; see docs/privacy.md for when the old
   parts leave the disk), then rebuild the snapshots (sinks/clickhouse/snapshots.py) from what
   is left: the Join-engine lookup cannot DELETE.
4. **Tombstone** ``<prefix>.profiles`` (compacted, keyed by customer id) for the customer and
   every id it absorbed, and **check** the state topic: no live shard mentions them.
"""

from __future__ import annotations

import contextlib
import json
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from confluent_kafka import Consumer, KafkaError, Message, Producer, TopicPartition

from chorus.customers import (
    CustomerLookupError,
    Run,
    identifiers_of,
    parse_reference,
    quote,
    resolve_customer,
)
from core.errors import UnavailableError
from core.settings import Settings
from processors.identities import COMMAND_HEADER, ERASE_COMMAND
from processors.identity import IdentityConfig
from processors.state_topic import _read_to_end as read_topic_to_end
from sinks.clickhouse.snapshots import refresh_with

MUTATION = "SETTINGS mutations_sync = 2"  # wait for the mutation on every part


@dataclass(frozen=True)
class ErasurePlan:
    customer_id: str  # the customer the reference names now
    customer_ids: list[str]  # it and every id it absorbed
    identifiers: list[str]  # normalised keys it holds
    event_ids: list[str]  # events that presented one of them

    def union(self, other: ErasurePlan) -> ErasurePlan:
        def both(a: list[str], b: list[str]) -> list[str]:
            return sorted({*a, *b})

        return ErasurePlan(
            self.customer_id,
            both(self.customer_ids, other.customer_ids),
            both(self.identifiers, other.identifiers),
            both(self.event_ids, other.event_ids),
        )


@dataclass
class ErasureReceipt:
    command_id: str
    plan: ErasurePlan
    agent_applied: bool = False
    tables: dict[str, int] = field(default_factory=dict)  # table -> rows deleted
    topics: dict[str, int] = field(default_factory=dict)  # topic -> their tombstones
    still_matching: dict[str, int] = field(default_factory=dict)  # table -> rows left (0)
    live_state_mentions: int = 0  # live state shards that still mention them

    @property
    def complete(self) -> bool:
        return (
            self.agent_applied
            and not any(self.still_matching.values())
            and not self.live_state_mentions
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "command_id": self.command_id,
            "customer_id": self.plan.customer_id,
            "customer_ids": self.plan.customer_ids,
            "identifiers": len(self.plan.identifiers),
            "events": len(self.plan.event_ids),
            "agent_applied": self.agent_applied,
            "tables": self.tables,
            "topics": self.topics,
            "still_matching": self.still_matching,
            "live_state_mentions": self.live_state_mentions,
            "complete": self.complete,
        }


# --- planning ------------------------------------------------------------------------------


def _array(values: Iterable[str]) -> str:
    return "[" + ", ".join(quote(v) for v in values) + "]"


def _in(column: str, values: list[str]) -> str:
    return f"{column} IN ({', '.join(quote(v) for v in values)})" if values else "0"


def _has_any(column: str, values: list[str]) -> str:
    return f"hasAny({column}, {_array(values)})" if values else "0"


def _search_any(column: str, needles: list[str]) -> str:
    """``multiSearchAny`` takes at most 255 needles a call."""
    chunks = [needles[i : i + 255] for i in range(0, len(needles), 255)]
    return " OR ".join(f"multiSearchAny({column}, {_array(c)})" for c in chunks) or "0"


def absorbed_ids(run: Run, db: str, customer_id: str) -> list[str]:
    """Every id merged into the customer, directly or through ids merged into those."""
    found = {customer_id}
    frontier = [customer_id]
    while frontier:
        rows = run(
            f"SELECT DISTINCT alias FROM {db}.customer_aliases WHERE {_in('survivor', frontier)}"
        )
        frontier = [str(r["alias"]) for r in rows if str(r["alias"]) not in found]
        found.update(frontier)
    return sorted(found - {customer_id})


def plan_erasure(
    run: Run, db: str, reference: str, config: IdentityConfig | None = None
) -> ErasurePlan:
    """Who to erase; :class:`CustomerLookupError` if the reference names nobody in the store."""
    customer_id = resolve_customer(run, db, parse_reference(reference, config))
    identifiers = identifiers_of(run, db, customer_id)
    customer_ids = [customer_id, *absorbed_ids(run, db, customer_id)]
    if not identifiers:
        (row,) = run(
            f"SELECT (SELECT count() FROM {db}.timeline WHERE customer_id = {quote(customer_id)})"
            f" + (SELECT count() FROM {db}.golden_profiles"
            f" WHERE customer_id = {quote(customer_id)}) AS n"
        )
        if not int(row["n"]):
            raise CustomerLookupError(f"no customer {customer_id} in the store")
    events: list[str] = []
    if identifiers:
        events = [
            str(r["e"])
            for r in run(
                f"SELECT DISTINCT evidence_event_id AS e FROM {db}.identity_events"
                f" WHERE kind = 'resolved' AND hasAny(identifiers, {_array(identifiers)})"
                f" AND evidence_event_id IS NOT NULL ORDER BY e"
            )
        ]
    return ErasurePlan(customer_id, sorted(customer_ids), identifiers, events)


def _table_conditions(plan: ErasurePlan) -> dict[str, str]:
    """WHERE clauses of the rows of the customer, per known table.

    Interaction rows go by the events that presented the customer's identifiers, not by the
    customer id they were recorded under: an event of an identifier split off since belongs to
    someone else now, and an event recorded under a retired id is the customer's."""
    c, k, e = plan.customer_ids, plan.identifiers, plan.event_ids
    return {
        "interactions": _in("event_id", e),
        "timeline": f"{_in('source_event_id', e)}"
        f" OR (entry_kind != 'interaction' AND {_in('customer_id', c)})"
        f" OR {_search_any('summary', [*c, *k])}",
        "identity_events": f"{_in('evidence_event_id', e)}"
        f" OR (kind != 'resolved' AND {_in('customer_id', c)})"
        f" OR {_has_any('identifiers', k)} OR {_has_any('merged_ids', c)}",
        "identity_members": f"{_in('identifier', k)} OR {_in('customer_id', c)}",
        "customer_aliases": f"{_in('alias', c)} OR {_in('survivor', c)}",
        "golden_profiles": f"{_in('customer_id', c)} OR {_in('merged_into', c)}",
        "dead_letters": _in("event_id", e),
    }


_GENERIC_CUSTOMER = ("customer_id", "survivor", "merged_into")
_GENERIC_EVENT = ("event_id", "source_event_id", "evidence_event_id")


def _generic_condition(plan: ErasurePlan, columns: dict[str, str]) -> str | None:
    """For a table Chorus does not know by name (another team's): by its column names."""
    parts = [_in(name, plan.customer_ids) for name in _GENERIC_CUSTOMER if name in columns]
    parts += [_in(name, plan.event_ids) for name in _GENERIC_EVENT if name in columns]
    if "identifier" in columns:
        parts.append(_in("identifier", plan.identifiers))
    if columns.get("identifiers", "").startswith("Array("):
        parts.append(_has_any("identifiers", plan.identifiers))
    return " OR ".join(parts) if parts else None


def table_conditions(run: Run, db: str, plan: ErasurePlan) -> dict[str, str]:
    """Every MergeTree table of the database that can hold the customer's rows -> WHERE."""
    tables = {
        str(r["name"])
        for r in run(
            f"SELECT name FROM system.tables WHERE database = {quote(db)}"
            f" AND engine LIKE '%MergeTree%' AND name != 'schema_migrations'"
        )
    }
    columns: dict[str, dict[str, str]] = {}
    for r in run(f"SELECT table, name, type FROM system.columns WHERE database = {quote(db)}"):
        columns.setdefault(str(r["table"]), {})[str(r["name"])] = str(r["type"])
    known = _table_conditions(plan)
    out: dict[str, str] = {}
    for table in sorted(tables):
        condition = known.get(table) or _generic_condition(plan, columns.get(table, {}))
        if condition is not None:
            out[table] = condition
    return out


# --- the identity agent --------------------------------------------------------------------


def publish_erase(settings: Settings, command_id: str, plan: ErasurePlan) -> int:
    """Put the erase command on the identity agent's input; returns its offset."""
    offsets: list[int] = []
    errors: list[str] = []

    def delivered(error: KafkaError | None, message: Message) -> None:
        if error is not None:
            errors.append(str(error))
        else:
            offsets.append(message.offset() or 0)

    body = {
        "command_id": command_id,
        "customer_ids": plan.customer_ids,
        "identifiers": plan.identifiers,
        "requested_at_ms": int(datetime.now(UTC).timestamp() * 1000),
    }
    producer = Producer(
        {"bootstrap.servers": settings.bootstrap_servers, "enable.idempotence": True}
    )
    producer.produce(
        settings.topics.identity_in,
        key=b"command",
        value=json.dumps(body).encode(),
        headers={COMMAND_HEADER: ERASE_COMMAND.encode()},
        on_delivery=delivered,
    )
    if producer.flush(30) or errors or not offsets:
        raise UnavailableError(f"the erase command was not delivered: {errors or 'timeout'}")
    return offsets[0]


def _committed(bootstrap: str, group: str, partitions: list[TopicPartition]) -> dict[Any, int]:
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group})
    try:
        found = consumer.committed(partitions, timeout=10)
    finally:
        consumer.close()
    return {(tp.topic, tp.partition): tp.offset for tp in found}


def _until(predicate: Callable[[], bool], deadline: float) -> bool:
    while True:
        if predicate():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.5)


def wait_for_agent(settings: Settings, command_offset: int, deadline: float) -> bool:
    """Until the identity agent's group has committed past the command (it acks a batch only
    after its outputs and state tombstones are delivered)."""
    tp = TopicPartition(settings.topics.identity_in, 0)

    def applied() -> bool:
        done = _committed(settings.bootstrap_servers, settings.app_id, [tp])
        return done.get((tp.topic, 0), -1) > command_offset

    return _until(applied, deadline)


def wait_for_sink(settings: Settings, deadline: float) -> bool:
    """Until the ClickHouse sink has committed (so stored) everything in its topics now."""
    topics = settings.topics
    names = [topics.interactions, topics.timeline, topics.identities, topics.profiles]
    names.append(topics.dead_letter)
    consumer = Consumer(
        {"bootstrap.servers": settings.bootstrap_servers, "group.id": f"{topics.prefix}.erase"}
    )
    try:
        metadata = consumer.list_topics(timeout=10)
        ends: dict[tuple[str, int], int] = {}
        for name in names:
            topic = metadata.topics.get(name)
            for partition in topic.partitions if topic is not None else {}:
                low, high = consumer.get_watermark_offsets(
                    TopicPartition(name, partition), timeout=10
                )
                if high > low:
                    ends[(name, partition)] = high
    finally:
        consumer.close()
    group = f"{settings.topic_prefix}-clickhouse-sink"
    partitions = [TopicPartition(t, p) for t, p in ends]

    def stored() -> bool:
        if not partitions:
            return True
        done = _committed(settings.bootstrap_servers, group, partitions)
        return all(done.get(key, -1) >= end for key, end in ends.items())

    return _until(stored, deadline)


# --- tables and topics ---------------------------------------------------------------------


def delete_rows(run: Run, db: str, conditions: dict[str, str]) -> dict[str, int]:
    """Rows matching each table's condition, deleted by a synchronous mutation: table -> rows."""
    deleted: dict[str, int] = {}
    for table, condition in conditions.items():
        (row,) = run(f"SELECT count() AS n FROM {db}.{table} WHERE {condition}")
        deleted[table] = int(row["n"])
        if deleted[table]:
            run(f"ALTER TABLE {db}.{table} DELETE WHERE {condition} {MUTATION}")
    return deleted


def count_rows(run: Run, db: str, conditions: dict[str, str]) -> dict[str, int]:
    return {
        table: int(run(f"SELECT count() AS n FROM {db}.{table} WHERE {condition}")[0]["n"])
        for table, condition in conditions.items()
    }


def tombstone_profiles(settings: Settings, customer_ids: list[str]) -> int:
    """A null value per customer id on the compacted profiles topic; returns how many."""
    errors: list[str] = []

    def delivered(error: KafkaError | None, _message: Message) -> None:
        if error is not None:
            errors.append(str(error))

    producer = Producer(
        {
            "bootstrap.servers": settings.bootstrap_servers,
            "enable.idempotence": True,
            # the identity agent's partitioner: a key's tombstone must land where its values are
            "partitioner": "murmur2_random",
        }
    )
    for customer_id in customer_ids:
        producer.produce(
            settings.topics.profiles, key=customer_id.encode(), value=None, on_delivery=delivered
        )
    if producer.flush(30) or errors:
        raise UnavailableError(f"profile tombstones not delivered: {errors or 'timeout'}")
    return len(customer_ids)


@dataclass(frozen=True)
class StateCheck:
    tombstones: int  # shards of theirs whose latest record is a tombstone
    live_mentions: int  # live shards whose value still names one of their ids or identifiers


def check_state_topic(settings: Settings, plan: ErasurePlan) -> StateCheck:
    """Read the identity state topic to its end and look for the customer in it."""
    needles = [*plan.customer_ids, *plan.identifiers]
    theirs = {f"c:{c}" for c in plan.customer_ids} | {f"p:{c}" for c in plan.customer_ids}
    theirs |= {f"i:{k}" for k in plan.identifiers}
    latest: dict[str, bytes | None] = {}
    for key, value in read_topic_to_end(settings.bootstrap_servers, settings.topics.identity_state):
        latest[key] = value
        if key.startswith("l:") and value is not None and _mentions(value, needles):
            theirs.add(key)  # a link of theirs: it must be tombstoned too
    tombstones = sum(1 for key in theirs if key in latest and latest[key] is None)
    live = sum(1 for v in latest.values() if v is not None and _mentions(v, needles))
    return StateCheck(tombstones, live)


def _mentions(value: bytes, needles: list[str]) -> bool:
    text = value.decode("utf-8", "replace")
    return any(json.dumps(n)[1:-1] in text or n in text for n in needles)


# --- the whole erasure ---------------------------------------------------------------------


def erase_customer(
    settings: Settings,
    run: Run,
    reference: str,
    *,
    config: IdentityConfig | None = None,
    timeout_s: float = 60.0,
    on_step: Callable[[str], None] = lambda _step: None,
) -> ErasureReceipt:
    """Steps 1-4 of the module docstring; raises :class:`CustomerLookupError` for nobody."""
    db = settings.clickhouse_database
    plan = plan_erasure(run, db, reference, config)
    receipt = ErasureReceipt(uuid.uuid4().hex[:16], plan)
    on_step("telling the identity agent")
    offset = publish_erase(settings, receipt.command_id, plan)
    deadline = time.monotonic() + timeout_s
    receipt.agent_applied = wait_for_agent(settings, offset, deadline)
    if receipt.agent_applied:
        on_step("waiting for the sink to store what was in flight")
        wait_for_sink(settings, deadline)
        # an event in flight may have added to the customer; a lookup error means nothing did
        with contextlib.suppress(CustomerLookupError):
            plan = receipt.plan = plan.union(plan_erasure(run, db, plan.customer_id, config))
    on_step("deleting rows")
    conditions = table_conditions(run, db, plan)
    receipt.tables = delete_rows(run, db, conditions)
    on_step("rebuilding the snapshots")
    # the snapshot tables lost the rows above; the lookup table (Join engine, no DELETE) still
    # maps the retired ids until it is rebuilt from what is left
    refresh_with(run, db)
    on_step("writing tombstones")
    receipt.topics[settings.topics.profiles] = tombstone_profiles(settings, plan.customer_ids)
    on_step("checking")
    receipt.still_matching = count_rows(run, db, conditions)
    state = check_state_topic(settings, plan)
    receipt.topics[settings.topics.identity_state] = state.tombstones
    receipt.live_state_mentions = state.live_mentions
    return receipt
