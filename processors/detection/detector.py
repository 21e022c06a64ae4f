"""The per-customer detector: ``step(state, event) -> (state, detections)``, bytewax style.

One call per interaction, in time order per customer. ``step`` updates the state it is given in
place and returns it (as bytewax's ``stateful_map`` allows): keep the returned one, and store it
back (``table[customer_id] = state``) so a Faust changelog sees the change. It does no I/O and
reads no clock: replaying the same events yields the same detections with the same ids.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Final, Literal

from processors.detection import signals
from processors.detection.address import AddressRelation, compare_addresses, normalise_address
from processors.detection.classifier import classify_text
from processors.detection.model import (
    ADDRESS_CHANGE,
    AddressValue,
    Detection,
    DetectionInput,
    Evidence,
)
from processors.detection.model import Signal as SignalKind
from processors.detection.state import (
    AddressRecord,
    AttributeRecord,
    CustomerDetectionState,
    EmittedRecord,
    EvidenceDict,
    HintRecord,
    new_state,
)
from schemas.taxonomy import LIFE_EVENT_TYPES

log = logging.getLogger(__name__)

DAY_MS: Final = 86_400_000


def _default_windows() -> dict[str, int]:
    return dict.fromkeys(LIFE_EVENT_TYPES, 90)


@dataclass(frozen=True, slots=True)
class DetectorConfig:
    """Windows and confidences; the defaults are the ones the labelling rules agreed on."""

    dedup_window_days: Mapping[str, int] = field(default_factory=_default_windows)
    """Per type: evidence this close to an emitted event is the same event (attached)."""
    conflict_window_days: int = 7
    """Another channel contradicting a fresh address change this soon raises a conflict."""
    baby_window_days: int = 30
    baby_min_purchases: int = 3
    max_evidence: int = 20
    """Evidence kept per emitted event in the state (the output line has the first)."""
    surname_hint_days: int = 90
    surname_hint_boost: float = 0.05
    address_confidence: Mapping[str, float] = field(
        default_factory=lambda: {"address_update": 0.9, "profile_update": 0.9, "purchase": 0.6}
    )
    """Per interaction type; a purchase's address may be a gift's shipping address."""
    default_address_confidence: float = 0.8
    conflict_confidence: float = 0.5
    birthday_confidence: float = 0.9


DEFAULT_CONFIG: Final = DetectorConfig()


@dataclass(slots=True)
class _Candidate:
    type: str
    confidence: float
    signal: SignalKind
    event_date: date | None = None
    details: dict[str, str] = field(default_factory=dict)
    extra_evidence: list[EvidenceDict] = field(default_factory=list)


def _evidence(event: DetectionInput) -> EvidenceDict:
    return {"event_id": event.event_id, "channel": event.channel}


def _attribute(event: DetectionInput, value: str) -> AttributeRecord:
    return {
        "value": value,
        "event_id": event.event_id,
        "channel": event.channel,
        "at_ms": event.occurred_ms,
    }


# --- structured ------------------------------------------------------------------------------

_TRANSITIONS: Final = (
    ("marital_status", signals.marital_signal),
    ("employment_status", signals.employment_signal),
    ("employer", signals.employer_signal),
    ("dependents_count", signals.dependents_signal),
)
_TRACKED: Final = (
    "marital_status",
    "employment_status",
    "employer",
    "dependents_count",
    "job_title",
    "last_name",
)


def _structured(
    state: CustomerDetectionState, event: DetectionInput, config: DetectorConfig
) -> list[_Candidate]:
    found: list[_Candidate] = []
    held = state["attributes"]
    attrs = event.attributes
    for name, transition in _TRANSITIONS:
        new = attrs.get(name)
        if new is None or not new.strip() or name not in held:
            continue
        hit = transition(held[name]["value"], new)
        if hit is not None:
            found.append(_Candidate(hit.type, hit.confidence, "structured", details=hit.details))
    title = attrs.get("job_title")
    if title and title.strip() and "job_title" in held:
        employer_then = held["employer"]["value"] if "employer" in held else ""
        employer_now = attrs.get("employer", employer_then)
        same_employer = signals.employer_key(employer_now) == signals.employer_key(employer_then)
        hit = signals.title_signal(held["job_title"]["value"], title) if same_employer else None
        if hit is not None:
            found.append(_Candidate(hit.type, hit.confidence, "structured", details=hit.details))
    surname = attrs.get("last_name")
    if (
        surname
        and "last_name" in held
        and signals.surname_changed(held["last_name"]["value"], surname)
    ):
        state["hints"].append(
            {
                "kind": "surname_change",
                "at_ms": event.occurred_ms,
                "event_id": event.event_id,
                "channel": event.channel,
            }
        )
        _attach_surname_hint(state, event, config)
    for name in _TRACKED:
        value = attrs.get(name)
        if value is not None and value.strip():
            held[name] = _attribute(event, value)
    return found


def _attach_surname_hint(
    state: CustomerDetectionState, event: DetectionInput, config: DetectorConfig
) -> None:
    """A surname change shortly after an emitted marriage/divorce is more evidence of it."""
    horizon = config.surname_hint_days * DAY_MS
    for record in state["emitted"]:
        if (
            record["type"] in ("marriage", "divorce")
            and 0 <= (event.occurred_ms - record["anchor_ms"]) <= horizon
        ):
            _attach(record, _evidence(event), config)


# --- behaviour -------------------------------------------------------------------------------


def _behavioural(
    state: CustomerDetectionState, event: DetectionInput, config: DetectorConfig
) -> list[_Candidate]:
    category = event.attributes.get("product_category")
    if (
        not category
        or event.interaction_type not in signals.PURCHASE_TYPES
        or not signals.is_baby_category(category)
    ):
        return []
    now = event.occurred_ms
    window = config.baby_window_days * DAY_MS
    first = state["baby_first_ms"]
    if first is None:
        first = state["baby_first_ms"] = now
    recent = [t for t in state["baby_purchases_ms"] if now - t <= window]
    recent.append(now)
    state["baby_purchases_ms"] = recent
    # "No such history": every baby-category purchase ever seen falls inside this window.
    if len(recent) >= config.baby_min_purchases and now - first <= window:
        return [
            _Candidate(
                "new_baby",
                signals.BEHAVIOUR_CONFIDENCE,
                "behavioural",
                details={"purchases_in_window": str(len(recent))},
            )
        ]
    return []


# --- text ------------------------------------------------------------------------------------


# what someone typed into a search box is interest, not a statement ("moving boxes")
NOT_STATEMENTS: Final = frozenset({"search"})


def _textual(event: DetectionInput) -> list[_Candidate]:
    if not event.text or event.interaction_type in NOT_STATEMENTS:
        return []
    return [
        _Candidate(
            f.type, f.confidence, "text", f.event_date, {"rule": f.rule_id, "snippet": f.snippet}
        )
        for f in classify_text(event.text, event.occurred_at.date())
    ]


# --- dedup and emission ----------------------------------------------------------------------


def _attach(record: EmittedRecord, evidence: EvidenceDict, config: DetectorConfig) -> None:
    if len(record["evidence"]) >= config.max_evidence:
        return
    if all(e["event_id"] != evidence["event_id"] for e in record["evidence"]):
        record["evidence"].append(evidence)


def _date_ms(value: date) -> int:
    return int(datetime(value.year, value.month, value.day, tzinfo=UTC).timestamp() * 1000)


def _same_event(record: EmittedRecord, candidate: _Candidate, now_ms: int, window_ms: int) -> bool:
    """Any of the record's times (first evidence, event date) near any of the candidate's."""
    theirs = [record["anchor_ms"]]
    if record["event_date"]:
        theirs.append(_date_ms(date.fromisoformat(record["event_date"])))
    ours = [now_ms] + ([_date_ms(candidate.event_date)] if candidate.event_date else [])
    return any(abs(a - b) <= window_ms for a in theirs for b in ours)


def _surname_hint(
    state: CustomerDetectionState, now_ms: int, config: DetectorConfig
) -> HintRecord | None:
    horizon = config.surname_hint_days * DAY_MS
    hints = [
        h
        for h in state["hints"]
        if h["kind"] == "surname_change" and 0 <= now_ms - h["at_ms"] <= horizon
    ]
    return hints[-1] if hints else None


def _merge(candidates: Iterable[_Candidate]) -> list[_Candidate]:
    """One candidate per type: the most confident (keeping any event date another one knew)."""
    best: dict[str, _Candidate] = {}
    for cand in candidates:
        held = best.get(cand.type)
        if held is None:
            best[cand.type] = cand
        elif cand.confidence > held.confidence:
            date_known = cand.event_date or held.event_date
            best[cand.type] = replace(cand, event_date=date_known)
        elif held.event_date is None:
            held.event_date = cand.event_date
    return list(best.values())


def _emit(
    state: CustomerDetectionState,
    event: DetectionInput,
    candidates: list[_Candidate],
    config: DetectorConfig,
) -> list[Detection]:
    out: list[Detection] = []
    now_ms = event.occurred_ms
    for cand in _merge(candidates):
        window_ms = config.dedup_window_days.get(cand.type, 90) * DAY_MS
        existing = next(
            (
                r
                for r in reversed(state["emitted"])
                if r["type"] == cand.type and _same_event(r, cand, now_ms, window_ms)
            ),
            None,
        )
        if existing is not None:
            _attach(existing, _evidence(event), config)
            existing["confidence"] = max(existing["confidence"], cand.confidence)
            if existing["event_date"] is None and cand.event_date is not None:
                existing["event_date"] = cand.event_date.isoformat()
            continue
        evidence = [_evidence(event), *cand.extra_evidence]
        confidence = cand.confidence
        details = dict(cand.details, signal_confidence=f"{cand.confidence:.2f}")
        if cand.type in ("marriage", "divorce"):
            hint = _surname_hint(state, now_ms, config)
            if hint is not None:
                evidence.append({"event_id": hint["event_id"], "channel": hint["channel"]})
                confidence = min(0.95, confidence + config.surname_hint_boost)
                details["surname_change"] = hint["event_id"]
        detection_id = f"{event.customer_id}:{cand.type}:{event.event_id}"
        state["emitted"].append(
            {
                "detection_id": detection_id,
                "type": cand.type,
                "anchor_ms": now_ms,
                "event_date": cand.event_date.isoformat() if cand.event_date else None,
                "confidence": confidence,
                "evidence": evidence[: config.max_evidence],
            }
        )
        out.append(
            Detection(
                detection_id=detection_id,
                customer_id=event.customer_id,
                kind="life_event",
                type=cand.type,
                confidence=confidence,
                evidence=tuple(Evidence(e["event_id"], e["channel"]) for e in evidence),
                detected_at=event.occurred_at,
                signal=cand.signal,
                event_date=cand.event_date,
                details=details,
            )
        )
    return out


# --- address ---------------------------------------------------------------------------------


def _address_record(event: DetectionInput, raw: str, normalised: str) -> AddressRecord:
    return {
        "raw": raw,
        "normalised": normalised,
        "event_id": event.event_id,
        "channel": event.channel,
        "at_ms": event.occurred_ms,
    }


def _address_news(
    state: CustomerDetectionState, event: DetectionInput, normalised: str
) -> Literal["first", "refined", "nothing", "different"]:
    """What a reported address means next to the one held and this channel's last report."""
    held = state["address"]
    said_before = state["address_by_channel"].get(event.channel)
    state["address_by_channel"][event.channel] = normalised
    if held is None:
        return "first"  # the first address ever seen is no change
    relation = compare_addresses(held["normalised"], normalised)
    if relation is AddressRelation.MORE_SPECIFIC:
        return "refined"  # same place, more detail: keep the fuller one
    if relation is not AddressRelation.DIFFERENT:
        return "nothing"
    if said_before is not None and (
        compare_addresses(said_before, normalised) is not AddressRelation.DIFFERENT
    ):
        return "nothing"  # this channel repeats what it said before: stale data, not news
    return "different"


