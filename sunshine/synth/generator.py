"""Composition of whole decisions: header, party block, narrative, basis, penalties, notices.

Every random choice comes from one ``random.Random`` seeded by (seed, index), so item *i* is
the same whatever *n* is, and a failing test names a reproducible decision.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field, fields
from typing import Any

from sunshine.schema import Decision
from sunshine.synth import data, ids
from sunshine.synth.builder import GoldSpan, TextBuilder
from sunshine.synth.data import Region
from sunshine.synth.numerals import AMOUNT_STYLES, amount_text, chinese_date, to_chinese
from sunshine.synth.offences import AREA_WEIGHTS, OFFENCES, XZCF, Offence, Pen, cite
from sunshine.synth.offences import ZAGL as ZAGL_LAW
from sunshine.synth.people import (
    Org,
    Person,
    address_detail,
    format_phone,
    han_name,
    make_org,
    make_person,
    pick_region,
)

ROLE_LABELS = {"P": "penalised", "V": "victim", "W": "witness", "C": "co_offender"}
ID_LABEL = {
    "resident_id": "ID_NUMBER",
    "resident_id_15": "ID_NUMBER",
    "passport": "PASSPORT",
    "hk_macau_permit": "PERMIT",
    "taiwan_permit": "PERMIT",
}
ID_TYPE_TEXT = {
    "resident_id": "居民身份证",
    "resident_id_15": "居民身份证",
    "passport": "护照",
    "hk_macau_permit": "港澳居民来往内地通行证",
    "taiwan_permit": "台湾居民来往大陆通行证",
}
EVIDENCE = [
    "违法行为人的陈述和申辩",
    "被侵害人陈述",
    "证人证言",
    "视听资料",
    "现场检查笔录",
    "鉴定意见",
    "辨认笔录",
    "现场照片",
    "书证",
    "电子数据",
    "检测报告",
    "价格认定结论书",
    "受案登记表",
]
_YEAR_WEIGHTS = {2019: 3, 2020: 3, 2021: 4, 2022: 5, 2023: 8, 2024: 22, 2025: 30, 2026: 25}
_LAST_DAY = dt.date(2026, 11, 15)


@dataclass
class Options:
    """Knobs for :func:`generate`; unknown keyword options raise ``TypeError``."""

    hard: bool = False
    hard_rate: float = 0.7  # share of decisions that get hard cases when ``hard`` is on
    minor_rate: float = 0.03
    invalid_id_rate: float = 0.0  # resident IDs with a wrong check digit (negative tests only)
    event_rate: float = 0.04
    law_areas: list[str] | None = None
    source: str = "synth"
    long: bool = False  # every optional section (evidence list, case history): ~800 chars avg vs ~660
    # Decision dates uniformly in [date_from, date_to] instead of the 2019-2026 mix; the demo uses a
    # recent window so that its decisions are still inside their statutory display period.
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@dataclass
class GeneratedDecision:
    decision: Decision
    gold: list[GoldSpan]
    keep: list[GoldSpan]
    # Spans whose treatment is a policy choice (address prefixes down to county level, legal
    # representatives, employers, individual-business names, badge numbers, org addresses).
    neutral: list[GoldSpan] = field(default_factory=list)
    # Which hard cases were injected (for tests and error analysis).
    hard_cases: list[str] = field(default_factory=list)


def _pick_date(rng: random.Random, opts: Options | None = None) -> dt.date:
    if opts is not None and opts.date_from is not None:
        end = opts.date_to or _LAST_DAY
        return opts.date_from + dt.timedelta(days=rng.randrange(max((end - opts.date_from).days, 0) + 1))
    year = rng.choices(list(_YEAR_WEIGHTS), weights=list(_YEAR_WEIGHTS.values()))[0]
    start = dt.date(year, 1, 1)
    end = min(dt.date(year, 12, 31), _LAST_DAY)
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def _short_county(region: Region) -> str:
    name = region.county
    if name.endswith("新区"):
        return name[:-2]
    return name[:-1] if len(name) > 2 else name


class _Ctx:
    """State of one decision while it is being written."""

    def __init__(self, rng: random.Random, opts: Options, index: int, seed: int) -> None:
        self.rng = rng
        self.opts = opts
        self.index = index
        self.seed = seed
        self.b = TextBuilder()
        self.hard = opts.hard and rng.random() < opts.hard_rate
        self.hard_cases: list[str] = []
        self.people: dict[str, Person] = {}
        self.org: Org | None = None
        self.region: Region = pick_region(rng)
        self.offence: Offence = self._pick_offence()
        self.decision_date = _pick_date(rng, opts)
        self.summary = self.offence.procedure == "summary" or (
            self.offence.procedure == "either" and rng.random() < 0.5
        )
        lag = 0 if self.summary and rng.random() < 0.6 else rng.randint(1, 25)
        self.violation_date = self.decision_date - dt.timedelta(days=lag)
        self.vtime = (rng.randint(0, 23), rng.choice([0, 5, 10, 15, 20, 30, 40, 45, 50]))
        self.penalties: list[Pen] = self.offence.penalties(rng)
        if (
            self.offence.procedure == "general"
            and self.offence.area not in ("exit_entry", "traffic")
            and all(
                p.kind == "warning" or (p.kind == "fine" and (p.amount or 0) <= 200) for p in self.penalties
            )
        ):
            self.summary = rng.random() < 0.5
        if self.summary and self.offence.area != "traffic":
            self.violation_date = self.decision_date  # 当场处罚: decided where the conduct was found
        self.authority = ""
        self.place_road = rng.choice(data.ROADS)
        self.venue = rng.choice(data.VENUES)
        self.station_town = rng.choice(data.TOWNS)
        self.plate: str | None = None
        self.party_kind = "natural_person"
        self.place_written = False
        self.basis: list[str] | None = None

    def has_big_fine(self) -> bool:
        limit = 2000 if self.org is None else 50000
        return any(p.kind == "fine" and (p.amount or 0) > limit for p in self.penalties)

    # -- choices -----------------------------------------------------------------------------
    def _pick_offence(self) -> Offence:
        areas = {a: w for a, w in AREA_WEIGHTS.items() if not self.opts.law_areas or a in self.opts.law_areas}
        if not areas:
            raise ValueError("law_areas selects no known law area")
        area = self.rng.choices(list(areas), weights=list(areas.values()))[0]
        return self.rng.choice([o for o in OFFENCES if o.area == area])

    def person(self, key: str) -> Person:
        if key in self.people:
            return self.people[key]
        rng = self.rng
        surname = None
        kind = None
        rare = False
        if key == "P":
            kind = "foreign" if self.offence.party == "foreign" else None
        elif self.offence.key == "foreign_lodging" and key == "V":
            kind = "foreign"
        elif key in ("V", "W", "C") and rng.random() < 0.85:
            kind = "han"
        if (
            self.hard
            and key in ("V", "W")
            and "P" in self.people
            and self.people["P"].kind == "han"
            and "same_surname" not in self.hard_cases
            and rng.random() < 0.7
        ):
            surname = self.people["P"].surname
            self.hard_cases.append("same_surname")
        if self.hard and key == "P" and kind is None and rng.random() < 0.15:
            rare = True
            kind = "han"
            self.hard_cases.append("rare_char")
        age = None
        if (
            key == "P"
            and kind != "foreign"
            and self.offence.area in ("public_order", "other", "cyber")
            and rng.random() < self.opts.minor_rate
        ):
            age = rng.randint(14, 17)
        invalid = key == "P" and rng.random() < self.opts.invalid_id_rate
        p = make_person(
            rng,
            on=self.violation_date,
            home_region=self.region if rng.random() < 0.7 else pick_region(rng),
            age=age,
            kind=kind,
            hard=self.hard,
            details=key == "P",
            surname=surname,
            rare=rare,
            invalid_id=invalid,
        )
        if surname is not None:
            # two different people with the same surname must not share the full name
            while p.name == self.people["P"].name:
                p = make_person(
                    rng,
                    on=self.violation_date,
                    home_region=self.region,
                    kind="han",
                    surname=surname,
                    details=False,
                )
        if (
            p.id_type == "resident_id"
            and p.id_text != p.id_number
            and "id_format" not in self.hard_cases
            and self.hard
        ):
            self.hard_cases.append("id_format")
        if p.id_type == "resident_id_15":
            self.hard_cases.append("id_15")
        self.people[key] = p
        return p

    # -- labelled writers ---------------------------------------------------------------------
    def name(self, p: Person, role: str) -> None:
        self.b.g(p.name, "PERSON", role)

    def address(self, where: tuple[Region, str], role: str) -> str:
        region, detail = where
        style = self.rng.random()
        prefix = region.prefix if style < 0.7 else f"{region.city}{region.county}" if style < 0.9 else ""
        self.b.n(prefix, "ADDRESS_PREFIX", role)
        self.b.g(detail, "ADDRESS", role)
        return prefix + detail

    def id_span(self, p: Person, role: str) -> None:
        assert p.id_type and p.id_text
        self.b.g(p.id_text, ID_LABEL[p.id_type], role)

    def plate_text(self) -> str:
        if self.plate is None:
            prefix = self.region.plate if self.rng.random() < 0.8 else pick_region(self.rng).plate
            self.plate = ids.make_plate(self.rng, prefix, new_energy=self.rng.random() < 0.25)
        sep = self.rng.choice(["", "", "·", " "])
        return self.plate[:2] + sep + self.plate[2:]

    def location(self) -> None:
        r = self.region
        self.place_written = True
        if "zhangyang" in self.hard_cases:
            self.b.t(f"{r.city_name}{r.county}").k("张杨路", "PLACE")
            if self.offence.area == "traffic":
                self.b.t("与").k(self.place_road, "PLACE").t("交叉口")
            else:
                self.b.t(f"{self.rng.randint(1, 3000)}号{self.venue}")
            return
        self.b.t(f"{r.city_name}{r.county}" if self.rng.random() < 0.6 else "")
        if self.offence.area == "traffic":
            other = self.rng.choice([x for x in data.ROADS if x != self.place_road])
            if self.rng.random() < 0.5:
                self.b.k(self.place_road, "PLACE").t("与").k(other, "PLACE").t("交叉口")
            else:
                self.b.k(self.place_road, "PLACE").t(f"{self.rng.randint(1, 999)}号路段")
            return
        self.b.k(self.place_road, "PLACE").t(f"{self.rng.randint(1, 999)}号{self.venue}")

    def time_text(self, d: dt.date | None = None) -> str:
        d = d or self.violation_date
        h, m = self.vtime
        return (
            f"{d.year}年{d.month}月{d.day}日{h}时{m}分许" if m else f"{d.year}年{d.month}月{d.day}日{h}时许"
        )


_TOKEN = re.compile(r"\{([A-Z0-9]+)(?:\.(\w+))?\}")


def _render(ctx: _Ctx, template: str) -> None:
    rng = ctx.rng
    b = ctx.b
    pos = 0
    for m in _TOKEN.finditer(template):
        b.t(template[pos : m.start()])
        pos = m.end()
        tok, attr = m.group(1), m.group(2)
        if tok in ROLE_LABELS:
            p = ctx.person(tok)
            role = ROLE_LABELS[tok]
            if attr is None:
                ctx.name(p, role)
            elif attr == "g":
                b.g(p.given if p.given and rng.random() < 0.8 else p.name, "PERSON", role)
                if p.given:
                    ctx.hard_cases.append("given_name")
            elif attr == "id":
                ctx.id_span(p, role)
            elif attr == "phone":
                if p.phone_text is None:
                    p.phone = ids.make_mobile(rng)
                    p.phone_text = format_phone(rng, p.phone)
                b.g(p.phone_text, "PHONE", role)
            elif attr == "addr":
                if p.home is None or not p.home[1]:
                    p.home = (ctx.region, address_detail(rng))
                ctx.address(p.home, role)
            continue
        if tok == "T":
            b.t(ctx.time_text())
        elif tok == "L":
            ctx.location()
        elif tok == "PLATE":
            b.g(ctx.plate_text(), "PLATE", "penalised")
        elif tok == "CARD":
            p = ctx.person("P")
            p.card = p.card or ids.make_bank_card(rng)
            text = (
                p.card
                if rng.random() < 0.8
                else " ".join(p.card[i : i + 4] for i in range(0, len(p.card), 4))
            )
            b.g(text, "BANK_ACCOUNT", "penalised")
        elif tok == "AMT":
            b.k(f"{rng.randrange(300, 9000, 50)}元", "AMOUNT")
        elif tok == "ADDR":
            p = ctx.person("P")
            if p.home is None:
                p.home = (ctx.region, "")
            ctx.address(p.home, "penalised")
        elif tok == "CERT":
            r = ctx.region
            b.g(
                f"{r.plate[0]}({ctx.decision_date.year - rng.randint(1, 8)}){r.city_name}不动产权第{rng.randint(0, 9999999):07d}号",
                "PROPERTY_CERT",
                "penalised",
            )
        elif tok == "ORG":
            assert ctx.org is not None
            if ctx.org.kind == "legal_person":
                b.k(ctx.org.name, "ORG_NAME")
            else:
                b.n(ctx.org.name, "ORG_NAME", "individual_business")
        elif tok == "EMAIL":
            user = "".join(
                rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(rng.randint(5, 10))
            )
            b.g(
                f"{user}@{rng.choice(['qq.com', '163.com', '126.com', 'sina.com', 'outlook.com'])}",
                "EMAIL",
                "witness",
            )
        elif tok == "QQ":
            p = ctx.person("P")
            p.qq = p.qq or str(rng.randint(10000, 3999999999))
            b.g(p.qq, "IM_ID", "penalised")
        elif tok == "WX":
            wx = rng.choice(["wxid_", "", ""]) + "".join(
                rng.choice("abcdefghijklmnopqrstuvwxyz0123456789_") for _ in range(rng.randint(6, 14))
            )
            if not wx[0].isalpha():
                wx = "w" + wx
            b.g(wx, "IM_ID", "penalised" if "P" in ctx.people else "victim")
        elif tok == "GROUP":
            b.t(rng.choice(["收卡交流群", "兼职刷单群", "四件套收购", "信用卡代还群"]))
        elif tok == "BAC":
            b.t(str(rng.randint(20, 79)))
        elif tok == "NAT":
            b.t(ctx.person("P").nationality or "外国")
        elif tok == "DATE0":
            d0 = ctx.violation_date - dt.timedelta(days=rng.randint(60, 400))
            b.t(f"{d0.year}年{d0.month}月{d0.day}日")
        elif tok == "DATE1":
            d1 = ctx.violation_date - dt.timedelta(days=rng.randint(5, 50))
            ctx.overstay_days = (ctx.violation_date - d1).days  # type: ignore[attr-defined]
            b.t(f"{d1.year}年{d1.month}月{d1.day}日")
        elif tok == "DAYS":
            b.t(str(getattr(ctx, "overstay_days", 10)))
        elif tok == "HOSP":
            b.k(
                f"{ctx.region.city_name}{rng.choice(['第一人民医院', '中医院', '妇幼保健院', '人民医院'])}",
                "ORG_NAME",
            )
        elif tok == "ISSUER":
            b.k(f"{ctx.region.city_name}公安局", "AUTHORITY")
        else:  # pragma: no cover - template typo
            raise KeyError(tok)
    b.t(template[pos:])


# -- authority and document number ---------------------------------------------------------------


def _authority(ctx: _Ctx) -> tuple[str, str]:
    """(name, region_code). A 派出所 may only warn or fine up to 500 yuan."""
    r = ctx.region
    off = ctx.offence
    base = f"{r.county}公安局" if r.county_city else f"{r.city_name}公安局{_short_county(r)}分局"
    small = all(p.kind == "warning" or (p.kind == "fine" and (p.amount or 0) <= 500) for p in ctx.penalties)
    if off.area == "traffic":
        if r.county_city:
            return f"{r.county}公安局交通警察大队", r.code
        if ctx.rng.random() < 0.5:
            return f"{r.city_name}公安局交通警察支队", r.code[:4] + "00"
        return f"{r.city_name}公安局交通警察支队{_short_county(r)}大队", r.code
    if off.doc == "消":
        if ctx.rng.random() < 0.5:
            return f"{r.city_name}消防救援支队", r.code[:4] + "00"
        return (
            f"{r.city_name}{r.county}消防救援大队" if not r.county_city else f"{r.county}消防救援大队",
            r.code,
        )
    if off.area == "exit_entry" and ctx.rng.random() < 0.4:
        return f"{r.city_name}公安局", r.code[:4] + "00"
    if small and ctx.rng.random() < 0.5:
        town = ctx.station_town
        if ctx.hard and "station_name" not in ctx.hard_cases and ctx.rng.random() < 0.5:
            ctx.hard_cases.append("station_name")
        return f"{base}{town}派出所", r.code
    return base, r.code


def _doc_number(ctx: _Ctx) -> str:
    r = ctx.region
    year = ctx.decision_date.year
    rng = ctx.rng
    if ctx.summary and ctx.offence.area == "traffic":
        return r.code + "".join(rng.choice("0123456789") for _ in range(10))
    city_level = ctx.authority.endswith(("支队", "出入境管理局")) or ctx.authority == f"{r.city_name}公安局"
    abbr = r.county_abbr if r.county_city else r.city_abbr if city_level else r.city_abbr + r.county_abbr
    prefix = abbr + ("公" if ctx.offence.doc != "消" else "")
    num = rng.randint(1, 30000 if ctx.offence.area != "fire" else 900)
    if ctx.offence.doc == "消":
        return f"{prefix}消行罚决字〔{year}〕{'第' if rng.random() < 0.3 else ''}{num}号"
    kind = ctx.offence.doc
    style = rng.random()
    if year <= 2020 and style < 0.35:
        return f"{prefix}({kind})决字[{year}]第{num}号"
    if style < 0.15:
        return f"{prefix}({kind})行罚决字({year}){num}号"
    if style < 0.22:
        return f"{prefix}行罚决字〔{year}〕{num}号"
    return f"{prefix}（{kind}）行罚决字〔{year}〕{num}号"


# -- party blocks ----------------------------------------------------------------------------------


def _birth_text(rng: random.Random, d: dt.date) -> str:
    style = rng.random()
    if style < 0.5:
        return f"{d.year}年{d.month}月{d.day}日"
    if style < 0.7:
        return f"{d.year}年{d.month:02d}月{d.day:02d}日"
    if style < 0.85:
        return d.isoformat()
    if style < 0.93:
        return f"{d.year}.{d.month:02d}.{d.day:02d}"
    return f"{d:%Y%m%d}"


def _table_block(ctx: _Ctx, p: Person, role: str) -> dict[str, Any]:
    """Form layout with spaced labels and a spaced two-character name (姓    名：王  芳)."""
    b, rng = ctx.b, ctx.rng
    ctx.hard_cases.append("table_layout")
    party: dict[str, Any] = {"role": role, "kind": "natural_person", "name": p.name, "gender": p.gender}
    b.t("姓    名：").g(f"{p.name[0]}  {p.name[1]}", "PERSON", role).t(
        "          性    别：" + p.gender + "\n"
    )
    b.t("出生日期：").g(_birth_text(rng, p.birth), "BIRTH_DATE", role).t("\n")
    party["birth_date"] = p.birth.isoformat()
    assert p.id_text and p.id_type
    b.t("身份证号：")
    ctx.id_span(p, role)
    b.t("\n")
    party["id_type"] = "resident_id" if p.id_type == "resident_id_15" else p.id_type
    party["id_number"] = p.id_number
    if p.home and p.home[1]:
        b.t("住    址：")
        party["address"] = ctx.address(p.home, role)
        b.t("\n")
    if p.phone_text:
        b.t("联系电话：").g(p.phone_text, "PHONE", role).t("\n")
        party["phone"] = p.phone
    return party


def _person_block(ctx: _Ctx, p: Person, label: str, role: str) -> dict[str, Any]:
    """Writes the party block and returns the schema ``Party`` fields it showed."""
    b, rng = ctx.b, ctx.rng
    if (
        ctx.hard
        and rng.random() < 0.15
        and p.kind == "han"
        and len(p.name) == 2
        and p.id_type in ("resident_id", "resident_id_15")
    ):
        return _table_block(ctx, p, role)
    run = rng.random() < 0.25 or ("run_together" in ctx.hard_cases)
    lines = run or rng.random() < 0.3
    colon = "" if run else "："
    sep = "\n" if lines else "，"
    party: dict[str, Any] = {"role": role, "kind": "natural_person", "name": p.name, "gender": p.gender}
    b.t(f"{label}{colon}")
    ctx.name(p, role)
    if p.latin and rng.random() < 0.5:
        b.t("（中文译名：")
        b.g(rng.choice(data.FOREIGN_CN), "PERSON", role)
        b.t("）")
    if ctx.hard and not p.latin and rng.random() < 0.3:
        ctx.hard_cases.append("name_glued")
        b.t(p.gender)
    else:
        b.t(f"{sep}性别{colon}{p.gender}" if (lines or rng.random() < 0.5) else f"{sep}{p.gender}")
    if p.nationality:
        b.t(f"{sep}国籍{colon}{p.nationality}")
    elif p.ethnic and rng.random() < 0.6:
        b.t(f"{sep}民族{colon}{p.ethnic}" if lines else f"{sep}{p.ethnic}")
    age = p.age_on(ctx.violation_date)
    if rng.random() < 0.8:
        label_b = rng.choice(["出生日期", "出生年月日", "出生日期"])
        if lines or rng.random() < 0.6:
            b.t(f"{sep}{label_b}{colon}")
            b.g(_birth_text(rng, p.birth), "BIRTH_DATE", role)
        else:
            b.t(sep)
            b.g(_birth_text(rng, p.birth), "BIRTH_DATE", role)
            b.t("出生")
        party["birth_date"] = p.birth.isoformat()
    else:
        b.t(f"{sep}年龄{colon}{age}岁" if lines or rng.random() < 0.5 else f"{sep}{age}岁")
        party["age"] = age
    if p.id_type and p.id_text:
        style = rng.random()
        tname = ID_TYPE_TEXT[p.id_type]
        if p.id_type in ("resident_id", "resident_id_15"):
            if style < 0.5:
                b.t(f"{sep}身份证件种类及号码{colon}{tname}{'' if run else rng.choice(['', ' ', '，'])}")
            elif style < 0.75:
                b.t(f"{sep}公民身份号码{colon}")
            else:
                b.t(f"{sep}身份证号码{colon}")
        else:
            b.t(f"{sep}{'身份证件种类及号码' + colon + tname if style < 0.5 else tname + '号码' + colon}")
            if style < 0.5 and not run:
                b.t(" ")
        ctx.id_span(p, role)
        party["id_type"] = "resident_id" if p.id_type == "resident_id_15" else p.id_type
        party["id_number"] = p.id_number
    if p.kind == "hkmo":
        b.t(f"{sep}户籍所在地{colon}{rng.choice(['香港特别行政区', '澳门特别行政区'])}")
    elif p.kind == "tw":
        b.t(f"{sep}户籍所在地{colon}台湾地区")
    elif p.hukou:
        b.t(f"{sep}{rng.choice(['户籍所在地', '户籍地', '户籍所在地'])}{colon}")
        hukou_text = ctx.address(p.hukou, role)
        party.setdefault("address", hukou_text)
    if p.home and (p.home[1]):
        b.t(f"{sep}{rng.choice(['现住址', '现住', '现住址', '居住地'])}{colon}")
        party["address"] = ctx.address(p.home, role)
    if p.employer and rng.random() < 0.7:
        b.t(f"{sep}工作单位{colon}")
        b.n(p.employer, "ORG", "employer")
    elif p.occupation and rng.random() < 0.3:
        b.t(f"{sep}职业{colon}{p.occupation}")
    if p.phone_text and rng.random() < 0.8:
        b.t(f"{sep}{rng.choice(['联系电话', '联系方式', '电话', '手机号码'])}{colon}")
        b.g(p.phone_text, "PHONE", role)
        party["phone"] = p.phone
    if rng.random() < (0.3 if p.kind in ("foreign", "hkmo", "tw") else 0.06):
        user = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(rng.randint(5, 11)))
        p.email = f"{user}@{rng.choice(['qq.com', '163.com', 'gmail.com', 'hotmail.com', '126.com'])}"
        b.t(f"{sep}{rng.choice(['电子邮箱', '邮箱', 'E-mail'])}{colon}").g(p.email, "EMAIL", role)
    if rng.random() < 0.3:
        record = "无"
        if age >= 25 and rng.random() < 0.3:
            y = ctx.violation_date.year - rng.randint(1, 6)
            record = f"{y}年因{rng.choice(['赌博', '殴打他人', '盗窃'])}被行政拘留{to_chinese(rng.randint(3, 10))}日"
        b.t(f"{sep}违法犯罪经历{colon}{record}")
    b.t("。\n" if not lines else "\n")
    return party


def _org_block(ctx: _Ctx, org: Org) -> dict[str, Any]:
    b, rng = ctx.b, ctx.rng
    lines = rng.random() < 0.5
    sep = "\n" if lines else "，"
    colon = "" if (lines and rng.random() < 0.2) else "："
    if org.kind == "legal_person":
        b.t(f"{rng.choice(['被处罚单位', '当事人', '违法单位', '被处罚单位名称'])}{colon}").k(
            org.name, "ORG_NAME"
        )
        b.t(f"{sep}统一社会信用代码{colon}").k(org.uscc, "USCC")
        b.t(f"{sep}法定代表人{colon}").n(org.rep.name, "PERSON", "legal_representative")
        b.t(f"{sep}{rng.choice(['住所地', '地址', '住所'])}{colon}").n(org.address, "ORG_ADDRESS")
        if org.phone and rng.random() < 0.5:
            b.t(f"{sep}联系电话{colon}").n(org.phone, "ORG_PHONE")
        b.t("。\n" if not lines else "\n")
        return {
            "role": "penalised",
            "kind": "legal_person",
            "name": org.name,
            "uscc": org.uscc,
            "legal_representative": org.rep.name,
            "address": org.address,
        }
    rep = org.rep
    b.t(f"当事人{colon}").n(org.name, "ORG_NAME", "individual_business").t("（个体工商户）")
    b.t(f"{sep}统一社会信用代码{colon}").k(org.uscc, "USCC")
    b.t(f"{sep}经营者{colon}").g(rep.name, "PERSON", "operator")
    b.t(f"，{rep.gender}")
    party: dict[str, Any] = {
        "role": "penalised",
        "kind": "individual_business",
        "name": org.name,
        "uscc": org.uscc,
        "legal_representative": rep.name,
        "gender": rep.gender,
    }
    if rng.random() < 0.6:
        b.t("，出生日期：").g(_birth_text(rng, rep.birth), "BIRTH_DATE", "operator")
        party["birth_date"] = rep.birth.isoformat()
    if rep.id_text and rep.id_type:
        b.t("，公民身份号码：")
        ctx.id_span(rep, "operator")
        party["id_type"] = "resident_id" if rep.id_type == "resident_id_15" else rep.id_type
        party["id_number"] = rep.id_number
    b.t(f"{sep}经营场所{colon}").n(org.address, "ORG_ADDRESS")
    if rep.phone_text:
        b.t(f"{sep}联系电话{colon}").g(rep.phone_text, "PHONE", "operator")
        party["phone"] = rep.phone
    b.t("。\n" if not lines else "\n")
    return party


# -- penalties ---------------------------------------------------------------------------------------


def _penalty_phrase(ctx: _Ctx, pens: list[Pen], summary: bool) -> None:
    b, rng = ctx.b, ctx.rng
    for i, p in enumerate(pens):
        if i:
            b.t(rng.choice(["，并处", "、", "，"]))
        if p.kind == "detention":
            days = p.days or 0
            b.t("行政拘留").k(f"{days}日" if rng.random() < 0.4 else f"{to_chinese(days)}日", "AMOUNT")
        elif p.kind == "fine":
            amt = p.amount or 0
            style = "upper_paren" if summary and rng.random() < 0.7 else rng.choice(AMOUNT_STYLES)
            if rng.random() < 0.8:
                b.t("罚款").k(amount_text(amt, style), "AMOUNT")
            else:
                b.t("处").k(amount_text(amt, style), "AMOUNT").t("罚款")
        elif p.kind == "warning":
            b.t("警告")
        elif p.kind == "confiscation":
            b.t("没收" + (p.description or "违法所得"))
        elif p.kind == "deportation":
            b.t(p.description or "驱逐出境")
        elif p.kind == "license_suspension":
            b.t(p.description or "暂扣许可证")
        else:
            b.t(p.description or "其他处罚")


def _penalty_json(p: Pen) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": p.kind}
    if p.amount is not None:
        out["amount_yuan"] = p.amount
    if p.days is not None:
        out["days"] = p.days
    if p.description:
        out["description"] = p.description
    return out


def _basis_text(ctx: _Ctx, cites: list[str]) -> None:
    for i, c in enumerate(cites):
        if i:
            ctx.b.t(ctx.rng.choice(["、", "和", "，"]))
        ctx.b.k(c, "LAW")


def _officials(ctx: _Ctx) -> None:
    rng = ctx.rng
    b = ctx.b
    b.t(rng.choice(["办案民警：", "承办人：", "办案人员："]))
    for i in range(rng.choice([1, 2, 2])):
        if i:
            b.t("、")
        name, _, _ = _official_name(ctx)
        b.k(name, "OFFICIAL_NAME", "official")
        if "消防" in ctx.authority:
            b.t("（执法证号：").n(f"{ctx.region.code[:2]}{rng.randint(0, 999999):06d}", "BADGE_NUMBER").t(
                "）"
            )
        else:
            b.t("（警号：").n(f"{ctx.region.code[:2]}{rng.randint(0, 9999):04d}", "BADGE_NUMBER").t("）")
    b.t("\n")


def _official_name(ctx: _Ctx) -> tuple[str, str, str]:
    rng = ctx.rng
    # An official who shares the party's surname is a classic over-/under-masking trap.
    if "P" in ctx.people and ctx.people["P"].kind == "han" and rng.random() < (0.5 if ctx.hard else 0.1):
        if ctx.hard:
            ctx.hard_cases.append("official_same_surname")
        n = han_name(rng, surname=ctx.people["P"].surname)
        while n[0] == ctx.people["P"].name:
            n = han_name(rng, surname=ctx.people["P"].surname)
        return n
    return han_name(rng)


def _execution(ctx: _Ctx, has_fine: bool, has_det: bool) -> None:
    b, rng = ctx.b, ctx.rng
    r = ctx.region
    if has_det:
        b.t(rng.choice(["执行方式：", "", "执行方式和期限："]) + "被处罚人由").k(
            ctx.authority, "AUTHORITY"
        ).t(f"送{r.city_name}拘留所执行。")
        b.t("\n")
    if has_fine:
        bank = rng.choice(data.BANKS)
        b.t(
            "被处罚人应当自收到本决定书之日起十五日内，持本决定书到"
            + bank
            + rng.choice(["各网点", "指定网点", f"{r.city_name}分行"])
            + "缴纳罚款"
        )
        if rng.random() < 0.35:
            acct_rng = random.Random(f"acct:{r.code}")
            b.t(f"（收款单位：{r.city_name}财政局非税收入汇缴专户，账号：").k(
                ids.make_corporate_account(acct_rng), "AUTHORITY_ACCOUNT"
            ).t("）")
        if rng.random() < 0.3:
            app = {"浙江省": "浙里办", "上海市": "随申办", "广东省": "粤省事", "江苏省": "苏服办"}.get(
                r.province, "交管12123"
            )
            if ctx.offence.area == "traffic":
                app = "交管12123"
            b.t(f"，也可通过“{app}”等渠道缴纳")
        b.t("。")
        if rng.random() < 0.5:
            b.t("到期不缴纳罚款的，依据").k(cite(XZCF, 72, 1, 1), "LAW").t(
                "之规定，每日按罚款数额的3%加处罚款。\n"
            )
        else:
            b.t(
                rng.choice(
                    [
                        "逾期不缴纳的，每日按罚款数额的百分之三加处罚款。\n",
                        "到期不缴纳罚款的，每日按罚款数额的3%加处罚款。\n",
                    ]
                )
            )


def _appeal(ctx: _Ctx) -> None:
    b, rng = ctx.b, ctx.rng
    r = ctx.region
    city_level = ctx.authority.endswith(("支队", "出入境管理局")) or ctx.authority == f"{r.city_name}公安局"
    if r.county_city:
        gov = f"{r.county}人民政府"
        court = f"{r.county}人民法院"
    elif city_level:
        gov = f"{r.city_name}人民政府"
        court = rng.choice(
            [f"{r.city_name}{r.county}人民法院", f"{r.city_name.removesuffix('市')}铁路运输法院"]
        )
    else:
        gov = f"{r.city_name}{r.county}人民政府" if rng.random() < 0.6 else f"{r.city_name}公安局"
        court = f"{r.city_name}{r.county}人民法院"
    if "消防" in ctx.authority and rng.random() < 0.3:
        gov = f"{r.province}消防救援总队"
    b.t(
        rng.choice(
            [
                "如不服本决定，可以在收到本决定书之日起六十日内向",
                "被处罚人如不服本决定，可在收到本决定书之日起六十日内向",
            ]
        )
    )
    b.k(gov, "AUTHORITY").t(
        rng.choice(["申请行政复议或者在六个月内依法向", "申请行政复议，或者在六个月内直接向"])
    )
    b.k(court, "AUTHORITY")
    b.t("提起行政诉讼。")
    if rng.random() < 0.5:
        b.t("行政复议和行政诉讼期间，本决定不停止执行。")
    if any(p.kind == "detention" for p in ctx.penalties) and rng.random() < 0.4:
        b.t(
            "被处罚人对行政拘留决定不服，申请行政复议或者提起行政诉讼的，可以向公安机关提出暂缓执行行政拘留的申请。"
        )
    b.t("\n")


def _decision_date_text(ctx: _Ctx) -> None:
    d = ctx.decision_date
    ctx.b.k(chinese_date(d) if ctx.rng.random() < 0.8 else f"{d.year}年{d.month}月{d.day}日", "DECISION_DATE")


_DISCRETION = [
    "本案违法情节一般，参照本省公安机关行政处罚裁量基准，在法定幅度内予以处罚。\n",
    "经集体讨论，本案不属于情节较轻或者情节较重的情形，参照裁量基准予以处罚。\n",
    "本案已经本机关法制部门审核。\n",
]


def _case_history(ctx: _Ctx) -> None:
    """How the case was handled: report, summons, notice of the proposed penalty, hearing rights."""
    b, rng = ctx.b, ctx.rng
    p = ctx.people["P"]
    role = "penalised" if ctx.org is None else "operator"
    d0 = ctx.violation_date
    b.t(f"{d0.year}年{d0.month}月{d0.day}日，")
    b.k(ctx.authority, "AUTHORITY")
    if "V" in ctx.people:
        b.t("接到")
        ctx.name(ctx.people["V"], "victim")
        b.t("报警，")
    else:
        b.t("在工作中发现本案线索，")
    b.t("当日受案调查。民警依法传唤")
    ctx.name(p, role)
    b.t("到案接受询问，并依法调取了相关证据。")
    d1 = ctx.decision_date - dt.timedelta(days=rng.randint(0, max(0, (ctx.decision_date - d0).days)))
    b.t(f"{d1.year}年{d1.month}月{d1.day}日，本机关依法向")
    ctx.name(p, role)
    b.t("告知了拟作出行政处罚决定的事实、理由、依据及其依法享有的陈述权、申辩权")
    if ctx.has_big_fine():
        b.t("和要求举行听证的权利")
    if rng.random() < 0.5:
        b.t("，")
        ctx.name(p, role)
        b.t("未提出陈述和申辩。\n")
    else:
        b.t("。")
        ctx.name(p, role)
        b.t("提出陈述和申辩，经复核，其提出的事实、理由和证据不成立，本机关不予采纳。\n")


def _numbered_evidence(ctx: _Ctx) -> None:
    """'证据：1.违法行为人张三的陈述和申辩…' — names appear again here, which redactors must catch."""
    b, rng = ctx.b, ctx.rng
    b.t("上述事实有以下证据证实：")
    n = 1
    p = ctx.people.get("P")
    if p is not None:
        b.t(f"{n}.{'违法行为人' if ctx.org is None else '经营者'}")
        ctx.name(p, "penalised" if ctx.org is None else "operator")
        b.t("的陈述和申辩，证实其实施上述行为的经过；")
        n += 1
    elif ctx.org is not None:
        b.t(f"{n}.").n(ctx.org.rep.name, "PERSON", "legal_representative").t(
            "的询问笔录，证实该单位的经营情况；"
        )
        n += 1
    for key, what in (("V", "被侵害人"), ("W", "证人"), ("C", "同案人")):
        other = ctx.people.get(key)
        if other is not None:
            b.t(f"{n}.{what}")
            ctx.name(other, ROLE_LABELS[key])
            b.t(
                rng.choice(
                    ["的陈述，证实案发经过；", "的证言，证实其所见情况；", "的陈述，证实其知悉的情况；"]
                )
            )
            n += 1
    for item in rng.sample(
        [
            "现场检查笔录，证实现场情况；",
            "视听资料，证实案发过程；",
            "受案登记表，证实案件来源；",
            "现场照片，证实现场情况；",
            "电子数据，证实相关信息；",
            "鉴定意见，证实鉴定结论；",
        ],
        rng.randint(2, 4),
    ):
        b.t(f"{n}.{item}")
        n += 1
    b.t("以上证据来源合法，内容客观真实，足以认定。\n")


def _guardian(ctx: _Ctx, minor: Person) -> list[dict[str, Any]]:
    """Minors' decisions name a guardian — whose name and phone re-identify the child."""
    b, rng = ctx.b, ctx.rng
    father = rng.random() < 0.6
    g = make_person(
        rng,
        on=ctx.violation_date,
        home_region=ctx.region,
        kind="han",
        surname=minor.surname if father else None,
        age=rng.randint(38, 55),
    )
    g.male = father
    ctx.people["G"] = g
    b.t("监护人：")
    ctx.name(g, "guardian")
    b.t(f"（系其{'父亲' if father else '母亲'}）")
    if g.phone_text:
        b.t("，联系电话：").g(g.phone_text, "PHONE", "guardian")
    b.t("。\n")
    if rng.random() < 0.5:
        return [{"role": "guardian", "kind": "natural_person", "name": g.name, "gender": g.gender}]
    return []


