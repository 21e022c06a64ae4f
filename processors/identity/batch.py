"""Batch identity resolution: read every interaction, then say which customer each belongs to.

The batch applies the same rule as the stream (:mod:`processors.identity.resolve`) in one pass
over the whole input, so an event first seen under an anonymous device id gets the customer the
device was linked to later (late identification), and the answer does not depend on line order.
"""

from __future__ import annotations

import gc
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from processors.identity.config import IdentityConfig
from processors.identity.inputs import observation_from_avro
from processors.identity.model import (
    IdentityError,
    MalformedInteractionError,
    Observation,
    anonymous_id,
    link_id,
    sort_key,
)
from processors.identity.normalise import Normaliser, Unusable
from processors.identity.resolve import build_state
from processors.identity.state import CONFLICT, IdentityState, LinkEntry
from processors.jsonl import Accepted, InputRules, LineError, read_interactions


@dataclass
class BatchResult:
    state: IdentityState
    customers: dict[str, str]  # event id -> final customer id, in first-seen order
    rejected: Counter[str] = field(default_factory=Counter)  # "type:reason" -> count

    def customer_for(self, record: Mapping[str, Any]) -> str:
        """The final customer of a record of this batch (JSON object or Avro dict), by event id.

        Fits ``processors.detection``'s ``CustomerResolver`` seam: ``detect_lines(lines,
        result.customer_for)``.
        """
        try:
            return self.customers[record["event_id"]]
        except (KeyError, TypeError) as exc:
            raise IdentityError(f"event {record.get('event_id')!r} is not in this batch") from exc

    @property
    def conflicts(self) -> list[LinkEntry]:
        """Links that did not hold (caps or operator splits), in canonical order."""
        found = [link for link in self.state.links.values() if link.status == CONFLICT]
        return sorted(found, key=lambda link: link.order)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a large, acyclic state is built.

    Every few thousand allocations CPython walks all tracked containers, so building a state of
    a few hundred thousand small lists and dicts spends about half its time in the collector.
    Nothing built here forms a cycle; reference counting frees it all the same.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def resolve_observations(
    observations: Iterable[Observation], config: IdentityConfig | None = None
) -> BatchResult:
    """Resolve a whole batch; an event id seen more than once counts once (all its identifiers)."""
    with _gc_paused():
        return _resolve(observations, config or IdentityConfig())


def _resolve(observations: Iterable[Observation], config: IdentityConfig) -> BatchResult:
    normaliser = Normaliser(config)
    event_keys: dict[str, tuple[str, ...]] = {}
    links: dict[tuple[str, ...], tuple[int, str]] = {}
    rejected: Counter[str] = Counter()
    for observation in observations:
        region = config.region_for(observation.channel, observation.source_system)
        found: set[str] = set()
        for id_type, raw in observation.identifiers:
            key = normaliser.key(id_type, raw, region)
            if isinstance(key, Unusable):
                rejected[f"{id_type}:{key.reason}"] += 1
            else:
                found.add(key)
        keys = tuple(sorted(found, key=sort_key))
        event_id = observation.event_id
        previous = event_keys.get(event_id)
        if previous is None:
            event_keys[event_id] = keys
        elif not found.issubset(previous):
            event_keys[event_id] = tuple(sorted(found.union(previous), key=sort_key))
        if len(keys) > 1:
            order = (observation.occurred_ms, event_id)
            known = links.get(keys)
            if known is None or order < known:
                links[keys] = order
    identifiers = {key for keys in event_keys.values() for key in keys}
    entries = {
        link_id(keys): LinkEntry(list(keys), first_ms, first_event)
        for keys, (first_ms, first_event) in links.items()
    }
    state = build_state(identifiers, entries, config)
    ids = state.identifiers
    customers: dict[str, str] = {}
    for event_id, keys in event_keys.items():
        if not keys:
            customers[event_id] = anonymous_id(event_id)
        else:
            primary = next((k for k in keys if not ids[k].hub), keys[0])
            customers[event_id] = ids[primary].customer
    return BatchResult(state=state, customers=customers, rejected=rejected)


def observations(accepted: Iterable[Accepted]) -> Iterator[Observation]:
    """Accepted interactions (:func:`processors.jsonl.read_interactions`) as observations."""
    for item in accepted:
        try:
            yield observation_from_avro(item.record)
        except MalformedInteractionError as exc:  # the identity stage would dead-letter it
            raise MalformedInteractionError(str(exc), item.line_no) from exc


def strict(outcomes: Iterable[Accepted | LineError]) -> Iterator[Accepted]:
    """The accepted lines; the first refused one raises :class:`MalformedInteractionError`."""
    for outcome in outcomes:
        if isinstance(outcome, LineError):
            raise MalformedInteractionError(outcome.message, outcome.line_no)
        yield outcome


def read_lines(
    lines: Iterable[str | bytes], rules: InputRules | None = None
) -> Iterator[Observation]:
    """JSON Lines to observations under the batch input rules (:mod:`processors.jsonl`); blank
    lines are skipped, line numbers count from 1, the first refused line raises."""
    return observations(strict(read_interactions(lines, rules)))


def resolve_lines(
    lines: Iterable[str | bytes],
    config: IdentityConfig | None = None,
    rules: InputRules | None = None,
) -> Iterator[str]:
    """Interaction JSON Lines in, ``{"event_id": ..., "customer_id": ...}`` lines out.

    Nothing is yielded before the whole input is read: each event gets its *final* customer id.
    One output line (without a trailing newline) per distinct event id, in first-seen order.
    The first line the input rules refuse (malformed, or one the pipeline would dead-letter)
    raises :class:`~processors.identity.model.MalformedInteractionError` naming its line
    number; ``chorus resolve`` instead reports every such line and goes on.
    """
    result = resolve_observations(read_lines(lines, rules), config)
    for event_id, customer_id in result.customers.items():
        yield json.dumps({"event_id": event_id, "customer_id": customer_id}, ensure_ascii=False)