def _conflict(
    state: CustomerDetectionState,
    event: DetectionInput,
    new: AddressValue,
    config: DetectorConfig,
) -> list[Detection] | None:
    """A conflict when another channel changed the address moments ago; None if no conflict."""
    change, held = state["last_address_change"], state["address"]
    if (
        change is None
        or held is None
        or change["channel"] == event.channel
        or event.occurred_ms - change["at_ms"] > config.conflict_window_days * DAY_MS
    ):
        return None
    if new.normalised in change["conflicts"]:
        return []  # raised already
    change["conflicts"].append(new.normalised)
    return [
        Detection(
            detection_id=f"{event.customer_id}:address_conflict:{event.event_id}",
            customer_id=event.customer_id,
            kind="address_change",
            type=ADDRESS_CHANGE,
            confidence=config.conflict_confidence,
            evidence=(
                Evidence(change["event_id"], change["channel"]),
                Evidence(event.event_id, event.channel),
            ),
            detected_at=event.occurred_at,
            signal="address",
            old_address=AddressValue(held["raw"], held["normalised"]),
            new_address=new,
            conflict=True,
            details={
                "reason": "another channel reported a different address within "
                f"{config.conflict_window_days} days"
            },
        )
    ]


def _address(
    state: CustomerDetectionState, event: DetectionInput, config: DetectorConfig
) -> list[Detection]:
    raw = event.attributes.get("address")
    normalised = normalise_address(raw) if raw else ""
    if raw is None or not normalised:
        return []
    news = _address_news(state, event, normalised)
    held = state["address"]
    if news in ("first", "refined") or held is None:
        state["address"] = _address_record(event, raw, normalised)
        return []
    if news == "nothing":
        return []
    new = AddressValue(raw, normalised)
    conflict = _conflict(state, event, new, config)
    if conflict is not None:
        return conflict  # the held address stays: no flapping
    state["address"] = _address_record(event, raw, normalised)
    state["last_address_change"] = {
        "at_ms": event.occurred_ms,
        "event_id": event.event_id,
        "channel": event.channel,
        "conflicts": [],
    }
    confidence = config.address_confidence.get(
        event.interaction_type, config.default_address_confidence
    )
    return [
        Detection(
            detection_id=f"{event.customer_id}:address_change:{event.event_id}",
            customer_id=event.customer_id,
            kind="address_change",
            type=ADDRESS_CHANGE,
            confidence=confidence,
            evidence=(Evidence(event.event_id, event.channel),),
            detected_at=event.occurred_at,
            signal="address",
            old_address=AddressValue(held["raw"], held["normalised"]),
            new_address=new,
            details={"previous_event": held["event_id"], "previous_channel": held["channel"]},
        )
    ]


