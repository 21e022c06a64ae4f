"""Operator actions on identity resolution: ``chorus identity split``.

A split is a *command* on the identity agent's input topic (header ``chorus-command: split``),
so it is applied in order with the interactions by the one agent that owns the state; nothing
else writes identity state. This module checks the request against what the store says the
customer holds (clear errors instead of a dead-lettered command), publishes it, and can wait
until the agent's decision is stored.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from confluent_kafka import KafkaError, Message, Producer

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
from processors.identities import COMMAND_HEADER, SPLIT_COMMAND
from processors.identity import IdentityConfig


@dataclass(frozen=True)
class SplitRequest:
    command_id: str
    customer_id: str
    detach: list[str]
    keep: list[str]

    def body(self, now: datetime) -> bytes:
        return json.dumps(
            {
                "command_id": self.command_id,
                "customer_id": self.customer_id,
                "identifiers": self.detach,
                "requested_at_ms": int(now.timestamp() * 1000),
            }
        ).encode()


@dataclass(frozen=True)
class SplitReceipt:
    request: SplitRequest
    applied: bool
    now_held_by: dict[str, str]  # identifier -> customer id, once applied


def plan_split(
    run: Run,
    db: str,
    reference: str,
    identifiers: list[str],
    config: IdentityConfig | None = None,
) -> SplitRequest:
    """Check a split against the store: the customer exists and holds every identifier named,
    and at least one identifier stays with it."""
    if not identifiers:
        raise CustomerLookupError("name at least one identifier to split off")
    customer_id = resolve_customer(run, db, parse_reference(reference, config))
    holds = identifiers_of(run, db, customer_id)
    if not holds:
        raise CustomerLookupError(f"no customer {customer_id} holds any identifier")
    detach: list[str] = []
    for text in identifiers:
        key = parse_reference(text, config).identifier
        if key is None:
            raise CustomerLookupError(f"{text!r} is a customer id; name identifiers to split off")
        if key not in holds:
            raise CustomerLookupError(
                f"{customer_id} does not hold {key} (it holds: {', '.join(holds)})"
            )
        if key not in detach:
            detach.append(key)
    keep = [k for k in holds if k not in detach]
    if not keep:
        raise CustomerLookupError(
            f"splitting off every identifier of {customer_id} changes nothing"
        )
    return SplitRequest(uuid.uuid4().hex[:16], customer_id, sorted(detach), keep)


def publish_split(settings: Settings, request: SplitRequest) -> None:
    """Put the command on the identity agent's input; raises if the broker did not take it."""
    errors: list[str] = []

    def delivered(error: KafkaError | None, _message: Message) -> None:
        if error is not None:
            errors.append(str(error))

    producer = Producer(
        {"bootstrap.servers": settings.bootstrap_servers, "enable.idempotence": True}
    )
    producer.produce(
        settings.topics.identity_in,
        key=b"command",
        value=request.body(datetime.now(UTC)),
        headers={COMMAND_HEADER: SPLIT_COMMAND.encode()},
        on_delivery=delivered,
    )
    if producer.flush(30) or errors:
        raise UnavailableError(f"the split command was not delivered: {errors or 'timeout'}")


def wait_for_split(run: Run, db: str, request: SplitRequest, timeout_s: float) -> SplitReceipt:
    """Until the agent's split decision is stored (or ``timeout_s``)."""
    event_id = f"split:{request.command_id}#split:{request.customer_id}"
    deadline = time.monotonic() + timeout_s
    while True:
        rows = run(
            f"SELECT count() AS n FROM {db}.identity_events WHERE event_id = {quote(event_id)}"
        )
        if rows and int(rows[0]["n"]):
            break
        if time.monotonic() >= deadline:
            return SplitReceipt(request, False, {})
        time.sleep(0.5)
    held: dict[str, str] = {}
    for key in [*request.detach, *request.keep]:
        (row,) = run(
            f"SELECT argMax(customer_id, version) AS c FROM {db}.identity_members"
            f" WHERE identifier = {quote(key)}"
        )
        held[key] = str(row["c"])
    return SplitReceipt(request, True, held)
