"""``chorus resolve`` and ``chorus detect``: the stream's logic over JSON Lines files."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, BinaryIO

import typer

from core.errors import ConfigError
from core.safe_text import json_line, visible

if TYPE_CHECKING:
    from processors.jsonl import Accepted, InputRules, Outcome, Tally

# processors.jsonl's defaults, repeated so that importing the CLI does not load the schemas
# (tests/unit/cli/test_batch_cmd.py checks they agree)
MAX_LINE_BYTES = 1_048_576
MAX_DEPTH = 16

InputFile = Annotated[
    Path | None,
    typer.Argument(
        help="Interaction JSON Lines (default, or -: standard input).", show_default=False
    ),
]
MaxLineBytes = Annotated[
    int,
    typer.Option(
        "--max-line-bytes",
        min=1,
        help="Refuse longer lines without parsing them (default: 1 MiB, the broker's default "
        "message.max.bytes: the pipeline could not carry a larger event either).",
    ),
]

# Typer keeps the line breaks of every paragraph after the first: lines of at most 76
# characters read well in an 80-column terminal.
_INPUT_RULES = f"""
Every line goes through the pipeline's own input rules (processors/jsonl.py,
then the validation the pipeline's router applies). A refused line is
reported on standard error, one line each, and skipped:

  line N: <reason>
    not an interaction: not UTF-8, not JSON, nested deeper than {MAX_DEPTH}
    levels, longer than --max-line-bytes, a field missing or of the wrong
    type, a timestamp without UTC offset, ...

  line N: rejected (<code>): <reason>
    an interaction the pipeline would dead-letter, with the pipeline's reason
    code: unknown_channel, no_identifier, future_timestamp, invalid_field, ...

The other lines are processed and written as usual; then a summary line
follows on standard error and the exit status is 2. Exit status 0 means
every line was used. (Every bad line in one run, so all can be fixed at
once; the status keeps scripts from taking a partial result for a whole.)
Blank lines are skipped; line numbers count every line from 1.
"""


class _Input:
    """Reads one command's input: reports each refused line, counts, and decides the status."""

    def __init__(self, command: str, max_line_bytes: int) -> None:
        from chorus.cli.common import settings
        from processors.jsonl import InputRules, Tally
        from processors.validation import input_limits

        self.command = command
        self.tally: Tally = Tally()
        self.rules: InputRules = InputRules(
            max_line_bytes=max_line_bytes,
            max_future_skew=timedelta(seconds=settings().max_future_skew_seconds),
            limits=input_limits(settings()),
        )

    def accepted(self, outcomes: Iterable[Outcome]) -> Iterator[Accepted]:
        from processors.jsonl import LineError

        for outcome in outcomes:
            self.tally.count(outcome)
            if isinstance(outcome, LineError):
                _say(str(outcome))
            else:
                yield outcome

    def read(self, stream: BinaryIO) -> Iterator[Accepted]:
        from processors.jsonl import read_interactions

        return self.accepted(read_interactions(stream, self.rules))

    def finish(self) -> None:
        """After the output: the summary and exit status 2 when any line was refused."""
        if self.tally.refused:
            _say(f"{self.command}: {self.tally.summary()}")
            raise typer.Exit(2)


def _say(text: str) -> None:
    """One line on stderr, as is: no markup, no wrapping, controls in stored text escaped."""
    sys.stderr.write(visible(text, reversible=False) + "\n")


@contextmanager
def _binary(path: Path | None) -> Iterator[BinaryIO]:
    if path is None or str(path) == "-":
        yield sys.stdin.buffer
        return
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise ConfigError(f"cannot read {visible(path)}: {exc.strerror}") from exc
    with handle:
        yield handle


