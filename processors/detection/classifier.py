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

from processors.detection import coref, typos
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
    needs_date: bool = False
    anchored: bool = False
    """The pattern only matches at the clause start: tried with ``match``, not ``finditer``."""

    def matches(self, clause: str) -> Iterator[re.Match[str]]:
        if self.anchored:
            found = self.pattern.match(clause)
            return iter(()) if found is None else iter((found,))
        return self.pattern.finditer(clause)


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
    type_keywords: tuple[tuple[str, re.Pattern[str], tuple[Rule, ...]], ...]
    """Per type: the words one of which a clause must hold, and the type's rules."""
    negation: re.Pattern[str]
    negation_after: re.Pattern[str]
    exceptions: re.Pattern[str]
    hypothetical: re.Pattern[str]
    hypothetical_after: re.Pattern[str] | None
    intent: re.Pattern[str]
    since: re.Pattern[str]
    since_after: re.Pattern[str] | None
    clause_split: re.Pattern[str]


_SUBJECT_PREFIXES: Final = ("<SELF><FILL>", "<SELF_OR_HOUSE><FILL>")


def _implied_subject(spec: pat.RuleSpec) -> pat.RuleSpec | None:
    """The same rule with the subject left out, for chat and social posts ("Just got married!",
    "Bought a flat in Leeds"): it may only match at the clause start, where a dropped "I"
    would stand, and counts at the implied-subject confidence."""
    if not spec.pattern.startswith(_SUBJECT_PREFIXES):
        return None
    pattern = spec.pattern
    for prefix in _SUBJECT_PREFIXES:
        pattern = pattern.replace(prefix, "<IMPLIED>")
    return pat.RuleSpec(spec.type, pattern, spec.confidence, "infer", spec.needs_date)


def _compile_rules(
    specs: tuple[pat.RuleSpec, ...], lang: Lang, macros: dict[str, str]
) -> tuple[Rule, ...]:
    rules = []
    counters: dict[str, int] = {}
    if lang == "en":
        implied = (_implied_subject(spec) for spec in specs)
        specs = (*specs, *(spec for spec in implied if spec is not None))
    for spec in specs:
        counters[spec.type] = counters.get(spec.type, 0) + 1
        pattern = pat.expand(spec.pattern, macros)
        rules.append(
            Rule(
                type=spec.type,
                lang=lang,
                pattern=re.compile(pattern),
                confidence=spec.confidence,
                subject=spec.subject,
                rule_id=f"{lang}:{spec.type}:{counters[spec.type]}",
                needs_date=spec.needs_date,
                anchored=pattern.startswith("^") and "|" not in pattern,
            )
        )
    return tuple(rules)


def _by_type(
    keywords: dict[str, str], rules: tuple[Rule, ...]
) -> tuple[tuple[str, re.Pattern[str], tuple[Rule, ...]], ...]:
    missing = {r.type for r in rules} - set(keywords)
    if missing:
        raise ValueError(f"no prefilter words for {sorted(missing)}")
    return tuple(
        (t, re.compile(words), tuple(r for r in rules if r.type == t))
        for t, words in keywords.items()
    )


