"""A labelled set of short messages for the text classifier, in English, zh-Hans and zh-Hant.

Each case: (text, expected life-event types, tag). ``tag`` says which labelling rule the case
exercises: ``pos`` (a positive), ``third`` (someone else's event), ``neg`` (negated), ``hypo``
(hypothetical or conditional), ``question``, ``distant`` (long ago or far ahead), ``out``
(outbound, written by the company), ``other`` (no event at all, or a look-alike word).
All are read as written on REF_DATE.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

REF_DATE = datetime(2026, 3, 15, 10, 0, tzinfo=UTC)

Case = tuple[str, frozenset[str], str]


def _c(text: str, types: str, tag: str = "pos") -> Case:
    return (text, frozenset(t for t in types.split() if t), tag)


AddressCase = tuple[str, str, bool, str]
"""(held address or "" for none, reported address, is it an address change, tag)."""


def _a(held: str, reported: str, change: bool, tag: str = "change") -> AddressCase:
    return (held, reported, change, tag)


EN: list[Case] = [
    # marriage
    _c("We just got married last weekend! Can you update my surname?", "marriage"),
    _c(
        "My fiancé and I are getting married in June, so I want to add him to my policy.",
        "marriage",
    ),
    _c("I married my partner last month and need to change my name on the account.", "marriage"),
    _c("Just got married, please change my last name to Chen.", "marriage"),
    _c("Our wedding is on May 20 and we'd like to set up a joint account.", "marriage"),
    _c("My sister got married yesterday, it was lovely.", "", "third"),
    _c("I'm going to my best friend's wedding next week.", "", "third"),
    _c("Is there a wedding gift registry?", "", "question"),
    _c("We've lived here since our wedding in 1998.", "", "distant"),
    _c("We've been married for 20 years and never had a problem with you.", "", "distant"),
    _c("The wedding was called off, so please cancel the hotel booking.", "", "neg"),
    _c("If we ever get married I'll let you know.", "", "hypo"),
    _c("Congratulations on your wedding! Enjoy 10% off our registry.", "", "out"),
    # divorce
    _c("I got divorced in January and need to remove my ex from the account.", "divorce"),
    _c("My divorce was finalised last week, please update my marital status.", "divorce"),
    _c("We are getting divorced, how do I split the joint account?", "divorce"),
    _c("My parents are getting divorced and I'm worried.", "", "third"),
    _c("I divorced my first husband back in 2001.", "", "distant"),
    _c("What happens to the policy if we divorce?", "", "question"),
    # new_baby
    _c("My wife gave birth to our son on Tuesday!", "new_baby"),
    _c("We're expecting our first baby in August.", "new_baby"),
    _c("Our daughter was born last week, I'd like to add her to my plan.", "new_baby"),
    _c("We adopted a little girl this month.", "new_baby"),
    _c("I'm pregnant and would like to know about maternity cover.", "new_baby"),
    _c("I'm on maternity leave until September.", "new_baby"),
    _c("My sister just had a baby boy.", "", "third"),
    _c("My daughter gave birth to twins yesterday, I'm a grandma now!", "", "third"),
    _c("Should we ever have kids, would the plan cover them?", "", "hypo"),
    _c("We don't want children, please stop sending baby offers.", "", "neg"),
    _c("I'm expecting a parcel today, where is it?", "", "other"),
    _c("We had a baby shower for my cousin on Saturday.", "", "third"),
    _c("Congratulations on your new baby! Here is a gift voucher.", "", "out"),
    # moving
    _c("We are moving to Denver next month, please update our address.", "moving"),
    _c("I moved to 5 Oak Street last week.", "moving"),
    _c("Moving house on Friday, can you deliver to the new place instead?", "moving"),
    _c("My new address is 12 Elm Road, Springfield.", "moving"),
    _c("We just relocated to Seattle for work.", "moving"),
    _c("We decided to stay put this year.", "", "neg"),
    _c("We are not moving after all, please ignore my last message.", "", "neg"),
    _c("If we move, will the insurance follow us?", "", "hypo"),
    _c("My brother moved to London.", "", "third"),
    _c("Can I move my appointment to Thursday?", "", "other"),
    _c("We're moving my mom into a care home.", "", "other"),
    _c("We moved here in 2009 and love the neighbourhood.", "", "distant"),
    _c("Thinking about moving to the coast someday.", "", "hypo"),
    # home_purchase
    _c("We bought our first home last month!", "home_purchase"),
    _c("We just closed on a house in Austin.", "home_purchase"),
    _c("Our mortgage was approved and we get the keys in April.", "home_purchase"),
    _c("We're finally homeowners!", "home_purchase"),
    _c("My brother bought a house in Leeds.", "", "third"),
    _c("We'd love to buy a house one day.", "", "hypo"),
    _c("We bought this house in 1995.", "", "distant"),
    _c("Are you offering mortgages for first-time buyers?", "", "question"),
    # new_job
    _c("I started a new job at Acme this week, here is my new employer's address.", "new_job"),
    _c("I got the job! I start at Globex on Monday.", "new_job"),
    _c("I've been hired as a nurse at the city hospital.", "new_job"),
    _c("I changed jobs recently so my salary account has changed.", "new_job"),
    _c("My husband got a new job in Boston.", "", "third"),
    _c("I'm looking for a new job, any tips?", "", "hypo"),
    _c("I didn't get the job unfortunately.", "", "neg"),
    _c("I started my first job at the bank in 1985.", "", "distant"),
    # promotion
    _c("I got promoted to senior manager!", "promotion"),
    _c("Great news, I was made partner at the firm last week.", "promotion"),
    _c("My promotion comes with a pay rise, can I raise my credit limit?", "promotion"),
    _c("I got a promotion code but it didn't work at checkout.", "", "other"),
    _c("Is this promotion still valid?", "", "other"),
    _c("My colleague got promoted and I didn't.", "", "third"),
    _c("I was hoping to get promoted this year, but no luck.", "", "hypo"),
    # graduation
    _c("I graduated from university in May and I'm starting to pay back my loan.", "graduation"),
    _c("I just finished my degree, so please remove the student discount.", "graduation"),
    _c("My graduation ceremony is next Friday.", "graduation"),
    _c("My son graduated from high school last week.", "", "third"),
    _c("I graduated in 2004 with a degree in history.", "", "distant"),
    _c("Do you offer discounts for graduate students?", "", "question"),
    # retirement
    _c("I retired last month after 30 years at the council.", "retirement"),
    _c("I'm retiring at the end of this year.", "retirement"),
    _c("I am now officially retired, please switch me to the pension account.", "retirement"),
    _c("I'd like to retire this old card.", "", "other"),
    _c("How much should I put in my retirement savings?", "", "question"),
    _c("My dad retired last year.", "", "third"),
    _c("I retired back in 2010.", "", "distant"),
    _c("I can't retire until I'm 67.", "", "neg"),
    # bereavement
    _c("My father passed away last week and I need to close his account.", "bereavement"),
    _c("I lost my husband in January.", "bereavement"),
    _c("Following the death of my mother I am the executor of her estate.", "bereavement"),
    _c("My friend's father passed away.", "", "third"),
    _c("My mother died when I was young.", "", "distant"),
    _c("We are so sorry for the loss of your father.", "", "out"),
    _c("I lost my wallet yesterday, please block my card.", "", "other"),
    # several at once / none
    _c("We got married in April and moved into our new home in May.", "marriage moving"),
    _c("Please update my phone number to 555-0100.", "", "other"),
    _c("Your app keeps crashing when I log in.", "", "other"),
]

ZH_HANS: list[Case] = [
    _c("我们上周领证了！请帮我改一下姓氏。", "marriage"),
    _c("我下个月结婚，想把老公加到保单上。", "marriage"),
    _c("刚办完婚礼，想更新一下婚姻状况。", "marriage"),
    _c("我妹妹下个月结婚。", "", "third"),
    _c("下周要去参加朋友的婚礼。", "", "third"),
    _c("结婚十年了，一直用你们的卡。", "", "distant"),
    _c("婚礼礼品有登记吗？", "", "question"),
    _c("我们去年离婚了，需要把前夫从账户里删掉。", "divorce"),
    _c("我同事刚离婚。", "", "third"),
    _c("我老婆上周生了个女儿！", "new_baby"),
    _c("我们家添了个儿子，想给宝宝办张卡。", "new_baby"),
    _c("我怀孕了，想咨询一下产检的报销。", "new_baby"),
    _c("我姐姐生了个儿子。", "", "third"),
    _c("我女儿生了个儿子，我当外婆了。", "", "third"),
    _c("如果以后要孩子，保险能覆盖吗？", "", "hypo"),
    _c("我们下个月搬家，请更新地址。", "moving"),
    _c("上周刚搬到上海。", "moving"),
    _c("我的新地址是广州市天河区体育西路103号。", "moving"),
    _c("我们决定今年不搬家了。", "", "neg"),
    _c("我朋友搬到北京了。", "", "third"),
    _c("搬家的话需要提前多久通知你们？", "", "question"),
    _c("我们买房了，首付刚交完。", "home_purchase"),
    _c("上个月买了一套新房。", "home_purchase"),
    _c("想买房，但是还没攒够首付。", "", "hypo"),
    _c("我哥哥买了套房子。", "", "third"),
    _c("我换工作了，工资卡要改。", "new_job"),
    _c("下周一入职新公司。", "new_job"),
    _c("我想换工作。", "", "hypo"),
    _c("我老公找到新工作了。", "", "third"),
    _c("我升职了！", "promotion"),
    _c("上个月晋升为部门经理。", "promotion"),
    _c("有什么促销活动吗？", "", "other"),
    _c("我今年夏天毕业，想办一张信用卡。", "graduation"),
    _c("我儿子大学毕业了。", "", "third"),
    _c("我2005年毕业的。", "", "distant"),
    _c("我明年退休，想了解一下养老金账户。", "retirement"),
    _c("我上个月刚退休。", "retirement"),
    _c("退休金怎么领？", "", "question"),
    _c("我爸爸去年退休了。", "", "third"),
    _c("我父亲上个月去世了，需要办理销户。", "bereavement"),
    _c("我朋友的父亲去世了。", "", "third"),
    _c("我母亲十年前去世了。", "", "distant"),
    _c("请帮我查一下账单。", "", "other"),
    _c("节哀顺变，我们为您办理了相关手续。", "", "out"),
]

ZH_HANT: list[Case] = [
    _c("我們上個月領證了！", "marriage"),
    _c("我們決定明年結婚。", "marriage"),
    _c("我妹妹下個月結婚。", "", "third"),
    _c("我們家添了個女兒。", "new_baby"),
    _c("我太太懷孕了，預產期在八月。", "new_baby"),
    _c("如果以後要小孩，保險會涵蓋嗎？", "", "hypo"),
    _c("我們下週喬遷新居，請更新地址。", "moving"),
    _c("我們決定今年不搬家了。", "", "neg"),
    _c("我們買了房子，下個月交屋。", "home_purchase"),
    _c("我換了新工作，薪資帳戶要改。", "new_job"),
    _c("我升職了，想提高信用額度。", "promotion"),
    _c("我今年六月畢業。", "graduation"),
    _c("我兒子今年畢業。", "", "third"),
    _c("我下個月退休。", "retirement"),
    _c("我父親上週過世了，需要辦理帳戶繼承。", "bereavement"),
    _c("我朋友的母親過世了。", "", "third"),
    _c("請問離婚後帳戶怎麼處理？", "", "question"),
    _c("我們在一九九八年結婚的。", "", "distant"),
]

ALL: list[Case] = EN + ZH_HANS + ZH_HANT


def run(cases: list[Case]) -> list[tuple[Case, frozenset[str]]]:
    """Each case through the real detector (fresh state), with the life-event types it found."""
    from processors.detection import DetectionInput, step

    results = []
    for index, case in enumerate(cases):
        text, _, tag = case
        event = DetectionInput(
            event_id=f"case-{index}",
            customer_id="c-1",
            occurred_at=REF_DATE,
            channel="chat",
            direction="outbound" if tag == "out" else "inbound",
            interaction_type="message",
            text=text,
        )
        _, detections = step(None, event)
        results.append((case, frozenset(d.type for d in detections)))
    return results


def scores(results: list[tuple[Case, frozenset[str]]]) -> dict[str, tuple[float, float, float]]:
    """(precision, recall, F1) per type, plus ``"micro"`` over all types."""
    tp: dict[str, int] = {}
    fp: dict[str, int] = {}
    fn: dict[str, int] = {}
    for (_, expected, _), found in results:
        for t in found & expected:
            tp[t] = tp.get(t, 0) + 1
        for t in found - expected:
            fp[t] = fp.get(t, 0) + 1
        for t in expected - found:
            fn[t] = fn.get(t, 0) + 1
    out = {}
    types = sorted(set(tp) | set(fp) | set(fn))
    for t in [*types, "micro"]:
        a = sum(tp.values()) if t == "micro" else tp.get(t, 0)
        b = sum(fp.values()) if t == "micro" else fp.get(t, 0)
        c = sum(fn.values()) if t == "micro" else fn.get(t, 0)
        p = a / (a + b) if a + b else 1.0
        r = a / (a + c) if a + c else 1.0
        out[t] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    return out


def run_addresses(cases: list[AddressCase]) -> list[tuple[AddressCase, bool]]:
    """Each pair through ``step`` (a profile update, then an address update 30 days later on the
    same channel), with whether an address change (not a conflict) was detected."""
    from processors.detection import DetectionInput, step

    results = []
    for index, case in enumerate(cases):
        held, reported, _, _ = case
        state = None
        events = [(held, REF_DATE - timedelta(days=30)), (reported, REF_DATE)]
        found = False
        for n, (raw, at) in enumerate(events):
            if not raw:
                continue
            event = DetectionInput(
                event_id=f"addr-{index}-{n}",
                customer_id=f"c-{index}",
                occurred_at=at,
                channel="web",
                direction="inbound",
                interaction_type="address_update",
                attributes={"address": raw},
            )
            state, detections = step(state, event)
            found = any(d.kind == "address_change" and not d.conflict for d in detections)
        results.append((case, found))
    return results


def address_scores(results: list[tuple[AddressCase, bool]]) -> tuple[float, float, float]:
    """(precision, recall, F1) of address-change detection."""
    tp = sum(1 for (_, _, change, _), found in results if change and found)
    fp = sum(1 for (_, _, change, _), found in results if found and not change)
    fn = sum(1 for (_, _, change, _), found in results if change and not found)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return (p, r, 2 * p * r / (p + r) if p + r else 0.0)


def _report(name: str, cases: list[Case]) -> None:
    results = run(cases)
    print(f"{name}: {len(cases)} texts")
    for t, (p, r, f) in scores(results).items():
        print(f"  {t:14} P={p:.2f} R={r:.2f} F1={f:.2f}")
    for (text, expected, tag), found in results:
        if found != expected:
            print(f"  miss [{tag}] expected {sorted(expected)} got {sorted(found)}: {text}")


def _report_addresses(name: str, cases: list[AddressCase]) -> None:
    results = run_addresses(cases)
    p, r, f = address_scores(results)
    print(f"{name} addresses: {len(cases)} pairs")
    print(f"  {'address_change':14} P={p:.2f} R={r:.2f} F1={f:.2f}")
    for (held, reported, change, tag), found in results:
        if found != change:
            print(f"  miss [{tag}] expected {change} got {found}: {held!r} -> {reported!r}")


if __name__ == "__main__":  # python -m tests.unit.processors.detection.labelled
    from tests.unit.processors.detection.blind import BLIND, BLIND_ADDRESSES
    from tests.unit.processors.detection.blind2 import BLIND2, BLIND2_ADDRESSES
    from tests.unit.processors.detection.blind3 import BLIND3, BLIND3_ADDRESSES
    from tests.unit.processors.detection.blind4 import BLIND4, BLIND4_ADDRESSES
    from tests.unit.processors.detection.fresh import FRESH
    from tests.unit.processors.detection.heldout import HELDOUT

    for name, cases in (
        ("development", ALL),
        ("held-out", HELDOUT),
        ("fresh", FRESH),
        ("blind", BLIND),
        ("blind2", BLIND2),
        ("blind3", BLIND3),
        ("blind4", BLIND4),
    ):
        _report(name, cases)
    _report_addresses("blind", BLIND_ADDRESSES)
    _report_addresses("blind2", BLIND2_ADDRESSES)
    _report_addresses("blind3", BLIND3_ADDRESSES)
    _report_addresses("blind4", BLIND4_ADDRESSES)
