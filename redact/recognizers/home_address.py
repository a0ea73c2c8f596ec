"""A natural person's home, registered or current address, reported below county level only."""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redact.address import below_county, county_prefix_len
from redact.names import (
    lexicon_words,
)
from redact.recognizers.base import RuleRecognizer, Verdict, make_result
from redact.recognizers.party import spaced

_ADDRESS_LABELS = [
    "现住址",
    "现住",
    "家庭住址",
    "家庭地址",
    "住址",
    "户籍所在地",
    "户籍地址",
    "户籍地",
    "户口所在地",
    "住所地",
    "住所",
    "居住地",
    "现居住地",
    "暂住地",
    "暂住",
    "居住于",
    "居住在",
    "家住",
    "住在",
    "送达地址",
    "送达地点",
    "房屋坐落",
    "坐落",
    "收件地址",
    "收货地址",
    "通讯地址",
    "联系地址",
    "大陆住址",
    "台湾地址",
    "香港地址",
    "澳门地址",
    "户籍同县",
    "户籍同市",
    "户籍",
    "住",
]


# An organisation's service or contact address is published like its seat.
_ORG_CHECKED_LABELS = ("住所", "送达地址", "送达地点", "通讯地址", "联系地址")


_ADDRESS_LABEL = re.compile(
    r"(?:住处(?=[:：(])|"
    + "|".join(spaced(x) if len(x) == 2 else x for x in _ADDRESS_LABELS)
    # across a line only after a colon: a table header (住址⏎1 岩温…) is no label
    + r")[:：\t (]{0,3}(?:(?<=[:：])\n)?(?:为|是|于|在)?"
)


_ADMIN_HEAD = re.compile(r"[\u4e00-\u9fff]{2,}?(?:省|市|区|县|旗|州|盟|镇|乡|街道|村)")


_ORG_CONTEXT = re.compile(r"公司|有限|统一社会信用代码|单位名称|名称:|经营场所|商行|门市部|工作单位")


# An address runs to punctuation, to a wide gap in a printed form, or to the next "label：".
_ADDRESS_VALUE = re.compile(r"[^，,。；;\n\t()]{2,60}?(?=[，,。；;\n\t()]|\s{2,}|\s+[^\s:：]{2,6}[:：]|$)")


_ADDRESS_END = re.compile(
    r"(?:[\d一二三四五六七八九十百零〇]+(?:号楼(?![道梯下上顶])|号院|号|室|栋|幢|座|户(?![籍口])|单元|楼(?![道梯下上顶])(?:[东西南北中]户)?|层|组|社|队|房|弄|巷))"
    r"|[A-Za-z](?:室|座|栋|幢)|\d+门(?:\d+(?:号|室)?)?|\d+宿舍|宿舍|村|小区|公寓|大厦|花园|新村|社区|苑|庄"
    # named hamlets and groups after the village: 新洲村塘埂组, 沙仁村委会新寨, 二塘村委大塘坪村民小组
    r"|(?<=村)[\u4e00-\u9fff]{1,4}?(?:村民小组|组)|(?<=村)[\u4e00-\u9fff]{1,4}?(?:寨|屯)(?:村民小组|组)?|(?<=村委会)[\u4e00-\u9fff]{1,5}$|(?<=村委)[\u4e00-\u9fff]{1,5}$"
)


_ADDRESS_UNIT = re.compile(r"[\d路街巷弄号村镇乡组栋幢室楼区市县州旗苑院屯寨庄坊里]")


_NO_ADDRESS = {"不详", "无", "未知", "同上", "略", "无固定住所", "不明", "暂无"}


def trim_address(value: str) -> str:
    """Cut what follows the address (…3号吸食毒品 → …3号; …843号10-1204楼道内 → …843号10-1204)."""
    matches = list(_ADDRESS_END.finditer(value))
    if not matches:
        return value
    end = matches[-1].end()
    tail = re.match(
        r"[\dA-Za-z]+(?:-[\dA-Za-z]+)*|之[一二三四五六七八九十\d]+", value[end:]
    )  # 17-1503, 3号之三
    if tail:
        end += tail.end()
    return value[:end]


_HOME_IN_BRACKETS = re.compile(r"(?:家中|家里|住处|租住处|暂住处)\s*\((?P<v>[^()\n]{4,40})\)")


_PROPERTY_ADDRESS = re.compile(
    r"位于(?P<v>[^，,。；;\n]{4,60}?)(?=的(?:自家)?(?:房屋|住宅|房产|商铺|住房|车库|车位|住处|家中|家|租住处|住所|出租屋|宿舍|自建房|民房))"
    # without 的 only after a house number and before a word for a dwelling (…横湖村58号住宅)
    r"|位于(?P<w>[^，,。；;\n]{4,60}?(?:号楼|号|室|组|弄|栋|幢))"
    r"(?=(?:顶层|底层|[一二三四五六七八九十\d]{1,2}(?:层|楼))?(?:房屋|住宅|房产|住房|自建房|民房|出租屋|出租房))"
)


