"""The text classifier against the labelled sets, and its rules one by one."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import date

import pytest

from processors.detection import LIFE_EVENT_TYPES, classifier, classify_text
from processors.detection.classifier import prepare
from tests.unit.processors.detection.blind import BLIND, BLIND_ADDRESSES
from tests.unit.processors.detection.blind2 import BLIND2, BLIND2_ADDRESSES
from tests.unit.processors.detection.blind3 import BLIND3, BLIND3_ADDRESSES
from tests.unit.processors.detection.blind4 import BLIND4, BLIND4_ADDRESSES
from tests.unit.processors.detection.fresh import FRESH
from tests.unit.processors.detection.heldout import HELDOUT
from tests.unit.processors.detection.labelled import (
    ALL,
    EN,
    REF_DATE,
    ZH_HANS,
    ZH_HANT,
    AddressCase,
    Case,
    address_scores,
    run,
    run_addresses,
    scores,
)

TEXT_TYPES = [t for t in LIFE_EVENT_TYPES if t != "birthday"]
REF = REF_DATE.date()


def test_the_labelled_set_is_big_and_covers_every_rule() -> None:
    assert len(ALL) >= 80
    assert len(EN) >= 40 and len(ZH_HANS) >= 20 and len(ZH_HANT) >= 10
    positives = Counter(t for _, types, _ in ALL for t in types)
    assert all(positives[t] >= 3 for t in TEXT_TYPES), positives
    tags = Counter(tag for _, _, tag in ALL)
    for tag in ("pos", "third", "neg", "hypo", "question", "distant", "out", "other"):
        assert tags[tag] >= 3, tags


def test_f1_per_type_on_the_development_set() -> None:
    per_type = scores(run(ALL))
    for life_event in TEXT_TYPES:
        precision, recall, f1 = per_type[life_event]
        assert f1 >= 0.9, (life_event, precision, recall)


@pytest.mark.parametrize("cases", [HELDOUT, FRESH], ids=["held-out", "fresh"])
def test_f1_on_the_later_sets(cases: list[Case]) -> None:
    # Both were scored untuned first (see docs/detection.md), then used to fix general gaps.
    per_type = scores(run(cases))
    assert per_type["micro"][2] >= 0.9, per_type["micro"]
    for life_event in TEXT_TYPES:
        assert per_type.get(life_event, (1, 1, 1))[2] >= 0.75, (life_event, per_type[life_event])


@pytest.mark.parametrize(
    ("text", "tag"), [(text, tag) for text, types, tag in ALL if not types], ids=str
)
def test_no_event_where_the_rules_say_none(text: str, tag: str) -> None:
    (result,) = run([(text, frozenset(), tag)])
    assert result[1] == frozenset()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We just got married last weekend!", date(2026, 3, 8)),
        ("我们上周领证了！", date(2026, 3, 8)),
        ("Our wedding is on May 20.", date(2026, 5, 20)),
        ("我父亲昨天去世了", date(2026, 3, 14)),
        ("We are moving to Denver next month.", None),
    ],
)
def test_event_date_when_the_text_names_a_day(text: str, expected: date | None) -> None:
    (finding,) = classify_text(text, REF)
    assert finding.event_date == expected


def test_traditional_and_simplified_read_the_same() -> None:
    simplified = classify_text("我们家添了个女儿", REF)
    traditional = classify_text("我們家添了個女兒", REF)
    assert [f.type for f in simplified] == [f.type for f in traditional] == ["new_baby"]


def test_full_width_and_curly_apostrophes_are_folded() -> None:
    assert [f.type for f in classify_text("I’m ｒｅｔｉｒｉｎｇ next month", REF)] == ["retirement"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We're planning to move.", []),  # intent without a when: a wish
        ("We're planning to move next month.", ["moving"]),  # announced
        ("我们打算搬家", []),
        ("我们打算下个月搬家", ["moving"]),
    ],
)
def test_intent_counts_only_with_a_near_date(text: str, expected: list[str]) -> None:
    assert [f.type for f in classify_text(text, REF)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'll be retiring in 2 years.", []),  # too far ahead
        ("We're getting married next year.", ["marriage"]),
        ("我们后年结婚", []),
        ("我们明年结婚", ["marriage"]),
        ("We got married two years ago.", []),
        ("We got married a year ago.", ["marriage"]),
    ],
)
def test_about_a_year_either_way(text: str, expected: list[str]) -> None:
    assert [f.type for f in classify_text(text, REF)] == expected


def test_household_counts_only_for_household_types() -> None:
    assert [f.type for f in classify_text("My wife is pregnant!", REF)] == ["new_baby"]
    assert [f.type for f in classify_text("我老婆怀孕了", REF)] == ["new_baby"]
    assert classify_text("My wife got promoted.", REF) == []
    assert classify_text("我老公升职了", REF) == []


def test_implied_subject_is_less_confident_than_a_named_one() -> None:
    (named,) = classify_text("我们下个月搬家", REF)
    (implied,) = classify_text("下个月搬家", REF)
    assert named.confidence > implied.confidence


def test_several_events_in_one_message() -> None:
    found = {f.type for f in classify_text("I retired in January and we moved to Spain.", REF)}
    assert found == {"retirement", "moving"}


def test_empty_and_irrelevant_text() -> None:
    assert classify_text("", REF) == []
    assert classify_text("   ", REF) == []
    assert classify_text("Where is my parcel?", REF) == []


@pytest.mark.parametrize(
    "text",
    [
        "I want to move money to my savings account.",
        "Can you move my delivery to next week?",
        "I started a return for the baby monitor.",
        "I had a baby sitter cancel on me.",
        "I got the job done myself.",
        "I lost my card and my phone.",
        "She got married last year.",
        "I'm married and have two kids.",
        "I'm a retired teacher.",
        "I joined the loyalty program last week.",
        "I bought a new home printer.",
        "I'm buying a place setting for the wedding.",
        "Customer advised her daughter got married.",
        "Customer says she is not moving.",
        "我把钱转到新账户了。",
        "你们公司搬家了吗？",
        "我昨天去参加同事的婚礼了。",
        "我最近在看房子。",
        "我毕业好多年了。",
    ],
)
def test_lookalikes_are_not_events(text: str) -> None:
    assert classify_text(text, REF) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cust advised she got married last month, updating surname.", "marriage"),
        ("Caller says they moved to a new address last week.", "moving"),
        ("Customer's wife gave birth on Monday.", "new_baby"),
        ("客户表示上个月刚结婚，需要修改姓名。", "marriage"),
    ],
)
def test_call_centre_notes_about_the_customer(text: str, expected: str) -> None:
    assert [f.type for f in classify_text(text, REF)] == [expected]


_EVERY_SET = {
    "development": ALL,
    "held-out": HELDOUT,
    "fresh": FRESH,
    "blind": BLIND,
    # scored untouched first (docs/detection.md), then used to fix the general gaps it showed
    "blind2": BLIND2,
    # scored first on the code before the detect2 work (P 0.91, R 0.72), then developed on
    "blind3": BLIND3,
}


@pytest.mark.parametrize("name", list(_EVERY_SET))
def test_precision_and_recall_floor_per_set(name: str) -> None:
    # The product requirement (issue 4) is P >= 0.95 and R >= 0.90 per kind on unseen text;
    # every set the rules were developed or checked against must clear it with room to spare.
    precision, recall, _ = scores(run(_EVERY_SET[name]))["micro"]
    assert precision >= 0.95, (name, precision, recall)
    assert recall >= 0.9, (name, precision, recall)


def test_the_untouched_blind4_set_keeps_its_first_score() -> None:
    # blind4 was written after the detect2 changes and scored once, untouched (docs/detection.md:
    # P 0.96, R 0.91); nothing was tuned on it. Its floor is that score less a small margin, so
    # a change that loses ground on unseen phrasing fails here.
    precision, recall, _ = scores(run(BLIND4))["micro"]
    assert precision >= 0.93, (precision, recall)
    assert recall >= 0.88, (precision, recall)


@pytest.mark.parametrize(
    "pairs",
    [BLIND_ADDRESSES, BLIND2_ADDRESSES, BLIND3_ADDRESSES, BLIND4_ADDRESSES],
    ids=["blind", "blind2", "blind3", "blind4"],
)
def test_address_change_floor_on_the_blind_pairs(pairs: list[AddressCase]) -> None:
    precision, recall, _ = address_scores(run_addresses(pairs))
    assert precision >= 0.95, (precision, recall)
    assert recall >= 0.9, (precision, recall)


def test_the_keyword_prefilters_change_no_result(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each type's rules run only on clauses holding one of its words; with every prefilter
    # opened up, every labelled text must classify the same.
    texts = [text for cases in _EVERY_SET.values() for text, _, _ in cases]
    filtered = [classifier._classify_prepared.__wrapped__(prepare(t), REF) for t in texts]
    everything = re.compile("")
    for name in ("_EN", "_ZH"):
        lang = getattr(classifier, name)
        opened = tuple((t, everything, rules) for t, _, rules in lang.type_keywords)
        monkeypatch.setattr(
            classifier, name, replace(lang, keywords=everything, type_keywords=opened)
        )
    unfiltered = [classifier._classify_prepared.__wrapped__(prepare(t), REF) for t in texts]
    assert filtered == unfiltered


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # notes: the pronoun is the customer, unless a relative was named last
        ("Cust called, she got married on Saturday.", ["marriage"]),
        ("Spoke to Mr Lee: he starts a new job at Fidelity on 1 April.", ["new_job"]),
        ("Cust's father died recently, she is handling the estate.", ["bereavement"]),
        ("Cust said her sister got married.", []),
        ("Customer's husband got a new job in Dublin.", []),
        ("客户说她父亲刚过世。", ["bereavement"]),
        ("客户的女儿结婚了，她很高兴。", []),
        # first person: a pronoun after a named relative is that relative
        ("Calling about my late husband's account, he died on 3 March.", ["bereavement"]),
        ("My wife said she is pregnant.", ["new_baby"]),
        ("My daughter, she just got married.", []),
        # no note, no relative: someone else
        ("She got married last year.", []),
    ],
)
def test_pronouns_are_resolved(text: str, expected: list[str]) -> None:
    assert sorted(f.type for f in classify_text(text, REF)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Just moved to Glasgow!", ["moving"]),
        ("Bought our first flat in February.", ["home_purchase"]),
        ("Started a new job on Monday.", ["new_job"]),
        ("Lost my dad last week.", ["bereavement"]),
        # imperatives and generic statements are not someone's news
        ("Get married in Vegas with our packages!", []),
        ("Moving house is so stressful.", []),
        ("Buy a house with a 5% deposit.", []),
    ],
)
def test_a_dropped_subject_at_the_clause_start(text: str, expected: list[str]) -> None:
    assert sorted(f.type for f in classify_text(text, REF)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'm due in May.", ["new_baby"]),
        ("I'm due a refund.", []),
        ("我下个月去腾讯上班。", ["new_job"]),
        ("我每天去腾讯上班。", []),
    ],
)
def test_weak_triggers_need_a_near_date(text: str, expected: list[str]) -> None:
    assert sorted(f.type for f in classify_text(text, REF)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("i got maried last saturday", ["marriage"]),
        ("my wife gave brith on monday!", ["new_baby"]),
        ("I was promotted to supervisor this week", ["promotion"]),
        ("my granpa pased away on tuesday", ["bereavement"]),
        # a variant that is a real word is left alone
        ("I stated my address last week.", []),
    ],
)
def test_misspelt_trigger_words(text: str, expected: list[str]) -> None:
    assert sorted(f.type for f in classify_text(text, REF)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我结过婚。", []),  # experiential 过: at some time, not news
        ("我们上个月刚搬过家。", ["moving"]),  # ... unless dated within the year
        ("我们要搬家了。", ["moving"]),  # 要…了: about to happen
        ("我即将退休。", ["retirement"]),
        ("我们准备搬家。", []),  # a plan with no when
        ("家里添了个小宝宝。", ["new_baby"]),  # 家里: the household
        ("我同学考研上岸了，明年毕业。", []),  # the clause goes on about the classmate
        ("等我退休了再考虑买理财。", []),  # when ..., then: a condition
        ("客户否认近期有搬家计划。", []),
        ("我爷爷很早就去世了。", []),
    ],
)
def test_chinese_aspect_modality_and_topic(text: str, expected: list[str]) -> None:
    assert sorted(f.type for f in classify_text(text, REF)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我上週 got promoted 了 🎉", ["promotion"]),
        ("My 老婆 just gave birth 昨天!!", ["new_baby"]),
        ("同事 got married last week, 我要送禮", []),
        ("if 我们 move to Shenzhen, 运费会变吗?", []),
    ],
)
def test_mixed_english_and_chinese(text: str, expected: list[str]) -> None:
    assert sorted(f.type for f in classify_text(text, REF)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "等我毕业了想升级信用卡。",
        "客户来电：“等我畢業了想升級信用卡。”",
        "等我老公退休后我们就搬家",
    ],
)
def test_once_it_happens_then_is_a_condition_not_news(text):
    assert classify_text(text, date(2026, 1, 1)) == []


def test_waiting_is_not_a_condition():
    found = classify_text("等了三个月，我们终于搬家了", date(2026, 1, 1))
    assert [f.type for f in found] == ["moving"]


def test_a_traditional_niece_is_a_third_party():
    assert classify_text("恭喜我姪女畢業！", date(2026, 1, 1)) == []


def test_once_i_do_it_is_a_condition():
    assert classify_text("Once I graduate I'd like to upgrade my card.", date(2026, 1, 1)) == []
    found = classify_text("Once again, we just got married!", date(2026, 1, 1))
    assert [f.type for f in found] == ["marriage"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # NFKC makes "！" an ASCII "!": the question after it is its own sentence
        ("我上週末剛結婚了！請問怎麼把帳戶上的婚姻狀況改成已婚？", ["marriage"]),
        # reported speech in a call note: the quotation marks frame it, nothing more
        ('Walk-in. Customer mentioned: "Got promoted today!" Explained options.', ["promotion"]),
        (
            "We closed on our new home last week and need the sofa delivered there.",
            ["home_purchase"],
        ),
        ("First day at Northwind Traders today! Excited for what's next.", ["new_job"]),
        ("First day at school for my son today!", []),
    ],
)
def test_simulator_phrasings_found_missing_at_scale(text, expected):
    assert [f.type for f in classify_text(text, date(2025, 3, 1))] == expected
