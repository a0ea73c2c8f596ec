"""Text that must survive masking untouched: authorities, officials, 文号/case numbers, laws, amounts,
organisation names and USCC codes.

Portals were seen turning 静安派出所 into 静**出所 and 张杨路 into 张杨某崮. Protected spans are computed
independently of the detectors and weak detections inside them are dropped by the resolver.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from redact.names import lexicon_words, names_in_list
from redact.normalize import normalize
from redact.tables import CASE_NUMBER, PUBLISHED_REPRESENTATIVE, cells_of
from redact.validators import uscc_ok

if TYPE_CHECKING:
    from redact.api import PartyHint


@dataclass(frozen=True)
class KeepSpan:
    start: int
    end: int
    kind: str  # authority | official | doc_number | case_number | law | amount | organisation | uscc | date


_NUM_CN = "一二三四五六七八九十百千零〇两"
_AUTH_CH = r"[^\W\d_到在于向将至去回从的与及被对把给持有查获是为因称证实发现报警经由让叫找跟同拿用带送往赴、，。；：\s]"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "doc_number",
        re.compile(
            r"[\u4e00-\u9fffA-Za-z()]{1,20}(?:〔|\[|【|\()\s*(?:19|20)\d{2}\s*(?:〕|\]|】|\))\s*第?\s*[0-9A-Za-z\-]{1,12}\s*号"
        ),
    ),
    (
        "case_number",
        re.compile(
            r"(?:(?:处罚)?决定书编号|文书编号|案件编号|(?<!档案)(?<!人员)(?<!证件)(?<!证书)(?<!驾驶证)编号|案号|决定书号|凭证号|受案编号)[:：\s]*"
            r"(?P<v>[0-9A-Za-z][0-9A-Za-z\-]{5,30})"
        ),
    ),
    (
        "authority_account",
        re.compile(
            r"(?:财政局|财政|国库|非税收入|汇缴专户|罚没款?专户|罚没收入|缴纳罚没款|缴纳罚款|代收罚款|罚款专户|罚款账户|罚款专用账户)[^。\n]{0,24}?(?:账号|帐号)[:：\s]*(?P<v>\d[\d \-]{6,32}\d)"
        ),
    ),
    (
        "law",
        re.compile(
            r"《[^《》\n]{2,60}》(?:第["
            + _NUM_CN
            + r"\d]+条)?(?:第["
            + _NUM_CN
            + r"\d]+款)?(?:第["
            + _NUM_CN
            + r"\d]+项)?"
        ),
    ),
    (
        "amount",
        re.compile(
            r"(?:人民币|¥|￥)?\s*\d+(?:,\d{3})*(?:\.\d+)?\s*(?:万|千)?元"
            r"|[零壹贰叁肆伍陆柒捌玖拾佰仟万亿]+(?:圆|元)(?:整|[零壹贰叁肆伍陆柒捌玖]+角)?"
            r"|\(?[¥￥]\s*\d+(?:\.\d+)?\)?"
        ),
    ),
    (
        "date",
        re.compile(
            r"(?:19|20)\d{2}年\d{1,2}月\d{1,2}日(?:\d{1,2}时(?:\d{1,2}分)?)?|[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日"
        ),
    ),
    (
        "uscc",
        re.compile(r"(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])"),
    ),
]

_AUTHORITY_SUFFIX = re.compile(
    r"公安局|公安分局|公安厅|公安部|派出所|交通警察支队|交通警察大队|交警支队|交警大队|交警中队|治安大队|刑侦大队|"
    r"巡特警大队|出入境管理局|出入境管理支队|网安大队|禁毒大队|消防救援支队|消防救援大队|消防救援站|人民法院|"
    r"人民检察院|人民政府|法院|检察院|拘留所|看守所|戒毒所|司法局|市场监督管理局|管理局|分局|支队|大队|中队|检查站|执法局|海关|隶属海关"
)
# What may stand before a suffix: administrative names (台州市椒江区…), a road (张杨路), and up to
# four more characters (椒江 in 椒江派出所). Verbs and particles end it, so a preceding name is not swallowed.
_AUTHORITY_PREFIX = re.compile(
    r"(?:"
    + _AUTH_CH
    + r"{2,8}?(?:自治区|自治州|自治县)|"
    + _AUTH_CH
    + r"{2,4}?(?:省|市|州|盟|县|区|旗|镇|乡|街道|路|街))*"
    + _AUTH_CH
    + r"{0,4}"
)
_PREFIX_WINDOW = 24


def _authority_spans(text: str) -> list[KeepSpan]:
    """Find the suffix first, then the longest admissible prefix; linear in the text length."""
    out: list[KeepSpan] = []
    for m in _AUTHORITY_SUFFIX.finditer(text):
        lo = max(0, m.start() - _PREFIX_WINDOW)
        start = m.start()
        for s in range(lo, m.start()):
            if _AUTHORITY_PREFIX.fullmatch(text, s, m.start()):
                start = s
                break
        if m.end() - start >= 3:
            out.append(KeepSpan(start, m.end(), "authority"))
    return out


# 询问人 is the officer who questions; 被询问人 (the person questioned) is a private party. 被民警
# 龙飞抓获 names the officer all the same.
_OFFICIAL = re.compile(
    r"(?:办案人民警察|人民警察|办案民警|承办民警|主办民警|协办民警|执法民警|值班民警|执勤民警|处警民警|经办民警|处理民警|"
    r"交通警察|交警|办案人员|办案人|执法人员|人民政府工作人员|巡查人员|巡查员|填报人|制表人|"
    r"(?<=[我本])(?:局|队|站|所)(?:[\u4e00-\u9fff]{0,4})(?:工程师|技术员|工作人员)|承办人|经办人|主办人|协办人|审核人|审批人|批准人|(?<!被)询问人|记录人|(?<!受)送达人|"
    r"(?:消防)?(?:监督检查|执法检查|监督|稽查|监察|执法|检查)(?:人员|员)|(?<!被)检查人|"
    r"执法队员|听证主持人|听证员|记录员|导出人|股长|中队长|大队长|支队长|副所长|所长|副局长|局长|教导员|(?<![A-Za-z])(?:cbr|shr|jbr|blr)|"
    r"民警|警官|辅警|法制员|负责人:)(?:\([^()]{0,6}\))?\"?[:：=,\s\"\[]{0,4}"
)
# 民警将张三带回: after these the officials' list has not started, a private person follows.
_LISTED = re.compile(r"[\u4e00-\u9fff]{2,4}、")
_NOT_A_LIST_START = frozenset("将把对向从被让给在于与和及到已即遂当经")
# Dates that are personal (birth dates) are not "kept" — they are left to the birth-date detector.
_SOFT = {"date"}


_COMPANY_SUFFIX = re.compile(
    r"(?:有限责任公司|股份有限公司|有限公司|集团公司|合伙企业(?:[(（]有限合伙[)）])?)"
)
_COMPANY_CHAR = re.compile(r"[\u4e00-\u9fff()（）]")
# Words that end the text before a company name (当事人杜晓峰在委托|西安宏图装饰工程有限公司).
_BEFORE_COMPANY = re.compile(r".*(?:委托|在|与|对|给|被|系|将|、|进入|前往|带领|组织)")


def _company_spans(text: str) -> list[tuple[int, int]]:
    """Names of companies and partnerships: published, never masked."""
    out = []
    for m in _COMPANY_SUFFIX.finditer(text):
        start = m.start()
        while start > max(0, m.start() - 28) and _COMPANY_CHAR.match(text, start - 1):
            start -= 1
        cut = _BEFORE_COMPANY.match(text, start, m.start())
        if cut:
            start = cut.end()
        depth = 0  # 邓国梁（深圳市…有限公司: an unclosed bracket is not part of the name
        for i in range(m.start() - 1, start - 1, -1):
            if text[i] in ")）":
                depth += 1
            elif text[i] in "(（":
                if depth == 0:
                    start = i + 1
                    break
                depth -= 1
        if m.start() - start >= 2:
            out.append((start, m.end()))
    return out


def _same_list(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The leading run of names joined by 、 or spaces only: after a comma the sentence goes on
    (民警检查发现，尹雨春将… names the party, not an officer)."""
    out = spans[:1]
    for prev, cur in itertools.pairwise(spans):
        gap = re.sub(r"\([^()]*\)", "", text[prev[1] : cur[0]]).strip(" ")  # 李军桂（警号：334351）、
        if gap not in ("、", ""):
            break
        out.append(cur)
    return out


