"""The batch input rules: every hostile line is one LineError, never an exception."""

from __future__ import annotations

import io
import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from processors import jsonl
from processors.jsonl import (
    Accepted,
    InputRules,
    LineError,
    Tally,
    decode_line,
    read_interactions,
)
from processors.validation import InputLimits, Rejection
from tests.unit.factories import codec

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
RULES = InputRules(now=NOW)


def event(**overrides: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "event_id": "web:1",
        "occurred_at": "2026-11-01T20:00:00.123456+08:00",
        "channel": "web",
        "identifiers": {"email": "Ann@Mail.com", "device_id": "dev-1"},
        "type": "page_view",
        "direction": "inbound",
    }
    record.update(overrides)
    return {k: v for k, v in record.items() if v is not ...}


def line(**overrides: Any) -> str:
    return json.dumps(event(**overrides), ensure_ascii=False)


def one(text: str | bytes, rules: InputRules = RULES) -> Accepted | LineError:
    (outcome,) = read_interactions([text], rules)
    return outcome


def refused(text: str | bytes, rules: InputRules = RULES) -> LineError:
    outcome = one(text, rules)
    assert isinstance(outcome, LineError), outcome
    return outcome


def test_a_line_becomes_the_record_the_router_sees_after_avro_decoding() -> None:
    outcome = one(line(text="hi", attributes={"page": "/"}, consents={"sms_marketing": True}))
    assert isinstance(outcome, Accepted)
    record = outcome.record
    # the same record through the real Avro codec: nothing the pipeline would see differently
    decoded = codec().decode(codec().encode("interaction", record), expect="interaction").record
    assert decoded == record
    assert record["occurred_at"] == datetime(2026, 11, 1, 12, 0, 0, 123000, tzinfo=UTC)
    assert record["received_at"] == record["occurred_at"]
    assert record["interaction_type"] == "page_view"
    assert record["identifiers"]["email"] == "Ann@Mail.com"
    assert record["identifiers"]["phone"] is None
    assert record["source_system"] == jsonl.SOURCE_SYSTEM


def test_optional_fields_are_taken_when_given() -> None:
    outcome = one(
        line(
            source_system="genesys",
            batch_id="b-1",
            received_at="2026-11-02T00:00:00Z",
            text=None,
            unknown_key=[1, 2],  # ignored, as an Avro reader ignores fields it does not know
        )
    )
    assert isinstance(outcome, Accepted)
    assert outcome.record["source_system"] == "genesys"
    assert outcome.record["batch_id"] == "b-1"
    assert outcome.record["received_at"] == datetime(2026, 11, 2, tzinfo=UTC)
    assert outcome.record["text"] is None


