"""The agents' per-message guard (processors/app.py), without Kafka."""

from processors import app
from processors.identities import IdentityStage, StageOutput
from processors.routing import RawMessage
from tests.unit.factories import codec, interaction


def _message():
    return RawMessage("p.identity.in", 0, 7, b"k", codec().encode("interaction", interaction()))


def test_an_exception_in_the_identity_stage_dead_letters_that_message(monkeypatch):
    stage = IdentityStage(codec())

    def broken(message):
        raise KeyError("a bug")

    monkeypatch.setattr(stage, "process", broken)
    (letter,) = app._stage_outputs(stage, _message())
    record = codec().decode(letter.value, expect="dead_letter").record
    assert (letter.stream, record["reason_code"], record["source_offset"]) == (
        "dead_letter",
        "internal_error",
        7,
    )
    assert record["reason"].startswith("KeyError")


def test_an_output_too_large_for_kafka_dead_letters_the_whole_message(monkeypatch):
    stage = IdentityStage(codec())
    huge = [StageOutput("timeline", b"c", b"x"), StageOutput("profiles", b"c", b"x" * 2_000_000)]
    monkeypatch.setattr(stage, "process", lambda message: huge)
    (letter,) = app._stage_outputs(stage, _message())
    record = codec().decode(letter.value, expect="dead_letter").record
    assert record["reason_code"] == "internal_error"
    assert "OutputTooLargeError" in record["reason"]


def test_the_identity_stage_still_works_through_the_guard():
    outputs = app._stage_outputs(IdentityStage(codec()), _message())
    assert {o.stream for o in outputs} >= {"timeline", "identities"}