def _choose_party(ctx: _Ctx) -> None:
    party = ctx.offence.party
    rng = ctx.rng
    if party == "org_or_indiv":
        party = "org" if rng.random() < 0.65 else "indiv"
    elif party == "person_or_indiv":
        party = "person" if rng.random() < 0.7 else "indiv"
    if party in ("org", "indiv"):
        biz = {
            "hotel_register": "hotel",
            "foreign_lodging": "hotel",
            "cyber_duty": "net",
            "cyber_realname": "net",
            "fire_unsafe": "ktv",
            "venue_rules": "ktv",
            "illegal_work": None,
        }.get(ctx.offence.key)
        ctx.org = make_org(
            rng,
            region=ctx.region,
            on=ctx.violation_date,
            kind="legal_person" if party == "org" else "individual_business",
            business=biz,
        )
        ctx.party_kind = ctx.org.kind
    elif ctx.offence.key == "illegal_work":
        ctx.org = make_org(
            rng, region=ctx.region, on=ctx.violation_date, kind="legal_person", business="trade"
        )


def _hard_setup(ctx: _Ctx) -> None:
    """Injects hard cases that depend on the penalised person before anything is written."""
    rng = ctx.rng
    if not ctx.hard or ctx.org is not None:
        return
    roll = rng.random()
    if (
        roll < 0.2
        and ctx.offence.party in ("person", "person_or_indiv")
        and ctx.offence.key not in ("overstay",)
    ):
        # A party named 张杨 in a decision about an incident on 张杨路 (浦东).
        ctx.region = next(r for r in data.REGIONS if r.code == "310115")
        p = make_person(rng, on=ctx.violation_date, home_region=ctx.region, kind="han", hard=True)
        p.name, p.surname, p.given = "张杨", "张", None
        ctx.people["P"] = p
        ctx.hard_cases.append("zhangyang")
    elif roll < 0.4 and ctx.offence.party in ("person",):
        # Given name equal to the 派出所's place name (陈金桥 vs 金桥派出所).
        p = make_person(rng, on=ctx.violation_date, home_region=ctx.region, kind="han", hard=True)
        town = rng.choice([t for t in data.TOWNS if len(t) == 2])
        ctx.station_town = town
        p.name, p.given = p.surname + town, town
        ctx.people["P"] = p
        ctx.hard_cases.append("name_is_place")
    elif roll < 0.5 and ctx.offence.party == "person":
        # A party whose name is the city's name (金华 in 金华市公安局…): mask the person, not the city.
        cities = [r for r in data.REGIONS if r.city[:1] in data.SURNAMES and len(r.city) == 3]
        ctx.region = rng.choice(cities)
        p = make_person(rng, on=ctx.violation_date, home_region=ctx.region, kind="han", hard=True)
        p.name, p.surname, p.given = ctx.region.city[:2], ctx.region.city[0], None
        ctx.people["P"] = p
        ctx.hard_cases.append("name_is_city")
    if rng.random() < 0.4:
        ctx.hard_cases.append("run_together")


