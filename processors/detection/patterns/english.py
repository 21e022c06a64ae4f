"""English triggers per life event (lower-cased, contractions expanded) and the English cue
lists: negation, hypotheticals, intent, questions, clause and sentence breaks."""

from __future__ import annotations

from typing import Final

from processors.detection.patterns.rules import RuleSpec

EN_MACROS: Final[dict[str, str]] = {
    "PARTNER": (
        r"(?:wife|husband|partner|spouse|fianc[eé]e?|girlfriend|boyfriend|other half|"
        r"better half|hubby|wifey|missus)"
    ),
    "SELF": (
        r"\b(?:i|we|(?:me|i|we) and (?:my|the) (?:<PARTNER>|<EX>)|"
        r"my (?:<PARTNER>|<EX>) and (?:i|me)|"
        r"<PARTNER> and i|the two of us|both of us|my family and i|"
        r"<CUSTOMER>(?:\s+<REPORTS>(?: that)?(?: she| he| they)?)?)"
    ),
    "EX": r"(?:ex|ex-(?:wife|husband|partner|spouse)|former (?:wife|husband|partner|spouse))",
    # Call-centre notes are inbound evidence written about the customer in the third person.
    "CUSTOMER": (
        r"(?:the )?(?:cust|customer|caller|client|account holder|policyholder|policy holder|"
        r"cardholder|member|cx|clt|cllr|ah|ph|ch)(?!'s)"
    ),
    "REPORTS": (
        r"(?:has )?(?:says|said|advised|advises|reports|reported|mentioned|mentions|states|"
        r"adv|advd|adv'd|advsd|sts|stts|confd|conf|rptd|"
        r"stated|informed (?:us|me)|confirmed|confirms|called to say|called in to say|"
        r"explained|told (?:us|me)|noted|notes|indicated|indicates|shared|let us know|wrote|"
        r"writes)"
    ),
    "HOUSE": r"\b(?:(?:my|our)|(?:the )?(?:cust|customer|caller|client)'s) <PARTNER>",
    "SELF_OR_HOUSE": r"(?:<SELF>|<HOUSE>)",
    # Words allowed between the subject and the verb ("we are finally getting married").
    "FILL": r"(?:\s+<FILLWORD>)*(?:<COORD>)?\s+",
    "FILLWORD": (
        r"(?:just|finally|recently|officially|now|also|both|all|have|has|had|will|shall|"
        r"are|am|is|was|were|be|been|being|about to|going to|soon|actually|already|"
        r"decided to|planning to|plan to|happily|newly|successfully|proudly|so|very|really|did|"
        r"do|does|get to|got to|eventually|gladly|excitedly|thrilled to|happy to|"
        r"excited to|pleased to|due to|set to|scheduled to|getting ready to|ready to|"
        r"in the middle of|in the process of|busy|halfway through)"
    ),
    # "I passed my exams and graduated": up to six words, then "and" and the verb.
    "COORD": (
        r"(?:\s+(?!(?:not|never|no|and|if|but)\b)[a-z']+){1,6}\s+and"
        r"(?:\s+(?:just|then|finally|also|now))?"
    ),
    # Where a clause starts with the verb and no subject ("Just got married!", "Bought a
    # flat in May"): chat and social posts drop the "I". Interjections may come first.
    "IMPLIED": (
        r"^(?:(?:so|well|omg|yay|woo+hoo+|wow|and|also|update|news|guess what|good news|"
        r"great news|big news|exciting news|btw|fyi|ps|oh|hey|ok|okay|anyway|finally)\W*\s+)*"
        r"<NOT_GENERIC>"
        # nor is an imperative: "Move my delivery", "Get married in Vegas!"
        r"(?!(?:get|move|buy|purchase|start|begin|join|retire|take|graduate|relocate|become|"
        r"change|switch|file|adopt|give|lose|close|marry|sign|accept|land|finish|"
        r"complete|pick|welcome|deliver)\b)"
        r"(?:<FILLWORD>\s+)*"
    ),
    # A gerund opening a generic statement is not news: "Moving house is stressful".
    "NOT_GENERIC": (
        r"(?![a-z]+ing\b(?:\s+\S+){0,4}\s+(?:is|are|was|were|can|could|costs?|takes?|seems?|"
        r"sounds?|must|should|would|makes?|means?|requires?|involves?)\b)"
    ),
    "KIN": r"<KIN_POSS>(?!\s*'s)",
    "KIN_POSS": (
        r"(?:wife|husband|spouse|partner|fianc[eé]e?|mother|mom|mum|mommy|mummy|mama|father|"
        r"dad|daddy|papa|parents?|son|daughter|child|baby|brother|sister|grandmother|"
        r"grandfather|grandma|grandpa|granny|gran|nan|nana|nanna|grandad|granddad|"
        r"grandparents?|mother-in-law|father-in-law|mum-in-law|dad-in-law|"
        r"mother in law|father in law|step(?:son|daughter|mother|father|mom|dad)|twin|aunt|"
        r"uncle|hubby)"
    ),
    # Kin that people name without "my" ("Mum passed away", "we lost Dad").
    "KIN_NAME": r"(?:mum|mom|mummy|mommy|dad|daddy|nan|nana|nanna|gran|granny|grandma|grandpa|"
    r"grandad|granddad|papa|mama)",
    "DIED": (
        r"(?:passed away|passed on|died|has died|was killed|lost (?:his|her|their) (?:battle|"
        r"fight|life)|is no longer with us|passed over|"
        r"left us(?=\s*(?:[.!,;]|$)|\s+(?:last|yesterday|recently|this|in|on|suddenly|"
        r"peacefully|earlier)\b)|"
        r"passed(?=\s*(?:[.!,;]|$)|\s+(?:last|yesterday|recently|this|in|on|suddenly|"
        r"peacefully|unexpectedly|earlier|over)\b))"
    ),
    "BABY_ITEM": (
        r"(?:shower|gift|gifts|registry|sitter|clothes|stuff|items|food|products|monitor|for|"
        r"to|store|aisle|formula|bottles?|seat|gate|carrier|bath|shoes|wipes|box|order|parcel|"
        r"package|stroller|pram|cot|crib|blanket|toys?|milk|powder|cream|oil|lotion|shampoo|"
        r"book|books|stuff|things|insurance|blue|pink|boomers?|steps?|grand)"
    ),
    "BABY": (
        r"(?:(?:a|an|our|my|the)\s+)?(?:(?:new|first|second|third|fourth|baby|little|newborn|"
        r"healthy|beautiful|sweet|adopted|precious|gorgeous|bouncing|lovely|tiny)\s+)*(?:baby|"
        r"son|daughter|boy|girl|twins|triplets|child|kid|bundle of joy|little one)\b"
        r"(?!\s*<BABY_ITEM>\b)"
    ),
    "MOVE": (
        r"(?:moved|move|moves|moving|relocated|relocating|relocate|relocates|emigrated|"
        r"emigrating|emigrate|downsized|downsizing|upsized|upsizing)"
    ),
    # What may follow "move" for it to mean moving home (not "moving the appointment").
    "MOVE_CONT": (
        r"(?!\s+on\s+(?:to|from|with)\b)"
        r"(?!\s+to\s+(?:a |the |another |your |our |my )?(?:new |different |cheaper |premium |"
        r"basic |higher |lower )?(?:plan|account|tier|package|bank|card|phone|policy|number|"
        r"provider|carrier|option|version|app|device|subscription|team|department|role|"
        r"position|job)\b)(?=\s*(?:[.!,;]|$)|\s+(?:to|into|in|out|house|home|abroad|away|back|"
        r"across|over|next|this|last|soon|from|overseas|interstate|cities|countries|states|"
        r"apartments?|flats?|tomorrow|today|up|down|on|at the end|end of|in together|"
        r"closer|nearer|north|south|east|west|upstate|downstate|yesterday|earlier|recently|"
        r"permanently|for good|for work)\b)"
    ),
    "PROPNOUN": (
        r"(?:house|home|condo|apartment|flat|townhouse|property|place|cottage|bungalow|villa|"
        r"farmhouse|duplex|semi|maisonette|terrace|penthouse|loft|studio|unit|homestead|"
        r"new[ -]build|new[ -]construction|"
        r"dream home|forever home)"
    ),
    "PROP": (
        r"(?:(?:a|an|our|my|the|this|that|their|his|her)\s+)?"
        r"(?:(?!(?:home|house|car|dog|new home)\b)[a-z0-9-]+\s+){0,3}(?:new\s+)?<PROPNOUN>\b"
        # the home itself, not "a home printer" or "a place setting"
        r"(?=\s*(?:[.!,;:)]|$)|\s+(?:in|on|at|near|by|for|with|last|this|yesterday|today|and|so|"
        r"after|before|outside|downtown|together|of|from|recently|finally|just|next to|"
        r"earlier|off|over|close to|next|tomorrow|soon|by|early|later|\d))"
    ),
    "JOB": r"(?:(?:a|an|my|the|our)\s+)?(?:new\s+)?(?:job|position|role|post)\b",
    "TITLE": (
        r"(?:(?:a|an|the)\s+)?(?:(?!(?:the|a|an|my|our|to|as|at|in)\b)[a-z-]+\s+){0,3}"
        r"(?:partner|manager|director|vp|vice president|head|lead|supervisor|principal|chief|"
        r"president|ceo|cto|cfo|coo|team lead|team leader|foreman|captain|sergeant|"
        r"superintendent|officer|executive|controller|dean|professor|editor|chair|chairman|"
        r"chairwoman|associate|senior [a-z]+)\b"
    ),
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
    "DEGREE": (
        r"(?:(?:[a-z']+\s+){0,2}(?:degree|diploma|masters?|master's|bachelors?|bachelor's|phd|"
        r"doctorate|mba|studies|ba|bsc|ma|msc|llb|llm|jd|md|dphil|pgce|apprenticeship)|"
        r"(?:uni|university|college|grad school|law school|med school|"
        r"medical school|nursing school|business school|school|residency)"
        r"(?!\s+(?:fees?|loans?|applications?|tours?|visits?|runs?|shopping|supplies|trip|"
        r"holidays?)\b))\b"
    ),
}