# --- housekeeping ----------------------------------------------------------------------------


def _prune(state: CustomerDetectionState, now_ms: int, config: DetectorConfig) -> None:
    """Forget what no future event can be deduplicated against (keeps the state small)."""
    if not state["emitted"] and not state["hints"]:
        return
    longest = max(config.dedup_window_days.values(), default=90) * DAY_MS
    keep_after = now_ms - 2 * longest - 400 * DAY_MS  # an event date may lie a year ahead
    state["emitted"] = [r for r in state["emitted"] if r["anchor_ms"] >= keep_after]
    hint_after = now_ms - config.surname_hint_days * DAY_MS
    state["hints"] = [h for h in state["hints"] if h["at_ms"] >= hint_after]


def step(
    state: CustomerDetectionState | None,
    event: DetectionInput,
    config: DetectorConfig = DEFAULT_CONFIG,
) -> tuple[CustomerDetectionState, list[Detection]]:
    """Fold one interaction into the customer's state; return the state and new detections."""
    if state is None:
        state = new_state(event.customer_id)
    if event.direction != "inbound":
        return state, []  # rule 4: what the company wrote is never evidence
    born = signals.parse_date_of_birth(event.attributes.get("date_of_birth", ""))
    if born is not None:
        state["date_of_birth"] = _attribute(event, born.isoformat())
    detections = _address(state, event, config)
    candidates = _textual(event) + _structured(state, event, config)
    candidates += _behavioural(state, event, config)
    detections += _emit(state, event, candidates, config)
    _prune(state, event.occurred_ms, config)
    return state, detections


