"""Where names and numbers hide in the layout and the wording of a decision.

Each case comes from a pattern a blind evaluation set exposed (see README, fifth author): table
columns, role nouns before names that are also words, 、-lists, parts of minority names, the same
identifier written twice. Every test checks the masked text, which is what gets published.
"""

from __future__ import annotations

import pytest

from redact import Redactor
from redact.tables import header_kind, table_cells


def masked(redactor: Redactor, text: str) -> str:
    return redactor.redact(text).masked_text


def test_table_columns_say_what_a_cell_holds(redactor: Redactor) -> None:
    text = (
        "违法行为人基本情况：\n"
        "序号\t姓名\t性别\t出生日期\t身份证号码\t住址\n"
        "1\t岩温\t男\t1978.05.12\t532801197805121318\t景洪市嘎洒镇曼达村民小组21号\n"
        "2\t夏天\t男\t1975.07.29\t530381197507292170\t云南省宣威市西宁街道小坡村委会下坡村38号\n"
    )
    out = masked(redactor, text)
    for secret in ("岩温", "夏天", "1978.05.12", "1975.07.29", "嘎洒镇", "小坡村", "532801197805121318"):
        assert secret not in out, (secret, out)
    assert "景洪市" in out and "云南省宣威市" in out  # county level stays
    assert "1978" in out  # birth dates keep the year


def test_ideographic_single_spaces_still_separate_columns(redactor: Redactor) -> None:
    text = (
        "购买涉案农药的农户情况：\n"
        "序号\u3000姓名\u3000\u3000住址\u3000\u3000\u3000\u3000购买数量\u3000\u3000金额\u3000\u3000联系电话\n"
        "4\u3000\u3000马桂兰\u3000练集镇马桥村2组\u3000\u3000\u300024瓶\u3000\u3000360元\u3000\u3000—\n"
        "5\u3000\u3000上官文静\u3000练集镇刘寨村6组33号\u3000\u300020瓶\u3000\u3000300元\u3000\u30000394-5360 118\n"
    )
    out = masked(redactor, text)
    for secret in ("马桂兰", "上官文静", "马桥村", "刘寨村", "5360"):
        assert secret not in out, (secret, out)
    assert "24瓶" in out and "360元" in out


def test_label_and_value_cells_side_by_side(redactor: Redactor) -> None:
    out = masked(redactor, "经营者\t訾红旗\t身份证号码\t411623197205064152\n经营场所\t练集镇集贸市场东侧")
    assert "訾红旗" not in out and "411623197205064152" not in out
    assert "练集镇集贸市场东侧" in out  # a business's premises are not a home address


def test_header_kinds_come_from_validated_data() -> None:
    assert header_kind("联系电话") == "PHONE_NUMBER"
    assert header_kind("买家姓名") == "PERSON"
    assert header_kind("数量") == ""
    assert header_kind("违法所得") is None
    assert table_cells("一行没有表格。") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("该公司员工江山在成品仓库东侧使用电焊机。江山称是冯志成让他焊的。", "江山"),
        ("当班网管龙飞称当时忙于处理设备故障。", "龙飞"),
        ("次日凌晨，房东史记接到邻居反映后到该房。", "史记"),
        ("被处罚人：程序　　性别：男", "程序"),
    ],
)
def test_names_that_are_also_words(redactor: Redactor, text: str, name: str) -> None:
    assert name not in masked(redactor, text)


def test_a_word_name_never_corrupts_the_word(redactor: Redactor) -> None:
    text = "被处罚人：程序，男。程序饮酒后驾驶机动车。本案不适用简易程序，依法适用一般程序办理。"
    out = masked(redactor, text)
    assert out.count("程某") == 2 and "简易程序" in out and "一般程序" in out


def test_role_noun_before_an_ordinary_word_is_no_name(redactor: Redactor) -> None:
    out = masked(redactor, "民警在员工宿舍内查获赌具，另在员工宿舍，查获现金。")
    assert out.count("员工宿舍") == 2


def test_members_of_a_list_with_a_known_person(redactor: Redactor) -> None:
    text = "证人禤嘉敏证实。以上事实有询问笔录（禤嘉敏、佘志强、韦小宁）、现场照片等证据证实。"
    out = masked(redactor, text)
    assert "佘志强" not in out and "韦小宁" not in out and "禤嘉敏" not in out
    assert "现场照片" in out


