"""Hard-case table: each row is text, the entity type that must cover the value, the value."""

from __future__ import annotations

import pytest

from redact import Redactor

ID = "331002198503021230"

CASES = [
    # resident IDs: glued to CJK (\b would miss these), full-width, spaced, lower-case x, 15 digits
    ("身份证号" + ID + "无关", "CN_RESIDENT_ID", ID),
    ("编号" + ID + "的证件", "CN_RESIDENT_ID", ID),
    (
        "身份证号码：３３１００２１９８５０３０２１２３０。",
        "CN_RESIDENT_ID",
        "３３１００２１９８５０３０２１２３０",
    ),
    ("身份证号 331002 19850302 1230，", "CN_RESIDENT_ID", "331002 19850302 1230"),
    ("公民身份号码11010519491231002x，", "CN_RESIDENT_ID", "11010519491231002x"),
    ("身份证号码150102860214331，", "CN_RESIDENT_ID", "150102860214331"),
    # typo in the check character still masked (plausible region and date)
    ("身份证号码331002198503021231，", "CN_RESIDENT_ID", "331002198503021231"),
    # phones
    ("联系电话13800138000。", "PHONE_NUMBER", "13800138000"),
    ("手机+86 139 1234 5678，", "PHONE_NUMBER", "+86 139 1234 5678"),
    ("电话138-0013-8000", "PHONE_NUMBER", "138-0013-8000"),
    ("联系电话：0571-88012345。", "PHONE_NUMBER", "0571-88012345"),
    ("电话：(0951)3628408。", "PHONE_NUMBER", "(0951)3628408"),
    ("联系方式：0571 8765 4321", "PHONE_NUMBER", "0571 8765 4321"),
    # bank: Luhn-valid card, and an account that fails Luhn (must still be masked)
    ("卡号6222020361481100457收取", "BANK_ACCOUNT", "6222020361481100457"),
    ("银行账号：1202 0212 0900 1234 567。", "BANK_ACCOUNT", "1202 0212 0900 1234 567"),
    ("转入账户622848000011112222，", "BANK_ACCOUNT", "622848000011112222"),
    # documents
    ("护照号码：E12345678，", "PASSPORT", "E12345678"),
    ("护照号码：533412876）", "PASSPORT", "533412876"),
    ("港澳居民来往内地通行证号码H1234567801；", "CN_TRAVEL_PERMIT", "H1234567801"),
    ("台湾居民来往大陆通行证号码08123456，", "CN_TRAVEL_PERMIT", "08123456"),
    # contact
    ("邮箱zhaoming88@163.com，", "EMAIL_ADDRESS", "zhaoming88@163.com"),
    ("QQ号284756192，", "IM_ACCOUNT", "284756192"),
    ("微信号zm_hz1988）", "IM_ACCOUNT", "zm_hz1988"),
    # plates incl. new-energy and the middle dot
    ("驾驶浙J·A1234号小型轿车", "VEHICLE_PLATE", "浙J·A1234"),
    ("驾驶京AD12345号小型轿车", "VEHICLE_PLATE", "京AD12345"),
    ("湘BF64880号车辆", "VEHICLE_PLATE", "湘BF64880"),
    ("粤B 12345D号", "VEHICLE_PLATE", "粤B 12345D"),
    # property certificates
    (
        "不动产权证号为京(2018)海淀区不动产权第0012345号。",
        "PROPERTY_CERT",
        "京(2018)海淀区不动产权第0012345号",
    ),
    ("浙（2019）椒江区不动产权第0012345号", "PROPERTY_CERT", "浙（2019）椒江区不动产权第0012345号"),
    # birth dates
    ("男，1985年3月2日出生，", "BIRTH_DATE", "1985年3月2日"),
    ("出生日期：1996-11-23，", "BIRTH_DATE", "1996-11-23"),
    ("女，一九八五年三月二日生，", "BIRTH_DATE", "一九八五年三月二日"),
    # addresses: only the part below county level
    ("现住浙江省台州市椒江区白云街道幸福小区3幢201室，", "ADDRESS", "白云街道幸福小区3幢201室"),
    ("住址：北京市朝阳区建国路88号。", "ADDRESS", "建国路88号"),
    ("在其租住的广州市白云区同和街道蟾蜍石东路3号吸食毒品", "ADDRESS", "同和街道蟾蜍石东路3号"),
    # names from labels, cues and clause starts
    ("违法行为人张三丰，男，", "PERSON", "张三丰"),
    ("违法行为人郑晓东通过其银行卡", "PERSON", "郑晓东"),
    ("被侵害人：李四，女。", "PERSON", "李四"),
    ("证人王小红证实了上述事实。", "PERSON", "王小红"),
    ("冯涛伙同蒋伟殴打曹敏。", "PERSON", "蒋伟"),
    ("冯涛伙同蒋伟殴打曹敏。", "PERSON", "曹敏"),
    ("被民警查获。林彬春协助将其控制。", "PERSON", "林彬春"),
    ("违法行为人：阿依古丽·买买提，女，", "PERSON", "阿依古丽·买买提"),
    ("违法行为人欧阳明辉，男，", "PERSON", "欧阳明辉"),
    ("被处罚人：旺堆措姆，性别：男", "PERSON", "旺堆措姆"),
    ("违法嫌疑人PHAM VAN HUNG 性别男", "PERSON", "PHAM VAN HUNG"),
    ("被侵害人白雪在其住处（江苏省南京市鼓楼区中山北路30号）被盗", "ADDRESS", "中山北路30号"),
    ("驾驶证档案编号：330100123456  准驾车型：C1", "ID_DOCUMENT", "330100123456"),
    # printed forms pad labels and names with spaces
    ("姓    名：杨  鸣        性    别：男", "PERSON", "杨  鸣"),
    ("违法行为人：范　伟，男，43岁", "PERSON", "范　伟"),
    ("住    址：浦东新区文三路544号11-1401 联系电话：", "ADDRESS", "文三路544号11-1401"),
    ("联系方式：(852)96781471。", "PHONE_NUMBER", "(852)96781471"),
    # lists and relatives in the narrative; list members may be everyday words (甘露)
    ("2023年1月20日晚，韦小宝、郝建、甘露等人在家中赌博。", "PERSON", "甘露"),
    ("祁保国之女祁丽报警。", "PERSON", "祁丽"),
    ("另查明，外籍人员约翰·史密斯（护照号码：E98765432）", "PERSON", "约翰·史密斯"),
    (
        "冉东多次到被侵害人游晓燕位于重庆市渝中区解放碑街道民族路101号的住处敲门",
        "ADDRESS",
        "解放碑街道民族路101号",
    ),
    ("未按规定对入住旅客方子（身份证号码：330102199001011234）进行登记", "PERSON", "方子"),
    ("监护人：额安凯（系其父亲），联系电话", "PERSON", "额安凯"),
    # labelled names that look like places, with the sex glued on
    ("违法嫌疑人金华男\n出生日期2000-09-17", "PERSON", "金华"),
    ("当事人：武汉 性别：女", "PERSON", "武汉"),
    ("被处罚人莫文化男 民族汉族", "PERSON", "莫文化"),
    # rare characters outside the basic CJK block
    ("违法嫌疑人：吴䶮 性别：男", "PERSON", "吴䶮"),
    # traditional-character copies (mirror sites)
    ("違法行為人陳建國，男，身份證號碼331002198503021230，", "PERSON", "陳建國"),
    ("聯繫電話13800138000，", "PHONE_NUMBER", "13800138000"),
    ("現住浙江省台州市椒江區白雲街道幸福小區3幢201室，", "ADDRESS", "白雲街道幸福小區3幢201室"),
    # found on a fresh hand-written set (H2) that no detector had been tuned on
    ("以上事实有询问笔录（被询问人孔繁星、陶一鸣）等证据证实。", "PERSON", "孔繁星"),
    ("以上事实有询问笔录（被询问人孔繁星、陶一鸣）等证据证实。", "PERSON", "陶一鸣"),
    ("欧阳清扬（公民身份号码：440305199503187622）", "PERSON", "欧阳清扬"),
    ("外籍消费者Laura Smith（英国籍，护照号码E1234567）反映", "PERSON", "Laura Smith"),
    ("违法行为人黄大勇（曾用名黄小勇），男，", "PERSON", "黄小勇"),
    ("违法行为人黄大勇（绰号“阿勇”），男，", "PERSON", "阿勇"),
    ("与被侵害人艾尼瓦尔（男，维吾尔族，30岁）发生争执", "PERSON", "艾尼瓦尔"),
    ("个体工商户经营者岩罕（傣族，身份证号码", "PERSON", "岩罕"),
    ("车上乘客为其堂弟李强强。", "PERSON", "李强强"),
    ("在其个人微信号（lxm_shop2020）发布广告", "IM_ACCOUNT", "lxm_shop2020"),
    ("联系电话+84 912 345 678。", "PHONE_NUMBER", "+84 912 345 678"),
    ("送达地址为深圳市南山区粤海街道科苑路15号8栋1201，", "ADDRESS", "粤海街道科苑路15号8栋1201"),
    ("发现当事人在其家中（健康路西段17号）销售", "ADDRESS", "健康路西段17号"),
    ("被侵害人蒋某（女，住曙光小区21幢102室，电话", "ADDRESS", "曙光小区21幢102室"),
    ("台湾地址：台湾地区新北市板桥区文化路一段188巷5号3楼，", "ADDRESS", "文化路一段188巷5号3楼"),
    ("户籍所在地福建省厦门市思明区中华街道中山路321号之三，", "ADDRESS", "中华街道中山路321号之三"),
    # found on a third author's set (H3): OCR spacing, tables, certificates, platforms
    ("被处罚人：林 志 伟（东莞市长安镇新安村人）", "PERSON", "林 志 伟"),
    ("违法行为人刘 志 强，性别男", "PERSON", "刘 志 强"),
    ("韦小燕（女，2003 年 9 月 21 日出生，", "BIRTH_DATE", "2003 年 9 月 21 日"),
    ("住址：湖北省武汉市蔡甸区侏儒山街道 东风村 六组 18 号 联系", "ADDRESS", "侏儒山街道 东风村 六组 18 号"),
    ("序号  姓名  身份证号码  拖欠金额\n6  马海燕  642222198506190224  27,300\n", "PERSON", "马海燕"),
    ("       黄 丽 萍  7,860 元；\n       覃志明  8,120 元；\n", "PERSON", "黄 丽 萍"),
    ("《土地承包经营权证》编号：370683201209140071J）约1.2亩", "PROPERTY_CERT", "370683201209140071J"),
    (
        "林权证号：阿荣旗林证字（2012）第0000123号  违法事实：",
        "PROPERTY_CERT",
        "阿荣旗林证字（2012）第0000123号",
    ),
    ("通过阿里旺旺（账号：xuanxuan_chaopai）与买家沟通", "IM_ACCOUNT", "xuanxuan_chaopai"),
    ("联系电话：021-58761234转8021，", "PHONE_NUMBER", "021-58761234转8021"),
    ("身份证号：4201141988\n07233517 住址", "CN_RESIDENT_ID", "4201141988\n07233517"),
    ("违法行为人：约翰·史密斯（JOHN SMITH） 性别：男", "PERSON", "JOHN SMITH"),
    # found on a fourth author's set (H4): PDF line wrapping, HK/Macau forms, platforms
    ("游客邓伟文（TANG Wai Man）用手机拍摄了现场", "PERSON", "TANG Wai Man"),
    ("搭载乘客Kim Min-jun（中文姓名金敏俊）", "PERSON", "Kim Min-jun"),
    ("使用其注册的微博账号“琪琪在南京”（UID：6732190458）发布", "IM_ACCOUNT", "琪琪在南京"),
    ("使用其注册的微博账号“琪琪在南京”（UID：6732190458）发布", "IM_ACCOUNT", "6732190458"),
    ("澳门居民身份证号码：1384702(6)，联系电话", "ID_DOCUMENT", "1384702(6)"),
    ("男，1981年7月19日 生，身份证号码", "BIRTH_DATE", "1981年7月19日"),
    ("陳志偉駕駛閩D·8H362號小型轎車", "VEHICLE_PLATE", "閩D·8H362"),
    ("当事人熊志勇伙同其兄熊志刚，在未取得许可证", "PERSON", "熊志刚"),
    ("联系电话13800138000（越南号码+84 912 345 678）。", "PHONE_NUMBER", "+84 912 345 678"),
    (
        "住址：山东省青岛市市南区八大峡街道团岛二路15号1单元302户，联系",
        "ADDRESS",
        "八大峡街道团岛二路15号1单元302户",
    ),
    # identifiers half-masked at the source still leak their clear digits
    ("身份证号码510902********8198，", "ID_DOCUMENT", "510902********8198"),
    ("电话1532559****。", "PHONE_NUMBER", "1532559****"),
]


