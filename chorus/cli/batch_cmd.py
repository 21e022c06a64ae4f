"""``chorus resolve`` and ``chorus detect``: the stream's logic over JSON Lines files."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TextIO

import typer

from core.errors import ConfigError

InputFile = Annotated[
    Path | None,
    typer.Argument(help="Interaction JSON Lines (default: standard input).", show_default=False),
]


@contextmanager
def _lines(path: Path | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdin
        return
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from exc
    with handle:
        yield handle


def resolve(file: InputFile = None) -> None:
    """Resolve identities: one line per input event, {"event_id", "customer_id"}, with each
    event's *final* customer id (written after the whole input is read; order-independent).

    Input lines: {"event_id", "occurred_at" (ISO-8601 with offset), "channel",
    "identifiers": {email|phone|loyalty_id|account_id|device_id|crm_id: value}, "type",
    "direction", "text"?, "attributes"?}.
    """
    from chorus.cli.common import settings
    from processors.identity.batch import resolve_lines
    from processors.identity.rules import identity_settings

    config = identity_settings(settings()).identity
    with _lines(file) as lines:
        for line in resolve_lines(lines, config):
            sys.stdout.write(line + "\n")


def detect(file: InputFile = None) -> None:
    """Detect life events and address changes: one JSON line per detection.

    Input as for `chorus resolve`, in time order; identities are resolved first with the same
    code as `chorus resolve` (so evidence from every channel of one customer counts once).
    """
    from chorus.cli.common import settings
    from processors.detection.batch import detect_lines
    from processors.identity.batch import read_lines, resolve_observations
    from processors.identity.rules import identity_settings

    config = identity_settings(settings()).identity
    with _lines(file) as handle:
        lines = handle.readlines()  # two passes: identities need the whole input first
    identities = resolve_observations(read_lines(lines), config)
    for line in detect_lines(lines, identities.customer_for):
        sys.stdout.write(line + "\n")
