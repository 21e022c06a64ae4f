"""A third labelled set, scored once before any pattern change made because of it.

Its first score is the honest estimate reported in docs/detection.md; later tuning against it
makes it a development set like the others. Includes call-centre notes, written by an agent
about the customer ("Cust advised ..."): inbound evidence, but in the third person.
"""

from __future__ import annotations

from tests.unit.processors.detection.labelled import Case, _c

FRESH: list[Case] = [
    _c("Hey! So we finally did it, married as of Saturday :)", "marriage"),
    _c("Need to update my last name, I got hitched last month.", "marriage"),
    _c("Our little one arrived early, born on the 2nd of March.", "new_baby"),
    _c("Please add my newborn son to our family policy.", "new_baby"),
    _c("We have moved house, the new postcode is SW1A 1AA.", "moving"),
    _c("We're relocating to Toronto in the spring.", "moving"),
    _c("I bought a flat in Manchester last month.", "home_purchase"),
    _c("I start my new job on the 1st, please update my employer.", "new_job"),
    _c("I was promoted to team lead yesterday.", "promotion"),
    _c("I passed my final exams and graduated last week!", "graduation"),
    _c("After 35 years I've finally retired.", "retirement"),
    _c("My husband died three weeks ago and the account was in his name.", "bereavement"),
    _c("I'm now separated and getting divorced.", "divorce"),
    _c("Cust advised she got married last month, updating surname.", "marriage", "pos"),
    _c("Caller says they moved to a new address last week.", "moving", "pos"),
    _c("Customer's wife gave birth on Monday, wants to add baby to plan.", "new_baby", "pos"),
    _c("我们刚搬完家，新地址稍后发给你们。", "moving"),
    _c("我儿子上个月出生了，想给他开个账户。", "new_baby"),
    _c("我已经退休了，想把工资卡换成养老金卡。", "retirement"),
    _c("我們下個月在台北辦婚禮。", "marriage"),
    _c("我剛找到新工作。", "new_job"),
    _c("客户表示上个月刚结婚，需要修改姓名。", "marriage", "pos"),
    # negatives
    _c("My daughter is getting married in June, can I buy gift cards?", "", "third"),
    _c("Our friends just bought a house down the road.", "", "third"),
    _c("His mum passed away last year.", "", "third"),
    _c("We're not getting divorced, that letter was a mistake.", "", "neg"),
    _c("I haven't graduated yet, I still need the student rate.", "", "neg"),
    _c("Will my rate change if I move to another state?", "", "question"),
    _c("When does the new job board open?", "", "question"),
    _c("If I retire early, can I withdraw my pension?", "", "hypo"),
    _c("We'd like to have a baby in a few years.", "", "hypo"),
    _c("We moved in 1992 and still live here.", "", "distant"),
    _c("I got married forty years ago this week!", "", "distant"),
    _c("Moving the meeting to 3pm.", "", "other"),
    _c("The baby clothes I ordered were the wrong size.", "", "other"),
    _c("我同学下个月结婚。", "", "third"),
    _c("我们没打算搬家。", "", "neg"),
    _c("如果我换工作，这张卡还能用吗？", "", "question"),
    _c("我爺爺二十年前過世了。", "", "distant"),
    _c("我們不會離婚。", "", "neg"),
]
