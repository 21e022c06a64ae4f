"""The text classifier's data: trigger phrases per life event and language, and the cue lists.

Everything the classifier knows about language lives here as tables; ``classifier`` only walks
them. English patterns run on lower-cased text with contractions expanded (``i'm`` → ``i am``,
``can't`` → ``can not``); Chinese patterns run on simplified text (traditional is converted
first). Placeholders in ``<ANGLE>`` brackets are expanded from :data:`EN_MACROS` and
:data:`ZH_MACROS` before compiling.

A rule's ``subject``:

* ``explicit``: the pattern itself names the customer or the household ("we", "my wife",
  "我们家"), so a match is first-person by construction; third parties ("my sister", "朋友")
  simply do not match;
* ``infer``: the pattern names no one (English clause-initial "Just got married!", Chinese
  pro-drop "下个月搬家"); the classifier looks back in the clause for the nearest person
  mention and rejects a third party, accepts self (and household for household types), and
  treats no mention as the customer at a lower confidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

Subject = Literal["explicit", "infer"]


@dataclass(frozen=True, slots=True)
class RuleSpec:
    type: str
    pattern: str
    confidence: float
    subject: Subject = "explicit"


# --- English ---------------------------------------------------------------------------------

EN_MACROS: Final[dict[str, str]] = {
    "PARTNER": r"(?:wife|husband|partner|spouse|fianc[eé]e?|girlfriend|boyfriend|other half)",
    "SELF": (
        r"\b(?:i|we|me and my <PARTNER>|my <PARTNER> and i|<PARTNER> and i|the two of us|"
        r"both of us|<CUSTOMER>(?:\s+<REPORTS>(?: that)?(?: she| he| they)?)?)"
    ),
    # Call-centre notes are inbound evidence written about the customer in the third person.
    "CUSTOMER": r"(?:the )?(?:cust|customer|caller|client|account holder|policyholder)(?!'s)",
    "REPORTS": (
        r"(?:has )?(?:says|said|advised|advises|reports|reported|mentioned|mentions|states|"
        r"stated|informed (?:us|me)|confirmed|confirms|called to say|explained|told (?:us|me))"
    ),
    "HOUSE": r"\b(?:(?:my|our)|(?:the )?(?:cust|customer|caller|client)'s) <PARTNER>",
    "SELF_OR_HOUSE": r"(?:<SELF>|<HOUSE>)",
    # Words allowed between the subject and the verb ("we are finally getting married").
    "FILL": (
        r"(?:\s+(?:just|finally|recently|officially|now|also|both|all|have|has|had|will|shall|"
        r"are|am|is|was|were|be|been|being|about to|going to|gonna|soon|actually|already|"
        r"decided to|planning to|plan to|happily|newly|successfully|proudly|so|very|really|did|"
        r"do|does|get to|got to|eventually|officially|gladly|excitedly|thrilled to|happy to|"
        r"excited to|pleased to))*(?:<COORD>)?\s+"
    ),
    # "I passed my exams and graduated": up to six words, then "and" and the verb.
    "COORD": (
        r"(?:\s+(?!(?:not|never|no|and|if|but)\b)[a-z']+){1,6}\s+and"
        r"(?:\s+(?:just|then|finally|also|now))?"
    ),
    "KIN": (
        r"(?:wife|husband|spouse|partner|fianc[eé]e?|mother|mom|mum|mommy|mummy|mama|father|"
        r"dad|daddy|papa|parents?|son|daughter|child|baby|brother|sister|grandmother|"
        r"grandfather|grandma|grandpa|granny|grandparents?|mother-in-law|father-in-law|"
        r"mother in law|father in law|step(?:son|daughter|mother|father|mom|dad)|twin|aunt|"
        r"uncle)(?!\s*'s)"
    ),
    "BABY": (
        r"(?:(?:a|an|our|my|the)\s+)?(?:(?:new|first|second|third|fourth|baby|little|newborn|"
        r"healthy|beautiful|sweet|adopted|precious|beautiful|gorgeous)\s+)*(?:baby|son|daughter|"
        r"boy|girl|twins|triplets|child|kid|bundle of joy|little one)\b(?!\s*(?:shower|gift|"
        r"registry|sitter|clothes|stuff|items|food|products|monitor|for|to|store|aisle)\b)"
    ),
    "MOVE": r"(?:moved|move|moving|relocated|relocating|relocate)",
    # What may follow "move" for it to mean moving home (not "moving the appointment").
    "MOVE_CONT": (
        r"(?!\s+to\s+(?:a |the |another |your |our |my )?(?:new |different |cheaper |premium |"
        r"basic |higher |lower )?(?:plan|account|tier|package|bank|card|phone|policy|number|"
        r"provider|carrier|option|version|app|device|subscription|team|department|role|"
        r"position|job)\b)(?=\s*(?:[.!,;]|$)|\s+(?:to|into|in|out|house|home|abroad|away|back|"
        r"across|over|next|this|last|soon|from|overseas|interstate|cities|countries|states|"
        r"apartments?|flats?|tomorrow|today)\b)"
    ),
    "PROP": (
        r"(?:(?:a|an|our|my|the|this|that)\s+)?(?:(?:first|new|dream|own|little|starter|"
        r"forever|family|beach|holiday|vacation|\w+-bedroom|\d+ bedroom)\s+)*(?:house|home|"
        r"condo|apartment|flat|townhouse|property|place|cottage|bungalow|villa)\b"
        # the home itself, not "a home printer" or "a place setting"
        r"(?=\s*(?:[.!,;:)]|$)|\s+(?:in|on|at|near|by|for|with|last|this|yesterday|today|and|so|"
        r"after|before|outside|downtown|together|of|from|recently|finally|just|next to|\d))"
    ),
    "JOB": r"(?:(?:a|an|my|the|our)\s+)?(?:new\s+)?(?:job|position|role|post)\b",
    "PROMO_EXCL": (
        r"(?!\s*(?:code|codes|offer|offers|discount|price|voucher|deal|deals|email|emails|"
        r"coupon|period|terms|ends|rate|banner|link|is still|still valid|valid)\b)"
    ),
    "RETIRE_EXCL": (
        r"(?!\s*(?:savings|account|accounts|plan|plans|planning|fund|funds|portfolio|income|"
        r"benefits?|age|calculator|options|goals|investments?|pot|nest egg|community|home|"
        r"village|products?)\b)"
    ),
    "ADVS": r"(?:(?:just|finally|recently|officially|happily|so happy to say we|now)\s+)",
    "OPENER": (
        r"(?:having|since|after|now that (?:i|we) (?:have|am|are|have been))\s+"
        r"(?:(?:just|recently|finally|officially)\s+)?"
    ),
}

EN_RULES: Final[tuple[RuleSpec, ...]] = (
    # marriage
    RuleSpec("marriage", r"<SELF><FILL>(?:got|get|getting|gotten) (?:married|hitched)\b", 0.8),
    RuleSpec(
        "marriage",
        r"<SELF><FILL>(?:married|wed)\s+(?:my|our|him|her|in|on|last|this|yesterday|today)\b",
        0.8,
    ),
    RuleSpec(
        "marriage",
        r"<SELF><FILL>(?:eloped|tied the knot|tie the knot|tying the knot|said i do|"
        r"are newlyweds|newlyweds)\b",
        0.8,
    ),
    RuleSpec("marriage", r"<SELF><FILL>(?:(?<=newly )|(?<=just )|(?<=recently ))married\b", 0.8),
    RuleSpec(
        "marriage",
        r"\b(?:my|our) (?:upcoming |recent |big )?(?:wedding|honeymoon|nuptials|elopement)\b"
        r"(?!\s*anniversary)",
        0.75,
    ),
    RuleSpec(
        "marriage",
        r"\b(?:my|our) (?:new (?:husband|wife|spouse)|marriage (?:certificate|licen[cs]e))\b|"
        r"\b(?:after|because of|due to|following) (?:my|our) (?:marriage|wedding)\b",
        0.75,
    ),
    RuleSpec(
        "marriage",
        r"^<ADVS>+(?:got married|got hitched|married|tied the knot|eloped)\b|"
        r"^<ADVS>*married (?:as of|since|on|last|this|yesterday|today|in)\b",
        0.7,
        "infer",
    ),
    # divorce
    RuleSpec("divorce", r"<SELF><FILL>(?:got|get|getting|gotten) divorced\b", 0.8),
    RuleSpec(
        "divorce",
        r"<SELF><FILL>(?:divorced\s+(?:my|our|him|her|in|on|last|this|yesterday|today|earlier)|"
        r"divorcing|(?:filed|filing|file) for (?:a )?divorce|"
        r"finali[sz]ed (?:my|our|the) divorce)\b",
        0.8,
    ),
    RuleSpec("divorce", r"<SELF><FILL>(?:(?<=newly )|(?<=just )|(?<=recently ))divorced\b", 0.8),
    RuleSpec("divorce", r"\b(?:my|our) (?:recent |pending )?divorce\b(?!\s*rates?)", 0.75),
    RuleSpec("divorce", r"^<ADVS>+(?:got )?divorced\b", 0.7, "infer"),
    # new_baby
    RuleSpec(
        "new_baby",
        r"<SELF_OR_HOUSE><FILL>(?:had|welcomed|welcoming|adopted|adopting|having|delivered|"
        r"expecting|gave birth to|give birth to|giving birth to) <BABY>",
        0.8,
    ),
    RuleSpec(
        "new_baby",
        r"<SELF_OR_HOUSE><FILL>expecting(?:\s+(?:our|my) (?:first|second|third|fourth)\b|"
        r"(?=\s*(?:[.!,;]|$)|\s+(?:in|this|next|soon|again)\b))",
        0.8,
    ),
    RuleSpec(
        "new_baby",
        r"<SELF_OR_HOUSE><FILL>(?:(?:\d+|[a-z]+) (?:months?|weeks?) )?(?:pregnant|gave birth|"
        r"giving birth|give birth)\b",
        0.8,
    ),
    RuleSpec(
        "new_baby",
        r"\b(?:my|our) (?:(?:new|first|second|third|baby|little|newborn|adopted)\s+)*(?:baby|son|"
        r"daughter|twins|child|little one|boy|girl)\s+(?:(?:was|were|has been|have been|is|"
        r"got|just|finally|officially)\s+)*(?:born|arrived|adopted|delivered)\b",
        0.8,
    ),
    RuleSpec(
        "new_baby",
        r"\b(?:my|our) (?:newborn|new baby|new addition|due date|baby is due|baby due)\b",
        0.75,
    ),
    RuleSpec(
        "new_baby",
        r"<SELF><FILL>(?:on|going on|taking|started|starting) (?:my |our )?(?:maternity|"
        r"paternity|parental) leave\b|\b(?:my|our) (?:maternity|paternity|parental) leave\b",
        0.7,
    ),
    RuleSpec(
        "new_baby",
        r"<SELF><FILL>(?:became|become|becoming) (?:a |first-time |new )*(?:parents?|mom|mother|"
        r"dad|father|mum)\b",
        0.8,
    ),
    RuleSpec("new_baby", r"^<ADVS>*(?:had|welcomed|adopted) <BABY>", 0.7, "infer"),
    RuleSpec(
        "new_baby",
        r"^(?:the |our |my )?(?:new |little )?baby(?: number \w+| no \d+| #\d+)?\s+"
        r"(?:(?:has|have|finally|just)\s+)*(?:arrived|was born|is here|came)\b",
        0.7,
        "infer",
    ),
    # moving
    RuleSpec("moving", r"<SELF_OR_HOUSE><FILL><MOVE><MOVE_CONT>", 0.8),
    RuleSpec(
        "moving",
        r"\b(?:my|our) new (?:address|home address|home|house|apartment|flat|place|condo)\b",
        0.7,
    ),
    RuleSpec(
        "moving",
        r"\b(?:my|our) (?:upcoming |recent |big )?(?:move|relocation) (?:to|from|next|this|"
        r"last|is|was|on)\b",
        0.75,
    ),
    RuleSpec("moving", r"^<ADVS>*(?:moved|moving|relocating|relocated)<MOVE_CONT>", 0.7, "infer"),
    # home_purchase
    RuleSpec(
        "home_purchase",
        r"<SELF_OR_HOUSE><FILL>(?:bought|buy|buying|purchased|purchasing|purchase|closed on|"
        r"closing on|close on|got the keys to|signed for) <PROP>",
        0.8,
    ),
    RuleSpec(
        "home_purchase",
        r"<SELF><FILL>(?:(?:became|become)\s+)?(?:first-time |proud |new )*home ?owners?\b",
        0.8,
    ),
    RuleSpec(
        "home_purchase",
        r"\b(?:my|our) (?:mortgage|home loan)\s+(?:(?:was|got|has been|is|just|finally)\s+)*"
        r"(?:approved|closed|finali[sz]ed)\b",
        0.7,
    ),
    RuleSpec(
        "home_purchase",
        r"^<ADVS>*(?:bought|purchased|closed on|got the keys (?:to|for)|picked up the keys "
        r"(?:to|for)) <PROP>",
        0.7,
        "infer",
    ),
    # new_job
    RuleSpec(
        "new_job",
        r"<SELF><FILL>(?:started|start|starting|begin|began|beginning|begun|landed|got|accepted) "
        r"<JOB>(?!\s+(?:search|hunt|application|interview|board|posting|offer|done|finished|right))",
        0.8,
    ),
    RuleSpec(
        "new_job",
        r"<SELF><FILL>(?:joined|joining|join) (?:[\w&.-]+ ){1,3}as (?:a |an |the )?\w+",
        0.8,
    ),
    RuleSpec(
        "new_job",
        r"<SELF><FILL>(?:started|starting|start|begin|began) (?:work(?:ing)? |a job )?at "
        r"(?![0-9$])(?!(?:the|a|your|this|our) (?:queue|call|chat|line|program|programme|"
        r"loyalty|club|waitlist|webinar|meeting|gym|top|beginning|end)\b)[a-z]",
        0.75,
    ),
    RuleSpec(
        "new_job",
        r"<SELF><FILL>(?:hired|employed|recruited|offered (?:a|the) (?:job|position|role))\b",
        0.8,
    ),
    RuleSpec(
        "new_job",
        r"<SELF><FILL>(?:changed|switched|changing|switching|change|switch) "
        r"(?:jobs|employers|companies|careers)\b",
        0.8,
    ),
    RuleSpec(
        "new_job",
        r"\b(?:my|our) new (?:job|employer|position|role|workplace|company|boss|office)\b|"
        r"\b(?:my|our) first day (?:at|of) (?:my |the )?(?:new )?(?:job|work|[a-z]+)\b",
        0.75,
    ),
    RuleSpec(
        "new_job",
        r"^<ADVS>*(?:started|landed|got|accepted) (?:a |the |my )?new (?:job|position|role)\b",
        0.7,
        "infer",
    ),
    # promotion
    RuleSpec(
        "promotion",
        r"<SELF><FILL>(?:got|get|getting|was|were|been|be|received|earned|have|has) "
        r"(?:(?:a|my|the|finally|just|big)\s+)*promot(?:ed|ion)\b<PROMO_EXCL>",
        0.8,
    ),
    RuleSpec(
        "promotion",
        r"<SELF><FILL>(?:was |were |been |got |get )?(?:made|named|appointed|promoted to|"
        r"elevated to|became|become) (?:a |an |the )?(?:(?:senior|head|lead|chief|vice|"
        r"deputy|executive|regional|general|managing|assistant)\s+)*(?:partner|manager|"
        r"director|vp|vice president|head|lead|supervisor|principal|chief|president|ceo|cto|"
        r"cfo|coo|team lead)\b",
        0.75,
    ),
    RuleSpec("promotion", r"\b(?:my|our) (?:recent |new |big )?promotion\b<PROMO_EXCL>", 0.75),
    RuleSpec(
        "promotion",
        r"\b(?:they|the company|the board|my (?:boss|company|employer|manager))\s+"
        r"(?:(?:just|have|has|finally)\s+)*(?:made|promoted|appointed|named) me\b",
        0.75,
    ),
    RuleSpec("promotion", r"^<ADVS>*(?:got )?promoted\b", 0.7, "infer"),
    # graduation
    RuleSpec(
        "graduation",
        r"<SELF><FILL>(?:graduated|graduate|graduating)\b(?!\s+(?:students?|school|program|"
        r"programme|degree|course|level|studies)\b)",
        0.8,
    ),
    RuleSpec(
        "graduation",
        r"<SELF><FILL>(?:got|received|earned|completed|finished|finishing|completing|obtained) "
        r"(?:my|a|an|our) (?:degree|diploma|masters?|master's|bachelors?|bachelor's|phd|"
        r"doctorate|mba|studies)\b",
        0.8,
    ),
    RuleSpec("graduation", r"\b(?:my|our) (?:upcoming |recent )?graduation\b", 0.75),
    RuleSpec("graduation", r"^<ADVS>*graduated\b", 0.7, "infer"),
    # retirement
    RuleSpec(
        "retirement",
        r"<SELF><FILL>(?:retire|retiring)\b(?!\s+(?:the|this|that|my|our|it|these|those|an?)\b)",
        0.8,
    ),
    RuleSpec(
        "retirement",
        r"<SELF>(?:\s+(?:have|has|just|recently|finally|officially|now|also|both))*\s+retired\b"
        r"(?!\s+(?:the|this|that|my|our|it|these|those|an?)\b)",
        0.8,
    ),
    RuleSpec(
        "retirement",
        r"<SELF>\s+(?:am|are)\s+(?:(?:now|newly|recently|just|officially|finally)\s+)+retired\b",
        0.8,
    ),
    RuleSpec("retirement", r"<SELF><FILL>(?:took|take|taking) (?:early )?retirement\b", 0.8),
    RuleSpec(
        "retirement",
        r"\b(?:my|our) (?:upcoming |recent |early )?retirement\b<RETIRE_EXCL>",
        0.75,
    ),
    RuleSpec("retirement", r"^<ADVS>+retired\b", 0.7, "infer"),
    RuleSpec(
        "retirement",
        r"<SELF><FILL>(?:finished|stopped|quit|left) (?:work(?:ing)?|my job) for good\b|"
        r"^(?:and )?(?:finally |officially )?retire(?:ment|d) (?:at last|finally|here i come|"
        r"begins|starts)\b",
        0.7,
    ),
    # participle openers: "Having retired in December, ...", "Since getting married, ..."
    RuleSpec("marriage", r"^<OPENER>(?:getting |got |gotten |being )?married\b", 0.7, "infer"),
    RuleSpec("divorce", r"^<OPENER>(?:getting |got |gotten |being )?divorced\b", 0.7, "infer"),
    RuleSpec("moving", r"^<OPENER>(?:moved|moving|relocated|relocating)<MOVE_CONT>", 0.7, "infer"),
    RuleSpec("retirement", r"^<OPENER>retir(?:ed|ing)\b", 0.7, "infer"),
    RuleSpec("graduation", r"^<OPENER>graduat(?:ed|ing)\b", 0.7, "infer"),
    RuleSpec(
        "new_job", r"^<OPENER>(?:started|starting) (?:a |my )?new (?:job|role)\b", 0.7, "infer"
    ),
    RuleSpec("home_purchase", r"^<OPENER>(?:bought|buying|purchased) <PROP>", 0.7, "infer"),
    # bereavement
    RuleSpec(
        "bereavement",
        r"\b(?:my|our) (?:(?:beloved|dear|dearest|late)\s+)?<KIN>\s+(?:(?:has|have|had|just|"
        r"recently|sadly|suddenly|unexpectedly|peacefully)\s+)*(?:passed away|passed on|died|"
        r"was killed|lost (?:his|her|their) (?:battle|fight)|passed(?=\s*(?:[.!,;]|$)|\s+(?:"
        r"last|yesterday|recently|this|in|on)\b))",
        0.8,
    ),
    RuleSpec(
        "bereavement",
        r"<SELF><FILL>lost (?:my|our) (?:(?:beloved|dear|dearest)\s+)?<KIN>\b",
        0.8,
    ),
    RuleSpec(
        "bereavement",
        r"\b(?:death|passing|loss|funeral|memorial|burial) of (?:my|our) "
        r"(?:(?:beloved|dear|late)\s+)?<KIN>\b",
        0.8,
    ),
    RuleSpec(
        "bereavement",
        r"\b(?:my|our) (?:late )?(?:wife|husband|mother|mom|mum|father|dad|parents|son|daughter|"
        r"brother|sister|grandmother|grandfather|grandma|grandpa)'s (?:funeral|passing|death|"
        r"memorial|burial)\b",
        0.75,
    ),
    RuleSpec(
        "bereavement",
        r"<SELF><FILL>(?:widowed|a widow|a widower|in mourning|grieving|on (?:bereavement|"
        r"compassionate) leave)\b|\b(?:my|our) (?:bereavement|compassionate) leave\b",
        0.65,
    ),
)

# Negation right before the trigger (last few words of the clause before it).
EN_NEGATION: Final = (
    r"\b(?:not|no|never|nobody|neither|nor|without|against|instead of|rather than|no longer|"
    r"cancel(?:l?ed|ling|ing)?|call(?:ed|ing)? off|postpone(?:d)?|put off)\b"
)
# ... or right after it ("the wedding is off").
EN_NEGATION_AFTER: Final = (
    r"^\s*(?:(?:is|was|has been|got|been|have been|had been|are|were)\s+)?(?:cancel+ed|"
    r"called off|off\b|postponed|fell through|not happening|on hold|delayed indefinitely)"
)
# Phrases that contain a cue word without carrying its meaning; removed before cue search.
EN_CUE_EXCEPTIONS: Final = (
    r"\b(?:can not wait|cannot wait|can not believe|cannot believe|could not be happier|"
    r"could not be more|not only|no doubt|never been happier|not long ago|no sooner|"
    r"in may|of may|since may|early may|late may|last may|next may|this may|"
    r"not to mention|no problem|may i|could you|would you|can you|will you)\b"
)
EN_HYPOTHETICAL: Final = (
    r"\b(?:if|in case|whether|might|may|maybe|perhaps|possibly|could|would|wish|hope|hoping|"
    r"hopefully|thinking about|thinking of|think about|considering|consider|want to|wants to|"
    r"wanted to|like to|dream|dreaming|someday|some day|one day|eventually|ever|"
    r"in the future|not sure|unsure|what if|suppose|supposing|assuming|in theory|"
    r"hypothetically|unless)\b|^should\b"
)
# Intent: a plan with a concrete time within a year is an announced event, without one it is not.
# "since" makes the event the start of a long stretch: undated, it is not taken as recent.
EN_SINCE: Final = r"\bsince\b"
EN_INTENT: Final = r"\b(?:planning to|plan to|plans to|intend to|intending to|aim to|aiming to)\b"
EN_QUESTION_START: Final = (
    r"^(?:is|are|am|do|does|did|can|could|would|will|should|shall|have|has|how|what|when|"
    r"where|why|which|who|whether|any)\b"
)
EN_CLAUSE_SPLIT: Final = r",(?!\s*\d{4}\b)|[;:]|\s+(?:but|however|although|though|whereas)\s+"

EN_CONTRACTIONS: Final[tuple[tuple[str, str], ...]] = (
    (r"\bcan't\b", "can not"),
    (r"\bcannot\b", "can not"),
    (r"\bwon't\b", "will not"),
    (r"\bshan't\b", "shall not"),
    (r"n't\b", " not"),
    (r"\bi'm\b", "i am"),
    (r"'re\b", " are"),
    (r"'ve\b", " have"),
    (r"'ll\b", " will"),
    (r"'d\b", " would"),
    (r"\bgonna\b", "going to"),
)

EN_KEYWORDS: Final = (
    r"marri|wed|divorc|baby|babies|pregnan|born|birth|adopt|expecting|twins|newborn|maternity|"
    r"paternity|parent|mom|mum|mother|dad|father|mov|relocat|address|home|house|condo|"
    r"apartment|flat|propert|mortgage|job|hired|employ|position|role|join|start|began|begin|"
    r"promot|manager|director|partner|head|graduat|degree|diploma|master|bachelor|phd|retir|"
    r"passed|died|death|funeral|lost|widow|mourning|bereave|honeymoon|knot|elope|newlywed|"
    r"nuptial|career|compan|employer|studies|mba|doctorate|chief|vp|president|lead|supervisor|"
    r"arriv|hitch|little one|separat|wife|husband"
)

# --- Chinese (simplified) ---------------------------------------------------------------------

ZH_MACROS: Final[dict[str, str]] = {
    "ME": r"(?:我们|咱们|我俩|咱俩|俺们|我|俺|咱)",
    "MYHOME": r"(?:我们家|我家|咱家|我们|我)",
    "CHILD": r"(?:宝宝|儿子|女儿|孩子|小孩|双胞胎|千金|闺女|二胎|老二|老三|男宝|女宝|宝贝)",
    "KIN": (
        r"(?:父亲|母亲|爸爸|妈妈|老爸|老妈|老伴|老公|老婆|丈夫|妻子|爱人|爷爷|奶奶|外公|外婆|"
        r"姥姥|姥爷|儿子|女儿|孩子|宝宝|哥哥|姐姐|弟弟|妹妹|公公|婆婆|岳父|岳母|父母|爸|妈)"
    ),
    "DIE": r"(?:去世|过世|离世|病逝|逝世|仙逝|辞世|身故|病故|亡故|不在了|走了)",
    "SOON": r"(?:刚刚?|已经|不幸|突然|终于|顺利|上个?月|昨天|前天|上周|去年|今年|前几天|最近)?",
}

ZH_RULES: Final[tuple[RuleSpec, ...]] = (
    # marriage
    RuleSpec(
        "marriage",
        r"结婚(?!纪念|周年|率|礼物|礼金|随礼|快乐)|成婚|完婚|领[了的]?(?:结婚)?证|扯[了的]?证|"
        r"(?:办|举行|举办)了?婚礼|(?:办|摆)了?喜?酒|喜结连理|步入婚姻|新婚(?!快乐)|度蜜月|蜜月旅行|"
        r"嫁给了?|娶了",
        0.8,
        "infer",
    ),
    RuleSpec("marriage", r"<ME>的?婚礼", 0.75),
    # divorce
    RuleSpec(
        "divorce",
        r"离婚(?!率|律师咨询|案例)|离了婚|办了?离婚|离婚手续|协议离婚|离异",
        0.8,
        "infer",
    ),
    # new_baby
    RuleSpec(
        "new_baby",
        r"生[了完下](?:个|一个|一对|对)?(?:儿子|女儿|宝宝|孩子|男孩|女孩|双胞胎|小孩|闺女|千金|"
        r"大胖小子|胖小子|男宝|女宝|二胎|老二|老三)|生完|生了(?=\s*(?:[,.!~，。！～]|$))|添了(?:个|一个|一对|对)?(?:儿子|女儿|宝宝|"
        r"孩子|男孩|女孩|双胞胎|小孩|闺女|千金|丁|二胎|老二|男宝|女宝)|添丁|喜得(?:贵子|千金|"
        r"麟儿|宝宝|爱子|爱女|二胎)|怀孕|怀上了|有喜了|怀了(?:宝宝|孩子|二胎|双胞胎)|预产期|"
        r"(?:当|做|成为|升级(?:当|做|为)?)了?(?:爸爸|妈妈|爸|妈|父亲|母亲|爹|新手爸妈|父母|奶爸)|"
        r"(?:领养|收养)了?(?:一个|个)?(?:孩子|宝宝|女儿|儿子|小孩)|坐月子|产假|陪产假",
        0.8,
        "infer",
    ),
    RuleSpec(
        "new_baby",
        r"<MYHOME>的?(?:小)?<CHILD><SOON>(?:出生|出世|降生|诞生|落地)",
        0.8,
    ),
    RuleSpec(
        "new_baby", r"(?:小)?(?:宝宝|双胞胎|孩子)<SOON>(?:出生|出世|降生|诞生)", 0.75, "infer"
    ),
    # moving
    RuleSpec(
        "moving",
        r"搬家|搬新家|搬到|搬去|搬进|搬入|搬过去|搬离|搬走|乔迁|迁居|迁入|移居|入住新|住进新|"
        r"换了?新(?:家|房子|住址|地址)|新家|新住址|新地址|新的地址|新的住址",
        0.8,
        "infer",
    ),
    # home_purchase
    RuleSpec(
        "home_purchase",
        r"买房|买了(?:套|一套|个|间)?(?:新)?(?:房子?|房产|公寓|别墅|新房|二手房|学区房|婚房)|"
        r"买了(?:套|一套)|购房|购置了?(?:房产|新房|房子)|置业|买下了?(?:一套)?(?:房子?|公寓)|"
        r"房子买(?:好)?了|首套房|(?:交|付)了首付|房贷(?:批|下来)|收房|新房钥匙|房子钥匙",
        0.8,
        "infer",
    ),
    # new_job
    RuleSpec(
        "new_job",
        r"新工作|找到了?(?:新|一份|份)?工作|入职|换了(?:个|份)?(?:新)?工作|换(?:个|份)?(?:新)?工作|"
        r"跳槽|跳了槽|新公司|新单位|新东家|上班第一天|第一天上班|被录用|拿到了?offer|"
        r"收到了?offer|接受了?(?:新的?)?(?:工作|职位)",
        0.8,
        "infer",
    ),
    # promotion
    RuleSpec(
        "promotion",
        r"升职|晋升|升了职|升为|升任|被提拔|提拔为|提干|升迁|当上了?(?:经理|主管|总监|组长|"
        r"部长|主任|科长|处长|总经理|副总|合伙人)",
        0.8,
        "infer",
    ),
    # graduation
    RuleSpec(
        "graduation",
        r"毕业(?!生|照|旅行|季)|毕了业|应届毕业生|拿到了?(?:学位|毕业证|文凭|硕士学位|博士学位|"
        r"学士学位)",
        0.8,
        "infer",
    ),
    # retirement
    RuleSpec(
        "retirement",
        r"退休(?!金|计划|账户|基金|储蓄|年龄|规划|生活费|待遇|工资|人员|后|以后|之后)|退了休|"
        r"荣休|办了退休",
        0.8,
        "infer",
    ),
    # bereavement: the kin is the one who died; the possessor must be the customer
    RuleSpec("bereavement", r"<ME>?的?<KIN><SOON><DIE>", 0.8, "infer"),
    RuleSpec(
        "bereavement",
        r"丧偶|丧父|丧母|丧子|丧女|(?:家父|家母|先父|先母)<SOON><DIE>?|"
        r"(?:办|操办|料理)了?(?:丧事|后事|葬礼)|<KIN>的?(?:葬礼|追悼会|丧事|后事)",
        0.75,
        "infer",
    ),
)

ZH_NEGATION: Final = r"没有|没|不|未|别|无|并未|从未|从没|取消|推迟|放弃|拒绝|不再"
ZH_NEGATION_AFTER: Final = r"^.{0,3}(?:取消|泡汤|黄了|告吹|推迟|延期|不成|没成)"
ZH_CUE_EXCEPTIONS: Final = (
    r"不久|不错|不过|不少|不到|没想到|没多久|不仅|不但|不管|不得不|毫不|不知不觉|忍不住|"
    r"不好意思|想问|想咨询|想了解|想确认|想请问|想更新|想修改|想改"
)
ZH_HYPOTHETICAL: Final = (
    r"如果|假如|要是|万一|假设|倘若|若是|是否|考虑|可能|也许|或许|希望|梦想|想要|想|有朝一日|"
    r"将来|以后|哪天|等到|早晚"
)
ZH_HYPOTHETICAL_AFTER: Final = r"^.{0,4}的话"
ZH_SINCE: Final = r"自从"
ZH_SINCE_AFTER: Final = r"^.{0,4}以来"
ZH_INTENT: Final = r"打算|计划|准备"
ZH_QUESTION: Final = (
    r"[吗么呢]\s*[?？]?\s*$|[?？]\s*$|是否|有没有|能不能|可不可以|会不会|要不要|是不是|怎么|如何|"
    r"什么|哪里|哪儿|多少"
)
ZH_CLAUSE_SPLIT: Final = r"[，,、；;：:]|但是|可是|然而|不过"

ZH_SELF: Final = (
    r"(?:我|我们)(?:和|跟|与)(?:我)?的?(?:老公|老婆|妻子|丈夫|太太|先生|爱人|媳妇|对象|未婚夫|未婚妻)|"
    r"我们家|我们|咱们|我俩|咱俩|俺们|我家|咱家|本人|自己|客户|来电人|顾客|客人|我|俺|咱"
)
ZH_HOUSEHOLD: Final = r"老婆|老公|妻子|丈夫|太太|爱人|媳妇|内人|(?<=我)先生|(?<=我家)先生"
ZH_THIRD: Final = (
    r"朋友|同事|同学|邻居|表哥|表姐|表弟|表妹|堂哥|堂姐|堂弟|堂妹|哥哥|姐姐|弟弟|妹妹|儿子|女儿|"
    r"孩子|小孩|闺女|爸爸|妈妈|父亲|母亲|父母|爷爷|奶奶|外公|外婆|姥姥|姥爷|公公|婆婆|岳父|岳母|"
    r"叔叔|阿姨|舅舅|姑姑|伯伯|侄子|侄女|外甥女?|老板|领导|上司|他们|她们|他|她|闺蜜|兄弟|亲戚|"
    r"室友|别人|大家|亲家|你们|你|您|先生|女士|小姐|恭喜|祝贺|祝|哥|姐|弟|妹|爸|妈"
)

ZH_KEYWORDS: Final = (
    r"婚|证|酒|蜜月|嫁|娶|生|添|喜得|孕|怀|产|爸|妈|父|母|养|月子|宝|搬|迁|新家|住址|地址|"
    r"房|置业|首付|钥匙|工作|入职|跳槽|公司|单位|东家|上班|录用|offer|职|升|晋|提拔|提干|"
    r"当上|毕业|学位|文凭|退休|荣休|世|逝|故|走了|不在了|丧|葬|后事|追悼"
)


def expand(pattern: str, macros: dict[str, str]) -> str:
    """Replace ``<NAME>`` placeholders (recursively) by their macro text."""
    placeholder = re.compile(r"<([A-Z_]+)>")
    for _ in range(5):
        expanded = placeholder.sub(lambda m: macros.get(m.group(1), m.group(0)), pattern)
        if expanded == pattern:
            break
        pattern = expanded
    return pattern