def _write(lines: Iterable[str]) -> None:
    """Output lines to stdout; a reader that went away (``| head``) ends the command quietly."""
    try:
        for line in lines:
            sys.stdout.write(line + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # Python would complain once more when it flushes stdout at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(141) from None  # 128 + SIGPIPE, what a shell reports for `cat | head`


def resolve(file: InputFile = None, max_line_bytes: MaxLineBytes = MAX_LINE_BYTES) -> None:
    from chorus.cli.common import settings
    from processors.identity.batch import observations, resolve_observations
    from processors.identity.rules import identity_settings

    config = identity_settings(settings()).identity
    reader = _Input("resolve", max_line_bytes)
    with _binary(file) as stream:
        result = resolve_observations(observations(reader.read(stream)), config)
    _write(
        json_line({"event_id": event_id, "customer_id": customer_id})
        for event_id, customer_id in result.customers.items()
    )
    reader.finish()


resolve.__doc__ = (
    """Resolve identities: one line per input event, {"event_id", "customer_id"}, with each
event's *final* customer id (written after the whole input is read; order-independent).

Input lines: {"event_id", "occurred_at" (ISO-8601 with offset), "channel",
"identifiers": {email|phone|loyalty_id|account_id|device_id|crm_id: value},
"type", "direction", "text"?, "attributes"?, "consents"?, "source_system"?}.
"""
    + _INPUT_RULES
)


def detect(file: InputFile = None, max_line_bytes: MaxLineBytes = MAX_LINE_BYTES) -> None:
    from chorus.cli.common import settings
    from processors.identity.rules import identity_settings

    config = identity_settings(settings()).identity
    reader = _Input("detect", max_line_bytes)
    with _binary(file) as stream:
        records = list(reader.read(stream))  # two passes: identities need the whole input first
    if records:
        # imported only now: the detector takes ~0.5 s to load, and refusing an input with
        # nothing left to detect in need not wait for it
        from processors.detection.batch import detect_events, inputs_from_records
        from processors.identity.batch import observations, resolve_observations

        identities = resolve_observations(observations(records), config)
        events = inputs_from_records(records, identities.customer_for)
        _write(json_line(detection.to_json_dict()) for detection in detect_events(events))
    reader.finish()


detect.__doc__ = (
    """Detect life events and address changes: one JSON line per detection.

Input as for `chorus resolve`, in time order; identities are resolved first
with the same code as `chorus resolve` (so evidence from every channel of one
customer counts once).
"""
    + _INPUT_RULES
)


def publish(
    file: InputFile = None,
    max_line_bytes: MaxLineBytes = MAX_LINE_BYTES,
    batch_id: Annotated[
        str | None,
        typer.Option(help="Batch id stamped on every event (default: publish-<time>)."),
    ] = None,
    wait: Annotated[
        bool,
        typer.Option(
            "--wait/--no-wait",
            help="After publishing, wait until the pipeline stored or dead-lettered every "
            "event (when one is running or a ClickHouse server is configured).",
        ),
    ] = True,
    timeout: Annotated[
        float,
        typer.Option(min=1.0, help="Give up waiting after this many seconds without progress."),
    ] = 120.0,
) -> None:
    from datetime import UTC, datetime

    from chorus.cli.common import err_console, settings
    from chorus.kafka_admin import check_reachable, ensure_topics
    from chorus.publish import pipeline_is_listening, publish_accepted, wait_until_accounted

    s = settings()
    check_reachable(s.bootstrap_servers)
    ensure_topics(s.bootstrap_servers, s.topics.all(), s.partitions)
    batch = batch_id or f"publish-{datetime.now(UTC):%Y%m%dT%H%M%S}"
    reader = _Input("publish", max_line_bytes)
    with _binary(file) as stream, err_console.status("publishing…") as status:
        published = publish_accepted(
            s,
            reader.read(stream),
            batch,
            lambda n: status.update(f"publishing… {n:,} sent"),
        )
    _say(
        f"published {published.events:,} event{'' if published.events == 1 else 's'} to "
        f"{s.topics.raw} in "
        f"{published.seconds:.1f}s, batch {batch}"
    )
    if wait and published.events and pipeline_is_listening(s):
        with err_console.status("waiting for the pipeline…") as status:
            counts = wait_until_accounted(
                s,
                published,
                timeout,
                lambda c: status.update(
                    f"waiting for the pipeline… {c.accounted:,} of {published.events:,}"
                ),
            )
        stored = counts.accounted - counts.dead_letters
        _say(f"stored {stored:,}, dead-lettered {counts.dead_letters:,}")
        if counts.dead_letters:
            _say(
                f'see: chorus query "SELECT reason_code, count() FROM dead_letters '
                f"WHERE batch_id = '{batch}' GROUP BY reason_code\""
            )
    elif wait and published.events:
        _say("no pipeline is running on this store: `chorus run` will process the batch")
    reader.finish()


publish.__doc__ = (
    """Publish interaction JSON Lines to the raw topic, as a channel system would.

Input as for `chorus resolve`. Each event becomes the Interaction Avro event,
keyed by its primary identifier like the channel adapters' events, stamped
with the batch id. While `chorus run` runs (or with a ClickHouse server), the
command then waits until every event is stored or dead-lettered and says how
many of each.
"""
    + _INPUT_RULES
)
