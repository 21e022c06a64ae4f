"""Rule-based life-event classification of one message's text (English and Chinese).

The walk, per sentence and clause: find a trigger phrase (``patterns``), then drop it when the
clause negates it, makes it hypothetical or asks about it, when its subject is a third party,
or when the event lies more than about a year back (or ahead). What survives is a
:class:`TextFinding`: one per life-event type, the most confident one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Final, Literal

from processors.detection import patterns as pat
from processors.detection.chinese import has_cjk, to_simplified
from processors.detection.model import HOUSEHOLD_TYPES
from processors.detection.timeexpr import TimeInfo, Timing, time_info

Lang = Literal["en", "zh"]

IMPLIED_SUBJECT_CONFIDENCE: Final = 0.7
"""A trigger with no person named (Chinese pro-drop, "Just got married!")."""


@dataclass(frozen=True, slots=True)
class Rule:
    type: str
    lang: Lang
    pattern: re.Pattern[str]
    confidence: float
    subject: pat.Subject
    rule_id: str


@dataclass(frozen=True, slots=True)
class TextFinding:
    """A life event the text states, with where the evidence is."""

    type: str
    confidence: float
    event_date: date | None
    rule_id: str
    snippet: str


@dataclass(frozen=True, slots=True)
class _Language:
    rules: tuple[Rule, ...]
    keywords: re.Pattern[str]
    negation: re.Pattern[str]
    negation_after: re.Pattern[str]
    exceptions: re.Pattern[str]
    hypothetical: re.Pattern[str]
    hypothetical_after: re.Pattern[str] | None
    intent: re.Pattern[str]
    since: re.Pattern[str]
    since_after: re.Pattern[str] | None
    clause_split: re.Pattern[str]


def _compile_rules(
    specs: tuple[pat.RuleSpec, ...], lang: Lang, macros: dict[str, str]
) -> tuple[Rule, ...]:
    rules = []
    counters: dict[str, int] = {}
    for spec in specs:
        counters[spec.type] = counters.get(spec.type, 0) + 1
        rules.append(
            Rule(
                type=spec.type,
                lang=lang,
                pattern=re.compile(pat.expand(spec.pattern, macros)),
                confidence=spec.confidence,
                subject=spec.subject,
                rule_id=f"{lang}:{spec.type}:{counters[spec.type]}",
            )
        )
    return tuple(rules)


_EN: Final = _Language(
    rules=_compile_rules(pat.EN_RULES, "en", pat.EN_MACROS),
    keywords=re.compile(pat.EN_KEYWORDS),
    negation=re.compile(pat.EN_NEGATION),
    negation_after=re.compile(pat.EN_NEGATION_AFTER),
    exceptions=re.compile(pat.EN_CUE_EXCEPTIONS),
    hypothetical=re.compile(pat.EN_HYPOTHETICAL),
    hypothetical_after=None,
    intent=re.compile(pat.EN_INTENT),
    since=re.compile(pat.EN_SINCE),
    since_after=None,
    clause_split=re.compile(pat.EN_CLAUSE_SPLIT),
)
_ZH: Final = _Language(
    rules=_compile_rules(pat.ZH_RULES, "zh", pat.ZH_MACROS),
    keywords=re.compile(pat.ZH_KEYWORDS),
    negation=re.compile(pat.ZH_NEGATION),
    negation_after=re.compile(pat.ZH_NEGATION_AFTER),
    exceptions=re.compile(pat.ZH_CUE_EXCEPTIONS),
    hypothetical=re.compile(pat.ZH_HYPOTHETICAL),
    hypothetical_after=re.compile(pat.ZH_HYPOTHETICAL_AFTER),
    intent=re.compile(pat.ZH_INTENT),
    since=re.compile(pat.ZH_SINCE),
    since_after=re.compile(pat.ZH_SINCE_AFTER),
    clause_split=re.compile(pat.ZH_CLAUSE_SPLIT),
)
_EN_QUESTION_START: Final = re.compile(pat.EN_QUESTION_START)
_ZH_QUESTION: Final = re.compile(pat.ZH_QUESTION)
_ZH_PERSON: Final = re.compile(
    f"(?P<self>{pat.ZH_SELF})|(?P<house>{pat.ZH_HOUSEHOLD})|(?P<third>{pat.ZH_THIRD})"
)
_ZH_SELF_START: Final = re.compile(f"(?:{pat.ZH_SELF})")
_CONTRACTIONS: Final = tuple((re.compile(p), r) for p, r in pat.EN_CONTRACTIONS)
_SENTENCE_SPLIT: Final = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])|\n+")
_APOSTROPHES: Final = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_SPACES: Final = re.compile(r"[ \t\r\f\v]+")

NEGATION_WINDOW_WORDS: Final = 5
NEGATION_WINDOW_CHARS: Final = 6


def prepare(text: str) -> str:
    """NFKC, lower case, simplified Chinese, straight apostrophes, contractions spelt out."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).lower()
    if has_cjk(text):
        text = to_simplified(text)
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    return _SPACES.sub(" ", text)


def _sentences(text: str) -> Iterator[str]:
    for part in _SENTENCE_SPLIT.split(text):
        sentence = part.strip()
        if sentence:
            yield sentence