@pytest.mark.parametrize(("text", "entity", "value"), CASES)
def test_detects(redactor: Redactor, text: str, entity: str, value: str) -> None:
    spans = redactor.redact(text).spans
    start = text.index(value)
    hits = [s for s in spans if s.start <= start and start + len(value) <= s.end]
    assert hits, f"{entity} not found in {text!r}: {[(s.entity_type, s.text) for s in spans]}"
    if entity in ("PERSON", "ADDRESS", "BIRTH_DATE"):  # exact boundaries: no public character swallowed
        assert hits[0].text == value, hits[0]
    assert hits[0].entity_type == entity or {hits[0].entity_type, entity} <= {
        "ID_DOCUMENT",
        "CN_RESIDENT_ID",
        "PASSPORT",
        "CN_TRAVEL_PERMIT",
    }


NOT_PERSONAL = [
    "根据《中华人民共和国治安管理处罚法》第四十三条第一款之规定",
    "台椒公（治）行罚决字〔2019〕10234号",
    "决定书编号：4403051900223456",
    "处罚款贰佰圆(¥200)，罚款500元",
    "上海市公安局浦东分局张杨路派出所",
    "静安派出所民警到场",
    "统一社会信用代码91350100M000100Y43",
    "当事人陈述和申辩，以上事实有证人证言等证据证实。",
    "持本决定书到中国工商银行缴纳罚款（收款单位：台州市财政局非税收入汇缴专户，账号：33001616735059000888）",
    "违法行为人于2019年5月1日在商场盗窃商品。",
    "经呼气式酒精检测，其血液中酒精含量为85mg/100ml。",
    "二〇一九年五月三日",
    "被处罚人现住址不详，系无业人员。",
    "上述事实有现场照片、视听资料等证据证实。影响他人正常生活。",
    "其持越南护照（护照号码见附件）入境。",
    "和平区文三路某KTV内。",
    "被侵害人：天成超市（个体工商户）",
]