def test_parts_of_a_tibetan_name_are_masked_alone(redactor: Redactor) -> None:
    text = "违法行为人：扎西顿珠，男，藏族。经查，次仁多吉说自己只是让顿珠把车挪开。"
    out = masked(redactor, text)
    assert "顿珠" not in out and "扎西" not in out


def test_romanised_name_in_capitals_after_the_han_name(redactor: Redactor) -> None:
    out = masked(redactor, "违法行为人：阮氏香（NGUYEN THI HUONG），女，越南国籍。")
    assert "NGUYEN" not in out and "阮氏香" not in out
    assert "中国银行（BANK OF CHINA）" in masked(redactor, "在中国银行（BANK OF CHINA）办理。")


def test_labelled_numbers_in_less_common_shapes(redactor: Redactor) -> None:
    out = masked(redactor, "通过QQ（号码2857731946）联系，美国籍乘客GARCIA（护照号码PAE314159）。")
    assert "2857731946" not in out and "PAE314159" not in out


def test_an_identifier_is_masked_wherever_it_recurs(redactor: Redactor) -> None:
    text = '从网名为"数据小王子"的人员处购买。其辩称数据系从"数据小王子"处购得。'
    assert "数据小王子" not in masked(redactor, text)


def test_a_label_inside_a_sentence_is_not_a_field(redactor: Redactor) -> None:
    out = masked(redactor, "本决定书已用越南语向被处罚人宣告。")
    assert "宣告" in out


def test_the_owner_of_an_individual_business_inside_its_name(redactor: Redactor) -> None:
    text = "当事人名称\t南岗区刘桂芳副食店\n经营者\t刘桂芳\n经营者刘桂芳称，店内商品均从批发市场购进。"
    out = masked(redactor, text)
    assert "刘桂芳" not in out and "副食店" in out
    # a brand the model mistakes for a person stays intact
    assert "吴裕泰茶庄" in masked(redactor, "在王府井大街北段步行街吴裕泰茶庄门前")


def test_a_companys_seat_is_published(redactor: Redactor) -> None:
    text = "当事人：广州市天河区某某科技有限公司\n统一社会信用代码：91440101MA5CXXXX1Q\n住所：广州市天河区体育西路191号B塔1203房"
    assert "体育西路191号" in masked(redactor, text)


def test_rare_surnames(redactor: Redactor) -> None:
    for name in ("谯文明", "逄刚", "仉丽娜", "郗春来", "訾红旗", "笪红梅", "隗建平"):
        out = masked(redactor, f"违法行为人{name}，男，汉族。经查，{name}承认上述事实。")
        assert name not in out, out


def test_address_of_a_persons_property(redactor: Redactor) -> None:
    out = masked(redactor, "租用村民金玉凤位于温岭市城东街道横湖村58号住宅的一楼车库。")
    assert "横湖村58号" not in out and "温岭市" in out


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("杨光荣回复：“坤哥，给我留两个，钱明天给你。”", "坤哥"),
        ("微信聊天记录显示：“甜甜：刘医生，我下巴还是肿的。”", "甜甜"),
        ("经查，周某系艾尔肯·吐尔逊之妻，二人共同经营该店。", "吐尔逊"),
        ("小区保安努尔兰.哈布都拉（哈萨克族）上前将双方拉开。", "哈布都拉"),
        ("与被侵害人热合曼·艾\n则孜（男，57岁）发生争执。", "则孜"),
        ("非法就业的还有越南籍人员TRAN THI MAI（陈氏梅，护照号码C4128765）。", "TRAN THI MAI"),
    ],
)
def test_nicknames_and_transliterations(redactor: Redactor, text: str, secret: str) -> None:
    assert secret not in masked(redactor, text)


def test_forms_of_address_and_adverbs_stay(redactor: Redactor) -> None:
    out = masked(redactor, "姚雪称：“我跟杜姐说好只挂个名，天天都来。”")
    assert "杜姐" in out and "天天" in out


