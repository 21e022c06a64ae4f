"""Per-type and per-language keyword prefilters.

A clause runs a type's rules only when it holds one of that type's words: most clauses that
pass the language prefilter concern one type at most. Every rule's required words must be
here (the labelled sets and the throughput run check that filtering changes no result).
"""

from __future__ import annotations

from typing import Final

EN_TYPE_KEYWORDS: Final[dict[str, str]] = {
    "marriage": r"marri|wed|knot|elope|newlywed|honeymoon|nuptial|hitch|vow|said i do|husband|"
    r"wife|spouse|hubby|mrs|aisle|civil partner",
    "divorce": r"divorc|decree|dissolved|annulled",
    "new_baby": r"bab|pregnan|born|birth|adopt|expect|twin|triplet|newborn|maternity|paternity|"
    r"welcom|"
    r"parent|mom|mum|mother|dad|father|mommy|mummy|son|daughter|boy|girl|child|kid|"
    r"little one|bundle|due|labou?r|addition|family|arriv|entrance|debut|appearance|entry|"
    r"mat leave|pat leave|along|gone|bun|weeks? preg|wks",
    "moving": r"mov|reloc|emigrat|downsiz|upsiz|address|home|house|place|flat|apartment|condo|"
    r"pack|living|live|settl|based|resid|sticks",
    "home_purchase": r"home|house|condo|apartment|flat|propert|place|cottage|bungalow|villa|"
    r"duplex|semi|maisonette|terrace|penthouse|loft|studio|unit|mortgage|loan|owner|"
    r"offer|bid|purchase|completion|closing|exchanged",
    "new_job": r"job|position|role|post|join|start|began|begin|begun|hired|employ|recruit|work|"
    r"offer|"
    r"career|compan|office|boss|team|staff|faculty|first day|first week|startup|start-up|firm|"
    r"bank|agency|consultancy|practice|charity|taken on|secured",
    "promotion": r"promot|made|named|appointed|elevated|became|become|bumped|moved up|stepped|"
    r"upgraded|gave me|given me|offered me|title is|rank is|grade is",
    "graduation": r"graduat|grad|degree|diploma|master|bachelor|phd|doctorate|mba|studies|uni|"
    r"college|school|course|training|residency|program|thesis|dissertation|viva|defen|"
    r"commencement|convocation|\bba\b|bsc|\bma\b|msc|llb|llm|\bjd\b|\bmd\b|dphil|pgce|"
    r"apprentice|qualification",
    "retirement": r"retir|pensioner|hung up|for good|pension",
    "bereavement": r"passed|died|death|passing|loss|lost|funeral|memorial|burial|cremation|wake|"
    r"estate|killed|no longer with us|left us|widow|mourning|grieving|bereave|compassionate",
}
ZH_TYPE_KEYWORDS: Final[dict[str, str]] = {
    "marriage": r"婚|证|酒|蜜月|嫁|娶|连理|成家|喜宴|成亲|married|hitched",
    "divorce": r"离|divorced",
    "new_baby": r"生|添|喜得|孕|怀|有喜|产|爸|妈|父|母|领养|收养|月子|宝|孩子|出世|诞|落地|分娩|"
    r"满月|百日|剖|娃|喜提|胎|报到|到来|出来|birth|baby|pregnant",
    "moving": r"搬|迁|入住|住进|新家|住址|地址|住处|住所|新居|厝|入伙|relocat|moved|moving",
    "home_purchase": r"房|屋|楼|置业|首付|公寓|别墅|住宅|物业|过户|业主|房主|钥匙",
    "new_job": r"工作|入职|跳槽|公司|单位|东家|上班|录用|录取|offer|职位|应聘|上岗|报到|任职|转职|"
    r"new job|started",
    "promotion": r"升|晋|提拔|提干|提升|当上|任命|提了|promot",
    "graduation": r"毕业|学位|文凭|答辩|学成|graduated",
    "retirement": r"退休|荣休|离休|退下|退了|retir",
    "bereavement": r"世|逝|故|走了|不在了|丧|葬|后事|追悼|往生|过身|离开了|没了|告别式|公祭|"
    r"passed away|died",
}
# The language prefilter: a clause with none of these words runs no rule of that language.
EN_KEYWORDS: Final = "|".join(EN_TYPE_KEYWORDS.values())
ZH_KEYWORDS: Final = "|".join(ZH_TYPE_KEYWORDS.values())
