"""Vocabularies for synthetic decisions.

Names are built from surname and given-name character lists, never taken from real records.
Region codes and place names are public administrative geography (GB/T 2260 style), which is
what real decisions print for authorities and addresses.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    code: str  # 6-digit county-level code
    province: str
    city: str  # "" for municipalities directly under the central government
    county: str
    city_abbr: str  # one character used in 文号 prefixes
    county_abbr: str
    plate: str  # province char + office letter
    area_code: str  # landline area code
    county_city: bool = False  # 县级市 / 县 with its own 公安局 (not a 分局)

    @property
    def prefix(self) -> str:
        """The part of an address that may stay visible (province / city / county)."""
        return f"{self.province}{self.city}{self.county}"

    @property
    def city_name(self) -> str:
        return self.city or self.province


REGIONS: list[Region] = [
    Region("330106", "浙江省", "杭州市", "西湖区", "杭", "西", "浙A", "0571"),
    Region("330102", "浙江省", "杭州市", "上城区", "杭", "上", "浙A", "0571"),
    Region("330110", "浙江省", "杭州市", "余杭区", "杭", "余", "浙A", "0571"),
    Region("331002", "浙江省", "台州市", "椒江区", "台", "椒", "浙J", "0576"),
    Region("331081", "浙江省", "台州市", "温岭市", "台", "温", "浙J", "0576", True),
    Region("330782", "浙江省", "金华市", "义乌市", "金", "义", "浙G", "0579", True),
    Region("330326", "浙江省", "温州市", "平阳县", "温", "平", "浙C", "0577", True),
    Region("310106", "上海市", "", "静安区", "沪", "静", "沪A", "021"),
    Region("310115", "上海市", "", "浦东新区", "沪", "浦", "沪B", "021"),
    Region("110108", "北京市", "", "海淀区", "京", "海", "京N", "010"),
    Region("110105", "北京市", "", "朝阳区", "京", "朝", "京Q", "010"),
    Region("120101", "天津市", "", "和平区", "津", "和", "津A", "022"),
    Region("500103", "重庆市", "", "渝中区", "渝", "渝", "渝A", "023"),
    Region("440106", "广东省", "广州市", "天河区", "穗", "天", "粤A", "020"),
    Region("440304", "广东省", "深圳市", "福田区", "深", "福", "粤B", "0755"),
    Region("320106", "江苏省", "南京市", "鼓楼区", "宁", "鼓", "苏A", "025"),
    Region("320506", "江苏省", "苏州市", "吴中区", "苏", "吴", "苏E", "0512"),
    Region("510107", "四川省", "成都市", "武侯区", "成", "武", "川A", "028"),
    Region("420106", "湖北省", "武汉市", "武昌区", "武", "昌", "鄂A", "027"),
    Region("430104", "湖南省", "长沙市", "岳麓区", "长", "岳", "湘A", "0731"),
    Region("370102", "山东省", "济南市", "历下区", "济", "历", "鲁A", "0531"),
    Region("370202", "山东省", "青岛市", "市南区", "青", "南", "鲁B", "0532"),
    Region("350203", "福建省", "厦门市", "思明区", "厦", "思", "闽D", "0592"),
    Region("350582", "福建省", "泉州市", "晋江市", "泉", "晋", "闽C", "0595", True),
    Region("610113", "陕西省", "西安市", "雁塔区", "西", "雁", "陕A", "029"),
    Region("410105", "河南省", "郑州市", "金水区", "郑", "金", "豫A", "0371"),
    Region("340104", "安徽省", "合肥市", "蜀山区", "合", "蜀", "皖A", "0551"),
    Region("360102", "江西省", "南昌市", "东湖区", "洪", "东", "赣A", "0791"),
    Region("450103", "广西壮族自治区", "南宁市", "青秀区", "邕", "青", "桂A", "0771"),
    Region("530102", "云南省", "昆明市", "五华区", "昆", "五", "云A", "0871"),
    Region("520102", "贵州省", "贵阳市", "南明区", "筑", "南", "贵A", "0851"),
    Region("210102", "辽宁省", "沈阳市", "和平区", "沈", "和", "辽A", "024"),
    Region("220102", "吉林省", "长春市", "南关区", "长", "南", "吉A", "0431"),
    Region("230102", "黑龙江省", "哈尔滨市", "道里区", "哈", "道", "黑A", "0451"),
    Region("130104", "河北省", "石家庄市", "桥西区", "石", "桥", "冀A", "0311"),
    Region("140105", "山西省", "太原市", "小店区", "并", "小", "晋A", "0351"),
    Region("150102", "内蒙古自治区", "呼和浩特市", "新城区", "呼", "新", "蒙A", "0471"),
    Region("620102", "甘肃省", "兰州市", "城关区", "兰", "城", "甘A", "0931"),
    Region("640104", "宁夏回族自治区", "银川市", "兴庆区", "银", "兴", "宁A", "0951"),
    Region("650102", "新疆维吾尔自治区", "乌鲁木齐市", "天山区", "乌", "天", "新A", "0991"),
    Region("540102", "西藏自治区", "拉萨市", "城关区", "拉", "城", "藏A", "0891"),
    Region("460106", "海南省", "海口市", "龙华区", "海", "龙", "琼A", "0898"),
    Region("630102", "青海省", "西宁市", "城东区", "宁", "东", "青A", "0971"),
]

# Weighted towards the provinces the service starts in.
REGION_WEIGHTS = [
    4 if r.province == "浙江省" else 2 if r.province in ("上海市", "江苏省", "广东省") else 1 for r in REGIONS
]

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤缪"
)
COMPOUND_SURNAMES = [
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "东方",
    "皇甫",
    "慕容",
    "令狐",
    "夏侯",
    "尉迟",
    "公孙",
    "司徒",
    "端木",
    "宇文",
]
GIVEN_CHARS = list(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国飞斌宇浩凯晨子涵欣怡博文思雨轩梓睿"
    "嘉豪佳琪晓东海峰志刚俊丹雪梅林燕波宁健荣新春玲琳颖婷倩慧琴云莉彬帆亮成宏海龙春生德福永安家兴昊天"
    "一鸣诗若彤雅楠泽瑞鑫淼晗铭煜炜宸锦程"
)
# Characters outside GBK (CJK Ext-A/B) that real registries do contain; --hard uses them.
RARE_CHARS = ["䶮", "䒟", "𠇔", "𡒄", "㛃", "㼆", "𬌗", "䲢"]

UYGHUR_GIVEN = [
    "阿卜杜拉",
    "艾力",
    "买买提",
    "古丽米拉",
    "热依拉",
    "阿依古丽",
    "努尔",
    "吐尔逊",
    "艾山",
    "帕提古丽",
    "迪丽拜尔",
]
UYGHUR_FATHER = ["买买提", "吐尔逊", "阿不都", "艾山", "喀斯木", "热合曼", "依明", "肉孜"]
TIBETAN_PARTS = [
    "扎西",
    "多吉",
    "次仁",
    "卓玛",
    "格桑",
    "达瓦",
    "平措",
    "央金",
    "尼玛",
    "拉姆",
    "旺堆",
    "措姆",
    "洛桑",
    "德吉",
]
MONGOLIAN = ["巴特尔", "乌云其木格", "其其格", "那日苏", "斯琴", "额尔敦", "苏日娜", "宝音"]

FOREIGN = [
    # (nationality, latin surname list, latin given list, transliteration table-free Chinese rendering)
    ("越南", ["NGUYEN", "TRAN", "LE", "PHAM"], ["VAN HUNG", "THI HUONG", "VAN NAM", "THI LAN"]),
    ("缅甸", ["AUNG", "KYAW", "MYA"], ["SOE", "THU", "WIN"]),
    ("美国", ["SMITH", "JOHNSON", "BROWN", "MILLER"], ["JOHN", "MICHAEL", "DAVID", "EMMA"]),
    ("俄罗斯", ["IVANOV", "PETROV", "SMIRNOV"], ["ALEKSEI", "DMITRII", "OLGA"]),
    ("尼日利亚", ["OKAFOR", "ADEBAYO", "OKONKWO"], ["CHIDI", "EMEKA", "NGOZI"]),
    ("韩国", ["KIM", "LEE", "PARK"], ["MINSU", "JIYEON", "HYUNWOO"]),
]
FOREIGN_CN = [
    "约翰·史密斯",
    "迈克尔·约翰逊",
    "阮文雄",
    "阮氏香",
    "金敏秀",
    "伊万诺夫·阿列克谢",
    "奥卡福·奇迪",
]

TOWNS = [
    "城东",
    "城西",
    "城南",
    "新华",
    "翠苑",
    "湖滨",
    "古荡",
    "东山",
    "南门",
    "北关",
    "文化",
    "长安",
    "金桥",
    "花园",
    "清河",
    "白云",
    "龙华",
    "望江",
    "三墩",
    "留下",
    "蒋村",
    "东湖",
    "石桥",
    "沙河",
    "凤凰",
    "双桥",
    "塘栖",
    "西溪",
]
ROADS = [
    "解放路",
    "人民路",
    "中山路",
    "建设路",
    "和平街",
    "新华路",
    "文三路",
    "天目山路",
    "学院路",
    "江南大道",
    "环城北路",
    "青年路",
    "胜利路",
    "长江路",
    "黄河路",
    "光明街",
    "朝阳路",
    "幸福路",
    "工农路",
    "体育场路",
    "民主路",
    "振兴路",
]
COMMUNITIES = [
    "阳光花园",
    "金色家园",
    "锦绣苑",
    "翠湖小区",
    "世纪新城",
    "南苑新村",
    "东方名苑",
    "华府",
    "桂花城",
    "绿城小区",
]
VILLAGES = ["前洋", "后山", "杨家", "下王", "新塘", "东岙", "石门", "上徐", "岭头", "大溪"]
VENUES = [
    "某KTV包厢",
    "某烧烤店门口",
    "某小区地下车库",
    "某超市内",
    "某网吧",
    "某酒吧门口",
    "某菜市场",
    "某公交站台",
    "某宾馆大堂",
    "某工地",
    "某麻将馆",
    "某出租屋内",
    "某广场",
]
SHOP_WORDS = [
    "便利店",
    "小吃店",
    "五金店",
    "麻将馆",
    "民宿",
    "网吧",
    "足浴店",
    "烧烤店",
    "棋牌室",
    "副食品店",
]
COMPANY_CORES = [
    "恒达",
    "宏远",
    "鑫盛",
    "华安",
    "新世纪",
    "东方",
    "星辰",
    "启明",
    "海纳",
    "嘉禾",
    "金鼎",
    "瑞丰",
    "天成",
    "博远",
]
COMPANY_KINDS = [
    ("酒店管理有限公司", "hotel"),
    ("网络科技有限公司", "net"),
    ("物业管理有限公司", "property"),
    ("建设工程有限公司", "construction"),
    ("商贸有限公司", "trade"),
    ("娱乐有限公司", "ktv"),
    ("物流有限公司", "logistics"),
    ("信息技术有限公司", "net"),
    ("餐饮管理有限公司", "food"),
    ("保安服务有限公司", "security"),
]
BANKS = [
    "中国工商银行",
    "中国农业银行",
    "中国银行",
    "中国建设银行",
    "交通银行",
    "中国邮政储蓄银行",
    "浙江农商银行",
]
EMPLOYERS_KIND = ["有限公司", "餐饮店", "汽车修理厂", "物流公司", "建筑工地", "科技有限公司"]
OCCUPATIONS = ["无业", "务工", "个体", "自由职业", "公司职员", "司机", "学生", "农民"]
EDUCATION = ["小学", "初中", "高中", "中专", "大专", "本科"]
ETHNIC = ["汉族"] * 12 + ["回族", "壮族", "满族", "苗族", "土家族"]
