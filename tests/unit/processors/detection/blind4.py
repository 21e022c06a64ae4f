"""A seventh labelled set, written after the detect2 changes and scored once, untouched.

Its first score is the honest estimate reported in docs/detection.md: nothing was tuned on it.
Same format and tags as ``blind.py``; phrasings new to every earlier set.
"""

from __future__ import annotations

from tests.unit.processors.detection.labelled import AddressCase, Case, _a, _c

BLIND4: list[Case] = [
    # --- English positives ------------------------------------------------------------------
    _c("ok so update: me and Jordan got married on the beach in Bali last week!!", "marriage"),
    _c("Agent note - caller recently wed, requests joint statements going forward.", "marriage"),
    _c("Please find attached our marriage certificate from 21 February.", "marriage"),
    _c("Cust advises decree absolute received 1/3, remove spouse from acct.", "divorce"),
    _c("I'm officially divorced as of Friday so the joint account needs closing.", "divorce"),
    _c("Our baby boy Noah was born on 10 March weighing 8lb!", "new_baby"),
    _c("Caller's partner delivered a baby girl yesterday, adding dependant.", "new_baby"),
    _c("Hi, we're expecting our second in October so I'd like to review our cover.", "new_baby"),
    _c("My wife and I have just moved into our new place in Harrogate.", "moving"),
    _c("Cx relocating to Dubai for work end of month, needs intl card.", "moving"),
    _c("We moved out of London in February, new address below.", "moving"),
    _c("We completed on our first house on Friday, woohoo!", "home_purchase"),
    _c("Caller purchased a flat in Salford last month, wants contents cover.", "home_purchase"),
    _c("I started a new role at Lloyds on 2 March.", "new_job"),
    _c("Cust has a new employer from April, payday moving to the 28th.", "new_job"),
    _c("I got promoted to regional manager last month so can I up my ISA?", "promotion"),
    _c("Agent note: cust recently promoted to head chef, income up.", "promotion"),
    _c("Finally graduated from law school in December 🎓", "graduation"),
    _c("I finished my apprenticeship last month and I'm fully qualified now.", "graduation"),
    _c("I'm retiring next month after 32 years at the council.", "retirement"),
    _c("Customer retired in February and is now drawing her pension.", "retirement"),
    _c("My husband passed away suddenly last week, please help with the account.", "bereavement"),
    _c("Caller's mother died on the 4th; caller is executor.", "bereavement"),
    _c("We lost Dad at the weekend, not sure what to do about his card.", "bereavement"),
    # --- English negatives ------------------------------------------------------------------
    _c("Cust advised her brother is getting married in May.", "", "third"),
    _c("My neighbour just had twins, so cute!", "", "third"),
    _c("My son is moving to university in September.", "", "third"),
    _c("My wife got a new job in Leeds last week.", "", "third"),
    _c("We are not planning to move any time soon.", "", "neg"),
    _c("I haven't retired yet, still working full time.", "", "neg"),
    _c("The promotion didn't happen in the end.", "", "neg"),
    _c("If we have another baby will the premium go up?", "", "hypo"),
    _c("I might get divorced, not sure yet.", "", "hypo"),
    _c("Do you offer first-time buyer mortgages?", "", "question"),
    _c("Can I add my partner after we marry?", "", "question"),
    _c("I bought this flat back in 2001.", "", "distant"),
    _c("I graduated over 20 years ago.", "", "distant"),
    _c("Congratulations on your new arrival from all of us at the bank!", "", "out"),
    _c("Please move my direct debit to the 1st of the month.", "", "other"),
    _c("The retirement planning webinar link doesn't work.", "", "other"),
    # --- zh-Hans positives ------------------------------------------------------------------
    _c("客户来电表示上周已领结婚证，需变更婚姻状况。", "marriage"),
    _c("我和前夫上个月正式离婚了。", "divorce"),
    _c("我老公说我们下个月就要当爸妈了，预产期四月。", "new_baby"),
    _c("客户称其爱人上周顺产一女，申请添加受益人。", "new_baby"),
    _c("我们刚从上海搬回老家，地址需要更新。", "moving"),
    _c("上个月在成都买了套房，贷款刚批下来。", "home_purchase"),
    _c("我下周一去京东报到。", "new_job"),
    _c("我刚升了主管，工资涨了。", "promotion"),
    _c("我今年七月研究生毕业。", "graduation"),
    _c("我父亲昨晚走了，想注销他的信用卡。", "bereavement"),
    # --- zh-Hans negatives ------------------------------------------------------------------
    _c("我表弟上个月刚结婚。", "", "third"),
    _c("我们还没打算买房。", "", "neg"),
    _c("要是退休了，这张卡还能用吗？", "", "hypo"),
    _c("请问办理离婚后需要改什么资料？", "", "question"),
    _c("我们家十五年前就搬到这儿了。", "", "distant"),
    _c("恭喜您乔迁之喜！", "", "out"),
    _c("我的包裹搬到哪个快递点了？", "", "other"),
    _c("我朋友刚换了工作。", "", "third"),
    _c("我不会退休的，还要干好几年。", "", "neg"),
    _c("我奶奶九十年代就去世了。", "", "distant"),
    # --- zh-Hant positives ------------------------------------------------------------------
    _c("我們上週在戶政事務所登記結婚了。", "marriage"),
    _c("客戶表示已於上月完成離婚登記。", "divorce"),
    _c("我太太昨天剖腹產生了一個兒子。", "new_baby"),
    _c("我們下週搬到桃園，帳單請改寄新地址。", "moving"),
    _c("我們終於交屋了，想辦房貸壽險。", "home_purchase"),
    _c("我這個月跳槽到台積電了。", "new_job"),
    _c("我剛被升為襄理。", "promotion"),
    _c("我上個月大學畢業了，想轉一般帳戶。", "graduation"),
    _c("我下個月正式退休。", "retirement"),
    _c("家父上週往生，需要辦理帳戶過戶。", "bereavement"),
    # --- zh-Hant negatives ------------------------------------------------------------------
    _c("我姊姊上個月生了一個女兒。", "", "third"),
    _c("我們沒有買房子，只是去看看。", "", "neg"),
    _c("如果明年結婚，要準備哪些文件？", "", "hypo"),
    _c("請問退休後保險要怎麼調整？", "", "question"),
    _c("我們二十幾年前就買了這間房子。", "", "distant"),
    _c("親愛的客戶，恭喜您升職！", "", "out"),
    _c("請幫我把約會移到下午。", "", "other"),
    _c("我同事上週退休了。", "", "third"),
    _c("我們暫時不會搬家。", "", "neg"),
    _c("我舅舅的兒子下個月畢業。", "", "third"),
    # --- mixed / long -----------------------------------------------------------------------
    _c("我們 next month 搬去 Vancouver, 請更新地址", "moving"),
    _c("剛 get married 🥰 要改名字", "marriage"),
    _c(
        "Hi there, hope all is well. Just a couple of things: the card reader you sent is "
        "faulty, and also I retired at the end of January so I no longer need the business "
        "account. Could you close it? Many thanks, Gerald",
        "retirement",
    ),
    _c(
        "Re: statement query\n\nThanks Sarah. Separately, my sister and her husband have "
        "just bought a house in York and asked about your mortgages, could you send info?",
        "",
        "third",
    ),
]

BLIND4_ADDRESSES: list[AddressCase] = [
    _a("Unit 7, 3 Harbour Road, Cork", "3 Harbour Rd Unit 7 Cork", False, "format"),
    _a(
        "500 Mountain View Boulevard, CA 94043", "500 Mountain View Blvd, CA 94043", False, "format"
    ),
    _a("武汉市洪山区珞喻路一百二十九号", "武汉洪山区珞喻路129号", False, "format"),
    _a("臺南市東區大學路一號", "台南市东区大学路1号", False, "format"),
    _a("3 Harbour Road, Cork", "5 Harbour Road, Cork", True),
    _a("500 Mountain View Blvd, CA 94043", "500 Mountain View Blvd Apt 2, CA 94043", True),
    _a("武汉市洪山区珞喻路129号", "武汉市武昌区中北路129号", True),
    _a("台南市東區大學路1號", "高雄市鼓山區蓮海路70號", True),
]
