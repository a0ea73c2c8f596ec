"""Synthetic natural persons, organisations and their identifiers."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from sunshine.synth import data, ids
from sunshine.synth.data import Region

_FW = str.maketrans("0123456789Xx", "０１２３４５６７８９Ｘｘ")


@dataclass
class Person:
    name: str
    surname: str
    given: str | None  # set when a given-name-only mention ("建国称") reads naturally
    male: bool
    birth: dt.date
    kind: str  # han | compound | minority | foreign | hkmo | tw
    ethnic: str = "汉族"
    id_type: str | None = None  # resident_id | resident_id_15 | passport | hk_macau_permit | taiwan_permit
    id_number: str | None = None  # canonical form (what a case system stores)
    id_text: str | None = None  # as printed in the text (may have spaces, full-width digits, ...)
    id_valid: bool = True
    nationality: str | None = None
    latin: str | None = None
    hukou: tuple[Region, str] | None = None  # (region, below-county part)
    home: tuple[Region, str] | None = None
    phone: str | None = None
    phone_text: str | None = None
    employer: str | None = None
    occupation: str | None = None
    education: str | None = None
    email: str | None = None
    qq: str | None = None
    wechat: str | None = None
    card: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def gender(self) -> str:
        return "男" if self.male else "女"

    def age_on(self, day: dt.date) -> int:
        return day.year - self.birth.year - ((day.month, day.day) < (self.birth.month, self.birth.day))


@dataclass
class Org:
    name: str
    kind: str  # legal_person | individual_business
    uscc: str
    region: Region
    address: str  # full address
    rep: Person  # 法定代表人 / 经营者
    business: str  # hotel | net | ktv | shop ...
    phone: str | None = None


def han_name(
    rng: random.Random,
    *,
    compound: bool = False,
    rare: bool = False,
    surname: str | None = None,
    given_len: int | None = None,
) -> tuple[str, str, str]:
    s = surname or (rng.choice(data.COMPOUND_SURNAMES) if compound else rng.choice(data.SURNAMES))
    n = given_len or (1 if rng.random() < 0.3 else 2)
    chars = [rng.choice(data.GIVEN_CHARS) for _ in range(n)]
    if rare:
        chars[-1] = rng.choice(data.RARE_CHARS)
    g = "".join(chars)
    return s + g, s, g


def minority_name(rng: random.Random) -> tuple[str, str, str]:
    style = rng.random()
    if style < 0.45:
        first = rng.choice(data.UYGHUR_GIVEN)
        father = rng.choice([f for f in data.UYGHUR_FATHER if f != first])
        return f"{first}·{father}", first[0], first
    if style < 0.8:
        a, b = rng.sample(data.TIBETAN_PARTS, 2)
        return a + b, a[0], a + b
    m = rng.choice(data.MONGOLIAN)
    return m, m[0], m


def birth_for_age(rng: random.Random, on: dt.date, age: int) -> dt.date:
    start = dt.date(on.year - age - 1, on.month, min(on.day, 28)) + dt.timedelta(days=1)
    return start + dt.timedelta(days=rng.randrange(0, 364))


def format_id(rng: random.Random, value: str, *, hard: bool) -> str:
    if not hard:
        return value if rng.random() < 0.97 else value.lower()
    style = rng.choice(["space", "fullwidth", "lower", "dash", "plain"])
    if style == "space":
        return f"{value[:6]} {value[6:14]} {value[14:]}"
    if style == "fullwidth":
        return value.translate(_FW)
    if style == "lower":
        return value.lower()
    if style == "dash":
        return f"{value[:6]}-{value[6:14]}-{value[14:]}"
    return value


def format_phone(rng: random.Random, value: str) -> str:
    if "-" in value:  # landline
        area, num = value.split("-")
        return rng.choice([value, f"({area}){num}", f"{area} {num}", f"{area}{num}"])
    style = rng.random()
    if style < 0.55:
        return value
    if style < 0.67:
        return f"{value[:3]}-{value[3:7]}-{value[7:]}"
    if style < 0.79:
        return f"{value[:3]} {value[3:7]} {value[7:]}"
    if style < 0.89:
        return f"+86 {value[:3]} {value[3:7]} {value[7:]}"
    if style < 0.95:
        return f"+86-{value}"
    return f"86{value}"


def address_detail(rng: random.Random) -> str:
    style = rng.random()
    if style < 0.45:
        return (
            f"{rng.choice(data.TOWNS)}街道{rng.choice(data.ROADS)}{rng.randint(1, 999)}号"
            f"{rng.choice(data.COMMUNITIES)}{rng.randint(1, 30)}幢{rng.randint(1, 6)}单元{rng.randint(1, 33)}0{rng.randint(1, 6)}室"
        )
    if style < 0.75:
        return f"{rng.choice(data.ROADS)}{rng.randint(1, 999)}号{rng.randint(1, 20)}-{rng.randint(1, 30)}0{rng.randint(1, 4)}"
    return f"{rng.choice(data.TOWNS)}镇{rng.choice(data.VILLAGES)}村{rng.randint(1, 12)}组{rng.randint(1, 200)}号"


def pick_region(rng: random.Random) -> Region:
    return rng.choices(data.REGIONS, weights=data.REGION_WEIGHTS)[0]


def make_person(
    rng: random.Random,
    *,
    on: dt.date,
    home_region: Region,
    age: int | None = None,
    kind: str | None = None,
    hard: bool = False,
    details: bool = True,
    surname: str | None = None,
    rare: bool = False,
    invalid_id: bool = False,
) -> Person:
    if kind is None:
        r = rng.random()
        kind = (
            "compound"
            if r < 0.04
            else "minority"
            if r < 0.09
            else "hkmo"
            if r < 0.115
            else "tw"
            if r < 0.125
            else "han"
        )
    if age is None:
        age = int(min(75, max(18, rng.gauss(36, 11))))
    birth = birth_for_age(rng, on, age)
    male = rng.random() < 0.72
    nationality = None
    latin = None
    ethnic = rng.choice(data.ETHNIC)
    if kind == "foreign":
        nat, sur, giv = rng.choice(data.FOREIGN)
        latin = f"{rng.choice(sur)} {rng.choice(giv)}"
        name, s, g = latin, latin.split()[0], ""
        nationality = nat
        ethnic = ""
    elif kind == "minority":
        name, s, g = minority_name(rng)
        ethnic = rng.choice(["维吾尔族", "藏族", "蒙古族"])
    else:
        name, s, g = han_name(rng, compound=(kind == "compound"), surname=surname, rare=rare)
    person = Person(
        name=name,
        surname=s,
        given=g if len(g) >= 2 and kind in ("han", "compound") else None,
        male=male,
        birth=birth,
        kind=kind,
        ethnic=ethnic,
        nationality=nationality,
        latin=latin,
    )
    id_region = home_region.code
    if kind == "foreign":
        person.id_type = "passport"
        person.id_number = ids.make_passport(rng, foreign=True)
    elif kind == "hkmo":
        person.id_type = "hk_macau_permit"
        person.id_number = ids.make_hk_macau_permit(rng)
    elif kind == "tw":
        person.id_type = "taiwan_permit"
        person.id_number = ids.make_taiwan_permit(rng)
    elif hard and rng.random() < 0.15 and birth.year < 2000:
        person.id_type = "resident_id_15"
        person.id_number = ids.make_old_resident_id(rng, id_region, birth, male)
    else:
        person.id_type = "resident_id"
        person.id_number = ids.make_resident_id(
            rng, id_region, birth, male, want_x=hard and rng.random() < 0.25
        )
        if invalid_id:
            person.id_number = ids.corrupt_check(rng, person.id_number)
            person.id_valid = False
    if person.id_type == "resident_id":
        person.id_text = format_id(rng, person.id_number, hard=hard)
    else:
        person.id_text = person.id_number
    if kind in ("han", "compound", "minority"):
        person.hukou = (home_region, address_detail(rng))
    if details:
        live_region = home_region if rng.random() < 0.6 else pick_region(rng)
        person.home = (
            person.hukou if (person.hukou and rng.random() < 0.3) else (live_region, address_detail(rng))
        )
        person.phone = (
            ids.make_mobile(rng) if rng.random() < 0.9 else ids.make_landline(rng, live_region.area_code)
        )
        person.phone_text = format_phone(rng, person.phone)
        if kind in ("hkmo", "tw") and rng.random() < 0.5:
            # Hong Kong 8 digits (+852), Macau 6 + 7 digits (+853), Taiwan 09 + 8 digits (+886)
            if kind == "tw":
                local = "9" + "".join(rng.choice("0123456789") for _ in range(8))
                person.phone = "+886" + local
                person.phone_text = rng.choice([f"+886 {local[:3]} {local[3:6]} {local[6:]}", "0" + local])
            elif rng.random() < 0.7:
                local = rng.choice("569") + "".join(rng.choice("0123456789") for _ in range(7))
                person.phone = "+852" + local
                person.phone_text = rng.choice(
                    [f"+852 {local[:4]} {local[4:]}", f"(852){local}", f"852-{local}"]
                )
            else:
                local = "6" + "".join(rng.choice("0123456789") for _ in range(7))
                person.phone = "+853" + local
                person.phone_text = rng.choice([f"+853 {local[:4]} {local[4:]}", f"853-{local}"])
        person.occupation = rng.choice(data.OCCUPATIONS)
        person.education = rng.choice(data.EDUCATION)
        if rng.random() < 0.35:
            person.employer = (
                f"{live_region.city_name}{rng.choice(data.COMPANY_CORES)}{rng.choice(data.EMPLOYERS_KIND)}"
            )
    return person


def make_org(
    rng: random.Random, *, region: Region, on: dt.date, kind: str, business: str | None = None
) -> Org:
    rep = make_person(rng, on=on, home_region=region, kind="han", details=kind == "individual_business")
    if kind == "individual_business":
        word = (
            rng.choice(data.SHOP_WORDS)
            if business is None
            else {"hotel": "民宿", "net": "网吧", "ktv": "歌舞厅", "shop": "便利店", "food": "小吃店"}.get(
                business, "商行"
            )
        )
        name = f"{region.county}{rng.choice(data.TOWNS)}{rng.choice(data.COMPANY_CORES)}{word}"
        uscc = ids.make_uscc(rng, "92", region.code)
        biz = business or "shop"
    else:
        if business is None:
            suffix, biz = rng.choice(data.COMPANY_KINDS)
        else:
            biz = business
            suffix = next((s for s, b in data.COMPANY_KINDS if b == business), "有限公司")
        name = f"{region.city_name[:-1] if region.city_name.endswith('市') else region.city_name}{rng.choice(data.COMPANY_CORES)}{suffix}"
        uscc = ids.make_uscc(rng, "91", region.code)
    address = f"{region.prefix}{rng.choice(data.ROADS)}{rng.randint(1, 999)}号"
    phone = ids.make_landline(rng, region.area_code) if rng.random() < 0.5 else None
    return Org(
        name=name, kind=kind, uscc=uscc, region=region, address=address, rep=rep, business=biz, phone=phone
    )
