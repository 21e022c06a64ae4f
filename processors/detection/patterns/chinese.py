"""Chinese triggers per life event (on simplified text) and the Chinese cue lists: negation,
hypotheticals, organisation subjects, intent, questions, self, household and third parties."""

from __future__ import annotations

from typing import Final

from processors.detection.patterns.rules import RuleSpec

ZH_MACROS: Final[dict[str, str]] = {
    "ME": r"(?:我们|咱们|我俩|咱俩|俺们|我|俺|咱)",
    "MYHOME": r"(?:我们家|我家|咱家|我们|我)",
    "CHILD": (
        r"(?:宝宝|儿子|女儿|孩子|小孩|双胞胎|千金|闺女|二胎|老二|老三|男宝|女宝|宝贝|小宝|宝儿)"
    ),
    "KIN": (
        r"(?:父亲|母亲|爸爸|妈妈|老爸|老妈|老伴|老公|老婆|丈夫|妻子|爱人|爷爷|奶奶|外公|外婆|"
        r"姥姥|姥爷|儿子|女儿|孩子|宝宝|哥哥|姐姐|弟弟|妹妹|公公|婆婆|岳父|岳母|父母|祖父|祖母|"
        r"外祖父|外祖母|太太|阿嬷|阿公|阿妈|阿爸|老爷子|老太太|老父亲|老母亲|老父|老母|家里老人|"
        r"先生|丈夫|媳妇|公婆|爸|妈)"
    ),
    "DIE": (
        r"(?:去世|过世|离世|病逝|逝世|仙逝|辞世|身故|病故|亡故|不在了|走了|过身|往生|"
        r"离开了?(?:我们|人世|人间)|没了(?=\s*(?:[,.!~，。！～]|$)))"
    ),
    # What may stand between a person and what happened to them: time words, adverbs, a cause
    # ("我母亲上周因病去世"); not "的" (that would be someone else: 母亲的朋友) nor punctuation.
    "GAP": r"[^，。！？,.!?的\s]{0,6}?",
    "TITLE": (
        r"(?:经理|主管|总监|组长|部长|主任|科长|处长|总经理|副总|合伙人|店长|领班|队长|校长|院长|"
        r"总裁|董事|主编|教授|副教授|主席|总工|工程师|高级|资深|首席|负责人|区长|厂长|车间主任|"
        r"课长|协理|襄理|副理|股长|科长|署长|局长|团长|所长|站长|班长|督导|专员|副总裁|总监|"
        r"ceo|cto|cfo|vp)"
    ),
    "HOUSE_NOUN": r"(?:房子?|房产|公寓|别墅|新房|二手房|学区房|婚房|住宅|物业|屋|楼|洋房|小产权)",
}