_CERT_NUMBER_LABEL = re.compile(r"(?:权证|证书|证号|编号)[)）]?[:：\s(（]*(?:证号|编号)?[:：\s]*\Z")


def keep_spans(text: str, parties: Sequence[PartyHint] = ()) -> list[KeepSpan]:
    """Protected spans of normalised ``text``."""
    out: list[KeepSpan] = []
    for kind, rx in _PATTERNS:
        for m in rx.finditer(text):
            if "v" in rx.groupindex and m.group("v"):
                start, end = m.span("v")
            else:
                start, end = m.span()
            if kind == "uscc" and not uscc_ok(text[start:end]):
                continue
            if (
                kind == "doc_number"
                and "证字" in text[start:end]
                and _CERT_NUMBER_LABEL.search(text, 0, start)
            ):
                continue  # 林权证（证号：会理林证字（2012）第…号）: a person's certificate, not a 文号
            out.append(KeepSpan(start, end, kind))
    out += _authority_spans(text)
    for m in _OFFICIAL.finditer(text):
        # 民警龙　飞、杨光明抓获: printed officials' lists pad names and run into the verb; a
        # list of officers is certain once its label is, so its members are parsed leniently.
        found = names_in_list(text, m.end())
        if text[m.end() : m.end() + 1] not in _NOT_A_LIST_START:
            # a rare surname (刀建明、李文昌) is accepted when a list separator closes the name
            listed = _LISTED.match(text, m.end())
            unknown = listed is not None and not any(
                text[i : i + 2] in lexicon_words() for i in range(listed.start(), listed.end() - 2)
            )
            lenient = _same_list(
                text, names_in_list(text, m.end(), fallback=True, allow_unknown_surname=unknown)
            )
            if len(lenient) > len(found) and (not found or lenient[0] == found[0]):
                found = lenient
        for start, end in found:
            out.append(KeepSpan(start, end, "official"))
    for tc in cells_of(text):  # the 法定代表人 column of an organisation's row (双公示 exports)
        if tc.kind == PUBLISHED_REPRESENTATIVE and 2 <= len(tc.cell.text) <= 5:
            out.append(KeepSpan(tc.cell.start, tc.cell.end, "official"))
        elif tc.kind == CASE_NUMBER and tc.cell.text:
            out.append(KeepSpan(tc.cell.start, tc.cell.end, "case_number"))
    for start, end in _company_spans(text):  # legal persons' names are published (苏州樱和精密机械有限公司)
        out.append(KeepSpan(start, end, "organisation"))
    for p in parties:
        if p.kind == "legal_person" and p.name and len(p.name.strip()) >= 2:
            name = normalize(p.name.strip())
            for m in re.finditer(re.escape(name), text):
                out.append(KeepSpan(m.start(), m.end(), "organisation"))
    return out


def is_soft(kind: str) -> bool:
    return kind in _SOFT


def official_names(text: str, spans: Sequence[KeepSpan]) -> set[str]:
    return {text[s.start : s.end] for s in spans if s.kind == "official"}