_EN_RULES: Final = _compile_rules(pat.EN_RULES, "en", pat.EN_MACROS)
_ZH_RULES: Final = _compile_rules(pat.ZH_RULES, "zh", pat.ZH_MACROS)
_EN: Final = _Language(
    rules=_EN_RULES,
    keywords=re.compile(pat.EN_KEYWORDS),
    type_keywords=_by_type(pat.EN_TYPE_KEYWORDS, _EN_RULES),
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
    rules=_ZH_RULES,
    keywords=re.compile(pat.ZH_KEYWORDS),
    type_keywords=_by_type(pat.ZH_TYPE_KEYWORDS, _ZH_RULES),
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
# The person a clause opens with ("我同学考研上岸了"): the topic that a following clause with no
# subject of its own goes on about ("…，明年毕业" is the classmate's graduation).
_ZH_TOPIC: Final = re.compile(
    f"^(?:(?:{pat.ZH_SELF})|(?:{pat.ZH_HOUSEHOLD})|(?:{pat.ZH_THIRD}))"
    f"(?:的?(?:(?:{pat.ZH_SELF})|(?:{pat.ZH_HOUSEHOLD})|(?:{pat.ZH_THIRD})))*"
)
_ZH_ORG_SUBJECT: Final = re.compile(pat.ZH_ORG_SUBJECT)
_CONTRACTIONS: Final = tuple((re.compile(p), r) for p, r in pat.EN_CONTRACTIONS)
_SENTENCE_SPLIT: Final = re.compile(
    # NFKC turns "！" into "!": Chinese sentences end in ASCII marks with no space after them
    rf"(?<=[.!?])\s+|(?<=[。！？])|(?<=[!?])(?=[\u3400-\u9fff])|\n+|\s*(?:{pat.SENTENCE_BREAKS})\s*"
)
_APOSTROPHES: Final = str.maketrans(
    {"’": "'", "‘": "'", "`": "'", "´": "'"}
    # quotation marks only frame reported speech ('Customer mentioned: "Got promoted!"');
    # dropped, so the speech's own start anchors the rules like any clause start
    | dict.fromkeys('"“”「」『』', " ")
)
_SPACES: Final = re.compile(r"[ \t\r\f\v]+")

NEGATION_WINDOW_WORDS: Final = 5
NEGATION_WINDOW_CHARS: Final = 6


def prepare(text: str) -> str:
    """NFKC, lower case, simplified Chinese, straight apostrophes, contractions spelt out,
    misspelt trigger words folded back ("maried" → "married")."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).lower()
    if has_cjk(text):
        text = to_simplified(text)
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    return _SPACES.sub(" ", typos.correct(text))


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
    last: str | None = None
    last_end = -2
    for match in _ZH_PERSON.finditer(prefix):
        kind = match.lastgroup
        # "同事的太太": a third party's spouse is a third party, not the customer's household
        if kind == "house" and last == "third" and match.start() - last_end <= 1:
            kind = "third"
        last, last_end = kind, match.end()
    return last


def zh_topic(clause: str) -> str | None:
    """Who a Chinese clause opens with: "self", "house", "third" or None."""
    found = _ZH_TOPIC.match(clause)
    return None if found is None else _zh_subject(found.group(0))


def _subject_confidence(
    rule: Rule, prefix: str, matched: str, topic: str | None = None
) -> float | None:
    """Confidence given the subject, or None when the subject is not the customer.

    ``topic`` is who the sentence's earlier clauses were about (Chinese only): a clause with no
    person of its own goes on about them."""
    if rule.subject == "explicit":
        return rule.confidence
    if rule.lang == "en":
        # English "infer" rules are anchored at the clause start: no one is named before them.
        return min(rule.confidence, IMPLIED_SUBJECT_CONFIDENCE)
    subject = _zh_subject(prefix)
    if subject is None and _ZH_SELF_START.match(matched):
        subject = "self"  # the rule's own optional "我" matched ("我父亲去世了")
    if subject is None and topic == "third":
        subject = topic
    # "我们公司搬到了浦东": the office moved, not the customer
    if subject == "third" or (rule.type == "moving" and _ZH_ORG_SUBJECT.search(prefix)):
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


_ZH_ONCE_BEFORE = re.compile(r"^[“\"「『]?等[^，。！？,.!?]{0,6}$")
_ZH_ONCE_AFTER = re.compile(r"^(?:了|后|以后|之后)")
_ZH_ONCE_THEN = re.compile(
    r"^[“\"「『]?等[^，。！？,.!?]{0,10}?(?:了|后|以后|之后)[^，。！？,.!?]{0,6}?(?:就|再|想|要|会)"
)


def _unreal(lang: _Language, context: str, suffix: str, timing: TimeInfo) -> bool:
    """Hypothetical, or undated where only a date would make it an event."""
    if lang.hypothetical.search(context) or (
        lang.hypothetical_after is not None and lang.hypothetical_after.search(suffix)
    ):
        return True
    # "等我毕业了想…" (once I have graduated, I'd like…): a condition for something else
    if lang is _ZH and (
        (_ZH_ONCE_BEFORE.search(context) and _ZH_ONCE_AFTER.search(suffix))
        or _ZH_ONCE_THEN.search(context)  # "等我老公退休后我们就搬家"
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
    topic: str | None = None,
) -> TextFinding | None:
    prefix, suffix = clause[: match.start()], clause[match.end() :]
    if is_question or _negated(lang, prefix, suffix):
        return None
    confidence = _subject_confidence(rule, prefix, match.group(0), topic)
    if confidence is None:
        return None
    timing = _timing(lang, clause, sentence, ref)
    if timing.timing in (Timing.DISTANT_PAST, Timing.FAR_FUTURE) or (
        rule.needs_date and timing.timing is not Timing.RECENT
    ):
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


def _clause_findings(
    lang: _Language,
    clause: str,
    sentence: str,
    question: bool,
    ref: date,
    topic: str | None = None,
) -> list[TextFinding]:
    found: list[TextFinding] = []
    purchase_spans: list[tuple[int, int]] = []
    weak_moves: list[tuple[TextFinding, int, int]] = []
    rules = [r for _, words, rules in lang.type_keywords if words.search(clause) for r in rules]
    for rule in rules:
        for match in rule.matches(clause):
            finding = _judge(lang, rule, match, clause, sentence, question, ref, topic)
            if finding is None:
                continue
            if finding.type == "home_purchase":
                purchase_spans.append(match.span())
            if finding.type == "moving" and "new" in match.group(0):
                weak_moves.append((finding, *match.span()))
            else:
                found.append(finding)
            break
    # "Got the keys to our new house": the purchase, not a second event (a move) from the
    # same words; an explicit "and we moved in" elsewhere in the clause still counts.
    for finding, start, end in weak_moves:
        if not any(start < p_end and p_start < end for p_start, p_end in purchase_spans):
            found.append(finding)
    return found


@lru_cache(maxsize=2048)
def _classify_prepared(text: str, ref: date) -> tuple[TextFinding, ...]:
    best: dict[str, TextFinding] = {}
    languages = _languages(text)
    if not languages:
        return ()
    if _EN in languages:
        text = coref.resolve_english(text)
    if _ZH in languages:
        text = coref.resolve_chinese(text)
    for sentence in _sentences(text):
        for lang in languages:
            clauses = [c.strip() for c in lang.clause_split.split(sentence)]
            clauses = [c for c in clauses if c]
            topic: str | None = None
            for index, clause in enumerate(clauses):
                inherited = topic
                if lang is _ZH:
                    topic = zh_topic(clause) or topic
                if not lang.keywords.search(clause):
                    continue
                question = _is_question(lang, sentence, clauses, index)
                found = _clause_findings(lang, clause, sentence, question, ref, inherited)
                for finding in found:
                    held = best.get(finding.type)
                    if held is None or finding.confidence > held.confidence:
                        best[finding.type] = finding
    return tuple(best.values())


def classify_text(text: str, occurred_on: date) -> list[TextFinding]:
    """The life events ``text`` states about its writer, resolved against ``occurred_on``.

    The writer is assumed to be the customer: outbound messages must not be passed in.
    """
    if not text or not text.strip():
        return []
    return list(_classify_prepared(prepare(text), occurred_on))
