"""What simulated customers and the company write, in English, simplified and traditional
Chinese.

``LIFE[topic][kind][locale]`` are sentences about a life event: ``self`` is real evidence (the
customer about themselves), the other kinds are decoys a detector must not take as evidence:
``negated`` ("we decided to stay put this year"), ``hypothetical`` ("if we buy a house…") and
``third_party`` ("my sister got married"). Placeholders are filled from the journey; a
template is only used when all of its placeholders are known.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from random import Random
from typing import Final

Templates = dict[str, tuple[str, ...]]  # locale -> templates

DECOY_KINDS: Final = ("negated", "hypothetical", "third_party")

LIFE: Final[dict[str, dict[str, Templates]]] = {
    "marriage": {
        "self": {
            "en": (
                "I just got married last weekend! How do I update my marital status?",
                "We got married this month, and I'd like to add my spouse as an authorized user.",
                "Just married 💍 Thanks everyone for all the wishes!",
            ),
            "zh-Hans": (
                "我上周末刚结婚了！请问怎么把账户上的婚姻状况改成已婚？",
                "我们这个月登记结婚了，想给另一半也办一张附属卡。",
                "今天领证啦！💍 正式结婚了，谢谢大家的祝福！",
            ),
            "zh-Hant": (
                "我上週末剛結婚了！請問怎麼把帳戶上的婚姻狀況改成已婚？",
                "我們這個月登記結婚了，想幫另一半也辦一張附卡。",
                "今天登記結婚啦！💍 謝謝大家的祝福！",
            ),
        },
        "negated": {
            "en": (
                "No, I'm not married, please stop sending me wedding offers.",
                "We called off the wedding, so please cancel the gift registry.",
            ),
            "zh-Hans": (
                "我没有结婚，请不要再给我推荐婚礼套餐了。",
                "婚礼取消了，麻烦帮我把礼品登记撤掉。",
            ),
            "zh-Hant": (
                "我沒有結婚，請不要再推薦婚禮方案給我了。",
                "婚禮取消了，麻煩幫我把禮品登記撤掉。",
            ),
        },
        "hypothetical": {
            "en": (
                "If we get married next year, can we merge our accounts?",
                "Thinking about proposing someday. Do you sell engagement rings?",
            ),
            "zh-Hans": (
                "如果明年结婚的话，两个人的账户可以合并吗？",
                "在考虑以后求婚，你们有卖钻戒吗？",
            ),
            "zh-Hant": (
                "如果明年結婚的話，兩個人的帳戶可以合併嗎？",
                "在考慮以後求婚，你們有賣鑽戒嗎？",
            ),
        },
        "third_party": {
            "en": (
                "My sister got married on Saturday, I'm looking for a gift card for her.",
                "Buying a present for my best friend's wedding, any ideas?",
            ),
            "zh-Hans": (
                "我妹妹上周六结婚了，想买张礼品卡送她。",
                "给好朋友的婚礼挑礼物，有什么推荐？",
            ),
            "zh-Hant": (
                "我妹妹上週六結婚了，想買張禮物卡送她。",
                "幫好朋友的婚禮挑禮物，有什麼推薦？",
            ),
        },
    },
    "divorce": {
        "self": {
            "en": (
                "I'm recently divorced and need to remove my ex from our joint account.",
                "My divorce was finalized last month, please update my marital status.",
                "Going through a divorce. Can I get a card in my own name only?",
            ),
            "zh-Hans": (
                "我最近离婚了，需要把前任从联名账户里移除。",
                "上个月离婚手续办完了，请把婚姻状况改一下。",
                "正在办离婚，可以办一张只有我名字的卡吗？",
            ),
            "zh-Hant": (
                "我最近離婚了，需要把前任從聯名帳戶移除。",
                "上個月離婚手續辦完了，請把婚姻狀況改一下。",
                "正在辦離婚，可以辦一張只有我名字的卡嗎？",
            ),
        },
        "negated": {
            "en": ("We're not getting divorced, that letter was addressed wrongly.",),
            "zh-Hans": ("我们没有离婚，那封信寄错了。",),
            "zh-Hant": ("我們沒有離婚，那封信寄錯了。",),
        },
        "hypothetical": {
            "en": ("If we ever separated, what would happen to the joint account?",),
            "zh-Hans": ("万一以后分开了，联名账户怎么处理？",),
            "zh-Hant": ("萬一以後分開了，聯名帳戶怎麼處理？",),
        },
        "third_party": {
            "en": ("My brother just got divorced, he needs a card in his own name.",),
            "zh-Hans": ("我哥刚离婚，想帮他问问怎么单独开户。",),
            "zh-Hant": ("我哥剛離婚，想幫他問問怎麼單獨開戶。",),
        },
    },
    "new_baby": {
        "self": {
            "en": (
                "Our daughter was born last week! How do I add her as a dependent?",
                "We just had a baby boy 👶 Can I join the baby club rewards?",
                "Welcome to the world, little one! Our son arrived this morning.",
            ),
            "zh-Hans": (
                "我们的女儿上周出生了！请问怎么把她加到我的家属信息里？",
                "我们刚生了个儿子👶 想加入母婴会员。",
                "宝宝今天早上平安出生啦！欢迎来到这个世界。",
            ),
            "zh-Hant": (
                "我們的女兒上週出生了！請問怎麼把她加到我的家屬資料裡？",
                "我們剛生了個兒子👶 想加入媽咪寶寶會員。",
                "寶寶今天早上平安出生啦！歡迎來到這個世界。",
            ),
        },
        "negated": {
            "en": (
                "We're not expecting, please stop sending me baby coupons.",
                "No baby here, the nursery furniture was for a friend.",
            ),
            "zh-Hans": (
                "我们没有怀孕，请别再给我发母婴优惠券了。",
                "家里没有宝宝，那套婴儿家具是帮朋友买的。",
            ),
            "zh-Hant": (
                "我們沒有懷孕，請別再寄媽咪寶寶優惠券給我了。",
                "家裡沒有寶寶，那套嬰兒家具是幫朋友買的。",
            ),
        },
        "hypothetical": {
            "en": (
                "If we have kids one day, is there a family plan?",
                "We might start a family in a few years.",
            ),
            "zh-Hans": ("如果以后有了孩子，有家庭套餐吗？", "我们可能过几年再要孩子。"),
            "zh-Hant": ("如果以後有了小孩，有家庭方案嗎？", "我們可能過幾年再生小孩。"),
        },
        "third_party": {
            "en": (
                "My cousin just had twins, what's a good gift?",
                "Shopping for my neighbour's baby shower.",
            ),
            "zh-Hans": ("我表姐刚生了双胞胎，送什么礼物好？", "在给邻居的宝宝挑满月礼物。"),
            "zh-Hant": ("我表姊剛生了雙胞胎，送什麼禮物好？", "在幫鄰居的寶寶挑滿月禮物。"),
        },
    },
    "moving": {
        "self": {
            "en": (
                "We're moving to {city} next month, please update my address when we do.",
                "I've just moved to {city}. My new address is {address}.",
                "Finally settled in {city}! New city, new chapter.",
            ),
            "zh-Hans": (
                "我们下个月要搬到{city}了，到时候请帮我更新地址。",
                "我刚搬到{city}，新地址是{address}。",
                "终于在{city}安顿下来了！新城市新开始。",
            ),
            "zh-Hant": (
                "我們下個月要搬到{city}了，到時候請幫我更新地址。",
                "我剛搬到{city}，新地址是{address}。",
                "終於在{city}安頓下來了！新城市新開始。",
            ),
        },
        "negated": {
            "en": (
                "We decided to stay put this year.",
                "We're not moving after all, please keep my address as it is.",
            ),
            "zh-Hans": ("我们今年决定不搬家了。", "最后没有搬，地址请保持不变。"),
            "zh-Hant": ("我們今年決定不搬家了。", "最後沒有搬，地址請保持不變。"),
        },
        "hypothetical": {
            "en": (
                "If I move to {city}, will my membership still work there?",
                "Might relocate for work at some point. Do you deliver nationwide?",
            ),
            "zh-Hans": (
                "如果我搬去{city}，会员卡在那边还能用吗？",
                "以后可能因为工作换城市，你们全国都能送货吗？",
            ),
            "zh-Hant": (
                "如果我搬去{city}，會員卡在那邊還能用嗎？",
                "以後可能因為工作換城市，你們全區都能送貨嗎？",
            ),
        },
        "third_party": {
            "en": (
                "My parents are moving to {city}; can I send a gift to their new place?",
                "Helping my brother move house this weekend.",
            ),
            "zh-Hans": ("我爸妈要搬到{city}了，能寄礼物到他们的新家吗？", "这周末帮我哥搬家。"),
            "zh-Hant": ("我爸媽要搬到{city}了，能寄禮物到他們的新家嗎？", "這週末幫我哥搬家。"),
        },
    },
    "new_job": {
        "self": {
            "en": (
                "I started a new job at {employer} as {title}; please update my employer on file.",
                "First day at {employer} today! Excited for what's next.",
                "I've changed jobs, my employer is now {employer}.",
            ),
            "zh-Hans": (
                "我换工作了，现在在{employer}做{title}，请更新我的工作单位。",
                "今天是在{employer}上班的第一天！",
                "我已经跳槽到{employer}了，麻烦帮我改一下单位信息。",
            ),
            "zh-Hant": (
                "我換工作了，現在在{employer}擔任{title}，請更新我的服務單位。",
                "今天是在{employer}上班的第一天！",
                "我已經轉職到{employer}了，麻煩幫我改一下公司資料。",
            ),
        },
        "negated": {
            "en": (
                "I'm not changing jobs, the HR letter was a mistake.",
                "Still at the same company, nothing to update.",
            ),
            "zh-Hans": ("我没有换工作，那封人事信是发错了。", "还在原来的公司，没有需要更新的。"),
            "zh-Hant": ("我沒有換工作，那封人事信是寄錯了。", "還在原來的公司，沒有需要更新的。"),
        },
        "hypothetical": {
            "en": (
                "If I switch jobs, will my credit limit change?",
                "Considering an offer from {employer}, haven't decided yet.",
            ),
            "zh-Hans": ("如果我换工作，信用额度会变吗？", "在考虑{employer}的offer，还没决定。"),
            "zh-Hant": ("如果我換工作，信用額度會變嗎？", "在考慮{employer}的offer，還沒決定。"),
        },
        "third_party": {
            "en": (
                "My husband just started at {employer}.",
                "My friend got a job at {employer}, so happy for her!",
            ),
            "zh-Hans": ("我老公刚入职{employer}。", "我朋友拿到了{employer}的offer，替她高兴！"),
            "zh-Hant": ("我老公剛進{employer}。", "我朋友拿到了{employer}的offer，替她開心！"),
        },
    },
    "promotion": {
        "self": {
            "en": (
                "Got promoted to {title} today! 🎉",
                "I was promoted to {title}, could my credit limit be reviewed?",
            ),
            "zh-Hans": (
                "今天升职为{title}了！🎉",
                "我升职成{title}了，可以帮我重新评估信用额度吗？",
            ),
            "zh-Hant": (
                "今天升職為{title}了！🎉",
                "我升職成{title}了，可以幫我重新評估信用額度嗎？",
            ),
        },
        "negated": {
            "en": ("Didn't get the promotion this year. Oh well.",),
            "zh-Hans": ("今年没升上去，算了。",),
            "zh-Hant": ("今年沒升上去，算了。",),
        },
        "hypothetical": {
            "en": (
                "If I get promoted I'll finally buy that sofa.",
                "Hoping for a promotion next quarter.",
            ),
            "zh-Hans": ("要是升职了我就买那张沙发。", "希望下个季度能升职。"),
            "zh-Hant": ("要是升職了我就買那張沙發。", "希望下一季能升職。"),
        },
        "third_party": {
            "en": (
                "My wife got promoted to {title}, we're celebrating tonight!",
                "So proud of my brother, he just made partner.",
            ),
            "zh-Hans": ("我老婆升职成{title}了，今晚庆祝一下！", "为我哥骄傲，他刚升了合伙人。"),
            "zh-Hant": ("我老婆升職成{title}了，今晚慶祝一下！", "為我哥驕傲，他剛升上合夥人。"),
        },
    },
    "graduation": {
        "self": {
            "en": (
                "I graduated from {school} last week! 🎓",
                "Just finished my degree at {school}. Can I switch from the student account?",
            ),
            "zh-Hans": (
                "我上周从{school}毕业啦！🎓",
                "刚从{school}毕业，学生账户可以转成普通账户吗？",
            ),
            "zh-Hant": (
                "我上週從{school}畢業啦！🎓",
                "剛從{school}畢業，學生帳戶可以轉成一般帳戶嗎？",
            ),
        },
        "negated": {
            "en": ("I haven't graduated yet, one more year to go.",),
            "zh-Hans": ("我还没毕业，还有一年。",),
            "zh-Hant": ("我還沒畢業，還有一年。",),
        },
        "hypothetical": {
            "en": ("Once I graduate I'd like to upgrade my card.",),
            "zh-Hans": ("等我毕业了想升级信用卡。",),
            "zh-Hant": ("等我畢業了想升級信用卡。",),
        },
        "third_party": {
            "en": (
                "My son graduates from {school} on Friday, I need a gift idea.",
                "Congrats to my niece on her graduation!",
            ),
            "zh-Hans": ("我儿子周五从{school}毕业，想挑个礼物。", "恭喜我侄女毕业！"),
            "zh-Hant": ("我兒子週五從{school}畢業，想挑個禮物。", "恭喜我姪女畢業！"),
        },
    },
    "retirement": {
        "self": {
            "en": (
                "I retired last month after many years at {employer}. Please update my "
                "employment status.",
                "Officially retired today! Time for the garden.",
            ),
            "zh-Hans": (
                "我上个月从{employer}退休了，请更新我的就业状态。",
                "今天正式退休啦！终于可以好好养花了。",
            ),
            "zh-Hant": (
                "我上個月從{employer}退休了，請更新我的就業狀態。",
                "今天正式退休啦！終於可以好好種花了。",
            ),
        },
        "negated": {
            "en": ("I'm not retiring yet, maybe in five years.",),
            "zh-Hans": ("我还没退休，大概还要五年。",),
            "zh-Hant": ("我還沒退休，大概還要五年。",),
        },
        "hypothetical": {
            "en": (
                "If I retire early, what happens to my pension plan?",
                "Thinking about retirement, what options do you have?",
            ),
            "zh-Hans": ("如果提前退休，我的养老计划会怎样？", "在考虑退休的事，你们有什么方案？"),
            "zh-Hant": ("如果提早退休，我的退休金計畫會怎樣？", "在考慮退休的事，你們有什麼方案？"),
        },
        "third_party": {
            "en": (
                "My dad just retired, looking for a nice gift.",
                "Throwing a retirement party for a colleague.",
            ),
            "zh-Hans": ("我爸刚退休，想给他挑个礼物。", "在给同事办退休派对。"),
            "zh-Hant": ("我爸剛退休，想幫他挑個禮物。", "在幫同事辦退休派對。"),
        },
    },
    "bereavement": {
        "self": {
            "en": (
                "My {relative} passed away last month. I need to update our accounts.",
                "I'm calling because my {relative} passed away and I'm handling the estate.",
                "We lost my {relative} last week. Please stop the mail addressed to them.",
            ),
            "zh-Hans": (
                "我{relative}上个月去世了，需要处理一下我们的账户。",
                "我{relative}过世了，我在处理遗产，想咨询账户怎么办。",
                "我{relative}上周走了，请停止寄送{relative}的信件。",
            ),
            "zh-Hant": (
                "我{relative}上個月過世了，需要處理一下我們的帳戶。",
                "我{relative}過世了，我在處理遺產，想詢問帳戶怎麼辦。",
                "我{relative}上週走了，請停止寄送{relative}的信件。",
            ),
        },
        "negated": {
            "en": ("No, nobody passed away, the condolence letter was sent by mistake.",),
            "zh-Hans": ("没有人去世，那封慰问信是寄错了。",),
            "zh-Hant": ("沒有人過世，那封慰問信是寄錯了。",),
        },
        "hypothetical": {
            "en": ("If something happens to me, who can access my account?",),
            "zh-Hans": ("万一我出了什么事，谁能处理我的账户？",),
            "zh-Hant": ("萬一我發生什麼事，誰能處理我的帳戶？",),
        },
        "third_party": {
            "en": ("My friend's grandmother passed away; I'd like to send flowers.",),
            "zh-Hans": ("朋友的奶奶去世了，想订一束花。",),
            "zh-Hant": ("朋友的奶奶過世了，想訂一束花。",),
        },
    },
    "home_purchase": {
        "self": {
            "en": (
                "We just got the keys to our first home! 🏡",
                "I bought a house in {city}; please update my address to {address}.",
                "We closed on our new home last week and need the sofa delivered there.",
            ),
            "zh-Hans": (
                "我们终于拿到新房钥匙了！🏡",
                "我在{city}买了房，请把地址改成{address}。",
                "上周新房过户了，沙发要送到新家。",
            ),
            "zh-Hant": (
                "我們終於拿到新房子的鑰匙了！🏡",
                "我在{city}買了房子，請把地址改成{address}。",
                "上週新家過戶了，沙發要送到新家。",
            ),
        },
        "negated": {
            "en": (
                "We didn't buy the house in the end, the deal fell through.",
                "Still renting, not buying this year.",
            ),
            "zh-Hans": ("最后没买成房子，交易黄了。", "还在租房，今年不买了。"),
            "zh-Hant": ("最後沒買成房子，交易破局了。", "還在租屋，今年不買了。"),
        },
        "hypothetical": {
            "en": (
                "If we buy a house next year, do you offer mortgages?",
                "Saving up for a home someday.",
            ),
            "zh-Hans": ("如果明年买房，你们有房贷吗？", "在攒钱，希望以后能买房。"),
            "zh-Hant": ("如果明年買房，你們有房貸嗎？", "在存錢，希望以後能買房。"),
        },
        "third_party": {
            "en": ("My sister just bought a house, I'm looking for a housewarming gift.",),
            "zh-Hans": ("我姐刚买了房，想挑个乔迁礼物。",),
            "zh-Hant": ("我姊剛買了房子，想挑個入厝禮物。",),
        },
    },
    "birthday": {
        "self": {
            "en": ("It's my birthday today! Is there a birthday coupon?", "Turning {age} today 🎂"),
            "zh-Hans": ("今天是我生日！有生日优惠券吗？", "今天{age}岁生日🎂"),
            "zh-Hant": ("今天是我生日！有生日優惠券嗎？", "今天{age}歲生日🎂"),
        },
        "negated": {
            "en": ("It's not my birthday, why did I get a birthday voucher?",),
            "zh-Hans": ("今天不是我生日，为什么收到生日券？",),
            "zh-Hant": ("今天不是我生日，為什麼收到生日券？",),
        },
        "hypothetical": {
            "en": ("If my birthday is next month, when will the coupon arrive?",),
            "zh-Hans": ("如果我下个月生日，优惠券什么时候发？",),
            "zh-Hant": ("如果我下個月生日，優惠券什麼時候寄？",),
        },
        "third_party": {
            "en": ("It's my mom's birthday tomorrow, need a gift idea.",),
            "zh-Hans": ("明天是我妈生日，求推荐礼物。",),
            "zh-Hant": ("明天是我媽生日，求推薦禮物。",),
        },
    },
}

RELATIVES: Final = {
    "en": {"husband": "husband", "wife": "wife", "mother": "mother", "father": "father"},
    "zh-Hans": {"husband": "丈夫", "wife": "妻子", "mother": "母亲", "father": "父亲"},
    "zh-Hant": {"husband": "丈夫", "wife": "妻子", "mother": "母親", "father": "父親"},
}

# --- routine inbound -----------------------------------------------------------------------------

INQUIRY: Final[Templates] = {
    "en": (
        "Where is my order? It was supposed to arrive yesterday.",
        "How do I reset my password?",
        "Is the {product} in stock at the {city} store?",
        "Can I change the delivery date for my order?",
        "What are your opening hours on Sunday?",
        "I'd like to activate my new card.",
        "Can I return an item without the receipt?",
    ),
    "zh-Hans": (
        "我的订单到哪了？本来昨天应该到的。",
        "怎么重置密码？",
        "{city}门店还有{product}的货吗？",
        "订单的送货日期可以改吗？",
        "周日几点开门？",
        "我想激活新卡。",
        "没有小票可以退货吗？",
    ),
    "zh-Hant": (
        "我的訂單到哪了？原本昨天應該到的。",
        "要怎麼重設密碼？",
        "{city}門市還有{product}的貨嗎？",
        "訂單的送貨日期可以改嗎？",
        "週日幾點開門？",
        "我想開通新卡。",
        "沒有發票可以退貨嗎？",
    ),
}
COMPLAINT: Final[Templates] = {
    "en": (
        "My delivery is two weeks late and nobody answers the phone. Very disappointed.",
        "I was charged twice for the same order. Please refund it.",
        "The {product} broke after three days. I want a replacement.",
        "The staff at the {city} store were rude to me today.",
        "I've been on hold for 40 minutes, this is unacceptable.",
    ),
    "zh-Hans": (
        "快递晚了两个星期，打电话也没人接，非常失望。",
        "同一个订单被扣了两次款，请退款。",
        "{product}用了三天就坏了，我要换货。",
        "今天{city}门店的店员态度很差。",
        "等了四十分钟都没人接电话，太离谱了。",
    ),
    "zh-Hant": (
        "包裹晚了兩個星期，打電話也沒人接，非常失望。",
        "同一筆訂單被扣了兩次款，請退款。",
        "{product}用了三天就壞了，我要換貨。",
        "今天{city}門市的店員態度很差。",
        "等了四十分鐘都沒人接電話，太誇張了。",
    ),
}
POSITIVE: Final[Templates] = {
    "en": (
        "Loving my new {product} from Chorus Home! ⭐⭐⭐⭐⭐",
        "Great service at the {city} store today.",
        "Weekend shopping haul 🛍️",
    ),
    "zh-Hans": (
        "新买的{product}太好用了！五星好评",
        "今天{city}门店的服务很好。",
        "周末购物战利品🛍️",
    ),
    "zh-Hant": ("新買的{product}超好用！五星推薦", "今天{city}門市的服務很好。", "週末購物戰利品🛍️"),
}
SMS_REPLY: Final[Templates] = {
    "en": ("Yes", "Y", "Thanks!", "Can I reschedule to Friday?", "STOP"),
    "zh-Hans": ("好的", "是", "谢谢", "可以改到周五吗？", "退订"),
    "zh-Hant": ("好的", "是", "謝謝", "可以改到週五嗎？", "退訂"),
}

# --- company side (outbound) ---------------------------------------------------------------------

# (subject, body) pairs
CAMPAIGNS: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "en": (
        (
            "Spring sale: 20% off this weekend",
            "Shop our spring sale: 20% off storewide, this weekend only.",
        ),
        ("Your points are about to expire", "You have points expiring at the end of the month."),
        ("New arrivals you'll love", "Fresh picks for your home, just in."),
    ),
    "zh-Hans": (
        ("春季大促：本周末全场八折", "春季大促，全场八折，仅限本周末。"),
        ("积分即将过期", "您有积分将在月底过期，快来门店或线上使用吧。"),
        ("新品上架", "为您的家精选的新品已上架。"),
    ),
    "zh-Hant": (
        ("春季特賣：本週末全館八折", "春季特賣，全館八折，僅限本週末。"),
        ("點數即將到期", "您有點數將於月底到期，歡迎至門市或線上使用。"),
        ("新品上架", "為您的家精選的新品已上架。"),
    ),
}
# Life-event themed marketing: sent after real events and, by mis-targeting, to anyone.
TARGETED: Final[dict[str, dict[str, tuple[str, str]]]] = {
    "en": {
        "home_purchase": (
            "Happy new home! 10% off",
            "Moving in? Enjoy 10% off furniture and home essentials.",
        ),
        "moving": (
            "Happy new home! 10% off",
            "Moving in? Enjoy 10% off furniture and home essentials.",
        ),
        "marriage": (
            "Congratulations on your wedding!",
            "Celebrate with 15% off our registry collection.",
        ),
        "new_baby": ("Welcome, little one!", "15% off baby essentials for new parents."),
        "birthday": (
            "Happy birthday, {first_name}!",
            "A birthday gift is waiting for you in the app.",
        ),
        "graduation": ("Congrats, graduate!", "Start your next chapter with 10% off workwear."),
        "retirement": ("Enjoy your retirement", "Discover our travel and leisure offers."),
    },
    "zh-Hans": {
        "home_purchase": ("乔迁之喜！家居九折", "新家入住？家具和家居用品享九折优惠。"),
        "moving": ("乔迁之喜！家居九折", "新家入住？家具和家居用品享九折优惠。"),
        "marriage": ("新婚快乐！", "婚礼清单精选商品八五折。"),
        "new_baby": ("欢迎新宝宝！", "新手爸妈专享母婴用品八五折。"),
        "birthday": ("{first_name}，生日快乐！", "生日礼物已放入您的App账户。"),
        "graduation": ("毕业快乐！", "职场新装九折起。"),
        "retirement": ("退休生活愉快", "为您推荐旅行与休闲优惠。"),
    },
    "zh-Hant": {
        "home_purchase": ("入厝快樂！居家九折", "新家入住？家具與居家用品享九折優惠。"),
        "moving": ("入厝快樂！居家九折", "新家入住？家具與居家用品享九折優惠。"),
        "marriage": ("新婚快樂！", "婚禮清單精選商品八五折。"),
        "new_baby": ("歡迎新寶寶！", "新手爸媽專屬嬰幼兒用品八五折。"),
        "birthday": ("{first_name}，生日快樂！", "生日禮物已放入您的App帳戶。"),
        "graduation": ("畢業快樂！", "職場新裝九折起。"),
        "retirement": ("退休生活愉快", "為您推薦旅遊與休閒優惠。"),
    },
}
# The e-mail that asks a new account holder to confirm the address given at sign-up.
CONFIRM_EMAIL: Final[dict[str, tuple[str, str]]] = {
    "en": (
        "Confirm your e-mail address",
        "Welcome to Chorus Home, {first_name}! Tap the link to confirm your e-mail address.",
    ),
    "zh-Hans": ("请确认您的邮箱", "{full_name}，欢迎加入Chorus Home！请点击链接确认您的邮箱地址。"),
    "zh-Hant": (
        "請確認您的電子郵件",
        "{full_name}，歡迎加入Chorus Home！請點選連結確認您的電子郵件地址。",
    ),
}
NOTIFICATIONS: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "en": (
        ("Your order has shipped", "Your order {order} is on its way."),
        ("Your statement is ready", "Your monthly statement is now available."),
        ("Appointment reminder", "Reminder: your branch appointment is tomorrow at 10:00."),
    ),
    "zh-Hans": (
        ("您的订单已发货", "您的订单{order}已发出。"),
        ("账单已出", "您的本月账单已生成。"),
        ("预约提醒", "提醒：您明天上午10:00在网点有预约。"),
    ),
    "zh-Hant": (
        ("您的訂單已出貨", "您的訂單{order}已寄出。"),
        ("帳單已出", "您的本月帳單已產生。"),
        ("預約提醒", "提醒：您明天上午10:00在分行有預約。"),
    ),
}
AGENT_REPLY: Final[Templates] = {
    "en": (
        "Thanks for reaching out! I've updated your details.",
        "Congratulations! I've added a note to your account.",
        "Sorry about that. I've escalated it and you'll hear from us within 2 days.",
        "Happy to help. Is there anything else?",
    ),
    "zh-Hans": (
        "感谢联系！已为您更新资料。",
        "恭喜恭喜！已在您的账户备注。",
        "很抱歉，已为您升级处理，两天内会联系您。",
        "很高兴为您服务，还有其他问题吗？",
    ),
    "zh-Hant": (
        "感謝聯繫！已為您更新資料。",
        "恭喜恭喜！已在您的帳戶備註。",
        "很抱歉，已為您升級處理，兩天內會聯繫您。",
        "很高興為您服務，還有其他問題嗎？",
    ),
}
BRAND_REPLY: Final[Templates] = {
    "en": (
        "{handle} Congratulations! 🎉 DM us for a little gift.",
        "{handle} Sorry to hear that, please DM us your order number.",
    ),
    "zh-Hans": (
        "{handle} 恭喜恭喜！🎉 私信我们领取小礼物。",
        "{handle} 很抱歉给您带来不便，请私信订单号。",
    ),
    "zh-Hant": (
        "{handle} 恭喜恭喜！🎉 私訊我們領取小禮物。",
        "{handle} 很抱歉造成您的不便，請私訊訂單編號。",
    ),
}

# --- how staff write it down ------------------------------------------------------------------

CALL_NOTE: Final[Templates] = {
    "en": ('Customer called. Said: "{text}" {action}',),
    "zh-Hans": ("客户来电：“{text}” {action}",),
    "zh-Hant": ("客戶來電：「{text}」{action}",),
}
BRANCH_NOTE: Final[Templates] = {
    "en": ('Walk-in. Customer mentioned: "{text}" {action}',),
    "zh-Hans": ("客户到店办理，提到：“{text}” {action}",),
    "zh-Hant": ("客戶臨櫃辦理，提到：「{text}」{action}",),
}
ACTIONS: Final[Templates] = {
    "en": ("Updated record.", "Explained options.", "Escalated to supervisor.", "Issue resolved."),
    "zh-Hans": ("已更新资料。", "已说明相关方案。", "已转主管处理。", "问题已解决。"),
    "zh-Hant": ("已更新資料。", "已說明相關方案。", "已轉主管處理。", "問題已解決。"),
}
ROUTINE_NOTE: Final[Templates] = {
    "en": (
        "Billing question about last statement. Resolved.",
        "Asked about order status; gave tracking number.",
        "Card activation. Done.",
        "Customer updated contact details.",
    ),
    "zh-Hans": (
        "咨询上期账单，已解答。",
        "查询订单状态，已提供物流单号。",
        "激活新卡，已完成。",
        "客户更新联系方式。",
    ),
    "zh-Hant": (
        "詢問上期帳單，已解答。",
        "查詢訂單狀態，已提供物流單號。",
        "開卡，已完成。",
        "客戶更新聯絡方式。",
    ),
}
UPDATE_NOTE: Final[Templates] = {
    "en": ("Customer asked to update {what}. Done.",),
    "zh-Hans": ("客户要求更新{what}，已完成。",),
    "zh-Hant": ("客戶要求更新{what}，已完成。",),
}
FIELD_NAMES: Final = {
    "en": {"address": "address", "profile": "personal details"},
    "zh-Hans": {"address": "地址", "profile": "个人资料"},
    "zh-Hant": {"address": "地址", "profile": "個人資料"},
}
EMAIL_SUBJECT: Final[Templates] = {
    "en": ("Question about my account", "Update my details", "Order {order}", "Hello"),
    "zh-Hans": ("关于我的账户", "资料更新", "订单{order}", "咨询"),
    "zh-Hant": ("關於我的帳戶", "資料更新", "訂單{order}", "詢問"),
}
COMPLAINT_SUBJECT: Final = {"en": "Complaint", "zh-Hans": "投诉", "zh-Hant": "客訴"}
EMAIL_BODY: Final[Templates] = {
    "en": (
        "Hi,\n\n{text}\n\nThanks,\n{first_name}",
        "Hello,\n\n{text}\n\nBest regards,\n{full_name}",
    ),
    "zh-Hans": ("您好，\n\n{text}\n\n谢谢！\n{full_name}",),
    "zh-Hant": ("您好：\n\n{text}\n\n謝謝！\n{full_name}",),
}

ADDRESS_UPDATE: Final[Templates] = {
    "en": (
        "Please update my address to {address}.",
        "My address has changed. The new one is {address}.",
    ),
    "zh-Hans": ("请把我的地址改为{address}。", "我的地址变了，新地址是{address}。"),
    "zh-Hant": ("請把我的地址改為{address}。", "我的地址變了，新地址是{address}。"),
}
OUTBOUND_CALL: Final[Templates] = {
    "en": (
        "Outbound retention call: offered a card upgrade.",
        "Outbound call: offered the home insurance bundle.",
    ),
    "zh-Hans": ("外呼：推荐信用卡升级。", "外呼：推荐家财险套餐。"),
    "zh-Hant": ("外撥：推薦信用卡升級。", "外撥：推薦住家保險方案。"),
}


_FIELDS_CACHE: dict[str, frozenset[str]] = {}


def fields_of(template: str) -> frozenset[str]:
    """The placeholder names a template uses."""
    found = _FIELDS_CACHE.get(template)
    if found is None:
        found = frozenset(
            name for _, name, _, _ in string.Formatter().parse(template) if name is not None
        )
        _FIELDS_CACHE[template] = found
    return found


def fill(rng: Random, templates: Sequence[str], context: Mapping[str, str]) -> str:
    """One template whose placeholders are all in ``context``, filled in."""
    usable = [t for t in templates if fields_of(t) <= context.keys()]
    if not usable:
        raise KeyError(f"no template fits the context {sorted(context)}: {templates!r}")
    return rng.choice(usable).format_map(context)