def _is_question(lang: _Language, sentence: str, clauses: list[str], index: int) -> bool:
    clause = clauses[index]
    if lang is _ZH:
        if _ZH_QUESTION.search(clause):
            return True
        return sentence.rstrip().endswith(("?", "？")) and index == len(clauses) - 1
    if clause.rstrip().endswith("?"):
        return True
    if not sentence.rstrip().endswith("?"):
        return False
    return index == len(clauses) - 1 or _EN_QUESTION_START.match(clause) is not None


def _without_exceptions(lang: _Language, text: str) -> str:
    return lang.exceptions.sub(" ", text)


def _negated(lang: _Language, prefix: str, suffix: str) -> bool:
    if lang is _ZH:
        window = _without_exceptions(lang, prefix)[-NEGATION_WINDOW_CHARS:]
    else:
        words = _without_exceptions(lang, prefix).split()
        window = " ".join(words[-NEGATION_WINDOW_WORDS:])
    return (
        lang.negation.search(window) is not None or lang.negation_after.search(suffix) is not None
    )


def _zh_subject(prefix: str) -> str | None:
    """The nearest person mention before the trigger: "self", "house", "third" or None."""
    last = None
    for match in _ZH_PERSON.finditer(prefix):
        last = match.lastgroup
    return last


def _subject_confidence(rule: Rule, prefix: str, matched: str) -> float | None:
    """Confidence given the subject, or None when the subject is not the customer."""
    if rule.subject == "explicit":
        return rule.confidence
    if rule.lang == "en":
        # English "infer" rules are anchored at the clause start: no one is named before them.
        return min(rule.confidence, IMPLIED_SUBJECT_CONFIDENCE)
    subject = _zh_subject(prefix)
    if subject is None and _ZH_SELF_START.match(matched):
        subject = "self"  # the rule's own optional "我" matched ("我父亲去世了")
    if subject == "third":
        return None
    if subject == "house":
        return rule.confidence if rule.type in HOUSEHOLD_TYPES else None
    if subject == "self":
        return rule.confidence
    return min(rule.confidence, IMPLIED_SUBJECT_CONFIDENCE)


def _timing(lang: _Language, clause: str, sentence: str, ref: date) -> TimeInfo:
    chinese = lang is _ZH
    info = time_info(clause, ref, chinese=chinese)
    if info.timing is Timing.NONE and clause != sentence:
        info = time_info(sentence, ref, chinese=chinese)
    return info


def _unreal(lang: _Language, context: str, suffix: str, timing: TimeInfo) -> bool:
    """Hypothetical, or undated where only a date would make it an event."""
    if lang.hypothetical.search(context) or (
        lang.hypothetical_after is not None and lang.hypothetical_after.search(suffix)
    ):
        return True
    if timing.timing is Timing.RECENT:
        return False
    # "we plan to move" without a when is a wish, not an announcement; "since our wedding",
    # undated, is the start of a long stretch, not news
    return lang.intent.search(context) is not None or (
        lang.since.search(context) is not None
        or (lang.since_after is not None and lang.since_after.search(suffix) is not None)
    )


def _judge(
    lang: _Language,
    rule: Rule,
    match: re.Match[str],
    clause: str,
    sentence: str,
    is_question: bool,
    ref: date,
) -> TextFinding | None:
    prefix, suffix = clause[: match.start()], clause[match.end() :]
    if is_question or _negated(lang, prefix, suffix):
        return None
    confidence = _subject_confidence(rule, prefix, match.group(0))
    if confidence is None:
        return None
    timing = _timing(lang, clause, sentence, ref)
    if timing.timing in (Timing.DISTANT_PAST, Timing.FAR_FUTURE):
        return None
    if _unreal(lang, _without_exceptions(lang, prefix + match.group(0)), suffix, timing):
        return None
    return TextFinding(rule.type, confidence, timing.event_date, rule.rule_id, match.group(0))


def _languages(text: str) -> list[_Language]:
    found = []
    if _EN.keywords.search(text):
        found.append(_EN)
    if has_cjk(text) and _ZH.keywords.search(text):
        found.append(_ZH)
    return found


@lru_cache(maxsize=2048)
def _classify_prepared(text: str, ref: date) -> tuple[TextFinding, ...]:
    best: dict[str, TextFinding] = {}
    languages = _languages(text)
    if not languages:
        return ()
    for sentence in _sentences(text):
        for lang in languages:
            clauses = [c.strip() for c in lang.clause_split.split(sentence)]
            clauses = [c for c in clauses if c]
            for index, clause in enumerate(clauses):
                if not lang.keywords.search(clause):
                    continue
                question = _is_question(lang, sentence, clauses, index)
                for rule in lang.rules:
                    for match in rule.pattern.finditer(clause):
                        finding = _judge(lang, rule, match, clause, sentence, question, ref)
                        if finding is None:
                            continue
                        held = best.get(finding.type)
                        if held is None or finding.confidence > held.confidence:
                            best[finding.type] = finding
                        break
    return tuple(best.values())


def classify_text(text: str, occurred_on: date) -> list[TextFinding]:
    """The life events ``text`` states about its writer, resolved against ``occurred_on``.

    The writer is assumed to be the customer: outbound messages must not be passed in.
    """
    if not text or not text.strip():
        return []
    return list(_classify_prepared(prepare(text), occurred_on))
