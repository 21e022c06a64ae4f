"""Batch entry point: interaction JSON Lines in, detection JSON Lines out.

The same :func:`~processors.detection.detector.step` the stream runs, with the per-customer
states in a dict instead of a Faust table. Input must be in time order (per customer at least).

Run on a file: ``python -m processors.detection.batch interactions.jsonl > detections.jsonl``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from core.errors import ChorusError
from processors.detection.detector import DEFAULT_CONFIG, DetectorConfig, step
from processors.detection.errors import MalformedInteractionError
from processors.detection.inputs import CustomerResolver, fallback_customer_id, from_json_record
from processors.detection.model import Detection, DetectionInput
from processors.detection.state import CustomerDetectionState


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


def parse_lines(
    lines: Iterable[str], resolve_customer: CustomerResolver | None = None
) -> Iterator[DetectionInput]:
    """Interaction JSON Lines → inputs; blank lines are skipped, anything else malformed raises
    :class:`MalformedInteractionError` naming the line."""
    resolver = resolve_customer or fallback_customer_id
    for line_no, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record: Any = json.loads(line)
        except json.JSONDecodeError as exc:
            raise MalformedInteractionError(f"not JSON ({exc.msg})", line_no) from exc
        try:
            yield from_json_record(record, resolver)
        except MalformedInteractionError as exc:
            raise MalformedInteractionError(exc.reason, line_no) from exc


def detect_lines(
    lines: Iterable[str],
    resolve_customer: CustomerResolver | None = None,
    config: DetectorConfig = DEFAULT_CONFIG,
) -> Iterator[str]:
    """One JSON line per detection, in the order the detections happen."""
    for detection in detect_events(parse_lines(lines, resolve_customer), config=config):
        yield json.dumps(detection.to_json_dict(), ensure_ascii=False)


def main(argv: Sequence[str] | None = None) -> int:
    """Read the file named (or stdin), write detections to stdout; 2 on a malformed input."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) > 1:
        sys.stderr.write("usage: python -m processors.detection.batch [interactions.jsonl]\n")
        return 2
    try:
        if args:
            with Path(args[0]).open(encoding="utf-8") as handle:
                for out in detect_lines(handle):
                    sys.stdout.write(out + "\n")
        else:
            for out in detect_lines(sys.stdin):
                sys.stdout.write(out + "\n")
    except ChorusError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