# An address that a person owns, rents or lives at, written in full without 位于: 将其所有的天津市
# 南开区…12-3-502房屋, 系北京市朝阳区…1602号房屋所有权人, 租住的…出租屋.
_OWNED_ADDRESS = re.compile(
    r"(?:所有的|租住的?|租用的?|居住的|承租的|购买的|系|从|在|对)"
    r"(?P<v>[\u4e00-\u9fff]{2,10}?(?:省|市|自治区|自治州|区|县|旗)[^，,。；;\n()（）]{2,50}?"
    r"(?:号|室|房|组|弄|栋|幢|屯|村|\d))(?=的?(?:房屋|住宅|房产|住房|自建房|民房|出租屋|出租房|宿舍|车库|住处|家中|家里)"
    # 在雷山县西江镇南贵村二组17号唐水英家中: the address, then whose home it is
    r"|(?<=[号室组村屯栋幢弄])[\u4e00-\u9fff]{2,4}(?:家中|家里|的家)|(?:当事人|其|本人)?自家"
    r"|[(（](?:不动产权|房屋所有权|房产)证)"
)


# 在其租住的经三路北段66号院3号楼502室内: a dwelling given by its street alone, after a verb of living
_LIVED_AT_STREET = re.compile(
    r"(?:租住的|居住的|租住在|居住在|暂住在|住在|借住的|借住在|所有的|承租的|租用的)"
    r"(?P<v>[\u4e00-\u9fff]{2,10}(?:路|街|巷|大道|胡同|里)[^，,。；;\n()（）]{0,30}?"
    r"(?:号|室|栋|幢|楼|单元|号院))(?=内|里|的|家|房屋|住宅|住房|，|,|。|；|$)"
)


_ORG_BLOCK = re.compile(
    r"统一社会信用代码|法定代表人|负责人[:：]|(?:当事人|单位名称|名称)[:：][^\n]{0,30}(?:公司|厂|中心|店|部|社|所)"
)


def _org_block(text: str, pos: int) -> bool:
    """住所 inside an organisation's party block (the lines just above or below name a company,
    a credit code or a legal representative): the seat of a legal person, which is published."""
    above = text.rfind("\n", 0, max(0, text.rfind("\n", 0, pos) - 1))
    above = text.rfind("\n", 0, max(0, above - 1)) + 1
    below = text.find("\n", text.find("\n", pos) + 1)
    below = len(text) if below < 0 else below
    block = text[above:below]
    return bool(_ORG_BLOCK.search(block)) and "身份证" not in block and "出生" not in block


class LabelledAddressRecognizer(RuleRecognizer):
    """Home/registered/current addresses after a label; reports only the part below county level."""

    ENTITY = "ADDRESS"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        out: list[RecognizerResult] = []
        for m in _ADDRESS_LABEL.finditer(text):
            label = re.sub(r"[ \t]", "", m.group(0))
            bare = label.rstrip(":： 为是于在") in ("住", "户籍")
            if bare and text[m.start() : m.start() + 2] in lexicon_words():
                continue  # 住房和城乡建设局, 住宅内: the word, not the label
            if label.startswith("家住") and text[m.start() + 1 : m.start() + 3] in lexicon_words():
                continue  # 自家住宅: 住宅 is a word, 家住 no label
            if bare and not _ADMIN_HEAD.match(text, m.end()):
                continue  # bare 住 needs an administrative head right after it (住宿/住院 are not addresses)
            vm = _ADDRESS_VALUE.match(text, m.end())
            if not vm:
                continue
            line_start = max(text.rfind("\n", 0, m.start()) + 1, text.rfind("。", 0, m.start()) + 1)
            if label.startswith(_ORG_CHECKED_LABELS) and (
                _ORG_CONTEXT.search(text, line_start, m.start()) or _org_block(text, m.start())
            ):
                continue  # an organisation's seat is published
            value = vm.group(0)
            if value.startswith(("等", "信息", "、")):
                continue  # 姓名、手机号码、住址等信息: the word 住址 in a list, no address follows
            lead = len(value) - len(value.lstrip("的在于为是"))
            value = trim_address(value[lead:])
            if re.match(r"[\d\s]+$", value) or value.strip() in _NO_ADDRESS:
                continue
            if not _ADDRESS_UNIT.search(value):
                continue  # 住所进行现场检查, 现住址同户籍地, 居住于上址: no address follows the label
            part = below_county(value)
            if part is None:
                continue
            start, end = vm.start() + lead + part[0], vm.start() + lead + part[1]
            verdict = Verdict(0.85, "address.labelled", f"{label.rstrip(':： ')} below county level")
            out.append(make_result(self, self.ENTITY, start, end, verdict))
        for m in _HOME_IN_BRACKETS.finditer(text):  # 在其家中（健康路西段17号）
            part = below_county(trim_address(m.group("v")))
            if part is None:
                continue
            start, end = m.start("v") + part[0], m.start("v") + part[1]
            verdict = Verdict(0.85, "address.home", "a person's home, in brackets, below county level")
            out.append(make_result(self, self.ENTITY, start, end, verdict))
        for m in _LIVED_AT_STREET.finditer(text):
            part = below_county(m.group("v"))  # 洪山区珞狮路…: the district stays
            if part is None:
                continue
            start, end = m.start("v") + part[0], m.start("v") + part[1]
            verdict = Verdict(0.85, "address.lived-at", "the street address a person lives at")
            out.append(make_result(self, self.ENTITY, start, end, verdict))
        for m in [*_PROPERTY_ADDRESS.finditer(text), *_OWNED_ADDRESS.finditer(text)]:
            group = "v" if m.group("v") else "w"
            if m.re is _OWNED_ADDRESS and county_prefix_len(m.group(group)) < 3:
                continue  # 租用村民金玉凤位于…: not an address right after the verb
            part = below_county(m.group(group))
            if part is None:
                continue
            start, end = m.start(group) + part[0], m.start(group) + part[1]
            verdict = Verdict(0.85, "address.property", "location of a person's property below county level")
            out.append(make_result(self, self.ENTITY, start, end, verdict))
        return out
