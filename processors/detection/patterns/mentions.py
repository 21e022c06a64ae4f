"""Who a clause is about (``coref``): customer nouns, note and report frames, gendered and
person words, mentions, in English and Chinese."""

from __future__ import annotations

from typing import Final

_EN_CUSTOMER_NOUN: Final = (
    r"(?:the )?(?:cust|customer|caller|client|member|policyholder|policy holder|"
    r"account holder|cardholder|card holder)"
)
_EN_HONORIFIC: Final = r"(?:mr|mrs|ms|miss|mx)"
# A message written about the customer rather than by them: a call-centre or CRM note.
EN_NOTE_CUE: Final = (
    rf"\b{_EN_CUSTOMER_NOUN}\b(?!\s+(?:service|services|care|support|team|portal|number|id|"
    r"reference|experience|of)\b)|"
    r"^(?:spoke|talked|chatted|speaking|call|called) (?:to|with) [a-z]+|"
    r"^(?:rang|phoned|called|called in|wrote in|emailed|messaged) (?:to|about|re|regarding)\b|"
    r"^(?:she|he) (?:said|says|advised|advises|states|stated|mentioned|confirmed|reports|"
    r"reported|explained|told us|informed us|called to say|rang to say) (?:that )?(?:she|he)\b|"
    rf"^{_EN_HONORIFIC}\.? [a-z]+ (?:called|rang|phoned|came in|wrote|emailed|visited|said|"
    r"says|advised|states|stated|confirmed|mentioned)\b"
)
# "Cust advised (that) ...": the reporting frame of a note, dropped before matching.
EN_REPORT_FRAME: Final = (
    rf"\b{_EN_CUSTOMER_NOUN} (?:has )?(?:says|said|advised|advises|reports|reported|mentioned|"
    r"mentions|states|stated|informed (?:us|me)|confirmed|confirms|called to say|"
    r"called in to say|explained|told (?:us|me)|noted|notes|indicated|indicates|shared|"
    r"let us know|wrote|writes)(?: that)?\s+"
)
# "cust's father" is, in a note, the customer's own father: rewritten to "my father".
EN_CUSTOMER_POSSESSIVE: Final = rf"\b{_EN_CUSTOMER_NOUN}'s\b|\b{_EN_HONORIFIC}\.? [a-z]+'s\b"
EN_FEMALE_WORDS: Final = (
    "she",
    "her",
    "wife",
    "mother",
    "mom",
    "mum",
    "mommy",
    "mummy",
    "mama",
    "daughter",
    "sister",
    "grandmother",
    "grandma",
    "granny",
    "nan",
    "nana",
    "gran",
    "aunt",
    "niece",
    "girlfriend",
    "fiancee",
    "fiancée",
    "lady",
    "woman",
    "girl",
    "mrs",
    "ms",
    "miss",
    "stepmother",
    "stepdaughter",
    "stepmom",
)
EN_MALE_WORDS: Final = (
    "he",
    "his",
    "husband",
    "father",
    "dad",
    "daddy",
    "papa",
    "son",
    "brother",
    "grandfather",
    "grandpa",
    "uncle",
    "nephew",
    "boyfriend",
    "fiance",
    "fiancé",
    "man",
    "gentleman",
    "guy",
    "boy",
    "mr",
    "stepfather",
    "stepson",
    "stepdad",
)
_EN_PERSON_WORDS: Final = (
    r"(?:wife|husband|partner|spouse|fianc[eé]e?|girlfriend|boyfriend|mother|mom|mum|mommy|"
    r"mummy|mama|father|dad|daddy|papa|parents?|son|daughter|child|children|kids?|baby|brother|"
    r"sister|grandmother|grandfather|grandma|grandpa|granny|nana|nan|gran|grandparents?|aunt|"
    r"uncle|cousin|niece|nephew|friend|colleague|co-?worker|neighbou?r|boss|manager|mate|"
    r"flatmate|roommate|in-laws|mother-in-law|father-in-law|step(?:son|daughter|mother|father|"
    r"mom|dad))"
)
EN_MENTION: Final = (
    rf"(?P<customer>\b{_EN_CUSTOMER_NOUN}\b(?!'s)|\b(?P<honorific>{_EN_HONORIFIC})\.? [a-z]+\b"
    r"(?!'s))|"
    r"(?P<kin>\b(?P<owner>my|our|her|his|their|[a-z]+'s) (?:(?:late|dear|beloved|elderly|"
    r"eldest|youngest|older|younger|little|baby|new|ex|best|step|twin|big)[\s-]+)*"
    rf"(?P<kinword>{_EN_PERSON_WORDS})\b)|"
    r"(?P<other>\b(?:a|the|this|that|another|one) (?P<otherword>friend|colleague|neighbou?r|"
    r"lady|woman|man|gentleman|guy|girl|boy|person|agent|advisor|adviser|rep)\b)|"
    r"(?P<pronoun>\b(?:she|he|they|her|his|their)\b)"
)

ZH_NOTE_CUE: Final = r"客户|来电人|来电者|顾客|客人|会员|持卡人|用户|投保人|\bcx\b"
ZH_MENTION: Final = (
    r"(?P<customer>客户|来电人|来电者|顾客|客人|会员|持卡人|用户|投保人)|"
    r"(?P<third>朋友|同事|同学|邻居|表哥|表姐|表弟|表妹|堂哥|堂姐|堂弟|堂妹|哥哥|姐姐|弟弟|妹妹|"
    r"儿子|女儿|孩子|小孩|闺女|爸爸|妈妈|父亲|母亲|父母|爷爷|奶奶|外公|外婆|姥姥|姥爷|公公|婆婆|"
    r"岳父|岳母|叔叔|阿姨|舅舅|姑姑|伯伯|侄子|侄女|外甥女?|老板|领导|上司|他们|她们|闺蜜|兄弟|"
    r"亲戚|室友|别人|老公|老婆|丈夫|妻子|太太|爱人|前夫|前妻|学长|学姐|师兄|师姐|老师|主管|"
    r"经理)|"
    r"(?P<pronoun>[她他](?!们)|(?<![尤极与])其(?![他它中实余次]))"
)
