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

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from processors.detections import DetectionOutput, DetectionStage
from processors.identity import (
    Conflict,
    IdentityConfig,
    IdentityError,
    IdentityResolver,
    IdentityState,
    MalformedInteractionError,
    Merged,
    Resolved,
    Split,
    observation_from_avro,
)
from processors.identity.erase import Erased
from processors.identity.erase import erase as erase_identities
from processors.identity.profile import Profile, ProfileConfig, merge, observe
from processors.identity.state import (
    all_shards,
    shard_bytes,
    state_from_shards,
    take_dirty_shards,
    take_written_customers,
    tracked,
)
from processors.routing import (
    BATCH_HEADER,
    RawMessage,
    dead_letter_key,
    dead_letter_record,
    internal_error,
)
from processors.timeline import interaction_entry
from processors.validation import Rejection
from schemas.codec import AvroCodec, DecodeError

StageStream = Literal[
    "timeline", "identities", "profiles", "life_events", "address_changes", "dead_letter"
]
PROFILE_SHARD = "p:"
COMMAND_HEADER = "chorus-command"  # operator commands travel in order with the interactions
SPLIT_COMMAND = "split"
ERASE_COMMAND = "erase"  # chorus privacy erase (docs/privacy.md)

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
        profile_config: ProfileConfig | None = None,
        detection: DetectionStage | None = None,
    ) -> None:
        self.codec = codec
        self.detection = detection  # None: detection off
        self.resolver = IdentityResolver(config, tracked(state or IdentityState()))
        self.profile_config = profile_config or ProfileConfig()
        self.profiles: dict[str, Profile] = {}
        self._changed_profiles: set[str] = set()  # since the last profile_outputs()
        self._dirty_profiles: set[str] = set()  # since the last dirty()
        self._merged_into: dict[str, str] = {}  # retired in this batch -> survivor
        self._last_offset = -1

    @classmethod
    def from_shards(
        cls,
        codec: AvroCodec,
        shards: Iterable[tuple[str, bytes]],
        config: IdentityConfig | None = None,
        profile_config: ProfileConfig | None = None,
        detection: DetectionStage | None = None,
    ) -> IdentityStage:
        stage = cls(codec, config, profile_config=profile_config, detection=detection)
        identity: list[tuple[str, bytes]] = []
        for shard, value in shards:
            if detection is not None and detection.load_shard(shard, value):
                continue
            if shard.startswith(PROFILE_SHARD):
                profile = Profile.from_dict(json.loads(value))
                stage.profiles[profile.customer_id] = profile
            else:
                identity.append((shard, value))
        stage.resolver.state = state_from_shards(identity)
        return stage

    @property
    def state(self) -> IdentityState:
        return self.resolver.state

    def dirty(self) -> dict[str, bytes | None]:
        """State shards that may have changed since the last call (None: deleted)."""
        shards = take_dirty_shards(self.resolver.state)
        for customer_id in sorted(self._dirty_profiles):
            profile = self.profiles.get(customer_id)
            shards[PROFILE_SHARD + customer_id] = (
                None if profile is None else shard_bytes(profile.to_dict())
            )
        self._dirty_profiles.clear()
        if self.detection is not None:
            shards.update(self.detection.dirty())
        return shards

    def all_shards(self) -> dict[str, bytes]:
        """Every shard of the stage's state (what the state topic should hold)."""
        shards = all_shards(self.resolver.state)
        for customer_id, profile in self.profiles.items():
            shards[PROFILE_SHARD + customer_id] = shard_bytes(profile.to_dict())
        if self.detection is not None:
            shards.update(self.detection.all_shards())
        return shards

    def birthdays(self, now: datetime) -> list[StageOutput]:
        """Upcoming birthdays not announced yet (the timer's work; empty with detection off)."""
        if self.detection is None:
            return []
        found = self.detection.birthdays(now)
        base = (self._last_offset + 1) * VERSION_SLOTS
        entries = [d.entry for d in found]
        return self._detection_outputs(found, base) + self._timeline_outputs(entries, {})

    def _detection_outputs(self, found: list[DetectionOutput], base: int) -> list[StageOutput]:
        outputs = []
        for index, detection in enumerate(found):
            record = {**detection.record, "version": base + index}
            stream: StageStream = (
                "address_changes" if detection.kind == "address_change" else "life_events"
            )
            outputs.append(
                StageOutput(
                    stream,
                    record["customer_id"].encode(),
                    self.codec.encode("detection", record),
                )
            )
        return outputs

    def profile_outputs(self) -> list[StageOutput]:
        """The golden profiles changed since the last call, once each (call once per batch)."""
        outputs: list[StageOutput] = []
        base = (self._last_offset + 1) * VERSION_SLOTS
        for index, customer_id in enumerate(sorted(self._changed_profiles)):
            profile = self.profiles.get(customer_id)
            survivor = self._merged_into.get(customer_id)
            if profile is None and survivor is None:
                continue  # created and merged away within the batch: nothing to retract
            record = profile_record(
                profile or Profile(customer_id), base + index, merged_into=survivor
            )
            outputs.append(
                StageOutput(
                    "profiles",
                    customer_id.encode(),
                    self.codec.encode("golden_profile", record),
                )
            )
        self._changed_profiles.clear()
        self._merged_into.clear()
        return outputs

    def _fold_profiles(
        self, results: Iterable[object], record: Mapping[str, Any], customer_id: str
    ) -> None:
        """Merges move the retired customer's profile into the survivor's; then the
        interaction is folded into its customer's profile (survivorship: profile.py)."""
        for result in results:
            if isinstance(result, Merged) and result.merged in self.profiles:
                retired = self.profiles.pop(result.merged)
                kept = self.profiles.get(result.survivor) or Profile(result.survivor)
                self.profiles[result.survivor] = merge(kept, retired, self.profile_config)
                self._merged_into[result.merged] = result.survivor
                self._touch(result.merged, result.survivor)
        if not customer_id:
            return
        profile = self.profiles.get(customer_id) or Profile(customer_id)
        identifiers = {k: v for k, v in (record.get("identifiers") or {}).items() if v}
        self.profiles[customer_id] = observe(
            profile,
            event_id=record["event_id"],
            channel=record["channel"],
            direction=record["direction"],
            occurred_ms=_millis(record["occurred_at"]),
            identifiers=identifiers,
            attributes=record.get("attributes") or {},
            consents=record.get("consents") or {},
            config=self.profile_config,
        )
        self._merged_into.pop(customer_id, None)
        self._touch(customer_id)

    def _touch(self, *customer_ids: str) -> None:
        self._changed_profiles.update(customer_ids)
        self._dirty_profiles.update(customer_ids)

    def process(self, message: RawMessage) -> list[StageOutput]:
        command = _header(message, COMMAND_HEADER)
        if command == ERASE_COMMAND:
            return self._erase_command(message)
        if command is not None:
            return self._command(message, command)
        try:
            record = self.codec.decode(message.value, expect="interaction").record
            observation = observation_from_avro(record)
        except DecodeError as exc:
            return [self._dead_letter(message, Rejection(exc.code, str(exc)), None)]
        except MalformedInteractionError as exc:
            return [self._dead_letter(message, Rejection("identity_input", str(exc)), None)]
        batch_id = record.get("batch_id") or _header(message, BATCH_HEADER)
        headers = {BATCH_HEADER: batch_id.encode()} if batch_id else {}
        take_written_customers(self.state)  # membership changes of this event only
        identified = self.resolver.identifier_keys(observation)
        results = self.resolver.observe(observation, identified)
        base = dict(evidence_event_id=observation.event_id, at=record["occurred_at"])
        events, timeline = self._decisions(results, observation.event_id, record, base, batch_id)
        customer_id = next((r.customer_id for r in results if isinstance(r, Resolved)), "")
        event_keys = identified[0]
        events.append(
            _event(
                f"{observation.event_id}#resolved",
                "resolved",
                customer_id,
                identifiers=event_keys,
                batch_id=batch_id,
                **base,
            )
        )
        timeline.append(interaction_entry(record, customer_id))
        self._fold_profiles(results, record, customer_id)
        found: list[DetectionOutput] = []
        if self.detection is not None:
            merges = [(r.survivor, r.merged) for r in results if isinstance(r, Merged)]
            found = self.detection.observe(record, customer_id, merges)
            timeline.extend(d.entry for d in found)
        outputs = self._encode(message, events, timeline, headers)
        # detections after the identity events: VERSION_SLOTS / 2 onwards of this offset
        first = message.offset * VERSION_SLOTS + VERSION_SLOTS // 2
        return outputs + self._detection_outputs(found, first)

    def _command(self, message: RawMessage, command: str) -> list[StageOutput]:
        """An operator's command (``chorus identity split``), in order with the interactions."""
        try:
            if command != SPLIT_COMMAND:
                raise IdentityError(f"unknown command {command!r}")
            body = json.loads(message.value or b"")
            command_id = str(body["command_id"])
            customer_id = str(body["customer_id"])
            detach = [str(key) for key in body["identifiers"]]
            requested_ms = int(body["requested_at_ms"])
            take_written_customers(self.state)
            results = self.resolver.split(customer_id, detach)
        except (IdentityError, ValueError, KeyError, TypeError) as exc:
            return [self._dead_letter(message, Rejection("bad_command", f"{command}: {exc}"), None)]
        reference = f"split:{command_id}"
        pseudo = {"event_id": reference, "occurred_at": requested_ms, "direction": "inbound"}
        base = dict(evidence_event_id=None, at=requested_ms)
        events, timeline = self._decisions(results, reference, pseudo, base, None)
        into = sorted({c for r in results if isinstance(r, Split) for c in r.into})
        timeline.append(
            {
                "entry_id": f"{reference}#split:{customer_id}",
                "customer_id": customer_id,
                "occurred_at": requested_ms,
                "channel": "chorus",
                "direction": "inbound",
                "entry_kind": "split",
                "entry_type": "operator_split",
                "summary": (
                    f"operator split {', '.join(sorted(detach))} off {customer_id}"
                    f" (now: {', '.join(into) or customer_id})"
                ),
                "source_event_id": reference,
                "batch_id": None,
            }
        )
        for result in results:  # profiles stay with the id that keeps the name
            if isinstance(result, Merged):
                self._fold_profiles([result], pseudo, "")
                if self.detection is not None:
                    self.detection.merge(result.survivor, result.merged)
        return self._encode(message, events, timeline, {})

    def erase(self, customer_ids: Iterable[str], identifiers: Iterable[str]) -> Erased:
        """Forget the customers (and whoever holds one of ``identifiers`` now): identity state
        and golden profiles. :meth:`dirty` then reports their shards as deleted (None)."""
        customer_ids = list(customer_ids)
        erased = erase_identities(self.state, customer_ids, identifiers)
        take_written_customers(self.state)  # no ``members`` event for erased customers
        for customer_id in {*customer_ids, *erased.customers}:
            self.profiles.pop(customer_id, None)
            self._changed_profiles.discard(customer_id)
            self._merged_into.pop(customer_id, None)
            self._dirty_profiles.add(customer_id)  # -> tombstone of p:<id> if it was stored
            if self.detection is not None:
                self.detection.forget(customer_id)  # -> tombstones of d:<id>, b:<id>
        return erased

    def _erase_command(self, message: RawMessage) -> list[StageOutput]:
        """``chorus privacy erase``: applied in order with the interactions; no outputs (the
        operator's tool sees it applied when the agent's offset moves past the command)."""
        try:
            body = json.loads(message.value or b"")
            customer_ids = [str(c) for c in body["customer_ids"]]
            identifiers = [str(k) for k in body["identifiers"]]
        except (ValueError, KeyError, TypeError) as exc:
            rejection = Rejection("bad_command", f"{ERASE_COMMAND}: {exc!r}")
            return [self._dead_letter(message, rejection, None)]
        self.erase(customer_ids, identifiers)
        self._last_offset = max(self._last_offset, message.offset)
        return []

    def _decisions(
        self,
        results: Iterable[object],
        reference: str,
        record: Mapping[str, Any],
        base: Mapping[str, Any],
        batch_id: str | None,
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Identity events for the resolver's conflicts, splits and merges, then a ``members``
        event per customer whose identifiers changed; and the merges' timeline entries."""
        events: list[dict[str, Any]] = []
        timeline: list[dict[str, Any]] = []
        for result in results:
            if isinstance(result, Conflict):
                events.append(
                    _event(
                        f"{reference}#conflict:{result.kind}:" + ",".join(result.identifiers),
                        "conflict",
                        result.customer_ids[0] if result.customer_ids else "",
                        merged_ids=list(result.customer_ids),
                        identifiers=list(result.identifiers),
                        detail=f"{result.kind}: {result.detail}",
                        batch_id=batch_id,
                        **base,
                    )
                )
            elif isinstance(result, Split):
                events.append(
                    _event(
                        f"{reference}#split:{result.customer_id}",
                        "split",
                        result.customer_id,
                        merged_ids=list(result.into),
                        detail=result.reason,
                        batch_id=batch_id,
                        **base,
                    )
                )
            elif isinstance(result, Merged):
                events.append(
                    _event(
                        f"{reference}#merged:{result.merged}",
                        "merged",
                        result.survivor,
                        survivor=result.survivor,
                        merged_ids=[result.merged],
                        identifiers=list(result.identifiers),
                        batch_id=batch_id,
                        **base,
                    )
                )
                timeline.append(merge_entry(record, result))
        customers = self.state.customers
        for changed in sorted(take_written_customers(self.state)):
            entry = dict.get(customers, changed)
            if entry is not None:
                events.append(
                    _event(
                        f"{reference}#members:{changed}",
                        "members",
                        changed,
                        identifiers=list(entry.identifiers),
                        batch_id=batch_id,
                        **base,
                    )
                )
        return events, timeline

    def _encode(
        self,
        message: RawMessage,
        events: list[dict[str, Any]],
        timeline: list[dict[str, Any]],
        headers: Mapping[str, bytes],
    ) -> list[StageOutput]:
        self._last_offset = max(self._last_offset, message.offset)
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
        return outputs + self._timeline_outputs(timeline, headers)

    def _timeline_outputs(
        self, entries: Iterable[dict[str, Any]], headers: Mapping[str, bytes]
    ) -> list[StageOutput]:
        """Timeline entries keyed by customer; the batch header only on an interaction's own
        entry (derived entries carry no batch id, so per-batch counts stay one per event)."""
        return [
            StageOutput(
                "timeline",
                entry["customer_id"].encode(),
                self.codec.encode("timeline_entry", entry),
                headers if entry["batch_id"] else {},
            )
            for entry in entries
        ]

    def _dead_letter(
        self, message: RawMessage, rejection: Rejection, event_id: str | None
    ) -> StageOutput:
        batch_id = _header(message, BATCH_HEADER)
        record = dead_letter_record(
            message, rejection, event_id=event_id, batch_id=batch_id, failed_at=datetime.now(UTC)
        )
        batch_id = record["batch_id"]
        headers = {BATCH_HEADER: batch_id.encode()} if batch_id else {}
        value = self.codec.encode("dead_letter", record)
        return StageOutput("dead_letter", dead_letter_key(message), value, headers)

    def internal_error(self, message: RawMessage, exc: BaseException) -> StageOutput:
        """The dead letter of a message whose processing raised (the identity agent's
        catch-all: one message never stops the stage)."""
        return self._dead_letter(message, internal_error(exc), None)


def profile_record(
    profile: Profile, version: int, *, merged_into: str | None = None
) -> dict[str, Any]:
    """The golden_profile.avsc record of a profile."""
    attributes = [
        {
            "name": name,
            "value": str(sourced.value),
            "channel": sourced.channel,
            "at": sourced.at_ms,
            "event_id": sourced.event_id,
        }
        for name, sourced in sorted(profile.attributes.items())
    ]
    stated = [sourced.at_ms for sourced in profile.attributes.values()]
    latest = max([*profile.last_contact_ms.values(), *stated], default=0)
    return {
        "customer_id": profile.customer_id,
        "version": version,
        "updated_at": latest,
        "merged_into": merged_into,
        "attributes": attributes,
        "consents": {k: bool(v.value) for k, v in sorted(profile.consents.items())},
        "preferred_channel": profile.preferred_channel(),
        "interactions": profile.events,
        "inbound_by_channel": dict(sorted(profile.inbound.items())),
    }


def _millis(value: datetime | int) -> int:
    if isinstance(value, datetime):
        return int(value.timestamp() * 1000)
    return int(value)


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
