"""The identity stage: validated interactions in, resolved timeline entries and identity events
out. Pure (no Kafka, no Faust): the ``resolve_identities`` agent feeds it messages of the
single-partition ``<prefix>.identity.in`` topic and persists what :meth:`IdentityStage.dirty`
reports into a changelog-backed table.

Per interaction, in this order:

* identity events (``identity_event.avsc``): ``conflict``, ``split``, ``merged`` as the resolver
  reports them, then ``members`` for every customer whose set of identifiers changed, then one
  ``resolved`` for the interaction itself;
* a timeline entry per ``merged`` (``entry_kind`` ``merge``, keyed by the survivor) and the
  interaction's own entry, keyed by the customer it resolved to.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from processors.identity import (
    Conflict,
    IdentityConfig,
    IdentityResolver,
    IdentityState,
    MalformedInteractionError,
    Merged,
    Resolved,
    Split,
    observation_from_avro,
)
from processors.identity.state import (
    state_from_shards,
    take_dirty_shards,
    take_written_customers,
    tracked,
)
from processors.routing import BATCH_HEADER, RawMessage
from processors.timeline import interaction_entry
from processors.validation import Rejection
from schemas.codec import AvroCodec, DecodeError

StageStream = Literal["timeline", "identities", "dead_letter"]

VERSION_SLOTS = 1 << 16  # outputs per input message that get distinct versions


@dataclass(frozen=True)
class StageOutput:
    stream: StageStream
    key: bytes
    value: bytes
    headers: Mapping[str, bytes] = field(default_factory=dict)


def merge_entry(record: Mapping[str, Any], merged: Merged) -> dict[str, Any]:
    """The timeline entry of a merge, on the survivor's timeline, at the evidence's time.

    ``batch_id`` stays empty: per-batch counts keep one timeline entry per interaction.
    """
    evidence = merged.evidence_event_id or record["event_id"]
    return {
        "entry_id": f"{evidence}#merge:{merged.merged}",
        "customer_id": merged.survivor,
        "occurred_at": record["occurred_at"],
        "channel": "chorus",
        "direction": record["direction"],
        "entry_kind": "merge",
        "entry_type": "merge",
        "summary": (
            f"merged {merged.merged} into {merged.survivor} "
            f"(seen together: {', '.join(merged.identifiers)})"
        ),
        "source_event_id": evidence,
        "batch_id": None,
    }


class IdentityStage:
    """Holds the resolver over a tracked state; one instance per assignment of the partition."""

    def __init__(
        self,
        codec: AvroCodec,
        config: IdentityConfig | None = None,
        state: IdentityState | None = None,
    ) -> None:
        self.codec = codec
        self.resolver = IdentityResolver(config, tracked(state or IdentityState()))

    @classmethod
    def from_shards(
        cls,
        codec: AvroCodec,
        shards: Iterable[tuple[str, bytes]],
        config: IdentityConfig | None = None,
    ) -> IdentityStage:
        stage = cls(codec, config)
        stage.resolver.state = state_from_shards(shards)
        return stage

    @property
    def state(self) -> IdentityState:
        return self.resolver.state

    def dirty(self) -> dict[str, bytes | None]:
        """State shards that may have changed since the last call (None: deleted)."""
        return take_dirty_shards(self.resolver.state)

    def process(self, message: RawMessage) -> list[StageOutput]:
        try:
            record = self.codec.decode(message.value, expect="interaction").record
            observation = observation_from_avro(record)
        except DecodeError as exc:
            return [self._dead_letter(message, Rejection(exc.code, str(exc)), None)]
        except MalformedInteractionError as exc:
            return [self._dead_letter(message, Rejection("identity_input", str(exc)), None)]
        batch_id = record.get("batch_id") or _header(message, BATCH_HEADER)
        headers = {BATCH_HEADER: batch_id.encode()} if batch_id else {}
        at = record["occurred_at"]
        take_written_customers(self.state)  # membership changes of this event only
        results = self.resolver.observe(observation)
        events: list[dict[str, Any]] = []
        timeline: list[dict[str, Any]] = []
        base = dict(evidence_event_id=observation.event_id, at=at, batch_id=batch_id)
        customer_id = ""
        for result in results:
            if isinstance(result, Conflict):
                events.append(
                    _event(
                        f"{observation.event_id}#conflict:{result.kind}:"
                        + ",".join(result.identifiers),
                        "conflict",
                        result.customer_ids[0] if result.customer_ids else "",
                        merged_ids=list(result.customer_ids),
                        identifiers=list(result.identifiers),
                        detail=f"{result.kind}: {result.detail}",
                        **base,
                    )
                )
            elif isinstance(result, Split):
                events.append(
                    _event(
                        f"{observation.event_id}#split:{result.customer_id}",
                        "split",
                        result.customer_id,
                        merged_ids=list(result.into),
                        detail=result.reason,
                        **base,
                    )
                )
            elif isinstance(result, Merged):
                events.append(
                    _event(
                        f"{observation.event_id}#merged:{result.merged}",
                        "merged",
                        result.survivor,
                        survivor=result.survivor,
                        merged_ids=[result.merged],
                        identifiers=list(result.identifiers),
                        **base,
                    )
                )
                timeline.append(merge_entry(record, result))
            elif isinstance(result, Resolved):
                customer_id = result.customer_id
        customers = self.state.customers
        for changed in sorted(take_written_customers(self.state)):
            entry = dict.get(customers, changed)
            if entry is not None:
                events.append(
                    _event(
                        f"{observation.event_id}#members:{changed}",
                        "members",
                        changed,
                        identifiers=list(entry.identifiers),
                        **base,
                    )
                )
        event_keys, _ = self.resolver.identifier_keys(observation)
        events.append(
            _event(
                f"{observation.event_id}#resolved",
                "resolved",
                customer_id,
                identifiers=event_keys,
                **base,
            )
        )
        timeline.append(interaction_entry(record, customer_id))
        outputs: list[StageOutput] = []
        for index, event in enumerate(events):
            event["version"] = message.offset * VERSION_SLOTS + min(index, VERSION_SLOTS - 1)
            outputs.append(
                StageOutput(
                    "identities",
                    event["customer_id"].encode(),
                    self.codec.encode("identity_event", event),
                    headers,
                )
            )
        outputs.extend(
            StageOutput(
                "timeline",
                entry["customer_id"].encode(),
                self.codec.encode("timeline_entry", entry),
                headers if entry["batch_id"] else {},
            )
            for entry in timeline
        )
        return outputs

    def _dead_letter(
        self, message: RawMessage, rejection: Rejection, event_id: str | None
    ) -> StageOutput:
        batch_id = _header(message, BATCH_HEADER)
        record = {
            "source_topic": message.topic,
            "source_partition": message.partition,
            "source_offset": message.offset,
            "source_key": message.key,
            "payload": message.value or b"",
            "reason_code": rejection.code,
            "reason": rejection.reason,
            "failed_at": datetime.now(UTC),
            "event_id": event_id,
            "batch_id": batch_id,
        }
        headers = {BATCH_HEADER: batch_id.encode()} if batch_id else {}
        key = f"{message.topic}:{message.partition}:{message.offset}".encode()
        return StageOutput("dead_letter", key, self.codec.encode("dead_letter", record), headers)


def _event(event_id: str, kind: str, customer_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "kind": kind,
        "customer_id": customer_id,
        "survivor": None,
        "merged_ids": [],
        "identifiers": [],
        "detail": None,
        "version": 0,
    } | fields


def _header(message: RawMessage, name: str) -> str | None:
    value = message.headers.get(name)
    return value.decode("utf-8", "replace") if value else None