def test_json_and_csv_exports(redactor: Redactor) -> None:
    text = (
        '{"xm":"胡梦琪","zz":"湖北省孝感市孝南区书院街道槐荫大道31号","lxdh":"13971234863",'
        '"wxh":"mengqi_0215","csrq":"19980215"}\n'
        "姓名,性别,身份证号,住址,联系电话\n"
        "冉小兵,男,500242199506230836,重庆市酉阳土家族苗族自治县龙潭镇梅树村3组,177 2303 6651\n"
        "办案人,谭敏\n"
    )
    out = masked(redactor, text)
    for secret in ("书院街道", "13971234863", "mengqi_0215", "19980215", "冉小兵", "龙潭镇", "6651"):
        assert secret not in out, (secret, out)
    assert "湖北省孝感市孝南区" in out and "谭敏" in out  # county level and the officer stay


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("联系电话：13568 920 417。", "920 417"),
        ("联系电话【139 5518\n 2046】。", "2046"),
        ("联 系 电 话 ：l3B4512O376\n", "l3B4512O376"),
        ("刘 长 贵 ， 男 ， l963 年 2 月 8 日 出 生 ，", "2 月 8 日"),
        ("驾驶粤Z·K2G36港（香港号牌 TV 8231）入境。", "TV 8231"),
        ("将其所有的天津市南开区长虹街道咸阳路华苑小区12-3-502房屋出租。", "咸阳路华苑小区"),
    ],
)
def test_numbers_and_addresses_in_awkward_shapes(redactor: Redactor, text: str, secret: str) -> None:
    assert secret not in masked(redactor, text)


def test_an_officers_certificate_number_is_no_phone(redactor: Redactor) -> None:
    out = masked(redactor, "本局执法队员李文平（执法证号13010223017）进行检查。")
    assert "13010223017" in out and "李文平" in out


def test_only_the_first_name_after_legal_representative_is_published(redactor: Redactor) -> None:
    text = (
        "被处罚单位：三台县宏利建材有限公司\n法定代表人：敬建波\n"
        "上述事实有法定代表人敬建波、袁小兵、郑桂兰的询问笔录证实。安全员袁小兵将伤者送医。"
    )
    out = masked(redactor, text)
    assert "敬建波" in out  # the legal representative is published
    assert "袁小兵" not in out and "郑桂兰" not in out  # the employees listed after him are not


def test_words_that_start_like_address_labels(redactor: Redactor) -> None:
    out = masked(redactor, "桃源县住房和城乡建设局\n户籍所在地：湖南省常德市桃源县陬市镇枫树岗村五组")
    assert "桃源县住房和城乡建设局" in out
    assert "陬市镇" not in out and "桃源县" in out  # 陬市镇 is a town, below county level


def test_the_person_served_is_no_serving_officer(redactor: Redactor) -> None:
    # 送达人 signs for the authority and is kept; 受送达人 is the party who received the decision.
    text = "当事人：滕万福　性别：男\n送达方式：直接送达。受送达人：滕万福（签名）；送达人：田茂林。"
    masked = redactor.redact(text).masked_text
    assert "万福" not in masked
    assert "田茂林" in masked


def test_list_mates_after_a_bracket_note_and_before_zhengzai(redactor: Redactor) -> None:
    out = masked(
        redactor, "在A区发现未成年人隋宇航（14周岁，初二学生）、于浩然（15周岁，初三学生）正在上网。"
    )
    assert "浩然" not in out and "宇航" not in out
    out = masked(redactor, "发现未成年人隋宇航、于浩然正在上网。")
    assert "于某正在上网" in out


def test_a_town_named_shi_right_after_the_county(redactor: Redactor) -> None:
    # 平江县三市镇 is county + town, not a city 平江县三市
    out = masked(redactor, "住址：平江县三市镇汨江村七组，电话：15897303123")
    assert "平江县" in out and "三市" not in out and "汨江村" not in out


def test_a_name_spaced_out_inside_a_table_cell(redactor: Redactor) -> None:
    text = (
        "序号　姓名　　　微信昵称　　　　　微信号　　　　　　　累计参赌金额（元）\n"
        "1　　沈佳怡　佳佳不吃香菜　　　sjy_0917　　　　　8,400\n"
        "3　　钱　伟　伟大的钱　　　　　qw13962158830　　　5,600"
    )
    out = masked(redactor, text)
    assert "钱　伟" not in out and "钱某" in out and "5,600" in out


