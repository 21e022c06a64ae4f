"""Word lists the simulated population is drawn from: names, places, employers, products.

Kept in code rather than taken from faker so that a seed gives the same people on every
machine and every library version. Chinese entries come in simplified and traditional form.
"""

from __future__ import annotations

from typing import Final

LOCALES: Final = ("en", "zh-Hans", "zh-Hant")

# --- names ---------------------------------------------------------------------------------

EN_FIRST_F: Final = (
    "Emma",
    "Olivia",
    "Ava",
    "Sophia",
    "Isabella",
    "Mia",
    "Charlotte",
    "Amelia",
    "Harper",
    "Evelyn",
    "Abigail",
    "Emily",
    "Elizabeth",
    "Sofia",
    "Madison",
    "Avery",
    "Ella",
    "Grace",
    "Chloe",
    "Victoria",
    "Hannah",
    "Laura",
    "Rachel",
    "Megan",
    "Jessica",
    "Sarah",
    "Karen",
    "Linda",
    "Patricia",
    "Nancy",
)
EN_FIRST_M: Final = (
    "Liam",
    "Noah",
    "Oliver",
    "Elijah",
    "James",
    "William",
    "Benjamin",
    "Lucas",
    "Henry",
    "Alexander",
    "Mason",
    "Michael",
    "Ethan",
    "Daniel",
    "Jacob",
    "Logan",
    "Jackson",
    "Sebastian",
    "Jack",
    "Owen",
    "David",
    "Joseph",
    "Robert",
    "Thomas",
    "Charles",
    "Mark",
    "Steven",
    "Paul",
    "Kevin",
    "Brian",
)
EN_LAST: Final = (
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "O'Brien",
    "Murphy",
    "Patel",
    "Kim",
)

# (simplified, traditional, pinyin)
ZH_SURNAMES: Final = (
    ("王", "王", "wang"),
    ("李", "李", "li"),
    ("张", "張", "zhang"),
    ("刘", "劉", "liu"),
    ("陈", "陳", "chen"),
    ("杨", "楊", "yang"),
    ("黄", "黃", "huang"),
    ("赵", "趙", "zhao"),
    ("吴", "吳", "wu"),
    ("周", "周", "zhou"),
    ("徐", "徐", "xu"),
    ("孙", "孫", "sun"),
    ("马", "馬", "ma"),
    ("朱", "朱", "zhu"),
    ("胡", "胡", "hu"),
    ("郭", "郭", "guo"),
    ("何", "何", "he"),
    ("林", "林", "lin"),
    ("高", "高", "gao"),
    ("罗", "羅", "luo"),
    ("郑", "鄭", "zheng"),
    ("梁", "梁", "liang"),
    ("谢", "謝", "xie"),
    ("蔡", "蔡", "cai"),
    ("许", "許", "xu"),
    ("曾", "曾", "zeng"),
    ("彭", "彭", "peng"),
    ("萧", "蕭", "xiao"),
)
ZH_GIVEN_F: Final = (
    ("芳", "芳", "fang"),
    ("娜", "娜", "na"),
    ("敏", "敏", "min"),
    ("静", "靜", "jing"),
    ("丽", "麗", "li"),
    ("艳", "艷", "yan"),
    ("娟", "娟", "juan"),
    ("霞", "霞", "xia"),
    ("秀英", "秀英", "xiuying"),
    ("桂英", "桂英", "guiying"),
    ("淑芬", "淑芬", "shufen"),
    ("美玲", "美玲", "meiling"),
    ("怡君", "怡君", "yijun"),
    ("雅婷", "雅婷", "yating"),
    ("佳怡", "佳怡", "jiayi"),
    ("欣怡", "欣怡", "xinyi"),
    ("诗涵", "詩涵", "shihan"),
    ("晓红", "曉紅", "xiaohong"),
    ("慧敏", "慧敏", "huimin"),
    ("婉婷", "婉婷", "wanting"),
)
ZH_GIVEN_M: Final = (
    ("伟", "偉", "wei"),
    ("强", "強", "qiang"),
    ("磊", "磊", "lei"),
    ("军", "軍", "jun"),
    ("洋", "洋", "yang"),
    ("勇", "勇", "yong"),
    ("杰", "傑", "jie"),
    ("涛", "濤", "tao"),
    ("明", "明", "ming"),
    ("超", "超", "chao"),
    ("志明", "志明", "zhiming"),
    ("家豪", "家豪", "jiahao"),
    ("俊杰", "俊傑", "junjie"),
    ("建华", "建華", "jianhua"),
    ("志强", "志強", "zhiqiang"),
    ("浩然", "浩然", "haoran"),
    ("宇轩", "宇軒", "yuxuan"),
    ("冠宇", "冠宇", "guanyu"),
    ("承恩", "承恩", "chengen"),
    ("国华", "國華", "guohua"),
)