@pytest.mark.parametrize("text", NOT_PERSONAL)
def test_public_text_untouched(redactor: Redactor, text: str) -> None:
    result = redactor.redact(text)
    assert result.masked_text == text, [(s.entity_type, s.text, s.rule) for s in result.spans]


def test_every_span_explains_itself(redactor: Redactor) -> None:
    result = redactor.redact("违法行为人张三丰，身份证号码331002198503021230，联系电话13800138000。")
    assert result.spans
    for s in result.spans:
        assert s.recognizer and s.rule and 0 < s.score <= 1
    by_type = {s.entity_type: s for s in result.spans}
    assert by_type["CN_RESIDENT_ID"].rule.startswith("id18.checksum")
    assert by_type["CN_RESIDENT_ID"].score == 1.0


def test_context_raises_score(redactor: Redactor) -> None:
    bare = redactor.redact("编号为622848000011112222。").spans
    ctx = redactor.redact("银行账号为622848000011112222。").spans
    assert bare and ctx
    assert ctx[0].score > bare[0].score
    assert "context" in ctx[0].rule


def test_officials_are_kept_and_interviewees_are_not(redactor: Redactor) -> None:
    text = (
        "我支队监督检查人员冉光明、袁小媛进行检查；消防监督员熊大磊在场。"
        "以上事实有询问笔录（被询问人邓德明、向阳）证实。"
    )
    masked = redactor.redact(text).masked_text
    for official in ("冉光明", "袁小媛", "熊大磊"):
        assert official in masked
    assert "邓德明" not in masked and "向阳" not in masked


