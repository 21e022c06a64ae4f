"""On clean identifiers (``noise=0``) the simulator's systems of record link a person's
identifiers the way real ones do, so identity resolution can find "same customer" from the
evidence alone: measured as pairwise precision and recall against the ground truth."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from processors.identity import resolve_observations
from processors.identity.inputs import observation_from_avro
from streams.simulator import SimulatedEvent, simulate

BASE_TIME = datetime(2026, 6, 1, tzinfo=UTC)
EVENTS = 3000
SEEDS = (17, 1)  # 3,000 events: recall 0.957 and 0.923; 0.996 and 0.992 on linkable records


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float


def _pairs(counts: Counter[object]) -> int:
    return sum(n * (n - 1) // 2 for n in counts.values())


def _scores(
    events: list[SimulatedEvent], keep: Callable[[SimulatedEvent], bool] = lambda _: True
) -> Scores:
    result = resolve_observations(
        observation_from_avro(e.record) for e in events if e.record is not None
    )
    kept = [e for e in events if keep(e)]
    predicted = Counter(result.customers[e.event_id] for e in kept)
    truth = Counter(e.truth["person_id"] for e in kept)
    both = Counter((result.customers[e.event_id], e.truth["person_id"]) for e in kept)
    return Scores(_pairs(both) / _pairs(predicted), _pairs(both) / _pairs(truth))


def _never_linkable(events: list[SimulatedEvent]) -> Callable[[SimulatedEvent], bool]:
    """Records no system could ever tie to anything: a social handle (the listening tool's
    records carry nothing else, and no other channel carries a handle) and a web cookie never
    presented with another identifier (browsing without ever signing in)."""
    linked_cookies = set()
    for event in events:
        assert event.record is not None
        ids = event.record["identifiers"]
        if ids["device_id"] and sum(v is not None for v in ids.values()) > 1:
            linked_cookies.add(ids["device_id"])

    def keep(event: SimulatedEvent) -> bool:
        assert event.record is not None
        if event.record["channel"] == "social":
            return False
        ids = event.record["identifiers"]
        only_cookie = [k for k, v in ids.items() if v] == ["device_id"]
        return not (
            event.record["channel"] == "web"
            and only_cookie
            and ids["device_id"] not in linked_cookies
        )

    return keep


@pytest.fixture(scope="module", params=SEEDS, ids=[f"seed{s}" for s in SEEDS])
def clean(request: pytest.FixtureRequest) -> list[SimulatedEvent]:
    return list(
        simulate(
            EVENTS,
            seed=request.param,
            batch_id="t-identity",
            base_time=BASE_TIME,
            bad_fraction=0.0,
            noise=0.0,
        )
    )


def test_clean_data_precision_and_recall(clean: list[SimulatedEvent]) -> None:
    scores = _scores(clean)
    assert scores.precision >= 0.99
    # Not yet the 0.99 the requirement asks for: see the xfail test below for what is missing.
    assert scores.recall >= 0.91  # before first-contact linking: 0.82-0.87


def test_clean_data_recall_on_records_some_system_can_link(
    clean: list[SimulatedEvent],
) -> None:
    scores = _scores(clean, _never_linkable(clean))
    assert scores.precision >= 0.99
    assert scores.recall >= 0.98


@pytest.mark.xfail(
    strict=True,
    reason="social handles travel alone (the social adapter maps nothing else), and people who "
    "never call, chat or buy through a dealer never show e-mail and phone on one record "
    "(store: card + phone, branch: CRM id + phone, web: cookie + account + e-mail)",
)
def test_clean_data_meets_the_identity_requirement(clean: list[SimulatedEvent]) -> None:
    scores = _scores(clean)
    assert scores.precision >= 0.99
    assert scores.recall >= 0.99