# Shapes found by the blind sets h12-h17 (each fixed after the set's first run): the secret part
# is masked, the public part around it stays.
@pytest.mark.parametrize(
    ("text", "secret", "kept"),
    [
        # h12_h13
        ("联系电话1 3 9 9 9 8 1 2 0 3 6。", "1 3 9 9", "联系电话"),  # typeset one digit at a time
        ("户籍所在地安徽省安庆市宿松县复兴镇新洲村塘埂组，现住", "塘埂组", "宿松县"),  # a named group
        ("住勐腊县瑶区乡沙仁村委会新寨）一起", "新寨", "勐腊县"),  # 瑶区乡 is a township, no district
        ("住址：北京市朝阳区南磨房乡双龙南里214号楼2门504号，联系", "504号", "朝阳区"),
        ("纳税人名称：符春花\n纳税人识别号：460200", "春花", "纳税人名称"),
        ("喷漆工冉小军正在作业", "小军", "喷漆工"),
        # h12_h13
        ("被执勤民警拦下检查.经查询,揭文斌从未取得驾驶证.\n被处罚人揭文斌,男,", "揭文斌", "执勤民警"),
        ("（杜邦·皮埃尔，护照号码19FR58213）", "58213", "护照号码"),
        ("林权证（证号：会理林证字（2012）第513425010147号）的自留山", "513425010147", "林权证"),
        ("住房（房地产权证号：粤房地证字第C4521367号）", "C4521367", "房地产权证号"),
        ("在其位于贺兰县习岗镇银河东路怡景苑小区12号楼顶层住宅内", "怡景苑", "贺兰县"),
        # h14
        ("使用微信号“ouyzh_1120”在某二手交易平台", "ouyzh_1120", "微信号"),
        ("被侵害人逄晓蕾、梁茂才的陈述", "茂才", "陈述"),  # 才 ends many given names
        ("其妻子洪丽娟协助打包发货", "丽娟", "妻子"),  # 洪 is a surname
        ("在雷山县西江镇南贵村二组17号唐水英家中打麻将", "南贵村", "雷山县"),
        ("护照号码：75 4826193，持有", "4826193", "护照号码"),
        ("违法行为人吉克阿木,男,彝族,1996年1月1\n5日出生", "5日", "1996年"),
        ("住址：山西省孝义市兑镇镇下栅村东\n街41号\n联系电话", "41号", "孝义市"),
        # h15
        ("马国强在其租住的经三路北段66号院3号楼502室内吸食毒品", "502室", "租住的"),
        ("户籍所在地湖南省邵阳市隆回县司门前镇金石桥村7组\n15号，现住址同户籍地", "15号", "隆回县"),
        ("对太和县城关镇沙河路西段117号当事人自家住宅一楼进行现场检查", "117号", "自家住宅一楼"),
        ("对被处罚人出租的位于东莞市长安镇乌沙社区兴二路25号出租屋进行检查", "25号", "东莞市"),
        ("我叫徐明亮，家里人都叫我“亮子”。", "亮子", "家里人"),
        # h16
        ("从业人员Tony（真实姓名李东升）未取得健康证。称“Tony老师”的健康证正在办理", "Tony", "从业人员"),
        ("2024年12月从批发商高德胜处购进", "德胜", "批发商"),
        ("11月安排维修工张金山、张金水铺设。", "金水", "铺设"),
        ("与骑电动自行车的其其格(女,58岁)发生碰撞", "其其格", "电动自行车"),
        ("当事人在其所有的钞库街38号房屋内经营", "38号", "房屋"),
        ("租用方建平所有的洪山区珞狮路147号南湖花园3栋1单元201室住宅", "201室", "洪山区"),
        ("住址：江西省九江市都昌县周溪镇\n泗山村詹家湾12号，联系电话", "泗山村", "都昌县"),
        # h17
        ("答：我跟我朋友老皮（皮志诚）说过", "老皮", "朋友"),
        ("违法行为人胡建设，男。建设的妹妹胡建华事后代为赔偿。加强建设", "建设的妹妹", "加强建设"),
        ("从业人员次仁卓玛、央金、罗布三人未取得健康证", "罗布", "三人"),
        ("受送达人签名（捺指印）：Ivanov Sergei\n", "Ivanov", "受送达人"),
        ("贾云峰在其位于鹿泉区获鹿镇北新城村育才街27号的自家房屋内", "27号", "鹿泉区"),
        ("送达人：马小军\n送达地点：伏龙坪街道南山路1033号\n", "1033号", "送达地点"),
        ("民警对赣县区江口镇优良村当事人家中进行检查", "优良村", "赣县区"),
        ("住福建省三明市尤溪县\n西城镇麻洋村下洋7号，电话", "麻洋村", "尤溪县"),
        ("住址：甘肃省天水市秦州区大城街道民主西路107号4单元3楼东户，联系电话", "东户", "秦州区"),
        # h18
        ('王田野使用抖音号"wty19940723"发布', "wty19940723", "抖音号"),
        ("违法行为人何平，男，汉族，1991年11月3日出\n生，身份证号", "11月3日", "1991年"),
        ("与卖淫女孟小雨（微信号：xiaoyu_520）", "小雨", "卖淫女"),
        ("系深圳市南山区招商街道四海社区工业八路168号荔园小区9栋703房的房屋产权人", "703房", "南山区"),
    ],
)
def test_shapes_found_by_blind_sets(redactor: Redactor, text: str, secret: str, kept: str) -> None:
    out = masked(redactor, text)
    assert secret not in out and kept in out