def test_a_longer_name_is_not_masked_as_its_prefix(redactor: Redactor) -> None:
    from redact import PartyHint

    text = "被处罚人张伟，男。车上乘客为其堂弟张伟伟。张伟伟证实张伟无证驾驶。"
    result = redactor.redact(text, [PartyHint(role="penalised", kind="natural_person", name="张伟")])
    assert "张伟" not in result.masked_text and "伟伟" not in result.masked_text
    pseudonyms = {s.text: s.replacement for s in result.spans}
    assert pseudonyms["张伟"] != pseudonyms["张伟伟"]


def test_a_word_glued_to_a_label_is_not_a_name(redactor: Redactor) -> None:
    text = "证据有驾驶人信息查询结果、现场照片。"
    assert redactor.redact(text).masked_text == text


@pytest.mark.parametrize(
    "text",
    [
        "当事人 应自收到本决定书之日起十五日内缴纳罚款。",  # a label closed up onto the next word
        "当事人在其运营的微信公众号“澜石健康”发布推文。调取了当事人公众号后台发布记录。",
        "要求每名游客支付服务费，共向19名游客收取1900元。",
        "批准文号国食健注G20190321，推文中含有功效宣称。",
        "执法人员对当事人住所进行现场检查，调取了记录。",
        "中华人民共和国深圳海关、阿荣旗林业和草原局。",
    ],
)
def test_public_text_stays_public(redactor: Redactor, text: str) -> None:
    assert redactor.redact(text).masked_text == text