def _label_public_word(b: TextBuilder, text: str, word: str) -> None:
    """Marks every not-yet-labelled occurrence of a public word (a city that is also a party's name) as keep."""
    spans = [*b.gold, *b.keep, *b.neutral]
    for m in re.finditer(re.escape(word), text):
        if not any(s.start < m.end() and m.start() < s.end for s in spans):
            b.keep.append(GoldSpan(m.start(), m.end(), "PLACE"))
    b.keep.sort(key=lambda s: s.start)


def build_one(index: int, seed: int, opts: Options) -> GeneratedDecision:
    rng = random.Random(f"sunshine-synth:{seed}:{index}")
    ctx = _Ctx(rng, opts, index, seed)
    _choose_party(ctx)
    _hard_setup(ctx)
    off = ctx.offence
    b = ctx.b
    ctx.authority, region_code = _authority(ctx)
    doc_no = _doc_number(ctx)
    summary_traffic = ctx.summary and off.area == "traffic"

    # Header
    b.k(ctx.authority, "AUTHORITY").t("\n")
    if summary_traffic:
        b.t("公安交通管理简易程序处罚决定书\n")
    elif ctx.summary:
        b.t(rng.choice(["当场处罚决定书\n", "行政处罚决定书（当场）\n", "行政处罚决定书（简易程序）\n"]))
    else:
        b.t("行政处罚决定书\n")
    if summary_traffic:
        b.t("编号：").k(doc_no, "DOC_NUMBER").t("\n")
    else:
        b.k(doc_no, "DOC_NUMBER").t("\n")

    # Party block
    parties: list[dict[str, Any]] = []
    if ctx.org is not None and (off.party != "foreign"):
        parties.append(_org_block(ctx, ctx.org))
        if ctx.org.kind == "individual_business":
            ctx.people.setdefault("P", ctx.org.rep)
    else:
        p = ctx.person("P")
        label = rng.choice(["违法行为人", "违法行为人", "被处罚人", "当事人", "违法嫌疑人"])
        if summary_traffic:
            label = "被处罚人"
        parties.append(_person_block(ctx, p, label, "penalised"))
        if p.age_on(ctx.violation_date) < 18:
            parties.extend(_guardian(ctx, p))
        if summary_traffic:
            b.t("车辆号牌：").g(ctx.plate_text(), "PLATE", "penalised").t("\n")

    # Facts
    template = rng.choice(off.narrative)
    if summary_traffic:
        _render(ctx, template)
        b.t("，违反了")
        _basis_text(ctx, off.violated)
        b.t("的规定；根据")
        _basis_text(ctx, off.basis)
        b.t("，决定处以：")
        _penalty_phrase(ctx, ctx.penalties, True)
        b.t("。\n")
    else:
        b.t(
            rng.choice(["现查明：", "现查明，", "违法事实和证据：", "经查，"])
            if not template.startswith("经查")
            else ""
        )
        _render(ctx, template)
        for key in ("W", "V"):
            other = ctx.people.get(key)
            if other is not None and other.given and rng.random() < 0.35:
                b.t(rng.choice(["另查明，", "", "经询问，"]))
                b.g(other.given, "PERSON", ROLE_LABELS[key])
                b.t(rng.choice(["称其当时就在现场。", "陈述的情况与监控视频一致。", "证实了上述事实。"]))
                ctx.hard_cases.append("given_name")
                break
        if "zhangyang" in ctx.hard_cases and not ctx.place_written:
            b.t("案发地位于")
            ctx.location()
            b.t("。")
        if "name_is_place" in ctx.hard_cases:
            r = ctx.region
            station = (
                f"{r.county}公安局" if r.county_city else f"{r.city_name}公安局{_short_county(r)}分局"
            ) + f"{ctx.station_town}派出所"
            b.t("接警后，").k(station, "AUTHORITY").t("民警到场处置。")
        b.t("\n")
        if ctx.opts.long or rng.random() < 0.35:
            _numbered_evidence(ctx)
        else:
            ev = rng.sample(EVIDENCE, rng.randint(2, 5))
            b.t("以上事实有" + "、".join(ev) + "等证据证实。\n")
        if ctx.opts.long or rng.random() < 0.25:
            b.t(rng.choice(_DISCRETION))
        if rng.random() < 0.3 and "P" in ctx.people and ctx.org is None:
            ctx.name(ctx.people["P"], "penalised")
            b.t(
                rng.choice(
                    [
                        "对上述违法事实供认不讳。\n",
                        "在陈述和申辩中辩称其系一时冲动，请求从轻处理。\n",
                        "对上述事实无异议。\n",
                    ]
                )
            )
        if (ctx.opts.long or rng.random() < 0.2) and "P" in ctx.people:
            _case_history(ctx)
        elif rng.random() < 0.4 and "P" in ctx.people:
            b.t("本机关已依法告知")
            ctx.name(ctx.people["P"], "penalised" if ctx.org is None else "operator")
            b.t(
                "拟作出行政处罚决定的事实、理由及依据，并告知其依法享有陈述权和申辩权，其未提出陈述和申辩。\n"
            )
        basis = list(off.basis)
        if ctx.org is None and "P" in ctx.people and off.area == "public_order":
            p0 = ctx.people["P"]
            if p0.age_on(ctx.violation_date) < 18:
                ctx.name(p0, "penalised")
                b.t("违法时系已满十四周岁不满十八周岁的未成年人，依法从轻处罚。")
                basis.append(cite(ZAGL_LAW, 12))
            elif rng.random() < 0.15:
                b.t("鉴于")
                ctx.name(p0, "penalised")
                b.t("主动投案，如实陈述自己的违法行为，依法从轻处罚。")
                basis.append(cite(ZAGL_LAW, 19, item=4))
        ctx.basis = basis
        b.t("根据" if rng.random() < 0.8 else "依据")
        _basis_text(ctx, basis)
        b.t(rng.choice(["之规定，现决定", "的规定，现决定", "之规定，决定"]))
        if rng.random() < 0.5:
            b.t("对")
            if ctx.org is not None and ctx.org.kind == "legal_person":
                b.k(ctx.org.name, "ORG_NAME")
            elif ctx.org is not None:
                b.n(ctx.org.name, "ORG_NAME", "individual_business")
            else:
                ctx.name(ctx.person("P"), "penalised")
        _penalty_phrase(ctx, ctx.penalties, ctx.summary)
        b.t("。\n")

    for key, role in (("V", "victim"),):
        if key in ctx.people and rng.random() < 0.3:
            v = ctx.people[key]
            parties.append({"role": role, "kind": "natural_person", "name": v.name, "gender": v.gender})

    has_fine = any(p.kind == "fine" for p in ctx.penalties)
    has_det = any(p.kind == "detention" for p in ctx.penalties)
    _execution(ctx, has_fine, has_det)
    _appeal(ctx)
    if rng.random() < 0.35:
        _officials(ctx)
    b.k(ctx.authority, "AUTHORITY").t("\n")
    _decision_date_text(ctx)
    if rng.random() < 0.15:
        b.t("\n附：" + rng.choice(["1.扣押物品清单 2.证据保全清单", "罚没物品清单一份", "送达回执"]))
    if rng.random() < 0.3 and "P" in ctx.people and ctx.org is None:
        b.t("\n本决定书已向我宣告并送达。被处罚人（签名）：")
        ctx.name(ctx.people["P"], "penalised")
        d = ctx.decision_date
        b.t(f" {d.year}年{d.month}月{d.day}日")
        if "V" in ctx.people and rng.random() < 0.5:
            b.t("\n被侵害人（签名）：")
            ctx.name(ctx.people["V"], "victim")
        if rng.random() < 0.4:
            b.t("\n人员编号：").n(
                f"R{region_code}{rng.randint(0, 10**12 - 1):012d}", "PERSON_NUMBER", "penalised"
            )
    if rng.random() < 0.3:
        b.t("\n案件编号：").k(
            f"A{region_code}{rng.randint(0, 999999):06d}{ctx.decision_date.year}{rng.randint(0, 9999999):07d}",
            "CASE_NUMBER",
        )

    text = b.text()
    if "name_is_city" in ctx.hard_cases:
        _label_public_word(b, text, ctx.region.city)
    assert text == text.strip(), "text must not have surrounding whitespace (schema strips it)"

    flags = {
        "state_secret": rng.random() < 0.005,
        "police_secret": rng.random() < 0.01,
        "privacy_main_facts": rng.random() < max(0.015, off.privacy_rate),
        "security_risk": rng.random() < 0.005,
        "criminal_transfer": rng.random() < 0.01,
    }
    events = []
    if rng.random() < opts.event_rate:
        # never in the future of the data set: events are things that already happened
        ed = min(
            ctx.decision_date + dt.timedelta(days=rng.randint(20, 200)), max(_LAST_DAY, ctx.decision_date)
        )
        kind = rng.choice(["revoked", "revoked", "changed", "confirmed_illegal"])
        reason = {
            "revoked": rng.choice(["行政复议决定撤销", "人民法院判决撤销", "本机关自行撤销"]),
            "changed": "行政复议决定变更处罚幅度",
            "confirmed_illegal": "人民法院判决确认违法",
        }[kind]
        events.append({"kind": kind, "date": ed.isoformat(), "reason": reason})

    legal_basis = list(ctx.basis or off.basis)
    doc = {
        "schema": "sunshine.decision/1",
        "source": opts.source,
        "external_id": f"SYN-{seed}-{index:06d}",
        "version": 1,
        "document_number": doc_no,
        "authority": {
            "name": ctx.authority,
            "uscc": ids.make_uscc(random.Random(f"uscc:{ctx.authority}"), "11", region_code),
            "region_code": region_code,
        },
        "decision_date": ctx.decision_date.isoformat(),
        "violation_date": ctx.violation_date.isoformat(),
        "procedure": "summary" if ctx.summary else "general",
        "legal_basis": legal_basis,
        "law_area": off.area,
        "penalties": [_penalty_json(p) for p in ctx.penalties],
        "parties": parties,
        "flags": flags,
        "events": events,
        "text": text,
    }
    decision = Decision.model_validate(doc)
    return GeneratedDecision(
        decision=decision, gold=b.gold, keep=b.keep, neutral=b.neutral, hard_cases=sorted(set(ctx.hard_cases))
    )


def generate(n: int, *, seed: int = 0, **options: Any) -> list[GeneratedDecision]:
    """``n`` synthetic decisions; item *i* depends only on (seed, i, options)."""
    known = {f.name for f in fields(Options)}
    unknown = set(options) - known
    if unknown:
        raise TypeError(f"unknown generate() options: {sorted(unknown)}")
    opts = Options(**options)
    return [build_one(i, seed, opts) for i in range(n)]