def test_inspectors_are_officials(redactor: Redactor) -> None:
    out = masked(redactor, "检查人员：张建军、牟晓燕\n被检查人李明证实。")
    assert "张建军" in out and "牟晓燕" in out and "李明" not in out


def test_names_in_hangul_and_cyrillic_and_their_romanisations(redactor: Redactor) -> None:
    out = masked(
        redactor, "违法行为人金哲洙（김철수），男，朝鲜族。他的韩国朋友PARK SUNG MIN（박성민）也在场。"
    )
    assert "김철수" not in out and "박성민" not in out and "PARK SUNG MIN" not in out
    out = masked(redactor, "违法行为人ИВАНОВ СЕРГЕЙ（IVANOV SERGEY），男，俄罗斯籍。当事人KTV经营。")
    assert "ИВАНОВ" not in out and "IVANOV" not in out and "KTV" in out


def test_uyghur_names_written_without_a_dot(redactor: Redactor) -> None:
    out = masked(redactor, "违法行为人买买提江吐尔地，男，维吾尔族。现场群众麦麦提敏吐尔洪报警。")
    assert "提江吐尔地" not in out and "吐尔洪" not in out


def test_the_head_of_the_authority_signs_in_clear(redactor: Redactor) -> None:
    out = masked(redactor, "拉萨市公安局城关区分局\n局长：格桑旺堆\n2022年8月25日")
    assert "格桑旺堆" in out


def test_a_decision_number_with_a_year_stays(redactor: Redactor) -> None:
    out = masked(redactor, "公安局作出会公行罚决字（2012）第513号决定")
    assert "会公行罚决字（2012）第513号" in out


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("他家磊伢子冲过来，我就把他推开了。", "磊伢子"),
        ("三千是我让我女儿萱萱用她的建设银行卡转的", "萱萱"),
        ("外国客人是朋友小段介绍来的", "小段"),
        ("包装袋是在网上找一个叫小宝的人印的", "小宝"),
        ("卖家自称小端，他的QQ号是334581234", "小端"),
    ],
)
def test_nicknames_in_speech(redactor: Redactor, text: str, secret: str) -> None:
    assert secret not in masked(redactor, text)


@pytest.mark.parametrize("text", ["村里的细伢子都知道", "他天天来这里", "他儿子小学毕业"])
def test_words_that_look_like_nicknames(redactor: Redactor, text: str) -> None:
    assert masked(redactor, text) == text


def test_a_given_name_that_is_a_word_after_what_was_done_to_him(redactor: Redactor) -> None:
    text = "违法行为人亓国庆，男。仉振华先用手打了国庆一耳光。答：他借过我们家国庆两万块钱。那天国庆喝多了。"
    out = masked(redactor, text)
    assert "国庆" not in out


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("证人黄德芬、甘露、龙正学、安秀琴的证言", "甘露"),  # a word between two listed persons
        ("晚上在我连襟亓建华家吃饭", "建华"),
        ("陈晨（学员王子涵之母）等反映", "子涵"),
    ],
)
def test_blind_h12_h13_persons(redactor: Redactor, text: str, secret: str) -> None:
    assert secret not in masked(redactor, text)


def test_numbers_broken_by_a_line_in_unwrapped_text(redactor: Redactor) -> None:
    text = "违法行为人王刚，男，1991年5月\n14日出生，户籍地湖南省隆回县桃洪镇大桥村3组15\n号，现住址同上。"
    out = masked(redactor, text)
    assert "14日" not in out and "15\n号" not in out and "隆回县" in out
    out = masked(redactor, "经营者住址：重庆市万州区高笋塘街道白岩路\n65号附12号\n一、违法事实")
    assert "65号" not in out and "万州区" in out
    # a unit at a line end and a date on the next line stay apart (地址…3楼⏎2025年5月13日，本局…)
    out = masked(
        redactor, "地址\t浙江省义乌市稠城街道工人西路186号3楼\n2025年5月13日，本局卫生监督员陈立平进行检查。"
    )
    assert "2025年5月13日，本局卫生监督员陈立平" in out


