"""Batch entry point: interaction JSON Lines in, detection JSON Lines out.

The same :func:`~processors.detection.detector.step` the stream runs, with the per-customer
states in a dict instead of a Faust table. Input must be in time order (per customer at least).

Run on a file: ``python -m processors.detection.batch interactions.jsonl > detections.jsonl``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import BinaryIO

from core.errors import ChorusError
from processors.detection.detector import DEFAULT_CONFIG, DetectorConfig, step
from processors.detection.errors import MalformedInteractionError
from processors.detection.inputs import CustomerResolver, fallback_customer_id, from_avro_record
from processors.detection.model import Detection, DetectionInput
from processors.detection.state import CustomerDetectionState
from processors.jsonl import Accepted, InputRules, LineError, Tally, read_interactions


def detect_events(
    events: Iterable[DetectionInput],
    states: dict[str, CustomerDetectionState] | None = None,
    config: DetectorConfig = DEFAULT_CONFIG,
) -> Iterator[Detection]:
    """Run the detector over events in time order; ``states`` (by customer id) is updated."""
    held = {} if states is None else states
    for event in events:
        state, detections = step(held.get(event.customer_id), event, config)
        held[event.customer_id] = state
        yield from detections


def inputs_from_records(
    accepted: Iterable[Accepted], resolve_customer: CustomerResolver | None = None
) -> Iterator[DetectionInput]:
    """Accepted interactions (:func:`processors.jsonl.read_interactions`) → inputs.

    As in the stream (:mod:`processors.detections`), an interaction the pipeline accepts but
    detection has nothing to read in (a blank ``interaction_type``) gives no input, no error.
    """
    resolver = resolve_customer or fallback_customer_id
    for item in accepted:
        if not item.record["interaction_type"].strip():
            continue
        try:
            yield from_avro_record(item.record, resolver)
        except MalformedInteractionError as exc:
            raise MalformedInteractionError(exc.reason, item.line_no) from exc


def _strict(outcomes: Iterable[Accepted | LineError]) -> Iterator[Accepted]:
    for outcome in outcomes:
        if isinstance(outcome, LineError):
            raise MalformedInteractionError(outcome.message, outcome.line_no)
        yield outcome


def parse_lines(
    lines: Iterable[str | bytes],
    resolve_customer: CustomerResolver | None = None,
    rules: InputRules | None = None,
) -> Iterator[DetectionInput]:
    """Interaction JSON Lines → inputs under the batch input rules (:mod:`processors.jsonl`);
    blank lines are skipped, the first refused line raises :class:`MalformedInteractionError`
    naming it."""
    return inputs_from_records(_strict(read_interactions(lines, rules)), resolve_customer)


def detect_lines(
    lines: Iterable[str | bytes],
    resolve_customer: CustomerResolver | None = None,
    config: DetectorConfig = DEFAULT_CONFIG,
    rules: InputRules | None = None,
) -> Iterator[str]:
    """One JSON line per detection, in the order the detections happen."""
    inputs = parse_lines(lines, resolve_customer, rules)
    for detection in detect_events(inputs, config=config):
        yield json.dumps(detection.to_json_dict(), ensure_ascii=False)


def main(argv: Sequence[str] | None = None) -> int:
    """Read the file named (or stdin), write detections to stdout.

    Customers are the fallback ids (no identity resolution: ``chorus detect`` does that). Each
    refused line is reported on stderr as ``line N: reason`` and skipped; the exit status is 2
    when any line was refused.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) > 1:
        sys.stderr.write("usage: python -m processors.detection.batch [interactions.jsonl]\n")
        return 2
    from core.safe_text import visible

    tally = Tally()

    def accepted(stream: BinaryIO) -> Iterator[Accepted]:
        for outcome in read_interactions(stream):
            tally.count(outcome)
            if isinstance(outcome, LineError):
                sys.stderr.write(visible(str(outcome), reversible=False) + "\n")
            else:
                yield outcome

    try:
        with Path(args[0]).open("rb") if args else nullcontext(sys.stdin.buffer) as stream:
            for detection in detect_events(inputs_from_records(accepted(stream))):
                sys.stdout.write(json.dumps(detection.to_json_dict()) + "\n")
    except OSError as exc:
        sys.stderr.write(f"error: cannot read {args[0]}: {exc.strerror}\n")
        return 2
    except ChorusError as exc:
        sys.stderr.write(f"error: {visible(str(exc), reversible=False)}\n")
        return 2
    if tally.refused:
        sys.stderr.write(f"{tally.summary()}\n")
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