def test_validation_is_the_pipelines_own_function(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever rule validate_interaction gains (field limits...), the batch inherits."""
    seen = []

    def stricter(
        record: Any, *, now: datetime, max_future_skew: timedelta, limits: InputLimits
    ) -> Rejection:
        seen.append((record["event_id"], now, max_future_skew, limits))
        return Rejection("too_large", "text is over the limit")

    monkeypatch.setattr(jsonl, "validate_interaction", stricter)
    outcome = refused(line())
    assert (outcome.code, outcome.reason) == ("too_large", "text is over the limit")
    assert str(outcome) == "line 1: rejected (too_large): text is over the limit"
    assert seen == [("web:1", NOW, RULES.max_future_skew, RULES.limits)]


@pytest.mark.parametrize(
    ("overrides", "code", "reason"),
    [
        ({"channel": "fax"}, "unknown_channel", "unknown channel 'fax'"),
        ({"identifiers": {}}, "no_identifier", "no customer identifier"),
        ({"identifiers": ...}, "no_identifier", "no customer identifier"),
        ({"identifiers": {"email": "  ", "phone": None}}, "no_identifier", "identifier"),
        ({"occurred_at": "2026-12-01T00:00:00Z"}, "future_timestamp", "in the future"),
        ({"occurred_at": "1970-01-01T00:00:00Z"}, "invalid_field", "before 1990"),
        ({"event_id": " "}, "invalid_field", "event_id is empty"),
    ],
)
def test_what_the_pipeline_dead_letters_is_rejected_with_its_reason_code(
    overrides: dict[str, Any], code: str, reason: str
) -> None:
    outcome = refused(line(**overrides))
    assert outcome.code == code
    assert reason in outcome.reason
    assert str(outcome).startswith(f"line 1: rejected ({code}): ")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("{not json", "not JSON: Expecting property name enclosed in double quotes at column 2"),
        ('{"event_id": "a",', "not JSON"),
        ("[1, 2]", "an interaction is a JSON object, got an array"),
        ('"text"', "an interaction is a JSON object, got a string"),
        ("null", "got null"),
        ('{"a": NaN}', "NaN is not a JSON number"),
        ('{"a": -Infinity}', "-Infinity is not a JSON number"),
        ('{"a": 1, "a": 2}', "duplicate key 'a'"),
        ('{"a": ' + "9" * 5000 + "}", "not JSON: Exceeds the limit (4300 digits)"),
        # JSON escapes that decode to half of a surrogate pair: not text, cannot be encoded
        (json.dumps(event(text="\ud800")), "'text' holds an unpaired surrogate ('\\ud800')"),
        (json.dumps(event(identifiers={"email": "a\udfff"})), "unpaired surrogate"),
        (json.dumps(event(attributes={"\ud83d": "x"})), "unpaired surrogate"),
        (line(event_id=...), "'event_id' is missing"),
        (line(event_id=7), "'event_id' must be a string, got a number"),
        (line(channel=True), "'channel' must be a string, got a boolean"),
        (line(type=...), "'type' is missing"),
        (line(type=["call"]), "'type' must be a string, got an array"),
        (line(direction="sideways"), "'direction' must be 'inbound' or 'outbound'"),
        (line(occurred_at=...), "'occurred_at' is missing"),
        (line(occurred_at=1767225600000), "'occurred_at' must be a string"),
        (line(occurred_at="yesterday"), "occurred_at 'yesterday' is not an ISO-8601 timestamp"),
        (line(occurred_at="2026-03-01T12:00:00"), "has no UTC offset"),
        (line(occurred_at="2026-03-01"), "has no UTC offset"),
        (line(occurred_at="0001-01-01T00:00:00+01:00"), "is out of range"),
        (line(received_at="soon"), "received_at 'soon' is not an ISO-8601 timestamp"),
        (line(identifiers=["email"]), "'identifiers' must be an object, got an array"),
        (line(identifiers=None), "'identifiers' must be an object, got null"),
        (line(identifiers={"fax": "1"}), "unknown identifier types ['fax']"),
        (line(identifiers={"phone": 4152345678}), "identifier 'phone' must be a string"),
        (line(text=3), "'text' must be a string"),
        (line(attributes={"amount": 3}), "'attributes' must map strings to strings; 'amount'"),
        (line(attributes=[]), "'attributes' must be an object"),
        (line(consents={"sms": "yes"}), "'consents' must map strings to booleans"),
        (line(source_system=1), "'source_system' must be a string"),
        (line(batch_id={}), "'batch_id' must be a string"),
    ],
)
def test_a_line_that_is_not_an_interaction_is_malformed(text: str, reason: str) -> None:
    outcome = refused(text)
    assert outcome.code is None
    assert reason in outcome.reason
    assert str(outcome) == f"line 1: {outcome.reason}"


def test_values_quoted_in_reasons_are_escaped_and_cut() -> None:
    outcome = refused(line(occurred_at="\x1b[2J" + "x" * 10_000))
    assert "\x1b" not in outcome.reason and "\\x1b[2J" in outcome.reason
    assert len(outcome.reason) < 400
    assert "… (10009 characters) is not an ISO-8601 timestamp" in outcome.reason


def test_bad_utf8_names_the_byte() -> None:
    outcome = refused(b'{"event_id": "caf\xe9"}')
    assert outcome.reason == "not UTF-8 (byte 0xe9 at byte 18)"


def test_deep_nesting_is_refused_before_parsing_without_recursion() -> None:
    rules = InputRules(now=NOW, max_line_bytes=4 << 20)
    started = time.perf_counter()
    for depth in (17, 1000, 1_000_000):
        deep = "[" * depth + "]" * depth
        assert refused(deep, rules).reason == "JSON nested deeper than 16 levels"
        unclosed = '{"a": ' + "{" * depth
        assert refused(unclosed, rules).reason == "JSON nested deeper than 16 levels"
    assert time.perf_counter() - started < 2.0  # linear: the million-level line included


@pytest.mark.parametrize(
    "text",
    [
        "[" * 20 + '"' + '\\"' * 400_000,  # a string that never ends, full of escaped quotes
        "[" * 20 + '"\\' * 400_000,
        "[" * 20 + '"a' * 400_000,
        '"' + "\\" * 400_000 + "[" * 20,
    ],
)
def test_the_nesting_scan_is_linear_on_strings_that_never_end(text: str) -> None:
    started = time.perf_counter()
    jsonl._too_deep(text, 16)
    assert time.perf_counter() - started < 0.5  # a scan restarting at each quote took minutes
    assert isinstance(one(text, InputRules(now=NOW, max_line_bytes=4 << 20)), LineError)


def test_nesting_at_the_limit_is_parsed_and_brackets_in_strings_do_not_count() -> None:
    at_limit = "[" * 16 + "]" * 16
    assert refused(at_limit).reason == "an interaction is a JSON object, got an array"
    in_text = line(text='[[[[[[[[[[[[[[[[[[[[{{{{{{{{{{ \\" [[[[[[[[[[[[[[[[[[[')
    assert isinstance(one(in_text), Accepted)
    assert refused(line(attributes={"a": "b"}), InputRules(now=NOW, max_depth=1)).reason == (
        "JSON nested deeper than 1 levels"
    )


def test_a_huge_line_is_refused_fast_and_the_next_line_keeps_its_number() -> None:
    huge = b'{"text": "' + b"a" * (50 << 20) + b'"}\n'
    data = io.BytesIO(line().encode() + b"\n" + huge + line(event_id="web:2").encode() + b"\n")
    started = time.perf_counter()
    outcomes = list(read_interactions(data, RULES))
    assert time.perf_counter() - started < 1.0
    assert [type(o).__name__ for o in outcomes] == ["Accepted", "LineError", "Accepted"]
    assert str(outcomes[1]) == "line 2: too long: 52,428,812 bytes, the limit is 1,048,576"
    assert outcomes[2].line_no == 3


@pytest.mark.parametrize(
    ("tail", "accepted"),
    [(b"\n", True), (b"\r\n", True), (b"", True), (b" \n", False), (b" ", False)],
)
def test_the_limit_is_on_a_lines_content(tail: bytes, accepted: bool) -> None:
    content = line().encode()
    rules = InputRules(now=NOW, max_line_bytes=len(content))
    (outcome,) = read_interactions(io.BytesIO(content + tail), rules)
    assert isinstance(outcome, Accepted) is accepted, outcome
    (listed,) = read_interactions([content + tail], rules)
    assert isinstance(listed, Accepted) is accepted, listed


def test_blank_lines_are_skipped_but_counted_and_a_bom_is_allowed() -> None:
    data = b"\xef\xbb\xbf" + line().encode() + b"\n\n  \t\r\n" + b"{bad\n"
    outcomes = list(read_interactions(io.BytesIO(data), RULES))
    assert isinstance(outcomes[0], Accepted)
    assert str(outcomes[1]).startswith("line 4: not JSON")
    # U+00A0 is not JSON whitespace: not a blank line
    assert refused("\u00a0").reason.startswith("not JSON")


def test_the_tally_counts_and_summarises() -> None:
    tally = Tally()
    lines = [line(), "{", line(channel="fax"), line(identifiers={}), line(channel="fax")]
    for outcome in read_interactions(lines, RULES):
        tally.count(outcome)
    assert (tally.lines, tally.accepted, tally.malformed, tally.refused) == (5, 1, 1, 4)
    assert tally.summary() == (
        "5 lines: 1 accepted, 4 refused "
        "(1 malformed; 3 rejected: no_identifier 1, unknown_channel 2)"
    )
    single = Tally()
    single.count(one(line()))
    assert single.summary() == "1 line: 1 accepted, 0 refused"


def test_the_clock_is_read_once_per_run() -> None:
    rules = InputRules()
    outcomes = list(read_interactions([line(), line(event_id="2")], rules))
    assert all(isinstance(o, Accepted) for o in outcomes)
    with pytest.raises(ValueError, match="positive"):
        InputRules(max_line_bytes=0)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_no_bytes_make_a_line_raise(raw: bytes) -> None:
    for outcome in read_interactions(io.BytesIO(raw), RULES):
        assert isinstance(outcome, Accepted | LineError)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "event_id",
                "occurred_at",
                "received_at",
                "channel",
                "type",
                "direction",
                "identifiers",
                "text",
                "attributes",
                "consents",
                "source_system",
                "batch_id",
            ]
        ),
        json_values,
    )
)
def test_no_json_object_makes_a_line_raise(overrides: dict[str, Any]) -> None:
    text = json.dumps(event(**overrides))
    outcome = decode_line(text.encode(), 1, RULES, NOW)
    assert isinstance(outcome, Accepted | LineError)
    if isinstance(outcome, Accepted):  # then it is a record the Avro schema takes
        codec().encode("interaction", outcome.record)


def test_the_configured_field_limits_apply_to_lines() -> None:
    """CHORUS_MAX_* reach the batch commands as they reach the router."""
    tight = InputRules(now=NOW, limits=InputLimits(max_event_id_length=3))
    (outcome,) = list(read_interactions([line()], tight))
    assert isinstance(outcome, LineError)
    assert outcome.code == "field_too_large"
    (loose,) = list(read_interactions([line()], RULES))
    assert not isinstance(loose, LineError)