def test_two_dotted_names_joined_by_yu_are_two_persons(redactor: Redactor) -> None:
    out = masked(redactor, "违法行为人阿不都热合曼·买买提与买买提江·艾山在疏附县饮酒。")
    assert "买买提江" not in out and "与" in out


def test_town_government_staff_act_officially(redactor: Redactor) -> None:
    out = masked(redactor, "韩甸镇人民政府工作人员姜宏伟与执法人员鞠文涛、付海洋到场")
    assert "姜宏伟" in out and "鞠文涛" in out


def test_a_publicity_export_by_party_type(redactor: Redactor) -> None:
    # 双公示 export: the representative column names a published legal representative for an
    # organisation and a private operator for an individual business; a 自然人's row names a person.
    text = (
        "行政相对人名称|行政相对人类别|统一社会信用代码|法定代表人/经营者|证件号码|处罚决定书文号\n"
        "咸阳瑞祥食品有限公司|法人及非法人组织|91610402MA6XK3D16T|杜建斌||咸秦市监罚〔2022〕231号\n"
        "秦都区王建设五金店|个体工商户|92610402MA6Y1P7N50|王建设|610402197103020910|咸秦市监罚〔2022〕232号\n"
        "李红梅|自然人|||610402198306272426|咸秦市监罚〔2022〕238号\n"
        "说明：咸阳瑞祥食品有限公司负责人为杜建斌，自然人李红梅在人民路摆摊。"
    )
    out = masked(redactor, text)
    assert out.count("杜建斌") == 2
    assert "王建设" not in out and "李红梅" not in out and "610402197103020910" not in out
    assert "咸阳瑞祥食品有限公司" in out and "||咸秦市监罚〔2022〕231号" in out


def test_a_given_name_inside_another_persons_full_name(redactor: Redactor) -> None:
    out = masked(redactor, "证人李红梅证实。法定代表人张红梅称不知情。")
    assert "张红梅" in out and "李红梅" not in out


def test_an_officers_list_wrapped_after_the_comma(redactor: Redactor) -> None:
    out = masked(redactor, "司门前派出所民警周建华、\n罗志勇会同应急管理局执法人员到场。")
    assert "罗志勇" in out and "周建华" in out


def test_decision_numbers_in_a_table_and_report_numbers_stay(redactor: Redactor) -> None:
    text = (
        "序号\t决定书编号\t当事人\t证件号码\n"
        "1\t1301021200458731\t马国庆\t130102197805031517\n"
        "有道路交通事故认定书(第150102120250000317号)等证据证实。"
    )
    out = masked(redactor, text)
    assert "1301021200458731" in out and "第150102120250000317号" in out
    assert "马国庆" not in out and "130102197805031517" not in out


def test_inspection_staff_act_officially(redactor: Redactor) -> None:
    assert "余卫国" in masked(redactor, "被都昌县水利局巡查人员余卫国、刘水生当场查获。")


def test_a_name_ending_like_a_nickname_before_a_note(redactor: Redactor) -> None:
    out = masked(redactor, "当事人从业人员金小燕（系金华之女）未取得健康证。审核人：郭立新　填报人：任晓彤")
    assert "金小燕" not in out and "金某" in out and "任晓彤" in out


def test_the_authoritys_office_as_place_of_delivery(redactor: Redactor) -> None:
    out = masked(redactor, "送达地点：黑河市公安局爱辉分局出入境管理大队办公室\n局长：阿吉拉则\n")
    assert "出入境管理大队办公室" in out and "阿吉拉则" in out


def test_officers_listed_with_ascii_commas(redactor: Redactor) -> None:
    out = masked(redactor, "  办案人: 吕东升, 魏红伟\n送达人: 魏国栋, 马丽\n经我局林业工程师彭建新现场测算。")
    assert all(name in out for name in ("魏红伟", "马丽", "彭建新"))


def test_a_json_pair_alone_on_its_line(redactor: Redactor) -> None:
    # lines without a column separator skip the table parse, but not the JSON pairs
    out = masked(redactor, '{"zz":"湖南省隆回县桃洪镇大桥村5组"}')
    assert "大桥村" not in out and "隆回县" in out
