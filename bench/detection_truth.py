"""Detection scored against the simulator's ground truth, at scale (JSON).

The simulator writes, for every event, which person it belongs to and, when the event is
evidence of one, which life event (type and date) or address change it tells. The same code as
``chorus detect`` (identities resolved first, then the detector in time order) runs over the
simulated interactions; then, per kind and per type:

* precision: detections with at least one evidence event whose truth is that type (for address
  changes: an address change), over all detections;
* recall: true events (person, type, date) of which at least one piece of evidence was
  published and that some correct detection found, over all true events with evidence.

Birthdays are left out (they come from a timer, not from interactions), and so are address
changes of people whose earlier address was never reported (the first address is no change).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from typing import Any

from processors.detection import detect_events, from_avro_record
from processors.identity import resolve_observations
from processors.identity.inputs import observation_from_avro
from streams.simulator import simulate


def score(events: int, seed: int, noise: float) -> dict[str, Any]:
    simulated = [
        e
        for e in simulate(events, seed=seed, batch_id="truth", bad_fraction=0.0, noise=noise)
        if e.record is not None and not e.is_bad
    ]
    truth = {e.event_id: e.truth for e in simulated}
    started = time.perf_counter()
    records = sorted(
        (e.record for e in simulated if e.record is not None),
        key=lambda r: (r["occurred_at"], r["event_id"]),
    )
    resolved = resolve_observations(observation_from_avro(r) for r in records)
    inputs = [from_avro_record(r, lambda r: resolved.customers[r["event_id"]]) for r in records]
    detections = [d for d in detect_events(inputs) if d.type != "birthday"]
    seconds = time.perf_counter() - started

    # an address change is knowable only if an earlier address of the person was reported
    # ("the first address ever seen is not a change")
    true_events: set[tuple[str, str, str]] = set()
    seen_address: set[str] = set()
    for record in records:
        line = truth[record["event_id"]]
        person = line["person_id"]
        life = line.get("life_event")
        if life and life["type"] != "birthday":
            true_events.add((person, life["type"], life["date"]))
        change = line.get("address_change")
        if change and person in seen_address:
            true_events.add((person, "address_change", change["new"]))
        if "address" in (record.get("attributes") or {}):
            seen_address.add(person)

    found: set[tuple[str, str, str]] = set()
    correct, total = Counter[str](), Counter[str]()
    for detection in detections:
        total[detection.type] += 1
        hits = set()
        for evidence in detection.evidence:
            line = truth.get(evidence.event_id, {})
            life, change = line.get("life_event"), line.get("address_change")
            if detection.type == "address_change" and change:
                hits.add((line["person_id"], "address_change", change["new"]))
            elif life and life["type"] == detection.type:
                hits.add((line["person_id"], life["type"], life["date"]))
        if hits:
            correct[detection.type] += 1
            found |= hits

    def kind_of(kind_type: str) -> str:
        return "address_change" if kind_type == "address_change" else "life_event"

    per_type: dict[str, dict[str, Any]] = {}
    for name in sorted({t for _, t, _ in true_events} | set(total)):
        relevant = {e for e in true_events if e[1] == name}
        per_type[name] = {
            "detections": total[name],
            "precision": round(correct[name] / total[name], 3) if total[name] else None,
            "true_events": len(relevant),
            "recall": round(len(relevant & found) / len(relevant), 3) if relevant else None,
        }
    per_kind: dict[str, dict[str, Any]] = {}
    for kind in ("life_event", "address_change"):
        names = [n for n in per_type if kind_of(n) == kind]
        tot = sum(total[n] for n in names)
        cor = sum(correct[n] for n in names)
        relevant = {e for e in true_events if kind_of(e[1]) == kind}
        per_kind[kind] = {
            "detections": tot,
            "precision": round(cor / tot, 3) if tot else None,
            "true_events": len(relevant),
            "recall": round(len(relevant & found) / len(relevant), 3) if relevant else None,
        }
    return {
        "events": len(simulated),
        "noise": noise,
        "seconds": round(seconds, 2),
        "events_per_s": round(len(simulated) / seconds, 1),
        "by_kind": per_kind,
        "by_type": per_type,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--noise", type=float, default=1.0)
    args = parser.parse_args()
    print(json.dumps(score(args.events, args.seed, args.noise)))


if __name__ == "__main__":
    main()