_FLOWING = (
    "违法行为人诸葛明远，男，1995年11月2日出生，公民身份号码310115199511021270，户籍地上海市浦东新区"
    "川沙新镇城南路218弄15号601室，现住上海市浦东新区张江镇祖冲之路887弄72号1203室，无固定职业，联系电话"
    "159-0218-7736。被侵害人端木晴的同事陈嘉欣目睹了上述过程并用手机拍摄了视频，诸葛明远随后逃离。根据"
    "《中华人民共和国治安管理处罚法》第四十九条之规定，现决定对诸葛明远处行政拘留十日。"
)
# As a PDF extractor returns it: a line break every 24 characters, wherever it falls.
WRAPPED = "上海市公安局浦东分局\n行政处罚决定书\n" + "\n".join(
    _FLOWING[i : i + 24] for i in range(0, len(_FLOWING), 24)
)


def test_pdf_wrapped_lines_do_not_hide_values(redactor: Redactor) -> None:
    """Text extracted from PDF breaks lines mid-name, mid-address and mid-number."""
    masked = redactor.redact(WRAPPED).masked_text
    flat = masked.replace("\n", "")
    for secret in (
        "诸葛明远",
        "明远",
        "陈嘉欣",
        "川沙新镇",
        "城南路218弄",
        "祖冲之路",
        "0218",
        "7736",
        "端木晴",
    ):
        assert secret not in flat, (secret, masked)
    assert "上海市公安局浦东分局" in masked and "治安管理处罚法" in flat
