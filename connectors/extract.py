"""Structured extraction: the text of a 行政处罚决定书 → schema-v1 fields.

Case systems that only hand over a document (a .docx, a PDF, a web page) still have to enter the
pipeline as schema-v1 decisions, and the disclosure rules depend on fields (decision date,
procedure, penalties, the penalised person's birth date) that only the text carries.  The
extractor is rule-based on purpose: the documents follow a statutory layout, every rule can be
explained to legal staff, and a field it is unsure about is left out rather than guessed, so that
schema validation (not a silent wrong value) decides what happens next.

Only the text is read; nothing here logs or raises with document content.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sunshine.synth.numerals import to_chinese

__all__ = ["cn_to_int", "extract_decision", "normalise_citation", "parse_date"]

# Full-width ASCII → half-width, one code point for one code point (offsets stay valid).
_HALF = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_HALF[0x3000] = 0x20
_HALF[ord("〇")] = ord("〇")

_CN_DIGITS = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "O": 0,
    "Ｏ": 0,
    "0": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "貳": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
    "參": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "陸": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
_CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_NUM = "〇○零一壹二贰貳两三叁參四肆五伍六陆陸七柒八捌九玖十拾百佰千仟万萬"
_NUM = rf"(?:\d+|[{_CN_NUM}]+)"


def cn_to_int(s: str) -> int | None:
    """'四十三' → 43, '贰佰' → 200, '壹万伍仟' → 15000, '2000' → 2000; None if not a number."""
    s = s.strip().replace(",", "").replace("，", "")
    if not s:
        return None
    if s.isdigit():
        return int(s)
    total, section, digit = 0, 0, None
    for ch in s:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        elif ch in "万萬":
            section += digit or 0
            total += (section or 1) * 10000
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def _cn_year(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    digits = [_CN_DIGITS.get(c) for c in s]
    if len(digits) != 4 or any(d is None for d in digits):
        return None
    return int("".join(str(d) for d in digits))


_DATE_CN = re.compile(
    r"([〇○零O0一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日"
)
_DATE_AR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_ISO = re.compile(r"(?<![\d.\-])((?:19|20)\d{2})[-./](\d{1,2})[-./](\d{1,2})(?![\d.\-])")
_DATE_COMPACT = re.compile(r"(?<!\d)((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)")


def _mkdate(y: int | None, m: int | None, d: int | None) -> dt.date | None:
    if y is None or m is None or d is None:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def parse_date(s: str) -> dt.date | None:
    """One date in any of the printed forms (二〇二五年五月三日, 2025年5月3日, 2025-05-03, 20250503)."""
    s = s.translate(_HALF)
    if m := _DATE_CN.search(s):
        return _mkdate(_cn_year(m.group(1)), cn_to_int(m.group(2)), cn_to_int(m.group(3)))
    for rx in (_DATE_AR, _DATE_ISO, _DATE_COMPACT):
        if m := rx.search(s):
            return _mkdate(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


def _all_dates(s: str) -> list[tuple[int, int, dt.date]]:
    out = []
    for rx, cn in ((_DATE_CN, True), (_DATE_AR, False)):
        for m in rx.finditer(s):
            if cn:
                d = _mkdate(_cn_year(m.group(1)), cn_to_int(m.group(2)), cn_to_int(m.group(3)))
            else:
                d = _mkdate(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if d:
                out.append((m.start(), m.end(), d))
    return sorted(out)


# -- 文号 ---------------------------------------------------------------------------------------------

_DOCNO = re.compile(
    r"[\u4e00-\u9fff]{0,10}(?:[(（][\u4e00-\u9fff]{1,4}[)）])?[\u4e00-\u9fff]{0,4}(?:决字|罚字|罚决字|行罚决字|处字|罚告字)"
    r"\s*[〔\[(（【]\s*(?:19|20)\d{2}\s*[〕\])）】]\s*第?\s*[0-9A-Za-z\-]+\s*号"
)
_CASE_NO = re.compile(r"(?:编号|决定书编号|文书编号)\s*[:：]?\s*([0-9A-Za-z]{10,24})")


def _document_number(text: str, norm: str) -> str | None:
    head = norm[:600]
    if m := _DOCNO.search(head) or _DOCNO.search(norm):
        value = text[m.start() : m.end()].strip()
        # 文号 prefixes never contain the authority's name or the title; cut at a line start or the title.
        value = value.split("\n")[-1].strip()
        value = re.split(r"决\s*定\s*书|[(（]当场[)）]|[(（]简易程序[)）]", value)[-1].strip()
        value = re.split(r"公安局|分局|派出所|大队|支队|总队|管理局", value)[-1].strip()
        # a spaced title (行 政 处 罚 决 定 书) leaves its last characters in front
        for k in range(len("处罚决定书"), 0, -1):
            if value.startswith("处罚决定书"[-k:]):
                return value[k:].strip()
        return value
    if m := _CASE_NO.search(head):
        return m.group(1)
    return None


# -- authority ------------------------------------------------------------------------------------------

_AUTH_SUFFIX = re.compile(
    r"(公安局|分局|派出所|大队|支队|总队|管理局|公安处|分处|消防救援[支大总]队|消防救援站|边防检查站|治安管理处|交通警察[^\n]{0,6})$"
)


def _authority(lines: list[str]) -> str | None:
    for line in lines[:4]:
        s = re.sub(r"\s+", "", line)
        if 4 <= len(s) <= 40 and _AUTH_SUFFIX.search(s) and "决定书" not in s:
            return s
        if "决定书" in s:
            head = (
                s.split("行政处罚决定书")[0]
                .split("当场处罚决定书")[0]
                .split("公安交通管理简易程序处罚决定书")[0]
            )
            if 4 <= len(head) <= 40 and _AUTH_SUFFIX.search(head):
                return head
    # Otherwise: the signature line just above the final date.
    for i in range(len(lines) - 1, 0, -1):
        if parse_date(lines[i]) and len(lines[i].strip()) <= 20:
            prev = re.sub(r"\s+|[(（]印[)）]|[(（]章[)）]", "", lines[i - 1])
            if 4 <= len(prev) <= 40 and _AUTH_SUFFIX.search(prev):
                return prev
    # Flattened text (PDF/HTML without line breaks): the name in front of the signature date.
    flat = re.sub(r"\s+", "", "".join(lines))
    cut = min([i for i in (flat.find("本决定书已"), flat.find("已向我宣告")) if i != -1] or [len(flat)])
    dates = [m for m in _DATE_CN.finditer(flat, 0, cut)] or [m for m in _DATE_AR.finditer(flat, 0, cut)]
    if dates:
        before = re.sub(r"[(（]印[)）]|[(（]章[)）]", "", flat[: dates[-1].start()])
        tail = re.split(r"[。；;:：]", before)[-1]
        if 4 <= len(tail) <= 40 and _AUTH_SUFFIX.search(tail):
            return tail
    return None


def _region_code(doc_no: str | None, text: str) -> str | None:
    if doc_no and re.fullmatch(r"[1-8]\d{15}", doc_no):
        return doc_no[:6]
    return None


# -- legal basis -----------------------------------------------------------------------------------------

_KNOWN_LAWS = [
    "治安管理处罚法",
    "道路交通安全法",
    "道路交通安全法实施条例",
    "消防法",
    "出境入境管理法",
    "网络安全法",
    "枪支管理法",
    "居民身份证法",
    "行政处罚法",
    "禁毒法",
    "反恐怖主义法",
    "数据安全法",
    "个人信息保护法",
    "反电信网络诈骗法",
    "反间谍法",
    "国家安全法",
]
_ARTICLE = re.compile(
    rf"第\s*({_NUM})\s*条(?:\s*第\s*({_NUM})\s*款)?(?:\s*第\s*[(（]?\s*({_NUM})\s*[)）]?\s*项)?"
)
_LAW = re.compile(r"《([^》]{2,60})》")
_BARE_PARA = re.compile(rf"(?<=[、，,和及])\s*第\s*({_NUM})\s*款(?:\s*第\s*[(（]?\s*({_NUM})\s*[)）]?\s*项)?")


def _canon_law(name: str) -> str:
    name = name.strip()
    if name in _KNOWN_LAWS and not name.endswith("条例"):
        return "中华人民共和国" + name
    return name


def _cn(n: int) -> str:
    return to_chinese(n)


def normalise_citation(s: str) -> str:
    """'《治安管理处罚法》第43条第1款' → '《中华人民共和国治安管理处罚法》第四十三条第一款'."""
    law = _LAW.search(s)
    art = _ARTICLE.search(s)
    if not law or not art:
        return s.strip()
    return _format_cite(_canon_law(law.group(1)), art)


def _format_cite(law: str, art: re.Match[str]) -> str:
    a = cn_to_int(art.group(1))
    out = f"《{law}》第{_cn(a) if a is not None else art.group(1)}条"
    if art.group(2) and (k := cn_to_int(art.group(2))) is not None:
        out += f"第{_cn(k)}款"
    if art.group(3) and (x := cn_to_int(art.group(3))) is not None:
        out += f"第{_cn(x)}项"
    return out


def _citations(segment: str) -> list[str]:
    """All citations in a '根据…之规定' segment; an article without its own 《law》 belongs to the last one."""
    out: list[str] = []
    law: str | None = None
    tokens = sorted(
        [(m.start(), "law", m) for m in _LAW.finditer(segment)]
        + [(m.start(), "art", m) for m in _ARTICLE.finditer(segment)]
        + [(m.start(), "sub", m) for m in _BARE_PARA.finditer(segment)],
        key=lambda t: t[0],
    )
    last_article: str | None = None
    for _, kind, m in tokens:
        if kind == "law":
            law = _canon_law(m.group(1))
            last_article = None
        elif kind == "art" and law is not None:
            cite = _format_cite(law, m)
            last_article = cite.split("》", 1)[1].split("条", 1)[0] + "条"
            if cite not in out:
                out.append(cite)
        elif kind == "sub" and law is not None and last_article is not None:
            # "第四十四条第一款第五项、第二款": a bare 款 continues the last article
            k = cn_to_int(m.group(1))
            x = cn_to_int(m.group(2)) if m.group(2) else None
            cite = f"《{law}》{last_article}" + (f"第{_cn(k)}款" if k is not None else "")
            cite += f"第{_cn(x)}项" if x is not None else ""
            if cite not in out:
                out.append(cite)
    return out


_BASIS = re.compile(
    r"(?:根据|依据|依照|按照|处罚依据\s*[:：])\s*(《.+?)(?:之规定|的规定|规定|[，,]\s*(?:现)?决定|[，,]对|[，,]给予|[，,]处以|[，,]现|决定|。)",
    re.S,
)


def _legal_basis(norm: str) -> list[str]:
    found: list[str] = []
    for m in _BASIS.finditer(norm):
        seg = m.group(1)
        if "加处罚款" in norm[m.end() : m.end() + 40] or ("第七十二条" in seg and "行政处罚法" in seg):
            continue
        for c in _citations(seg):
            if c not in found:
                found.append(c)
    if not found:
        # 当场处罚 forms: "违反《…》第X条之规定，决定给予警告" — the violated article is the basis.
        for m in re.finditer(r"违反\s*(《.+?)(?:之规定|的规定|规定)[，,]\s*(?:现)?决定", norm):
            found.extend(c for c in _citations(m.group(1)) if c not in found)
    return found


_LAW_AREA = [
    ("治安管理处罚法", "public_order"),
    ("道路交通安全法", "traffic"),
    ("消防法", "fire"),
    ("出境入境管理法", "exit_entry"),
    ("外国人入境出境管理法", "exit_entry"),
    ("网络安全法", "cyber"),
    ("枪支管理法", "firearms"),
]


def _law_area(basis: list[str], norm: str) -> str | None:
    """The law area of the first cited *statute* (中华人民共和国…法); regulations only as a fallback."""
    statutes = [c for c in basis if c.startswith("《中华人民共和国")]
    for cite in statutes[:1] or basis:
        for key, area in _LAW_AREA:
            if key in cite:
                return area
        if statutes:
            return "other"
    if basis:
        return "other"
    return None


# -- penalties -----------------------------------------------------------------------------------------

_AMOUNT = re.compile(
    r"(?:人民币)?\s*(?:[¥￥]\s*([\d,，]+(?:\.\d+)?)\s*(?:元)?|([\d,，]+(?:\.\d+)?)\s*(?:元|圆)|"
    rf"([{_CN_NUM}]+)\s*(?:元|圆))(?:整)?(?:\s*[(（]\s*[¥￥]?\s*[\d,，.]+\s*(?:元)?\s*[)）])?"
)
_DETENTION = re.compile(rf"(?:行政)?拘留\s*({_NUM})\s*日|({_NUM})\s*日\s*(?:行政)?拘留")
_SUSPEND = re.compile(
    rf"暂扣[^，,。；;、]*?(?:驾驶证|许可证|执照|证件|证)[^，,。；;、]*?({_NUM})\s*个?(月|日|天)"
)


def _amount_value(m: re.Match[str]) -> float | None:
    raw = m.group(1) or m.group(2)
    if raw:
        try:
            return float(raw.replace(",", "").replace("，", ""))
        except ValueError:
            return None
    v = cn_to_int(m.group(3))
    return float(v) if v is not None else None


def _decision_clause(norm: str) -> str | None:
    marks = list(
        re.finditer(
            r"(?:现决定|决定处以|决定给予|决定对|决定如下|[，,]决定|决定[:：]|处罚内容[:：]|处罚决定[:：])",
            norm,
        )
    )
    if not marks:
        return None
    m = marks[-1]
    # The clause runs to the end of its sentence; the penalties sit there.
    end = norm.find("。", m.end())
    return norm[m.start() : end if end != -1 else len(norm)]


def _penalties(norm: str) -> list[dict[str, Any]]:
    clause = _decision_clause(norm)
    if clause is None:
        return []
    found: list[tuple[int, dict[str, Any]]] = []
    for m in _DETENTION.finditer(clause):
        if (days := cn_to_int(m.group(1) or m.group(2))) is not None:
            found.append((m.start(), {"kind": "detention", "days": days}))
    fine_zone = clause
    for m in re.finditer(r"罚款", fine_zone):
        # 罚款 + amount, or amount + 罚款 just before it
        after = _AMOUNT.match(fine_zone, m.end()) or _AMOUNT.match(fine_zone, m.end() + len("人民币"))
        amt_m = after if after and after.start() <= m.end() + 4 else None
        if amt_m is None:
            before = list(_AMOUNT.finditer(fine_zone[max(0, m.start() - 40) : m.start()]))
            amt_m = before[-1] if before else None
        if amt_m is not None and (v := _amount_value(amt_m)) is not None:
            amount: float | int = int(v) if v == int(v) else v
            found.append((m.start(), {"kind": "fine", "amount_yuan": amount}))
    if "警告" in clause:
        found.append((clause.index("警告"), {"kind": "warning"}))
    if "通报批评" in clause:
        found.append((clause.index("通报批评"), {"kind": "criticism"}))
    for m in re.finditer(r"没收([^，。；、,]{1,30})", clause):
        found.append((m.start(), {"kind": "confiscation", "description": "没收" + m.group(1)}))
    for m in _SUSPEND.finditer(clause):
        n = cn_to_int(m.group(1)) or 0
        days = n * 30 if m.group(2) == "月" else n
        found.append((m.start(), {"kind": "license_suspension", "days": days, "description": m.group(0)}))
    for m in re.finditer(r"吊销[^，。；、,]{1,30}", clause):
        found.append((m.start(), {"kind": "license_revocation", "description": m.group(0)}))
    for m in re.finditer(r"(驱逐出境|遣送出境|限期出境)", clause):
        found.append((m.start(), {"kind": "deportation", "description": m.group(1)}))
    for m in re.finditer(
        rf"(责令停产停业|责令停止使用|责令停业整顿(?:({_NUM})\s*日)?|责令关闭|限制从业)", clause
    ):
        pen: dict[str, Any] = {"kind": "business_restriction", "description": m.group(1)}
        if m.group(2) and (d := cn_to_int(m.group(2))) is not None:
            pen["days"] = d
        found.append((m.start(), pen))
    found.sort(key=lambda t: t[0])
    return [p for _, p in found]


# -- parties ---------------------------------------------------------------------------------------------

_PARTY_LABEL = re.compile(
    r"(?:^|\n|。|号|书|\d|[)）])\s*(违法行为人|被处罚人|违法嫌疑人|当事人|被处罚单位|违法单位|被处罚人姓名|姓名)"
    r"(?:基本情况|基本信息|姓名|名称)?\s*[:：]?\s*"
)
_STOP = "，,。；;\n 　"
_NEXT_LABEL = re.compile(
    r"(?:性别|民族|出生日期|出生年月|身份证|公民身份|证件种类|年龄|户籍|现住|居住地|住址|联系电话|联系方式|电话|手机|"
    r"国籍|工作单位|职业|违法犯罪经历|统一社会信用代码|法定代表人|经营者|负责人|住所|经营场所|电子邮箱|邮箱|"
    r"监护人|文化程度|现查明|经查|违法事实|车辆号牌|车辆牌号|号牌号码|E-mail|地址|准驾车型)"
)
_ORG_END = re.compile(
    r"(公司|有限公司|商行|店|厂|中心|馆|部|社|院|酒店|宾馆|民宿|网吧|歌舞厅|合作社|工作室|会所|超市|经营部|门市|个体工商户[)）]?)$"
)
_ID_VALUE = re.compile(r"([0-9Xx\-\s]{15,24}|[A-Za-z]{1,2}\d{7,10}|\d{8,10})")
_ID_LABEL = re.compile(
    r"(身份证件种类及号码|公民身份号码|身份证明号码|身份证号码|身份证号|证件号码|护照号码|护照号|通行证号码|驾驶证号)\s*[:：]?\s*"
    r"(居民身份证|护照|港澳居民来往内地通行证|台湾居民来往大陆通行证|往来港澳通行证)?\s*[:：，,]?\s*"
)
_PHONE_LABEL = re.compile(
    r"(?:联系电话|联系方式|手机号码|手机号|手机|电话)\s*[:：]?\s*([+()\d][\d\s\-()+]{6,22}\d)"
)
_GENDER = re.compile(r"性别\s*[:：]?\s*(男|女)")
_BIRTH_LABEL = re.compile(r"出生(?:日期|年月日|年月)?\s*[:：]?\s*")
_AGE = re.compile(
    r"(?:(?:年龄|现年)\s*[:：]?\s*(\d{1,3})(?!\d)\s*(?:周)?岁?|[，,\n](\d{1,3})\s*(?:周)?岁[，,。\n])"
)
_ADDR_LABEL = re.compile(
    r"(现住址|现住地|现住|居住地|住址|户籍所在地|户籍地|住所地|住所|地址|经营场所)\s*[:：]?\s*"
)
_USCC = re.compile(r"统一社会信用代码\s*[:：]?\s*([0-9A-HJ-NPQRTUWXY]{18})")
_REP = re.compile(r"(法定代表人|经营者|负责人)\s*[:：]?\s*([^\s，,。；;：:（(]{2,20})")


def _norm_id(s: str) -> str:
    return re.sub(r"[\s\-]", "", s).upper()


def _norm_phone(s: str) -> str:
    digits = re.sub(r"[^\d]", "", s)
    if s.strip().startswith("+86") or (digits.startswith("86") and len(digits) == 13):
        digits = digits[2:]
    if (re.fullmatch(r"0\d{9,11}", digits) and not digits.startswith("01")) or digits.startswith("010"):
        # landline: area code + number
        m = re.match(r"\(?(0\d{2,3})\)?[\s\-]?(\d{7,8})", s.strip())
        if m:
            return f"{m.group(1)}-{m.group(2)}"
    return digits


def _value_after(block: str, pos: int) -> str:
    """The value after a label: up to punctuation, or up to the next label when fields run together."""
    end = pos
    while end < len(block) and block[end] not in _STOP:
        end += 1
    if nm := _NEXT_LABEL.search(block, pos + 1, end):
        end = nm.start()
    return block[pos:end]


def _split_glued_name(name: str, block: str, end: int) -> tuple[str, str | None]:
    """'张三男' → ('张三', '男') when the gender character is glued to the name."""
    if len(name) >= 3 and name[-1] in "男女" and not _GENDER.search(block[:400]):
        return name[:-1], name[-1]
    return name, None


def _person_fields(block: str, party: dict[str, Any]) -> None:
    if "gender" not in party and (
        (m := _GENDER.search(block)) or (m := re.search(r"[，,\s](男|女)性?[，,\s]", block[:60]))
    ):
        party["gender"] = m.group(1)
    bm = _BIRTH_LABEL.search(block)
    if bm:
        v = _value_after(block, bm.end())
        if d := parse_date(v):
            party["birth_date"] = d.isoformat()
    if "birth_date" not in party:
        m = re.search(r"((?:19|20)\d{2}(?:年\d{1,2}月\d{1,2}日|[-.]\d{1,2}[-.]\d{1,2}|\d{4}))\s*出?生", block)
        if m and (d := parse_date(m.group(1))):
            party["birth_date"] = d.isoformat()
    if "birth_date" not in party and (am := _AGE.search(block)):
        party["age"] = int(am.group(1) or am.group(2))
    if im := _ID_LABEL.search(block):
        tail = block[im.end() : im.end() + 40]
        vm = _ID_VALUE.match(tail)
        if vm:
            value = _norm_id(vm.group(1))
            kind_word = im.group(2) or ""
            if "护照" in (kind_word or im.group(1)):
                id_type = "passport"
            elif "港澳居民" in kind_word or "港澳居民" in im.group(1):
                id_type = "hk_macau_permit"
            elif "台湾" in kind_word:
                id_type = "taiwan_permit"
            elif re.fullmatch(r"\d{17}[\dX]|\d{15}", value):
                id_type = "resident_id"
            elif re.fullmatch(r"[HM]\d{8,10}", value):
                id_type = "hk_macau_permit"
            else:
                id_type = "passport" if re.match(r"[A-Z]", value) else "other"
            party["id_type"] = id_type
            party["id_number"] = value
    addresses: dict[str, str] = {}
    for m in _ADDR_LABEL.finditer(block):
        v = _value_after(block, m.end())
        if v and m.group(1) not in addresses:
            addresses[m.group(1)] = v
    for key in ("现住址", "现住地", "现住", "居住地", "住址", "户籍所在地", "户籍地"):
        if key in addresses:
            party["address"] = addresses[key]
            break
    if pm := _PHONE_LABEL.search(block):
        party["phone"] = _norm_phone(pm.group(1))


_LABEL_GAP = re.compile(r"(?<=[\u4e00-\u9fff])[ \t\u3000]+(?=[\u4e00-\u9fff]\s*[:：])")


def _parties(norm: str, body_start: int) -> list[dict[str, Any]]:
    m = _PARTY_LABEL.search(norm)
    if not m or m.start() > body_start + 50:
        return []
    block_end = body_start if body_start > m.end() else min(len(norm), m.end() + 400)
    block = norm[m.end() : block_end]
    raw_name = _value_after(block, 0)
    if sm := re.match(
        r"([\u4e00-\u9fff])[ \u3000]{1,4}([\u4e00-\u9fff]{1,2})(?=[ \u3000]{2,}|[，,\n]|$)", block
    ):
        raw_name = sm.group(1) + sm.group(2)  # table layouts space out two-character names: 王  芳
    if lm := re.match(r"[A-Z][A-Z\-']*(?: [A-Z][A-Z\-']*)+", block):
        raw_name = lm.group(0)  # transliterated names keep their spaces: NGUYEN VAN HUNG
    raw_name = re.split(r"[（(]", raw_name)[0] if not raw_name.startswith(("(", "（")) else raw_name
    name, glued_gender = _split_glued_name(raw_name, block, len(raw_name))
    if not name:
        return []
    party: dict[str, Any] = {"role": "penalised"}
    uscc = _USCC.search(block)
    after_name = block[len(raw_name) : len(raw_name) + 12]
    is_business = bool(
        re.match(r"\s*[(（]个体工商户[)）]", after_name)
        or name.endswith("个体工商户")
        or (uscc and uscc.group(1).startswith("92"))
    )
    if (
        is_business
        or _ORG_END.search(name)
        or m.group(1) in ("被处罚单位", "违法单位")
        or (uscc and not is_business)
    ):
        party["kind"] = "individual_business" if is_business else "legal_person"
        party["name"] = name
        if uscc:
            party["uscc"] = uscc.group(1)
        if rm := _REP.search(block):
            party["legal_representative"] = _value_after(block, rm.start(2))
        if party["kind"] == "individual_business":
            sub = block[rm.end() :] if rm else block
            _person_fields(sub, party)
            party.pop("address", None)
        addr = re.search(r"(?:住所地|住所|地址|经营场所)\s*[:：]?\s*", block)
        if addr:
            party["address"] = _value_after(block, addr.end())
        if party["kind"] == "legal_person":
            for k in ("gender", "birth_date", "age", "id_type", "id_number", "phone"):
                party.pop(k, None)
        return [party]
    party["kind"] = "natural_person"
    party["name"] = name
    if glued_gender:
        party["gender"] = glued_gender
    _person_fields(block, party)
    parties = [party]
    if gm := re.search(r"监护人\s*[:：]?\s*([^\s，,。；;（(]{2,10})", block):
        parties.append({"role": "guardian", "kind": "natural_person", "name": gm.group(1)})
    return parties


# -- entry point -----------------------------------------------------------------------------------------

_BODY_START = re.compile(
    r"(现查明|经查|经审查|经调查|违法事实和证据|违法事实|查明|(?:被处罚人|当事人|违法行为人)于\s*(?:19|20)\d{2}|"
    r"\n[^\n]{0,20}于\s*(?:19|20)\d{2}年|\n\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月|"
    r"(?<=[。号])\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日[^，,。]{0,12}[，,])"
)


def _fallback_body_start(norm: str) -> int:
    """No facts marker: the facts start at the first 以上事实/根据 sentence at the latest."""
    m = re.search(r"(?:以上|上述)事实|根据|依据|依照", norm)
    return m.start() if m else len(norm)


def _procedure(head: str, norm: str) -> str:
    if re.search(r"简易程序|当场处罚|当场作出|[(（]当场[)）]", head):
        return "summary"
    return "general"


def _violation_date(norm: str, body_start: int, decision: dt.date | None) -> dt.date | None:
    """The first dated *time* of the facts (…日21时许); entry or visa dates come without a clock time."""
    seg = norm[body_start : body_start + 500]
    candidates = [(end, d) for _, end, d in _all_dates(seg) if decision is None or d <= decision]
    for end, d in candidates:
        if re.match(rf"\s*(?:凌晨|上午|中午|下午|晚上|晚|夜间)?\s*{_NUM}\s*(?:时|点|:)", seg[end : end + 12]):
            return d
    return candidates[0][1] if candidates else None


def _decision_date(norm: str, authority: str | None) -> dt.date | None:
    # Prefer the date printed under the seal: the last date before the service block.
    cut = len(norm)
    for marker in ("已向我宣告", "本决定书已", "送达回执", "被处罚人（签名）", "被处罚人(签名)"):
        i = norm.find(marker)
        if i != -1:
            cut = min(cut, i)
    dates = _all_dates(norm[:cut])
    if not dates:
        dates = _all_dates(norm)
    if not dates:
        return None
    cn = [d for d in dates if _DATE_CN.match(norm, d[0])]
    if cn:
        return cn[-1][2]
    # last date that stands on its own line (the signature date)
    for start, end, d in reversed(dates):
        line_start = norm.rfind("\n", 0, start) + 1
        line_end = norm.find("\n", end)
        line = norm[line_start : line_end if line_end != -1 else len(norm)].strip()
        if len(line) <= 16:
            return d
    return dates[-1][2]


def extract_decision(text: str, *, source: str, external_id: str) -> dict[str, Any]:
    """A dict ready for schema-v1 validation with every field the text supports; missing ones left out."""
    norm = text.translate(_HALF)
    lines = [ln for ln in norm.split("\n") if ln.strip()]
    out: dict[str, Any] = {
        "schema": "sunshine.decision/1",
        "source": source,
        "external_id": external_id,
        "version": 1,
    }
    doc_no = _document_number(text, norm)
    if doc_no:
        out["document_number"] = doc_no
    authority = _authority(lines)
    if authority:
        auth: dict[str, Any] = {"name": authority}
        if rc := _region_code(doc_no, norm):
            auth["region_code"] = rc
        out["authority"] = auth
    decision_date = _decision_date(norm, authority)
    if decision_date:
        out["decision_date"] = decision_date.isoformat()
    bm = _BODY_START.search(norm)
    body_start = bm.start() if bm else _fallback_body_start(norm)
    vd = _violation_date(norm, body_start, decision_date)
    if vd:
        out["violation_date"] = vd.isoformat()
    head = "\n".join(lines[:4])
    out["procedure"] = _procedure(head, norm)
    basis = _legal_basis(norm)
    out["legal_basis"] = basis
    if area := _law_area(basis, norm):
        out["law_area"] = area
    pens = _penalties(norm)
    if pens:
        out["penalties"] = pens
    # Table layouts space out labels (姓    名：); close those gaps for the party block only.
    tbl = _LABEL_GAP.sub("", norm)
    tm = _BODY_START.search(tbl)
    parties = _parties(tbl, tm.start() if tm else _fallback_body_start(tbl))
    if parties:
        if decision_date:
            for p in parties:
                if "birth_date" in p and p["birth_date"] > decision_date.isoformat():
                    p.pop("birth_date")
        out["parties"] = parties
    out["text"] = text.strip()
    return out