# --- places --------------------------------------------------------------------------------

# (city, state, zip prefix, UTC offset in minutes: standard time, DST ignored)
US_CITIES: Final = (
    ("Springfield", "IL", "627", -360),
    ("Austin", "TX", "787", -360),
    ("Seattle", "WA", "981", -480),
    ("Portland", "OR", "972", -480),
    ("Denver", "CO", "802", -420),
    ("Boston", "MA", "021", -300),
    ("Atlanta", "GA", "303", -300),
    ("Chicago", "IL", "606", -360),
    ("San Jose", "CA", "951", -480),
    ("Columbus", "OH", "432", -300),
    ("Phoenix", "AZ", "850", -420),
    ("Raleigh", "NC", "276", -300),
    ("Minneapolis", "MN", "554", -360),
    ("Nashville", "TN", "372", -360),
)
US_STREETS: Final = (
    "Oak",
    "Maple",
    "Cedar",
    "Pine",
    "Elm",
    "Washington",
    "Lake",
    "Hill",
    "Park",
    "Main",
    "Sunset",
    "Highland",
    "Lincoln",
    "Jefferson",
    "Madison",
    "Willow",
    "Chestnut",
    "River",
)
# (abbreviation, long form)
US_SUFFIXES: Final = (
    ("St", "Street"),
    ("Ave", "Avenue"),
    ("Rd", "Road"),
    ("Blvd", "Boulevard"),
    ("Ln", "Lane"),
    ("Dr", "Drive"),
    ("Ct", "Court"),
)

# (province or "", city, districts, roads); all simplified
CN_CITIES: Final = (
    (
        "",
        "上海市",
        ("浦东新区", "徐汇区", "静安区", "闵行区"),
        ("世纪大道", "南京西路", "漕溪北路", "张杨路"),
    ),
    (
        "",
        "北京市",
        ("朝阳区", "海淀区", "东城区", "丰台区"),
        ("建国路", "中关村大街", "东直门内大街", "望京街"),
    ),
    ("广东省", "广州市", ("天河区", "越秀区", "海珠区"), ("天河路", "中山五路", "江南大道")),
    ("广东省", "深圳市", ("南山区", "福田区", "宝安区"), ("科技园路", "深南大道", "新安路")),
    ("浙江省", "杭州市", ("西湖区", "滨江区", "拱墅区"), ("文三路", "江南大道", "湖墅南路")),
    ("四川省", "成都市", ("武侯区", "锦江区", "高新区"), ("天府大道", "人民南路", "春熙路")),
    ("江苏省", "南京市", ("鼓楼区", "玄武区", "建邺区"), ("中山路", "北京东路", "江东中路")),
)

# (city, districts, roads, postal code prefix by district index); traditional, official "臺"
TW_CITIES: Final = (
    (
        "臺北市",
        ("大安區", "信義區", "中山區"),
        ("忠孝東路四段", "信義路五段", "中山北路二段"),
        ("106", "110", "104"),
    ),
    (
        "新北市",
        ("板橋區", "新店區", "中和區"),
        ("文化路一段", "北新路三段", "中山路二段"),
        ("220", "231", "235"),
    ),
    (
        "臺中市",
        ("西屯區", "北區", "南屯區"),
        ("文心路三段", "臺灣大道二段", "公益路二段"),
        ("407", "404", "408"),
    ),
    (
        "高雄市",
        ("前鎮區", "苓雅區", "左營區"),
        ("中山二路", "四維三路", "博愛二路"),
        ("806", "802", "813"),
    ),
)
# (area, district, roads, building names)
HK_AREAS: Final = (
    ("九龍", "旺角", ("彌敦道", "亞皆老街", "西洋菜南街"), ("信和中心", "朗豪坊", "華豐大廈")),
    ("香港島", "銅鑼灣", ("軒尼詩道", "怡和街", "告士打道"), ("時代廣場", "海景大廈", "百德大廈")),
    ("新界", "沙田", ("沙田正街", "大涌橋路", "源禾路"), ("新城市廣場", "沙田中心", "翠湖花園")),
)

# --- e-mail ----------------------------------------------------------------------------------

EMAIL_DOMAINS: Final = {
    "US": ("gmail.com", "gmail.com", "outlook.com", "yahoo.com", "icloud.com", "hotmail.com"),
    "CN": ("qq.com", "163.com", "126.com", "sina.com", "gmail.com"),
    "TW": ("gmail.com", "yahoo.com.tw", "hotmail.com", "msn.com"),
    "HK": ("gmail.com", "yahoo.com.hk", "netvigator.com", "hotmail.com"),
}

# --- work and study ----------------------------------------------------------------------------

