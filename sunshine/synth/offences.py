"""The offence catalogue: conduct, statutory basis and typical penalties per law area.

Articles and penalty ranges follow the statutes as commonly applied, so rule and extraction
tests see realistic combinations (a 派出所 only fines or warns; detention comes from a 分局).
Narratives are templates whose ``{TOKENS}`` the generator fills while labelling spans.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from sunshine.synth.numerals import to_chinese

ZAGL = "中华人民共和国治安管理处罚法"
DLJT = "中华人民共和国道路交通安全法"
XF = "中华人民共和国消防法"
CRJ = "中华人民共和国出境入境管理法"
WLAQ = "中华人民共和国网络安全法"
QZ = "中华人民共和国枪支管理法"
SFZ = "中华人民共和国居民身份证法"
XZCF = "中华人民共和国行政处罚法"
FZ = "中华人民共和国反电信网络诈骗法"
YLCS = "娱乐场所管理条例"


def cite(law: str, art: int, para: int | None = None, item: int | None = None) -> str:
    out = f"《{law}》第{to_chinese(art)}条"
    if para:
        out += f"第{to_chinese(para)}款"
    if item:
        out += f"第{to_chinese(item)}项"
    return out


@dataclass
class Pen:
    kind: str
    amount: int | None = None
    days: int | None = None
    description: str | None = None


PenFn = Callable[[random.Random], list[Pen]]


@dataclass
class Offence:
    key: str
    area: str  # LawArea value
    doc: str  # 治 交 消 禁毒 网安 出入境
    title: str
    party: str  # person | org | indiv | foreign | org_or_indiv | person_or_indiv
    violated: list[str]
    basis: list[str]
    penalties: PenFn
    narrative: list[str]
    procedure: str = "general"  # general | summary | either
    code: str | None = None  # traffic violation code
    privacy_rate: float = 0.0
    tokens: dict[str, list[str]] = field(default_factory=dict)


def _fine(lo: int, hi: int, step: int = 100) -> Callable[[random.Random], int]:
    return lambda rng: rng.randrange(lo, hi + 1, step)


def _det(lo: int, hi: int) -> Callable[[random.Random], int]:
    return lambda rng: rng.randint(lo, hi)


def det_and_fine(dlo: int, dhi: int, flo: int, fhi: int, p_fine: float = 0.5) -> PenFn:
    def f(rng: random.Random) -> list[Pen]:
        out = [Pen("detention", days=_det(dlo, dhi)(rng))]
        if rng.random() < p_fine:
            out.append(Pen("fine", amount=_fine(flo, fhi)(rng)))
        return out

    return f


def fine_only(lo: int, hi: int, step: int = 100) -> PenFn:
    return lambda rng: [Pen("fine", amount=_fine(lo, hi, step)(rng))]


def warn_or_fine(lo: int, hi: int, p_warn: float = 0.4) -> PenFn:
    def f(rng: random.Random) -> list[Pen]:
        if rng.random() < p_warn:
            return [Pen("warning")]
        return [Pen("fine", amount=_fine(lo, hi)(rng))]

    return f


def det_or_fine(dlo: int, dhi: int, flo: int, fhi: int, p_det: float = 0.5) -> PenFn:
    def f(rng: random.Random) -> list[Pen]:
        if rng.random() < p_det:
            return [Pen("detention", days=_det(dlo, dhi)(rng))]
        return [Pen("fine", amount=_fine(flo, fhi)(rng))]

    return f


def _drunk(rng: random.Random) -> list[Pen]:
    return [
        Pen("license_suspension", days=180, description="暂扣机动车驾驶证六个月"),
        Pen("fine", amount=rng.choice([1000, 1500, 2000])),
    ]


def _unlicensed(rng: random.Random) -> list[Pen]:
    out = [Pen("fine", amount=rng.choice([200, 500, 1000, 1500, 2000]))]
    if rng.random() < 0.3:
        out.append(Pen("detention", days=rng.randint(3, 15)))
    return out


def _illegal_work(rng: random.Random) -> list[Pen]:
    out = [Pen("fine", amount=rng.randrange(5000, 20001, 1000))]
    if rng.random() < 0.4:
        out.append(Pen("detention", days=rng.randint(5, 15)))
    if rng.random() < 0.3:
        out.append(Pen("deportation", description="驱逐出境"))
    return out


def _overstay(rng: random.Random) -> list[Pen]:
    r = rng.random()
    if r < 0.25:
        return [Pen("warning")]
    if r < 0.8:
        return [Pen("fine", amount=rng.randrange(500, 10001, 500))]
    return [Pen("detention", days=rng.randint(5, 15))]


def _fake_guns(rng: random.Random) -> list[Pen]:
    n = rng.randint(2, 30)
    out = [Pen("confiscation", description=f"仿真枪{n}支")]
    if rng.random() < 0.6:
        out.append(Pen("fine", amount=rng.randrange(500, 30001, 500)))
    else:
        out.append(Pen("warning"))
    return out


def _unsafe_building(rng: random.Random) -> list[Pen]:
    return [
        Pen("business_restriction", description="责令停止使用"),
        Pen("fine", amount=rng.randrange(30000, 300001, 10000)),
    ]


def _cyber_group(rng: random.Random) -> list[Pen]:
    out = [Pen("detention", days=rng.randint(1, 5))]
    if rng.random() < 0.6:
        out.append(Pen("fine", amount=rng.randrange(10000, 100001, 5000)))
    return out


def _hotel_revoke(rng: random.Random) -> list[Pen]:
    out = [Pen("fine", amount=rng.randrange(200, 501, 100))]
    r = rng.random()
    if r < 0.15:
        days = rng.choice([5, 10, 15])
        out.append(Pen("business_restriction", days=days, description=f"责令停业整顿{to_chinese(days)}日"))
    elif r < 0.2:
        out.append(Pen("license_revocation", description="吊销《特种行业许可证》"))
    return out


OFFENCES: list[Offence] = [
    Offence(
        "assault",
        "public_order",
        "治",
        "殴打他人",
        "person",
        [cite(ZAGL, 43, 1)],
        [cite(ZAGL, 43, 1)],
        det_and_fine(5, 10, 200, 500),
        [
            "{T}，{P}在{L}因琐事与{V}发生口角，后{P}用拳头殴打{V}头部，致{V}面部软组织挫伤。{W}等人在场目睹。{V.g}称其被{P}打了两拳。",
            "{T}，{P}伙同{C}（另案处理）在{L}因结账问题与{V}发生争执，{P}持啤酒瓶砸向{V}，致{V}头部受伤。经鉴定，{V}的损伤程度为轻微伤。",
            "{T}，{V}报警称在{L}被人殴打。经查，{P}因邻里纠纷推搡{V}并用脚踢其腿部，{W}证实了上述事实。",
        ],
    ),
    Offence(
        "theft",
        "public_order",
        "治",
        "盗窃",
        "person",
        [cite(ZAGL, 49)],
        [cite(ZAGL, 49)],
        det_and_fine(5, 10, 500, 1000, 0.3),
        [
            "{T}，{P}在{L}趁{V}不备，窃取其放在桌上的手机一部。经价格认定，该手机价值人民币{AMT}。案发后，赃物已追回并发还{V}。",
            "{T}，{P}在{L}盗窃{V}停放的电动自行车一辆（价值人民币{AMT}）。{V.g}发现后报警，民警根据监控视频将{P}抓获。",
        ],
    ),
    Offence(
        "gambling",
        "public_order",
        "治",
        "赌博",
        "person",
        [cite(ZAGL, 70)],
        [cite(ZAGL, 70)],
        det_or_fine(3, 10, 500, 3000, 0.3),
        [
            "{T}，{P}伙同{C}等人在{L}以“推牌九”方式进行赌博，每局输赢人民币{AMT}，被民警当场查获。{P}通过其本人名下银行卡（卡号：{CARD}）收付赌资。",
            "{T}，{P}与{C}、{W}在{L}以打麻将的方式赌博，赌资共计人民币{AMT}，被民警当场抓获。",
        ],
    ),
    Offence(
        "drugs",
        "public_order",
        "禁毒",
        "吸毒",
        "person",
        [cite(ZAGL, 72, item=3)],
        [cite(ZAGL, 72, item=3)],
        det_and_fine(10, 15, 500, 2000, 0.4),
        [
            "{T}，{P}在{L}吸食甲基苯丙胺（冰毒）。经现场尿液检测，{P}甲基苯丙胺检测结果呈阳性。",
            "{T}，民警在{L}检查时发现{P}形迹可疑，经现场检测，{P}吗啡检测结果呈阳性。{P}对吸食毒品的事实供认不讳。",
        ],
    ),
    Offence(
        "provocation",
        "public_order",
        "治",
        "寻衅滋事",
        "person",
        [cite(ZAGL, 26, item=4)],
        [cite(ZAGL, 26, item=4)],
        det_and_fine(5, 10, 200, 500, 0.3),
        [
            "{T}，{P}酒后在{L}无故拦截{V}驾驶的{PLATE}号小型轿车，并用脚踹踢车门，{V}报警。",
            "{T}，{P}在{L}无故辱骂、追逐{V}，{V}的朋友{W}上前劝阻，{P}又推搡{W}。",
        ],
    ),
    Offence(
        "false_report",
        "public_order",
        "治",
        "谎报警情",
        "person",
        [cite(ZAGL, 25, item=1)],
        [cite(ZAGL, 25, item=1)],
        det_and_fine(5, 10, 200, 500, 0.3),
        ["{T}，{P}使用手机号码{P.phone}拨打110报警，谎称在{L}有人持刀伤人，经民警现场核实系虚构警情。"],
    ),
    Offence(
        "obstruction",
        "public_order",
        "治",
        "阻碍执行职务",
        "person",
        [cite(ZAGL, 50, 1, 2)],
        [cite(ZAGL, 50, 1, 2)],
        det_or_fine(5, 10, 200, 500, 0.7),
        [
            "{T}，民警在{L}依法处置一起纠纷时，{P}拒不听从民警指令，并推搡民警，阻碍民警依法执行职务。{W}证实了上述事实。"
        ],
    ),
    Offence(
        "damage",
        "public_order",
        "治",
        "故意损毁财物",
        "person",
        [cite(ZAGL, 49)],
        [cite(ZAGL, 49)],
        det_or_fine(5, 10, 200, 1000, 0.4),
        [
            "{T}，{P}在{L}因停车问题与{V}发生纠纷，后用石块砸坏{V}所有的{PLATE}号小型轿车挡风玻璃，经价格认定损失价值人民币{AMT}。{V.g}称车辆系其本人所有。"
        ],
    ),
    Offence(
        "hotel_register",
        "public_order",
        "治",
        "旅馆业工作人员不按规定登记住宿旅客信息",
        "org_or_indiv",
        [cite(ZAGL, 56, 1)],
        [cite(ZAGL, 56, 1)],
        _hotel_revoke,
        [
            "{T}，民警在对{ORG}开展治安检查时发现，该单位未按规定对入住旅客{V}（身份证号码：{V.id}）进行身份信息登记。"
        ],
    ),
    Offence(
        "rental_register",
        "public_order",
        "治",
        "房屋出租人不按规定登记承租人信息",
        "person",
        [cite(ZAGL, 57, 1)],
        [cite(ZAGL, 57, 1)],
        warn_or_fine(200, 500),
        [
            "{T}，民警检查发现，{P}将其所有的位于{ADDR}的房屋（不动产权证书号：{CERT}）出租给{V}等人居住，未按规定登记承租人的姓名、身份证件种类和号码等信息。"
        ],
    ),
    Offence(
        "prostitution",
        "public_order",
        "治",
        "嫖娼",
        "person",
        [cite(ZAGL, 66, 1)],
        [cite(ZAGL, 66, 1)],
        det_and_fine(10, 15, 1000, 5000, 0.7),
        ["{T}，{P}在{L}以人民币{AMT}的价格与一名女子（另案处理）进行嫖娼活动时被民警当场查获。"],
        privacy_rate=0.5,
    ),
    Offence(
        "knife",
        "public_order",
        "治",
        "非法携带管制器具",
        "person",
        [cite(ZAGL, 32, 1)],
        [cite(ZAGL, 32, 1)],
        det_or_fine(1, 5, 100, 500, 0.5),
        ["{T}，{P}携带管制刀具（单刃匕首一把）进入{L}，被安检人员查获。"],
    ),
    Offence(
        "harassment",
        "public_order",
        "治",
        "发送信息干扰他人正常生活",
        "person",
        [cite(ZAGL, 42, item=5)],
        [cite(ZAGL, 42, item=5)],
        det_or_fine(1, 5, 200, 500, 0.6),
        [
            "{T}起，{P}因感情纠纷使用其手机号码{P.phone}多次向{V}的手机号码{V.phone}发送侮辱、恐吓短信共计四十余条，干扰{V}的正常生活。{V.g}称其因此不敢独自出门。",
            "{T}至案发，{P}多次通过微信（微信号：{WX}）向{V}发送恐吓信息，并拨打{V}的电话{V.phone}进行骚扰。",
        ],
    ),
    Offence(
        "voyeurism",
        "public_order",
        "治",
        "偷拍他人隐私",
        "person",
        [cite(ZAGL, 42, item=6)],
        [cite(ZAGL, 42, item=6)],
        det_and_fine(5, 10, 200, 500, 0.5),
        ["{T}，{P}在{L}使用手机偷拍正在如厕的{V}，被{V}发现后报警。{W}协助将{P}控制。"],
        privacy_rate=0.6,
    ),
    Offence(
        "trespass",
        "public_order",
        "治",
        "非法侵入他人住宅",
        "person",
        [cite(ZAGL, 40, item=3)],
        [cite(ZAGL, 40, item=3)],
        det_and_fine(5, 10, 200, 500, 0.4),
        [
            "{T}，{P}因债务纠纷未经允许强行进入{V}位于{V.addr}的住宅，经{V}多次劝离仍拒不离开。{V.g}的邻居{W}报警。"
        ],
    ),
    Offence(
        "disorder",
        "public_order",
        "治",
        "扰乱单位秩序",
        "person",
        [cite(ZAGL, 23, 1, 1)],
        [cite(ZAGL, 23, 1, 1)],
        warn_or_fine(100, 200, 0.4),
        [
            "{T}，{P}在{HOSP}因对诊疗结果不满，在门诊大厅大声吵闹、拍打桌椅，致使该医院门诊秩序受到影响，经民警劝阻无效。"
        ],
        procedure="either",
    ),
    Offence(
        "fake_id",
        "other",
        "治",
        "冒用他人居民身份证",
        "person",
        [cite(SFZ, 17, 1, 2)],
        [cite(SFZ, 17, 1, 2)],
        det_or_fine(3, 10, 200, 1000, 0.3),
        ["{T}，{P}在{L}办理入住登记时冒用{V}的居民身份证（号码：{V.id}），被民警查获。"],
    ),
    Offence(
        "rent_cards",
        "other",
        "网安",
        "出租、出借银行账户和电话卡",
        "person",
        [cite(FZ, 31, 1)],
        [cite(FZ, 44), cite(FZ, 31, 1)],
        lambda rng: (
            [Pen("detention", days=rng.randint(5, 15))]
            + ([Pen("fine", amount=rng.randrange(1000, 10001, 500))] if rng.random() < 0.5 else [])
        ),
        [
            "{T}，{P}为获取非法利益，将其本人名下的银行卡（卡号：{CARD}）及手机卡出借给{C}使用，获利人民币{AMT}。经查，该银行卡被用于电信网络诈骗资金流转。"
        ],
    ),
    Offence(
        "venue_rules",
        "other",
        "治",
        "娱乐场所未按规定建立从业人员名簿",
        "org",
        [cite(YLCS, 25)],
        [cite(YLCS, 50, item=1)],
        lambda rng: (
            [Pen("warning")] if rng.random() < 0.5 else [Pen("fine", amount=rng.randrange(5000, 20001, 1000))]
        ),
        [
            "{T}，民警在对{ORG}开展治安检查时发现，该单位未按规定建立从业人员名簿、营业日志，经责令改正后未改正。现场负责人{W}对检查情况签字确认。"
        ],
    ),
    Offence(
        "red_light",
        "traffic",
        "交",
        "机动车违反道路交通信号灯通行",
        "person",
        [cite(DLJT, 38)],
        [cite(DLJT, 90)],
        lambda rng: [Pen("fine", amount=200)],
        ["被处罚人于{T}在{L}驾驶{PLATE}号小型轿车，实施机动车违反道路交通信号灯通行的违法行为(代码:1625)"],
        procedure="summary",
        code="1625",
    ),
    Offence(
        "speeding",
        "traffic",
        "交",
        "机动车行驶超过规定时速",
        "person",
        [cite(DLJT, 42, 1)],
        [cite(DLJT, 90)],
        lambda rng: [Pen("fine", amount=rng.choice([100, 150, 200]))],
        [
            "被处罚人于{T}在{L}驾驶{PLATE}号小型普通客车，实施驾驶中型以上载客载货汽车、校车、危险物品运输车辆以外的其他机动车行驶超过规定时速百分之二十以上未达到百分之五十的违法行为(代码:1636)"
        ],
        procedure="summary",
        code="1636",
    ),
    Offence(
        "parking",
        "traffic",
        "交",
        "机动车违反规定停放",
        "person",
        [cite(DLJT, 56, 1)],
        [cite(DLJT, 93, 2)],
        lambda rng: [Pen("fine", amount=rng.choice([100, 150, 200]))],
        [
            "被处罚人于{T}在{L}将{PLATE}号小型轿车违反规定停放，驾驶人不在现场，妨碍其他车辆、行人通行的违法行为(代码:1039)"
        ],
        procedure="summary",
        code="1039",
    ),
    Offence(
        "drunk",
        "traffic",
        "交",
        "饮酒后驾驶机动车",
        "person",
        [cite(DLJT, 22, 2)],
        [cite(DLJT, 91, 1)],
        _drunk,
        [
            "{T}，{P}饮酒后驾驶{PLATE}号小型轿车行驶至{L}时被民警查获。经呼气式酒精检测，{P}呼气酒精含量为{BAC}mg/100ml，属饮酒后驾驶机动车。"
        ],
    ),
    Offence(
        "drunk_commercial",
        "traffic",
        "交",
        "饮酒后驾驶营运机动车",
        "person",
        [cite(DLJT, 22, 2)],
        [cite(DLJT, 91, 3)],
        lambda rng: [
            Pen("detention", days=15),
            Pen("fine", amount=5000),
            Pen("license_revocation", description="吊销机动车驾驶证"),
        ],
        [
            "{T}，{P}饮酒后驾驶{PLATE}号营运客车行驶至{L}时被民警查获。经呼气式酒精检测，{P}呼气酒精含量为{BAC}mg/100ml，属饮酒后驾驶营运机动车。"
        ],
    ),
    Offence(
        "unlicensed",
        "traffic",
        "交",
        "未取得机动车驾驶证驾驶机动车",
        "person",
        [cite(DLJT, 19, 1)],
        [cite(DLJT, 99, 1, 1), cite(DLJT, 99, 2)],
        _unlicensed,
        [
            "{T}，{P}在未取得机动车驾驶证的情况下驾驶{PLATE}号普通二轮摩托车行驶至{L}时被民警查获。经查询，该车登记所有人为{W}。"
        ],
    ),
    Offence(
        "fire_exit",
        "fire",
        "消",
        "占用、堵塞、封闭疏散通道、安全出口",
        "org_or_indiv",
        [cite(XF, 28)],
        [cite(XF, 60, 1, 3)],
        fine_only(5000, 50000, 1000),
        [
            "{T}，消防监督员在对{ORG}进行消防监督检查时发现，该单位存在占用、堵塞、封闭疏散通道、安全出口的违法行为。现场负责人{W}在检查记录上签字确认。"
        ],
    ),
    Offence(
        "fire_facility",
        "fire",
        "消",
        "消防设施、器材未保持完好有效",
        "org_or_indiv",
        [cite(XF, 16, 1, 2)],
        [cite(XF, 60, 1, 1)],
        fine_only(5000, 50000, 1000),
        [
            "{T}，消防监督员对{ORG}开展消防监督检查，发现该单位室内消火栓无水、部分灭火器压力不足，消防设施、器材未保持完好有效。"
        ],
    ),
    Offence(
        "fire_corridor",
        "fire",
        "消",
        "占用疏散通道",
        "person",
        [cite(XF, 28)],
        [cite(XF, 60, 2)],
        warn_or_fine(100, 500, 0.5),
        ["{T}，{P}将其电动自行车停放在其住所{ADDR}楼道内充电，占用疏散通道，经责令改正后拒不改正。"],
    ),
    Offence(
        "fire_hotwork",
        "fire",
        "治",
        "违反规定使用明火作业",
        "person",
        [cite(XF, 21, 2)],
        [cite(XF, 63, item=2)],
        det_or_fine(1, 5, 100, 500, 0.3),
        ["{T}，{P}在{L}未办理动火审批手续进行电焊作业，违反规定使用明火作业。"],
    ),
    Offence(
        "fire_unsafe",
        "fire",
        "消",
        "公众聚集场所未经消防安全检查擅自投入使用",
        "org",
        [cite(XF, 15, 1)],
        [cite(XF, 58, 1, 4)],
        _unsafe_building,
        ["{T}，消防监督员检查发现{ORG}经营的场所属公众聚集场所，未经消防救援机构许可擅自投入使用、营业。"],
    ),
    Offence(
        "overstay",
        "exit_entry",
        "出入境",
        "非法居留",
        "foreign",
        [cite(CRJ, 43, item=1)],
        [cite(CRJ, 78, 1)],
        _overstay,
        [
            "{P}持{NAT}护照（护照号码：{P.id}）于{DATE0}入境，所持签证有效期至{DATE1}。签证到期后{P}未办理延期手续，至{T}在{L}被民警查获，非法居留{DAYS}日。"
        ],
    ),
    Offence(
        "illegal_work",
        "exit_entry",
        "出入境",
        "非法就业",
        "foreign",
        [cite(CRJ, 41, 1)],
        [cite(CRJ, 80, 1)],
        _illegal_work,
        [
            "{T}，民警在{ORG}检查时发现，{P}（{NAT}籍，护照号码：{P.id}）未取得工作许可和工作类居留证件，在该公司从事外语教学工作，月薪人民币{AMT}。"
        ],
    ),
    Offence(
        "foreign_lodging",
        "exit_entry",
        "出入境",
        "未按规定办理外国人住宿登记",
        "org_or_indiv",
        [cite(CRJ, 39, 1)],
        [cite(CRJ, 76, 1, 5)],
        warn_or_fine(500, 2000),
        [
            "{T}，民警检查发现{ORG}接待外国人{V}（护照号码：{V.id}）入住，未在二十四小时内向公安机关报送住宿登记信息。"
        ],
    ),
    Offence(
        "cyber_duty",
        "cyber",
        "网安",
        "未履行网络安全保护义务",
        "org",
        [cite(WLAQ, 21)],
        [cite(WLAQ, 59, 1)],
        warn_or_fine(10000, 100000, 0.5),
        [
            "{T}，民警在对{ORG}开展网络安全执法检查时发现，该单位未制定内部安全管理制度和操作规程，未采取防范计算机病毒和网络攻击的技术措施，网站后台管理员{W}使用弱口令，联系邮箱{EMAIL}。"
        ],
    ),
    Offence(
        "cyber_realname",
        "cyber",
        "网安",
        "未要求用户提供真实身份信息",
        "org",
        [cite(WLAQ, 24, 1)],
        [cite(WLAQ, 61)],
        fine_only(50000, 200000, 10000),
        [
            "{T}，经检查，{ORG}运营的即时通信应用在为用户提供信息发布服务时未要求用户提供真实身份信息，用户{V}以微信号{WX}注册后发布违法信息。"
        ],
    ),
    Offence(
        "cyber_group",
        "cyber",
        "网安",
        "利用网络设立用于实施违法犯罪活动的通讯群组",
        "person",
        [cite(WLAQ, 46)],
        [cite(WLAQ, 67, 1)],
        _cyber_group,
        [
            "{T}，{P}使用QQ号{QQ}创建名为“{GROUP}”的QQ群，在群内发布出售他人银行卡的信息，群成员包括{C}等三百余人。{P}另使用微信号{WX}与买家联系。"
        ],
    ),
    Offence(
        "fake_guns",
        "firearms",
        "治",
        "销售仿真枪",
        "person_or_indiv",
        [cite(QZ, 22)],
        [cite(QZ, 44, 1, 5), cite(QZ, 44, 2)],
        _fake_guns,
        [
            "{T}，民警在{L}检查时发现，{P}通过网店销售仿真枪，其使用的收款银行卡卡号为{CARD}，联系电话{P.phone}。经鉴定，查获的枪形物均为仿真枪。"
        ],
    ),
    Offence(
        "gun_carry",
        "firearms",
        "治",
        "在禁止携带枪支的区域携带枪支",
        "person",
        [cite(QZ, 27)],
        [cite(QZ, 44, 1, 2)],
        lambda rng: [Pen("warning")] if rng.random() < 0.4 else [Pen("detention", days=rng.randint(3, 15))],
        ["{T}，{P}携带其持有的猎枪进入{L}，被现场执勤民警查获。{P}持有{ISSUER}核发的持枪证。"],
    ),
]

AREA_WEIGHTS = {
    "public_order": 45,
    "traffic": 25,
    "fire": 10,
    "exit_entry": 6,
    "cyber": 6,
    "firearms": 3,
    "other": 5,
}
