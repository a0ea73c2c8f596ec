"""Synthetic *published* decisions for tests and the benchmark (no real persons).

Each decision is built the way the pipeline would publish it: a raw text with a fictitious
party name and a checksummed resident ID, then masked (surname + 某, ID → asterisks).  The
raw secrets are returned alongside so tests can prove they are not findable.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass

from search.documents import PublicDecision, default_title

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英建国志强春梅海燕红梅建华玉兰晓东文博子涵浩然思远雨桐"
)
CITIES = [
    ("台州市", "3310", ["椒江", "黄岩", "路桥"]),
    ("杭州市", "3301", ["上城", "拱墅", "西湖", "滨江"]),
    ("宁波市", "3302", ["海曙", "江北", "北仑", "镇海"]),
    ("温州市", "3303", ["鹿城", "龙湾", "瓯海"]),
    ("南京市", "3201", ["玄武", "秦淮", "建邺", "鼓楼"]),
    ("苏州市", "3205", ["虎丘", "吴中", "相城", "姑苏"]),
    ("广州市", "4401", ["荔湾", "越秀", "海珠", "天河"]),
    ("深圳市", "4403", ["罗湖", "福田", "南山", "宝安"]),
    ("成都市", "5101", ["锦江", "青羊", "金牛", "武侯"]),
    ("武汉市", "4201", ["江岸", "江汉", "硚口", "汉阳"]),
]
STREETS = [
    "人民路",
    "解放路",
    "中山路",
    "建设路",
    "文化路",
    "和平路",
    "新华路",
    "东风路",
    "青年路",
    "光明街",
    "学院路",
    "滨江大道",
]
PLACES = [
    "某酒吧",
    "某网吧",
    "某宾馆",
    "某KTV",
    "某小区",
    "某农贸市场",
    "某超市",
    "某饭店",
    "某停车场",
    "某广场",
]
GOODS = ["过期食品", "假冒卷烟", "烟花爆竹", "管制刀具", "散装白酒", "无证药品", "劣质电线", "伪劣化肥"]


@dataclass(frozen=True)
class Offence:
    law_area: str
    penalties: tuple[str, ...]
    basis: str
    facts: str
    fine: tuple[int, int]
    party: str = "natural_person"


OFFENCES = [
    Offence(
        "public_order",
        ("detention", "fine"),
        "《中华人民共和国治安管理处罚法》第四十三条第一款",
        "{t}，违法行为人{n}在{place}内因琐事与他人发生争执，并殴打他人，致被侵害人轻微伤。",
        (200, 500),
    ),
    Offence(
        "public_order",
        ("fine",),
        "《中华人民共和国治安管理处罚法》第二十六条第四项",
        "{t}，违法行为人{n}在{street}{place}门口任意损毁他人财物，寻衅滋事，扰乱公共秩序。",
        (200, 1000),
    ),
    Offence(
        "public_order",
        ("detention",),
        "《中华人民共和国治安管理处罚法》第七十条",
        "{t}，违法行为人{n}在{place}内以营利为目的，为赌博提供条件，现场查获赌资人民币{amount}元。",
        (0, 0),
    ),
    Offence(
        "public_order",
        ("warning",),
        "《中华人民共和国治安管理处罚法》第二十三条第一款第一项",
        "{t}，违法行为人{n}在{street}扰乱单位秩序，致使工作不能正常进行，经劝阻后停止。",
        (0, 0),
    ),
    Offence(
        "traffic",
        ("fine", "license_suspension"),
        "《中华人民共和国道路交通安全法》第九十一条第一款",
        "{t}，违法行为人{n}饮酒后驾驶小型轿车（号牌浙J·*****）行驶至{street}时被查获，经呼气酒精检测，血液中酒精含量为每百毫升{bac}毫克，属饮酒驾驶机动车。",
        (1000, 2000),
    ),
    Offence(
        "traffic",
        ("detention", "license_revocation", "fine"),
        "《中华人民共和国道路交通安全法》第九十一条第二款",
        "{t}，违法行为人{n}醉酒驾驶机动车行驶至{street}路口，经血液检验酒精含量为每百毫升{bac2}毫克，属醉酒驾驶机动车。",
        (2000, 2000),
    ),
    Offence(
        "traffic",
        ("fine",),
        "《中华人民共和国道路交通安全法》第九十九条第一款第一项",
        "{t}，违法行为人{n}未取得机动车驾驶证驾驶普通二轮摩托车在{street}行驶，被执勤民警当场查获。",
        (200, 2000),
    ),
    Offence(
        "fire",
        ("fine",),
        "《中华人民共和国消防法》第六十条第一款第三项",
        "{t}，经消防救援机构检查发现，{company}在{street}经营场所内占用、堵塞、封闭疏散通道和安全出口，经责令改正拒不改正。",
        (5000, 50000),
        "legal_person",
    ),
    Offence(
        "fire",
        ("fine", "business_restriction"),
        "《中华人民共和国消防法》第五十八条第一款第四项",
        "{t}，{company}经营的{place}未经消防安全检查擅自投入使用、营业，存在重大火灾隐患。",
        (30000, 300000),
        "legal_person",
    ),
    Offence(
        "exit_entry",
        ("fine", "deportation"),
        "《中华人民共和国出境入境管理法》第七十八条",
        "{t}，外国人{n}在{city}非法居留{days}日，被民警在{place}查获。",
        (500, 10000),
    ),
    Offence(
        "cyber",
        ("fine", "confiscation"),
        "《中华人民共和国网络安全法》第六十四条第二款",
        "{t}，{company}通过网络非法出售公民个人信息{count}条，违法所得人民币{amount}元。",
        (10000, 100000),
        "legal_person",
    ),
    Offence(
        "firearms",
        ("detention", "confiscation"),
        "《中华人民共和国治安管理处罚法》第三十二条第一款",
        "{t}，违法行为人{n}非法携带{goods}进入{place}，被现场查获并依法收缴。",
        (0, 0),
    ),
    Offence(
        "other",
        ("fine", "confiscation"),
        "《中华人民共和国食品安全法》第一百二十四条第一款第五项",
        "{t}，{company}在{street}门店销售{goods}，货值金额人民币{amount}元，违反了相关规定。",
        (5000, 50000),
        "individual_business",
    ),
]
RIGHTS = (
    "如不服本决定，可以在收到本决定书之日起六十日内向{city}人民政府或者{city}公安局申请行政复议，"
    "或者在六个月内依法向{district}区人民法院提起行政诉讼。"
)
CN_DIGITS = "〇一二三四五六七八九"


def _cn_number(n: int) -> str:
    units = ["", "十", "百", "千"]
    if n == 0:
        return "零"
    s, digits = "", str(n)
    for i, ch in enumerate(digits):
        d = int(ch)
        pos = len(digits) - i - 1
        if d:
            s += CN_DIGITS[d] + units[pos]
        elif not s.endswith("零"):
            s += "零"
    return s.rstrip("零").replace("一十", "十", 1) if n < 20 else s.rstrip("零")


def resident_id(rng: random.Random, region: str, birth: dt.date) -> str:
    first17 = f"{region}{birth:%Y%m%d}{rng.randrange(1000):03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights, strict=True)) % 11]
    return first17 + check


@dataclass(frozen=True)
class Secrets:
    """What the raw decision contained and masking removed."""

    name: str
    id_number: str


def synthetic(n: int, seed: int = 0, start: int = 0) -> Iterator[tuple[PublicDecision, Secrets]]:
    rng = random.Random(seed * 1_000_003 + start)
    published_base = dt.datetime(2024, 1, 1)
    for i in range(start, start + n):
        city, prefix, districts = rng.choice(CITIES)
        k = rng.randrange(len(districts))
        district = districts[k]
        region = f"{prefix}{k + 2:02d}"
        authority = f"{city}公安局{district}分局"
        off = rng.choice(OFFENCES)
        decision_date = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(365 * 9))
        surname, given = rng.choice(SURNAMES), "".join(rng.sample(GIVEN, rng.choice((1, 2))))
        name = surname + given
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(365 * 40))
        idno = resident_id(rng, region, birth)
        lo, hi = off.fine
        fine = float(rng.randrange(lo, hi + 1, 100) if hi > lo else lo) if "fine" in off.penalties else 0.0
        company = f"{city}{rng.choice(['宏远', '鑫达', '华联', '金盛', '恒通', '永兴'])}{rng.choice(['商贸', '餐饮', '娱乐', '科技'])}有限公司"
        when = f"{decision_date.year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日{rng.randint(0, 23)}时许"
        facts = off.facts.format(
            t=when,
            n="{party}",
            place=rng.choice(PLACES),
            street=rng.choice(STREETS),
            goods=rng.choice(GOODS),
            company=company,
            city=city,
            amount=rng.randrange(100, 50000),
            bac=rng.randrange(20, 79),
            bac2=rng.randrange(80, 250),
            days=rng.randrange(3, 200),
            count=rng.randrange(100, 20000),
        )
        number = f"{district[0]}公（{'治交消出网'[rng.randrange(5)]}）行罚决字〔{decision_date.year}〕{rng.randrange(1, 99999)}号"
        penalty_text = "、".join(
            {
                "detention": f"行政拘留{_cn_number(rng.choice((5, 7, 10, 15)))}日",
                "fine": f"罚款人民币{int(fine)}元",
                "warning": "警告",
                "license_suspension": "暂扣机动车驾驶证六个月",
                "license_revocation": "吊销机动车驾驶证",
                "confiscation": "没收违法所得及非法财物",
                "deportation": "限期出境",
                "business_restriction": "责令停产停业",
            }[p]
            for p in off.penalties
        )

        party = surname + "某"
        idtext = idno[:6] + "*" * 12
        who = (
            f"违法行为人{party}，性别{'男' if rng.random() < 0.7 else '女'}，公民身份号码{idtext}，"
            f"现住{city}{district}区{rng.choice(STREETS)}{rng.randrange(1, 300)}号。"
        )
        masked = (
            f"{authority}\n行政处罚决定书\n{number}\n{who}\n"
            f"现查明：{facts.replace('{party}', party)}以上事实有违法行为人陈述和申辩、证人证言、现场照片、视频监控资料等证据证实。\n"
            f"根据{off.basis}之规定，现决定对{party}作出如下处罚：{penalty_text}。\n"
            f"执行方式和期限：{'被处罚人应当自收到本决定书之日起十五日内到指定银行缴纳罚款。' if fine else '依法执行。'}"
            f"逾期不缴纳罚款的，每日按罚款数额的百分之三加处罚款。\n{RIGHTS.format(city=city, district=district)}\n"
            f"{authority}\n{decision_date.year}年{decision_date.month}月{decision_date.day}日"
        )
        doc_id = f"syn{seed:02d}{i:09d}"
        published = published_base + dt.timedelta(minutes=i)
        yield (
            PublicDecision(
                id=doc_id,
                document_number=number,
                title=default_title(authority, number),
                authority=authority,
                region_code=region,
                law_area=off.law_area,
                penalty_kinds=sorted(set(off.penalties)),
                party_kinds=[off.party],
                decision_date=decision_date,
                fine_total=fine,
                legal_basis=[off.basis],
                masked_text=masked,
                published_at=published,
                display_until=decision_date + dt.timedelta(days=365 * (3 if fine >= 10000 else 1)),
                severity=rng.choice(["minor", "general", "general", "serious"]),
            ),
            Secrets(name=name, id_number=idno),
        )


def synthetic_decisions(n: int, seed: int = 0, start: int = 0) -> Iterator[PublicDecision]:
    for doc, _ in synthetic(n, seed, start):
        yield doc