EMPLOYERS: Final = {
    "en": (
        "Acme Corp",
        "Globex",
        "Initech",
        "Northwind Traders",
        "Contoso",
        "Umbrella Health",
        "Stark Logistics",
        "Wayne Financial",
        "Springfield General Hospital",
        "City Schools",
    ),
    "zh-Hans": (
        "华为技术",
        "阿里巴巴",
        "腾讯科技",
        "中国平安",
        "招商银行",
        "比亚迪",
        "京东",
        "美团",
    ),
    "zh-Hant": ("台積電", "鴻海精密", "中華電信", "國泰金控", "長榮航空", "華碩電腦", "滙豐銀行"),
}
# (title, title after a promotion)
JOB_TITLES: Final = {
    "en": (
        ("Software Engineer", "Senior Software Engineer"),
        ("Sales Representative", "Sales Manager"),
        ("Accountant", "Senior Accountant"),
        ("Nurse", "Head Nurse"),
        ("Teacher", "Head of Department"),
        ("Project Manager", "Program Director"),
        ("Analyst", "Senior Analyst"),
        ("Store Associate", "Store Manager"),
    ),
    "zh-Hans": (
        ("软件工程师", "高级软件工程师"),
        ("销售代表", "销售经理"),
        ("会计", "财务主管"),
        ("护士", "护士长"),
        ("教师", "教研组长"),
        ("项目经理", "项目总监"),
        ("分析师", "高级分析师"),
    ),
    "zh-Hant": (
        ("軟體工程師", "資深軟體工程師"),
        ("業務代表", "業務經理"),
        ("會計", "財務主管"),
        ("護理師", "護理長"),
        ("教師", "教學組長"),
        ("專案經理", "專案總監"),
        ("分析師", "資深分析師"),
    ),
}
SCHOOLS: Final = {
    "en": ("State University", "the Tech Institute", "City College", "Lakeside University"),
    "zh-Hans": ("复旦大学", "浙江大学", "中山大学", "四川大学"),
    "zh-Hant": ("臺灣大學", "政治大學", "成功大學", "香港大學"),
}

# --- shopping ----------------------------------------------------------------------------------

CATEGORIES: Final = (
    "grocery",
    "electronics",
    "home",
    "apparel",
    "baby",
    "beauty",
    "furniture",
    "garden",
    "toys",
    "sports",
)
# (category, price range in the region's currency per line, US scale)
PRICE_RANGE: Final = {
    "grocery": (3, 60),
    "electronics": (20, 900),
    "home": (8, 150),
    "apparel": (12, 160),
    "baby": (6, 250),
    "beauty": (5, 90),
    "furniture": (80, 1800),
    "garden": (5, 300),
    "toys": (5, 80),
    "sports": (10, 250),
}
CURRENCY: Final = {"US": ("USD", 1.0), "CN": ("CNY", 7.0), "TW": ("TWD", 30.0), "HK": ("HKD", 7.8)}
PRODUCTS: Final = {
    "en": ("blender", "stroller", "sofa", "air fryer", "running shoes", "coffee maker", "crib"),
    "zh-Hans": ("破壁机", "婴儿推车", "沙发", "空气炸锅", "跑鞋", "咖啡机", "婴儿床"),
    "zh-Hant": ("果汁機", "嬰兒推車", "沙發", "氣炸鍋", "跑鞋", "咖啡機", "嬰兒床"),
}
SEARCHES: Final = {
    "en": (
        "sofa",
        "crib",
        "wedding registry",
        "air fryer",
        "moving boxes",
        "gift card",
        "running shoes",
        "paint",
        "laptop",
        "baby monitor",
    ),
    "zh-Hans": (
        "沙发",
        "婴儿床",
        "结婚礼物",
        "空气炸锅",
        "搬家纸箱",
        "礼品卡",
        "跑鞋",
        "笔记本电脑",
    ),
    "zh-Hant": ("沙發", "嬰兒床", "結婚禮物", "氣炸鍋", "搬家紙箱", "禮物卡", "跑鞋", "筆記型電腦"),
}
WEB_PAGES: Final = (
    "/",
    "/deals",
    "/c/home",
    "/c/baby",
    "/c/furniture",
    "/c/electronics",
    "/c/apparel",
    "/account",
    "/account/orders",
    "/stores",
    "/help/returns",
    "/credit-card",
)
APP_SCREENS: Final = ("home", "deals", "product", "cart", "orders", "wallet", "stores", "profile")

SOCIAL_PLATFORMS: Final = {
    "US": ("twitter", "facebook", "instagram"),
    "CN": ("weibo", "xiaohongshu"),
    "TW": ("facebook", "instagram", "threads"),
    "HK": ("facebook", "instagram"),
}
BRAND_HANDLE: Final = {"en": "@ChorusHome", "zh-Hans": "@Chorus家居", "zh-Hant": "@Chorus家居"}