ZH_RULES: Final[tuple[RuleSpec, ...]] = (
    # marriage
    RuleSpec(
        "marriage",
        r"结婚(?!纪念|周年|率|礼物|礼金|随礼|快乐|登记处|证件照)|成婚|完婚|领[了的]?(?:结婚)?证|"
        r"扯[了的]?证|(?:办|举行|举办|摆)(?:了|完|好)?(?:婚礼|婚宴|喜宴|喜酒|酒席)|"
        r"喜结连理|步入婚姻|新婚(?!快乐)|度蜜月|蜜月旅行|嫁给了?|娶了|嫁人了|结了婚|成家了|成亲|"
        r"\bgot married\b|\bgetting married\b|\b(?:just |newly )married\b|\bgot hitched\b",
        0.8,
        "infer",
    ),
    RuleSpec("marriage", r"<ME>的?婚礼", 0.75),
    # divorce
    RuleSpec(
        "divorce",
        r"离婚(?!率|律师咨询|案例)|离了婚|办了?离婚|离婚手续|协议离婚|离异|离完婚|\bdivorced\b|"
        r"\bgot divorced\b|"
        r"(?:和|跟|与)(?:前夫|前妻|老公|老婆|丈夫|妻子|先生|太太)[^，。！？,.!?]{0,6}?离了",
        0.8,
        "infer",
    ),
    # new_baby
    RuleSpec(
        "new_baby",
        r"生[了完下](?:个|一个|一对|对)?(?:儿子|女儿|宝宝|孩子|男孩|女孩|双胞胎|小孩|闺女|千金|"
        r"大胖小子|胖小子|男宝|女宝|第?二胎|第?三胎|老二|老三|宝贝)|生完|"
        r"生了(?=\s*(?:[,.!~，。！～]|$))|添了(?:个|一个|一对|对)?小?(?:儿子|女儿|宝宝|"
        r"孩子|男孩|女孩|双胞胎|小孩|闺女|千金|丁|二胎|老二|男宝|女宝|新成员)|添丁|喜得(?:贵子|千金|"
        r"麟儿|宝宝|爱子|爱女|二胎)|怀孕|怀上了|有喜了|怀了(?:宝宝|孩子|二胎|双胞胎)|预产期|"
        r"(?:当|做|成为|升级(?:当|做|为)?)(?:了|上了?)?(?:爸爸|妈妈|爸|妈|父亲|母亲|爹|新手爸妈|父母|奶爸|"
        r"宝妈|宝爸)|(?:领养|收养)了?(?:一个|个)?(?:孩子|宝宝|女儿|儿子|小孩)|坐月子|产假|陪产假|"
        r"剖腹产|顺产|(?:刚|已经)?分娩|有了?(?:宝宝|孩子)了|(?:宝宝|孩子)满月|满月酒|百日宴|"
        r"剖了|剖宫产|待产|(?:刚|已经?|顺利)生产|生产(?:了|完)|生了?娃|"
        r"喜提(?:千金|儿子|女儿|宝宝|二胎|男宝|女宝|小公主|小王子|麟儿)|"
        r"怀了?(?:第?[一二三四1234]胎|头胎|老二|老三|二宝|三宝)|"
        r"\bgave birth\b|\bgiving birth\b|\bhad a baby\b|\bpregnant\b",
        0.8,
        "infer",
    ),
    RuleSpec(
        "new_baby",
        r"<MYHOME>的?(?:小)?<CHILD><GAP>(?:出生|出世|降生|诞生|落地)",
        0.8,
    ),
    RuleSpec(
        "new_baby",
        r"(?:小)?(?:宝宝|双胞胎|孩子|宝贝|小宝)<GAP>(?:出生|出世|降生|诞生)(?!证明?|日期|年月)",
        0.75,
        "infer",
    ),
    # "我们家老二预计六月报到": a second child due, said the way people announce an arrival
    RuleSpec(
        "new_baby",
        r"(?:老二|老三|二宝|三宝|宝宝|小宝贝|新成员)<GAP>(?:报到|到来|来报到|出来)",
        0.75,
        "infer",
        needs_date=True,
    ),
    # moving
    RuleSpec(
        "moving",
        r"搬(?:了|完|好)?(?:个|次)?家|搬新家|搬(?:到|去|进|入|过去|离|走|回|出|至|往|来|过来)|"
        r"迁至|入伙新|\brelocat(?:e|ed|ing)\b|\bmoved\b|\bmoving (?:to|house|out)\b|"
        r"乔迁|迁居|迁入|迁到|迁往|移居|入住新|住进(?:了)?新|入厝|"
        r"换了?新(?:家|房子|住址|地址|住处)|新家|新住址|新地址|新的地址|新的住址|新住处|新住所|新居",
        0.8,
        "infer",
    ),
    # home_purchase
    RuleSpec(
        "home_purchase",
        r"买房|买了[^，。！？,.!?]{0,6}?<HOUSE_NOUN>|买了(?:套|一套)|买屋|购屋|购房|"
        r"购(?:买|入|置)了?[^，。！？,.!?]{0,4}?<HOUSE_NOUN>|置业|买下了?(?:一套)?(?:房子?|公寓)|"
        r"房子买(?:好)?了|首套房|(?:交|付)了首付|房贷(?:批|下来)|收房|交房|交屋|收楼|"
        r"新房钥匙|房子钥匙|拿到了?(?:房产证|房本|不动产证)|"
        r"(?:房产证|房本|不动产证)[^，。！？,.!?]{0,3}?(?:拿到|到手|下来|办好)|过户到<ME>的?名下|"
        r"房(?:子|产)?[^，。！？,.!?]{0,4}?过户|成为(?:了)?(?:屋主|业主|房主)",
        0.8,
        "infer",
    ),
    # new_job
    RuleSpec(
        "new_job",
        r"(?<!找)(?<!找个)(?<!找份)(?<!找一份)新工作(?!的?(?:面试|申请|机会|方向|考虑|招聘))|"
        r"找到了?(?:新|一份|份)?工作|入职|换了(?:个|份)?(?:新)?工作|换(?:个|份)?(?:新)?工作|"
        r"跳槽|跳了槽|新公司|新单位|新东家|上班第一天|第一天上班|被录用|被录取到|拿到了?offer|"
        r"收到了?offer|接受了?(?:新的?)?(?:工作|职位)|应聘上了?|上岗了|转职|换东家|"
        r"\bnew job\b|\bstarted (?:at|with)\b|"
        r"开始在(?!家)[^，。！？,.!?]{1,10}(?:上班|工作|任职)",
        0.8,
        "infer",
    ),
    RuleSpec(
        "new_job",
        r"(?:去|到)(?!公司|单位|学校|办公室|店里|厂里|家)[^，。！？,.!?]{1,10}?(?:上班|报到|任职|入职)",
        0.75,
        "infer",
        needs_date=True,
    ),
    # promotion
    RuleSpec(
        "promotion",
        r"升职|晋升|升了职|升为|升任|被提拔|提拔为|提干|升迁|升官|被提升|提升为|"
        r"(?:升|提)(?:了|到|上)了?[^，。！？,.!?]{0,4}?<TITLE>|当上了?[^，。！？,.!?]{0,4}?<TITLE>|"
        r"被任命为|荣升|\bgot promoted\b|\bpromoted\b|\bpromotion\b(?!\s*code)",
        0.8,
        "infer",
    ),
    # graduation
    RuleSpec(
        "graduation",
        r"毕业(?!生|照|旅行|季|证书?的)|毕了业|应届毕业生|拿到了?(?:学位|毕业证|文凭|硕士学位|"
        r"博士学位|学士学位)|通过了?(?:博士|硕士)?(?:论文)?答辩|学成归来|\bgraduated\b",
        0.8,
        "infer",
    ),
    # retirement
    RuleSpec(
        "retirement",
        r"退休(?!金|计划|账户|基金|储蓄|年龄|规划|生活费|待遇|工资|人员|后|以后|之后)|退了休|"
        r"荣休|办了退休|离休|退下来了|退了下来|\bretired\b|\bretiring\b",
        0.8,
        "infer",
    ),
    # The experiential 过 ("我结过婚", "搬过家"): something that happened at some time, news only
    # when dated within the year ("我们上个月刚搬过家").
    RuleSpec("marriage", r"结过婚", 0.75, "infer", needs_date=True),
    RuleSpec("divorce", r"离过婚", 0.75, "infer", needs_date=True),
    RuleSpec("moving", r"搬过(?:一次|个)?家", 0.75, "infer", needs_date=True),
    # bereavement: the kin is the one who died; the possessor must be the customer
    RuleSpec("bereavement", r"<ME>?的?<KIN><GAP><DIE>", 0.8, "infer"),
    RuleSpec(
        "bereavement",
        r"丧偶|丧父|丧母|丧子|丧女|(?:家父|家母|先父|先母|家严|家慈)<GAP><DIE>?|"
        r"(?:办|操办|料理)了?(?:丧事|后事|葬礼)|<KIN>的?(?:葬礼|追悼会|丧事|后事|告别式|公祭)|"
        r"丧假|<KIN><GAP>\b(?:passed away|died)\b",
        0.75,
        "infer",
    ),
)