# --- birthdays -------------------------------------------------------------------------------


def _birthday_in(year: int, born: date) -> date:
    if born.month == 2 and born.day == 29:
        try:
            return date(year, 2, 29)
        except ValueError:
            return date(year, 2, 28)
    return born.replace(year=year)


def next_birthday(born: date, today: date) -> date:
    """The next birthday on or after ``today`` (29 February falls on the 28th in other years)."""
    this_year = _birthday_in(today.year, born)
    return this_year if this_year >= today else _birthday_in(today.year + 1, born)


def upcoming_birthdays(
    states: Iterable[CustomerDetectionState],
    now: datetime,
    horizon_days: int = 30,
    config: DetectorConfig = DEFAULT_CONFIG,
) -> list[Detection]:
    """Birthdays within ``horizon_days`` of ``now`` (a timer calls this, not an interaction).

    The detection id names the customer and the birthday's date, so a timer firing daily
    re-derives the same detection and an idempotent sink keeps one.
    """
    if now.tzinfo is None:
        raise ValueError("upcoming_birthdays needs a timezone-aware 'now'")
    today = now.date()
    out = []
    for state in states:
        record = state["date_of_birth"]
        if record is None:
            continue
        born = date.fromisoformat(record["value"])
        upcoming = next_birthday(born, today)
        if (upcoming - today) > timedelta(days=horizon_days) or upcoming.year <= born.year:
            continue
        out.append(
            Detection(
                detection_id=f"{state['customer_id']}:birthday:{upcoming.isoformat()}",
                customer_id=state["customer_id"],
                kind="life_event",
                type="birthday",
                confidence=config.birthday_confidence,
                evidence=(Evidence(record["event_id"], record["channel"]),),
                detected_at=now,
                signal="timer",
                event_date=upcoming,
                details={"turning": str(upcoming.year - born.year)},
            )
        )
    return out