EN_RULES: Final[tuple[RuleSpec, ...]] = (
    # marriage
    RuleSpec(
        "marriage",
        r"<SELF><FILL>(?:got|get|gets|getting|gotten) (?:married|hitched|wed|remarried)\b",
        0.8,
    ),
    RuleSpec(
        "marriage",
        r"<SELF><FILL>(?:married|wed|remarried)\s+(?:my|our|him|her|in|on|last|this|yesterday|"
        r"today|at)\b",
        0.8,
    ),
    RuleSpec(
        "marriage",
        r"<SELF><FILL>(?:eloped|tied the knot|tie the knot|tying the knot|ties the knot|"
        r"said i do|said (?:our|my) vows|exchanged (?:our )?vows|are newlyweds|newlyweds|"
        r"a newlywed|newlywed|walked down the aisle|got wed|"
        r"(?:entered|entered into|formed|registered|signed) (?:a|our|my|the) civil partnership|"
        r"registered (?:our|my) marriage)\b",
        0.8,
    ),
    RuleSpec(
        "marriage",
        r"<SELF><FILL>(?:(?<=newly )|(?<=just )|(?<=recently )|(?<=now )|(?<=officially )|"
        r"(?<=finally ))(?:(?:re)?married|mr\.? (?:&|and) mrs|mrs\.? (?:&|and) mrs|"
        r"mr\.? (?:&|and) mr|husband and wife|man and wife|wife and wife|husband and husband|"
        r"civil partners)\b",
        0.8,
    ),
    # "After the wedding I'm now Mrs Okafor": a new married title is the news
    RuleSpec("marriage", r"<SELF><FILL>(?<=now )(?:mrs|mrs\.) [a-z]+", 0.7),
    RuleSpec(
        "marriage",
        r"\b(?:my|our) (?:upcoming |recent |big )?(?:wedding|honeymoon|nuptials|elopement)\b"
        r"(?!\s*anniversary)",
        0.75,
    ),
    RuleSpec(
        "marriage",
        r"\b(?:my|our) (?:new (?:husband|wife|spouse|hubby)|marriage (?:certificate|licen[cs]e)|"
        r"married name)\b|"
        r"\b(?:after|because of|due to|following) (?:my|our) (?:marriage|wedding)\b",
        0.75,
    ),
    RuleSpec(
        "marriage",
        r"^<ADVS>+(?:got married|got hitched|married|tied the knot|eloped)\b|"
        r"^<ADVS>*married (?:as of|since|on|last|this|yesterday|today|in)\b|"
        r"^(?:<ADVS>)*(?:a )?newlyweds?(?: here| now| alert)?(?=\s*(?:[.!,;:)]|$)|"
        r"\s+(?:here|now|alert)\b)",
        0.7,
        "infer",
    ),
    # divorce
    RuleSpec("divorce", r"<SELF><FILL>(?:got|get|gets|getting|gotten) divorced\b", 0.8),
    RuleSpec(
        "divorce",
        r"<SELF><FILL>(?:divorced\s+(?:my|our|him|her|in|on|last|this|yesterday|today|earlier)|"
        r"divorcing|(?:filed|filing|file|files) for (?:a )?divorce|"
        r"finali[sz]ed (?:my|our|the) divorce|"
        r"(?:going through|in the middle of|in the process of|through|started) (?:a|my|our|the) "
        r"divorce)\b",
        0.8,
    ),
    RuleSpec(
        "divorce",
        r"<SELF><FILL>(?:(?<=newly )|(?<=just )|(?<=recently )|(?<=now )|(?<=officially )|"
        r"(?<=finally ))divorced\b",
        0.8,
    ),
    RuleSpec("divorce", r"\b(?:my|our) (?:recent |pending )?divorce\b(?!\s*rates?)", 0.75),
    RuleSpec(
        "divorce",
        r"\b(?:my|our) (?:marriage|civil partnership)\s+(?:(?:was|has been|is|got|just|finally|"
        r"now|officially)\s+)*(?:dissolved|annulled|ended in divorce|over)\b|"
        r"<SELF><FILL>(?:got|have|has|had|received) (?:my|our|the) (?:divorce|decree)\b|"
        r"<SELF><FILL>(?:split|split up|separated) (?:from|with) (?:my|our) (?:<PARTNER>|<EX>)"
        r"(?:\s+\S+){0,8}?\s+(?:and|,) (?:the |we are |we have |now )*(?:divorce|divorced)\b",
        0.75,
    ),
    RuleSpec(
        "divorce",
        r"^<ADVS>+(?:got )?divorced\b|"
        # "the divorce came through", "Divorce was finalised last week"
        r"\b(?:the |my |our |a )?decree (?:absolute|nisi)\b|"
        r"(?:^|\bthe )divorce (?:papers |decree |settlement )?(?:(?:was|is|has|have|been|got|"
        r"just|finally|now|officially|were|came|went)\s+)*(?:finali[sz]ed|final|granted|"
        r"through|official|complete|completed|done|settled|absolute|signed|going through|"
        r"in progress|underway|proceeding)\b",
        0.7,
        "infer",
    ),
    # new_baby
    RuleSpec(
        "new_baby",
        r"<SELF_OR_HOUSE><FILL>(?:had|welcomed|welcoming|welcomes|adopted|adopting|adopts|having|"
        r"delivered|expecting|gave birth to|give birth to|giving birth to|gives birth to) <BABY>",
        0.8,
    ),
    RuleSpec(
        "new_baby",
        r"<SELF_OR_HOUSE><FILL>expecting(?:\s+(?:our|my) (?:first|second|third|fourth)\b|"
        r"(?=\s*(?:[.!,;]|$)|\s+(?:in|this|next|soon|again|any day)\b))",
        0.8,
    ),
    RuleSpec(
        "new_baby",
        r"<SELF_OR_HOUSE><FILL>(?:(?:\d+|[a-z]+) (?:months?|weeks?) )?(?:pregnant|gave birth|"
        r"giving birth|give birth|gives birth|in labou?r)\b|"
        r"<SELF_OR_HOUSE><FILL>(?:\d+|[a-z]+)(?: and a half)? (?:months?|weeks?|wks?) "
        r"(?:along|gone|pregnant|pg|preg)\b|"
        r"<SELF_OR_HOUSE><FILL>(?:(?:got|have|has|had) )?(?:a |our |my )?(?:baby|little one|bun) "
        r"(?:on the way|in the oven)\b",
        0.8,
    ),
    RuleSpec(
        "new_baby",
        r"<SELF_OR_HOUSE><FILL>due (?:any day|any time|any minute)\b",
        0.8,
    ),
    RuleSpec(
        "new_baby",
        r"<SELF_OR_HOUSE><FILL>due (?=(?:in|on|at the end of|at the start of|next|this|around|"
        r"early|late|mid)\b)",
        0.75,
        needs_date=True,
    ),
    RuleSpec(
        "new_baby",
        r"\b(?:my|our) (?:(?:new|first|second|third|baby|little|newborn|adopted)\s+)*(?:baby|son|"
        r"daughter|twins|child|little one|boy|girl)(?: [a-z]+)?\s+(?:(?:was|were|has been|"
        r"have been|is|got|just|finally|officially)\s+)*(?:born|arrived|adopted|delivered)\b",
        0.8,
    ),
    RuleSpec(
        "new_baby",
        r"\b(?:my|our) (?:newborn|new baby|new addition|due date|baby is due|baby due|"
        r"family (?:just )?(?:grew|got bigger))\b|"
        r"\bnew addition to (?:my|our|the) family\b",
        0.75,
    ),
    RuleSpec(
        "new_baby",
        r"<SELF><FILL>(?:on|going on|taking|started|starting|off on) (?:my |our )?(?:maternity|"
        r"paternity|parental|mat|pat|shared parental) leave\b|"
        r"\b(?:my|our) (?:maternity|paternity|parental|mat|pat) leave\b",
        0.7,
    ),
    RuleSpec(
        "new_baby",
        r"<SELF><FILL>(?:became|become|becoming|becomes) (?:a |first-time |new )*(?:parents?|mom|"
        r"mother|dad|father|mum|mommy|mummy|daddy)\b|"
        r"<SELF><FILL>(?:a )?(?:new|first-time|brand new) (?:parents?|mom|mother|dad|father|mum|"
        r"mommy|mummy|daddy)(?: now| again)?(?=\s*(?:[.!,;:)]|$)|\s+(?:of|to|as|since|and)\b)",
        0.8,
    ),
    RuleSpec("new_baby", r"^<ADVS>*(?:had|welcomed|adopted) <BABY>", 0.7, "infer"),
    RuleSpec(
        "new_baby",
        r"^(?:the |our |my )?(?:new |little )?baby(?: number \w+| no \d+| #\d+| "
        r"(?!<BABY_ITEM>\b)[a-z]+)?\s+(?:(?:has|have|finally|just|is|was)\s+)*(?:arrived|born|"
        r"is here|came|made (?:his|her|their) (?:grand |big |early )?(?:entrance|arrival|debut|"
        r"appearance|entry))\b|"
        r"^it is a (?:baby )?(?:boy|girl)(?=\s*(?:[.!,;:)]|$))",
        0.7,
        "infer",
    ),
    # moving
    RuleSpec("moving", r"<SELF_OR_HOUSE><FILL><MOVE><MOVE_CONT>", 0.8),
    RuleSpec(
        "moving",
        r"<SELF_OR_HOUSE><FILL>(?:packed up(?: and (?:left|moved|went|headed))?|"
        r"(?:up|ups|upped|upping) sticks|set up (?:home|house) in|"
        r"changed (?:my |our )?(?:home )?address|"
        r"(?:(?<=now )|(?<=finally )|(?<=just ))(?:living|live|lives|based|residing|reside|"
        r"settled|settling) in(?!\s+(?:fear|hope|denial|poverty|debt|limbo|hell|dread|peace|"
        r"comfort|luxury|hiding)\b)|settled (?:in|into) (?:the|my|our) new|"
        r"(?:have|has|got) (?:a )?new (?:address|home address|place|flat|apartment|home))\b",
        0.75,
    ),
    RuleSpec(
        "moving",
        r"\b(?:my|our) new (?:address|home address|home|house|apartment|flat|place|condo)\b",
        0.7,
    ),
    RuleSpec(
        "moving",
        r"\b(?:my|our) (?:upcoming |recent |big )?(?:move|relocation) (?:to|from|next|this|"
        r"last|is|was|on|went|date)\b|\b(?:my|our) moving (?:day|date)\b",
        0.75,
    ),
    RuleSpec(
        "moving",
        r"^<NOT_GENERIC><ADVS>*(?:moved|moving|relocating|relocated)<MOVE_CONT>|"
        r"^(?:and )?now (?:living|based|residing) in\b|^moving day\b",
        0.7,
        "infer",
    ),
    # home_purchase
    RuleSpec(
        "home_purchase",
        r"<SELF_OR_HOUSE><FILL>(?:bought|buy|buys|buying|purchased|purchasing|purchase|"
        r"closed on|closing on|close on|closes on|completed on|completing on|complete on|"
        r"exchanged and completed on|exchanged contracts and completed on|"
        r"completed the purchase of|exchanged (?:contracts )?on|got the keys to|"
        r"picked up the keys (?:to|for)|signed for|signed (?:the )?(?:papers|contracts?|deeds|"
        r"paperwork) (?:on|for)|took possession of|put (?:down )?a deposit on|"
        r"paid (?:the|a) deposit on|had (?:our|my|an) offer accepted on) <PROP>",
        0.8,
    ),
    RuleSpec(
        "home_purchase",
        r"<SELF><FILL>(?:(?:became|become)\s+)?(?:first-time |proud |new )*home ?owners?\b",
        0.8,
    ),
    RuleSpec(
        "home_purchase",
        r"\b(?:my|our) (?:mortgage|home loan)\s+(?:(?:was|got|has been|is|just|finally|offer)\s+)*"
        r"(?:approved|closed|finali[sz]ed|came through|went through)\b|"
        r"\b(?:my|our) (?:offer|bid) (?:on|for) (?:the|a) <PROPNOUN>\s+(?:(?:was|got|has been|"
        r"just|finally)\s+)*accepted\b|"
        r"\b(?:the )?(?:purchase|completion|closing) (?:of|on) (?:my|our) (?:new |first |dream )?"
        r"<PROPNOUN>\b|\b(?:my|our) (?:house|home|flat|property) purchase\s+"
        r"(?:(?:has|is|was|just|finally)\s+)*(?:completed|closed|gone through|went through)\b",
        0.75,
    ),
    RuleSpec(
        "home_purchase",
        r"^<ADVS>*(?:bought|purchased|closed on|got the keys (?:to|for)|picked up the keys "
        r"(?:to|for)|completed on) <PROP>",
        0.7,
        "infer",
    ),
    # new_job
    RuleSpec(
        "new_job",
        r"<SELF><FILL>(?:started|start|starts|starting|begin|begins|began|beginning|begun|landed|"
        r"got|accepted|accepts|lands|taken|took|take|taking|takes|taken up|took up|taking up|"
        r"take up|secured|been offered and accepted) "
        r"<JOB>(?!\s+(?:search|hunt|application|interview|board|posting|offer|done|finished|"
        r"right|alert|listing|lot|lots))",
        0.8,
    ),
    RuleSpec(
        "new_job",
        r"<SELF><FILL>(?:joined|joining|join|joins) (?:[\w&.-]+ ){1,3}as (?:a |an |the )?\w+|"
        r"<SELF><FILL>(?:joined|joining|joins) the (?:team|staff|faculty) (?:at|of)\b|"
        r"<SELF><FILL>(?:joined|joining|joins|join) (?:a|an) (?:new |small |big |large |local |"
        r"tech |software |law |accounting |consulting |engineering |marketing |fintech )?"
        r"(?:startup|start-up|company|firm|bank|agency|consultancy|practice|charity|employer)\b|"
        r"<SELF><FILL>(?:been |got |was )?taken on (?:at|by|with)\b",
        0.8,
    ),
    RuleSpec(
        "new_job",
        r"<SELF><FILL>(?:started|starting|start|starts|begin|begins|began) (?:(?:work(?:ing)?|"
        r"a job|a new job|my new job|the new job) (?:at|for|with)|at) "
        r"(?![0-9$])(?!(?:the|a|your|you|this|our|it|them|that) (?:queue|call|chat|line|program|"
        r"programme|loyalty|club|waitlist|webinar|meeting|gym|top|beginning|end|same|app|"
        r"account|card|bottom|start|weekend|moment)\b)"
        r"(?!(?:you|your|it|them|that|this|once|least|home|zero|noon|night|nights|weekends|"
        r"\d)\b)"
        r"[a-z]",
        0.75,
    ),
    RuleSpec(
        "new_job",
        r"<SELF><FILL>(?:hired|employed|recruited|offered (?:a|the) (?:job|position|role))\b|"
        r"<SELF><FILL>(?:have|has|got) (?:a |an )?new (?:job|position|role|employer)\b|"
        r"<SELF><FILL>(?:started|starting|starts|start|began|begin|begins|joined|joining|joins) "
        r"(?:with |at )?(?:a |my |the |their )?new (?:employer|company|firm|team|job)\b|"
        r"<SELF><FILL>(?:accepted|accepts|accepting|took|taken|got|received) (?:a |an |the )?"
        r"(?:job|employment|work) offer\b|"
        # "accepted an offer from X and start in May": an offer one starts at is a job
        r"<SELF><FILL>(?:accepted|accepts|accepting) (?:a |an |the )?offer (?:from|at|with) "
        r"[^,.;]{1,40}? and (?:i |we )?(?:will )?(?:start|begin)\b|"
        r"<SELF><FILL>(?:work|working|works|employed) (?:for|at|with|by) (?:[\w&.-]+ ){1,3}"
        r"now\b|"
        r"<SELF><FILL>(?:(?<=now )|(?<=officially ))(?:work|working|works|employed) "
        r"(?:for|at|with|by)\b(?!\s+(?:night|nights|home|weekends|the weekend|the moment|"
        r"the same|a distance|my own pace)\b)",
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
        r"\b(?:my|our) first (?:day|week) (?:at|of|in) (?:my |the )?(?:new )?(?:job|work|"
        r"[a-z]+)\b",
        0.75,
    ),
    RuleSpec(
        "new_job",
        r"^<ADVS>*(?:started|landed|got|accepted) (?:a |the |my )?new (?:job|position|role)\b|"
        r"^(?:the |my )?new (?:job|role|position|post|employer)\b(?!\s+(?:search|hunt|"
        r"applications?|interviews?|board|postings?|offers?|opportunit\w*|alerts?|listings?|"
        r"ideas?|fair)\b)(?!\s*\?)|"
        r"^first day at (?:the |my )?(?:new )?(?:job|work|office)\b",
        0.7,
        "infer",
    ),
    # promotion
    RuleSpec(
        "promotion",
        r"<SELF><FILL>(?:got|get|gets|getting|was|were|been|be|received|earned|have|has) "
        r"(?:(?:a|my|the|finally|just|big|well-deserved)\s+)*promot(?:ed|ion)\b<PROMO_EXCL>",
        0.8,
    ),
    RuleSpec(
        "promotion",
        r"<SELF><FILL>(?:was |were |been |got |get )?(?:made|named|appointed|promoted to|"
        r"promoted as|elevated to|became|become|bumped up to|moved up to|stepped up to|"
        r"stepped up as|stepped into the role of|upgraded to|made up to) <TITLE>",
        0.75,
    ),
    RuleSpec("promotion", r"\b(?:my|our) (?:recent |new |big )?promotion\b<PROMO_EXCL>", 0.75),
    RuleSpec(
        "promotion",
        r"\b(?:they|the company|the board|my (?:boss|company|employer|manager|firm))\s+"
        r"(?:(?:just|have|has|finally)\s+)*(?:made|promoted|appointed|named|bumped) me\b|"
        r"\b(?:they|the company|the board|my (?:boss|company|employer|manager|firm))\s+"
        r"(?:(?:just|have|has|finally)\s+)*(?:gave|given|offered) me (?:the|a) <TITLE>"
        r"(?: role| job| position| post| title)?\b|"
        r"\b(?:my|our) new (?:job )?(?:title|rank|grade) is\b",
        0.75,
    ),
    RuleSpec(
        "promotion",
        r"^<ADVS>*(?:got )?promoted\b|"
        r"^<ADVS>*(?:got |been )?(?:bumped up|moved up|stepped up) (?:to|as) <TITLE>",
        0.7,
        "infer",
    ),
    # graduation
    RuleSpec(
        "graduation",
        r"<SELF><FILL>(?:graduated|graduate|graduates|graduating)\b(?!\s+(?:students?|school|"
        r"program|programme|degree|course|level|studies|schemes?|jobs?|roles?|discount)\b)",
        0.8,
    ),
    RuleSpec(
        "graduation",
        r"<SELF><FILL>(?:got|received|earned|completed|completes|finished|finishes|finishing|"
        r"completing|obtained|was awarded|been awarded|passed|done with) "
        r"(?:my|a|an|our|the) <DEGREE>",
        0.8,
    ),
    RuleSpec(
        "graduation",
        r"<SELF><FILL>(?:finished|completed|done with|finishing|completing) (?:uni|university|"
        r"college|grad school|law school|med school|medical school|nursing school|"
        r"business school)\b|"
        r"<SELF><FILL>(?:defended|passed|defending) (?:my|our) (?:thesis|dissertation|viva|"
        r"(?:thesis |dissertation |phd )?defen[cs]e)\b|"
        r"<SELF><FILL>(?:(?<=now )|(?<=officially )|(?<=finally ))(?:a )?(?:graduate|grad|"
        r"college graduate|university graduate)\b(?!\s+(?:students?|program|programme|schemes?|"
        r"jobs?|roles?|discount)\b)",
        0.8,
    ),
    RuleSpec(
        "graduation",
        r"\b(?:my|our) (?:upcoming |recent )?(?:graduation|commencement|convocation)\b",
        0.75,
    ),
    RuleSpec(
        "graduation",
        r"^<ADVS>*graduated\b|^<ADVS>*defended (?:my |the )?(?:thesis|dissertation)\b",
        0.7,
        "infer",
    ),
    # retirement
    RuleSpec(
        "retirement",
        r"<SELF><FILL>(?:retire|retiring|retires)\b(?!\s+(?:the|this|that|my|our|it|these|those|"
        r"an?)\b)",
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
        r"<SELF>\s+(?:am|are|is)\s+(?:(?:now|newly|recently|just|officially|finally)\s+)+"
        r"retired\b|<SELF>\s+(?:am|are|is)\s+retired (?:now|as of)\b",
        0.8,
    ),
    RuleSpec(
        "retirement",
        r"<SELF><FILL>(?:took|take|taking|takes) (?:early |(?:my|our) )?retirement\b|"
        r"<SELF><FILL>(?:(?<=now )|(?<=officially )|(?<=newly )|(?<=finally )|(?<=just ))"
        r"(?:a )?(?:retiree|pensioner|retired person|retired man|retired woman)\b",
        0.8,
    ),
    RuleSpec(
        "retirement",
        r"\b(?:my|our) (?:upcoming |recent |early )?retirement\b<RETIRE_EXCL>",
        0.75,
    ),
    RuleSpec(
        "retirement",
        r"^<ADVS>+retired\b|^retired (?=(?:last|this|in|on|at the end|earlier|yesterday|today|"
        r"after|from|as of|recently)\b)",
        0.7,
        "infer",
    ),
    RuleSpec(
        "retirement",
        r"<SELF><FILL>(?:finished|stopped|quit|left) (?:work(?:ing)?|my job) for good\b|"
        r"<SELF><FILL>hung up (?:my|our) (?:boots|hat|apron|stethoscope|tools)\b|"
        r"<SELF><FILL>(?:(?<=now )|(?<=just )|(?<=recently ))(?:drawing|receiving|on) "
        r"(?:my|our|the) (?:state |company |work |civil service |teachers' )?pension\b|"
        r"^(?:and )?(?:finally |officially )?retire(?:ment|d) (?:at last|finally|here i come|"
        r"begins|starts|life)\b",
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
    # "First day at Northwind today!": a first day at an organisation, not at school or the gym
    RuleSpec(
        "new_job",
        r"^<ADVS>*(?:(?:it is|it's|today is|today was) )?(?:my )?first (?:day|week) (?:at|with) "
        r"(?!(?:school|university|college|uni|kindergarten|nursery|preschool|the gym|the beach|"
        r"the pool|yoga|camp|the clinic|the hospital|the dentist)\b)[a-z0-9]",
        0.7,
        "infer",
    ),
    # bereavement
    RuleSpec(
        "bereavement",
        r"\b(?:my|our) (?:(?:beloved|dear|dearest|late|darling|lovely|dear old)\s+)?<KIN>\s+"
        r"(?:(?:has|have|had|just|recently|sadly|suddenly|unexpectedly|peacefully|tragically)\s+)*"
        r"<DIED>",
        0.8,
    ),
    RuleSpec(
        "bereavement",
        r"<SELF><FILL>lost (?:(?:my|our) (?:(?:beloved|dear|dearest)\s+)?<KIN>|"
        r"<KIN_NAME>(?!\s*'s))\b",
        0.8,
    ),
    RuleSpec(
        "bereavement",
        r"\b(?:death|passing|loss|funeral|memorial|burial|cremation) of (?:my|our) "
        r"(?:(?:beloved|dear|late)\s+)?<KIN>\b",
        0.8,
    ),
    RuleSpec(
        "bereavement",
        r"\b(?:my|our) (?:late )?<KIN_POSS>'s (?:funeral|passing|death|memorial|burial|"
        r"cremation|wake|estate)\b",
        0.75,
    ),
    RuleSpec(
        "bereavement",
        r"^<KIN_NAME>\s+(?:(?:has|have|had|just|recently|sadly|suddenly|unexpectedly|"
        r"peacefully)\s+)*<DIED>",
        0.7,
        "infer",
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
    r"hypothetically|unless)\b|^should\b|^once\b"
)
# Intent: a plan with a concrete time within a year is an announced event, without one it is not.
# "since" makes the event the start of a long stretch: undated, it is not taken as recent.
EN_SINCE: Final = r"\bsince\b"
EN_INTENT: Final = r"\b(?:planning to|plan to|plans to|intend to|intending to|aim to|aiming to)\b"
EN_QUESTION_START: Final = (
    r"^(?:is|are|am|do|does|did|can|could|would|will|should|shall|have|has|how|what|when|"
    r"where|why|which|who|whether|any)\b"
)
# Emoji and emoticons end a thought in chat and social posts the way a full stop does.
SENTENCE_BREAKS: Final = (
    r"[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50\u2764]+\ufe0f?|(?<=\s)(?::-?\)|:-?d\b|;-?\)|"
    r"<3|xx+\b)"
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
    (r"\b(it|that|there|here|he|she|what|who|where)'s\b", r"\1 is"),
)