ZH_NEGATION: Final = (
    r"没有|没|不|未|别|无|并未|从未|从没|取消|推迟|放弃|拒绝|不再|否认|否定|\bnot\b|\bnever\b"
)
ZH_NEGATION_AFTER: Final = (
    r"^.{0,3}(?:取消|泡汤|黄了|告吹|推迟|延期|不成|没成|还没|没有?找到|没着落|没下来|没批)"
)
ZH_CUE_EXCEPTIONS: Final = (
    r"不久|不错|不过|不少|不到|没想到|没多久|不仅|不但|不管|不得不|毫不|不知不觉|忍不住|"
    r"不好意思|想问|想咨询|想了解|想确认|想请问|想更新|想修改|想改"
)
ZH_HYPOTHETICAL: Final = (
    r"如果|假如|要是|万一|假设|倘若|若是|是否|考虑|可能|也许|或许|希望|梦想|想要|想|有朝一日|"
    r"将来|以后|哪天|等到|早晚|在找|正在找|找找|\bif\b|\bmaybe\b|\bmight\b|"
    # "等我退休了再…": when it happens, then; a condition, not news
    r"^等(?=[^，。！？,.!?]{0,8}?(?:了|后|以后|之后)?再)"
)
ZH_HYPOTHETICAL_AFTER: Final = r"^.{0,4}的话|^了?(?:以后|之后)?再(?:说|考虑|看|办|买|决定)"
# An organisation as the subject of a move ("我们公司搬到了浦东"): not the customer's home.
ZH_ORG_SUBJECT: Final = (
    r"(?:公司|单位|门店|店铺|店|办公室|工厂|学校|银行|部门|总部|分行|网点|机构|工作室|诊所|医院)"
    r"(?:已经|也|都|刚刚?|又|终于|将|要|会|下个?月|下周|明年)*$"
)
ZH_SINCE: Final = r"自从"
ZH_SINCE_AFTER: Final = r"^.{0,4}以来"
ZH_INTENT: Final = r"打算|计划|准备"
# An experiential 过 ("我结过婚", "搬过家"): happened at some time, not news unless dated.
ZH_QUESTION: Final = (
    r"[吗么呢]\s*[?？]?\s*$|[?？]\s*$|是否|有没有|能不能|可不可以|会不会|要不要|是不是|怎么|如何|"
    r"什么|哪里|哪儿|多少"
)
ZH_CLAUSE_SPLIT: Final = r"[，,、；;：:]|但是|可是|然而|不过"

ZH_SELF: Final = (
    r"(?:我|我们|(?<![他她你您哥姐弟妹友事学居爸妈儿女子]))(?:和|跟|与)(?:我)?的?(?:老公|老婆|妻子|丈夫|太太|先生|爱人|媳妇|对象|未婚夫|"
    r"未婚妻|男朋友|女朋友|男友|女友|前夫|前妻)|"
    r"我们家|我们|咱们|我俩|咱俩|俺们|我家|咱家|本人|自己|客户|来电人|顾客|客人|我|俺|咱"
)
ZH_HOUSEHOLD: Final = (
    r"老婆|老公|妻子|丈夫|太太|爱人|媳妇|内人|(?<=我)先生|(?<=我家)先生|家里人|家人|家里|"
    r"\bmy (?:wife|husband|partner)\b"
)
ZH_THIRD: Final = (
    r"朋友|同事|同学|邻居|表哥|表姐|表弟|表妹|堂哥|堂姐|堂弟|堂妹|哥哥|姐姐|弟弟|妹妹|儿子|女儿|"
    r"孩子|小孩|闺女|爸爸|妈妈|父亲|母亲|父母|爷爷|奶奶|外公|外婆|姥姥|姥爷|公公|婆婆|岳父|岳母|"
    r"叔叔|阿姨|舅舅|姑姑|伯伯|侄子|侄女|外甥女?|老板|领导|上司|他们|她们|他|她|闺蜜|兄弟|亲戚|"
    r"室友|别人|大家|亲家|你们|你|您|先生|女士|小姐|恭喜|祝贺|祝|学长|学姐|学弟|学妹|师兄|师姐|"
    r"师弟|师妹|老师|师傅|师父|主管|经理|上级|老友|好友|网友|发小|对象|男友|女友|男朋友|女朋友|"
    r"哥|姐|弟|妹|爸|妈|\b(?:friend|colleague|sister|brother|mom|dad|mum|son|daughter)\b"
)
