"""Length-preserving normalisation so every offset found on the normalised text is valid on the original.

Case systems emit full-width digits/letters (１２３ＡＢＣ) and ideographic spaces; recognizers are
written for ASCII. Mapping each code point to exactly one code point keeps offsets identical, so
nothing has to be re-mapped and reviewers see spans exactly where the raw text has them.
"""

from __future__ import annotations

import re

_FULLWIDTH_START = 0xFF01
_FULLWIDTH_END = 0xFF5E
_TABLE: dict[int, int] = {cp: cp - 0xFEE0 for cp in range(_FULLWIDTH_START, _FULLWIDTH_END + 1)}
_TABLE[0x3000] = 0x20  # ideographic space
# Keep full-width punctuation that Chinese uses as ordinary punctuation: the detectors rely on it
# as a field terminator, and turning "，" into "," would change nothing useful.
for _ch in "，。；：！？（）【】《》、":
    _TABLE.pop(ord(_ch), None)
for _ch in "（）：":  # but map these, since labels are written both ways
    _TABLE[ord(_ch)] = ord({"（": "(", "）": ")", "：": ":"}[_ch])
# Middle dots used in plates and transliterated names all become U+00B7.
for _ch in "•・‧∙⋅":
    _TABLE[ord(_ch)] = 0xB7


# Traditional → simplified for the characters that labels, cues, surnames and address units use.
# Mirror sites republish decisions in traditional characters; one-to-one code points keep offsets.
_T2S = (
    "證证號号碼码電电話话違违為为與与處处決决書书聯联繫系係系護护戶户區区縣县鎮镇鄉乡門门樓楼單单"
    "陳陈劉刘張张趙赵黃黄吳吴鄭郑孫孙馬马楊杨許许羅罗謝谢鄧邓馮冯韓韩蔣蒋葉叶蘇苏盧卢閆闫錢钱湯汤"
    "龍龙萬万鍾钟譚谭陸陆賈贾顧顾鄒邹閻阎龔龚嚴严華华溫温賴赖鄺邝費费齊齐範范歐欧陽阳葛葛莊庄聶聂"
    "罰罚帳账銀银郵邮車车駕驾駛驶權权產产廣广東东蘭兰灣湾臺台機机關关達达務务現现査查實实規规條条"
    "辦办經经營营員员傷伤醫医療疗號号歲岁齡龄開开屬属時时間间檢检報报簡简執执詢询問问總总夥伙將将"
    "對对給给讓让從从們们這这個个來来後后說说聲声紀纪錄录場场島岛滬沪貴贵雲云遼辽毆殴擊击盜盗竊窃騙骗參参賭赌"
    "閩闽魯鲁陝陕晉晋贛赣寧宁瓊琼辯辩聽听強强義义覺觉買买賣卖無无過过還还動动變变熱热當当應应議议認认識识護护賀贺並并"
)
for _t, _s in zip(_T2S[::2], _T2S[1::2], strict=True):
    if _t != _s:
        _TABLE[ord(_t)] = ord(_s)


def normalize(text: str) -> str:
    """Return a same-length copy of ``text`` with full-width ASCII folded to ASCII."""
    return text.translate(_TABLE)


def digits_only(value: str) -> str:
    """Strip separators from an identifier candidate (spaces, dashes) after normalisation."""
    return "".join(ch for ch in normalize(value) if ch.isascii() and ch.isalnum()).upper()


def _cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\U00020000" <= ch <= "\U0002fa1f"


# Units written after numbers in dates and addresses (2003 年 9 月, 六组 18 号); amounts (500 元)
# are left alone, nothing personal hides in them.
_UNIT_AFTER_DIGIT = frozenset("年月日号组栋幢室楼层单元弄巷")


def despace(text: str) -> tuple[str, list[int]] | None:
    """OCR and PDF text puts spaces inside words (林 志 伟, 2003 年 9 月, 东风村 六组 18 号).

    Returns a copy without single spaces that sit between two CJK characters or between a number
    and a date/address unit, plus the original offset of every character of the copy, or None when
    there is nothing to remove. Detectors run on both texts; results on the copy are mapped back,
    so a span covers the spaces inside the value it found.
    """
    keep: list[int] = []
    removed = False
    n = len(text)
    for i, ch in enumerate(text):
        if ch == " " and 0 < i < n - 1:
            a, b = text[i - 1], text[i + 1]
            if (
                (_cjk(a) and _cjk(b))
                or (a.isdigit() and b in _UNIT_AFTER_DIGIT)
                or (a in _UNIT_AFTER_DIGIT and b.isdigit())
                or _lone_digits(text, i)
            ):
                removed = True
                continue
        keep.append(i)
    if not removed:
        return None
    return "".join(text[i] for i in keep), keep


_DATE_PART = re.compile(r"\d{1,2}[月日]")
_HOUSE_NUMBER = re.compile(r"\d{1,5}(?:号|弄|巷)")
_TOWN_AHEAD = re.compile(r"[\u4e00-\u9fff]{1,4}(?:镇|乡|街道)")
_VILLAGE_AHEAD = re.compile(r"[\u4e00-\u9fff]{1,4}(?:村|社区)")
_DIGITS_THEN_UNIT = re.compile(r"\d{1,3}[年月日号]")


def broken_line_views(text: str) -> list[tuple[int, str, list[int]]]:
    """1991年5月⏎14日, 3组15⏎号, 白岩路⏎65号, 周溪镇⏎泗山村: a single line break inside a date or
    an address (between a number and its unit, a street and its number, a county or town and
    the next unit) in text that is not hard-wrapped as a whole.

    Returns one view per such break: the two lines it separates, joined, with the offset of the
    first line and the original offset of every character of the view. Only those two lines are
    read again, so a document pays for its broken numbers, not for its length.
    """
    views: list[tuple[int, str, list[int]]] = []
    pos = text.find("\n")
    while 0 < pos < len(text) - 1:
        a, b = text[pos - 1], text[pos + 1]
        if (
            (a.isdigit() and b in _UNIT_AFTER_DIGIT)
            or (a in "年月" and _DATE_PART.match(text, pos + 1))
            or (a in "路街道巷弄村组" and _HOUSE_NUMBER.match(text, pos + 1))  # 白岩路⏎65号附12号
            or (b in "路街巷弄" and _HOUSE_NUMBER.match(text, pos + 2))  # 下栅村东⏎街41号
            or (a.isdigit() and _DIGITS_THEN_UNIT.match(text, pos + 1))  # 1996年1月1⏎5日
            or (a in "镇乡" and _VILLAGE_AHEAD.match(text, pos + 1))  # 周溪镇⏎泗山村詹家湾12号
            or (a in "县区" and _TOWN_AHEAD.match(text, pos + 1))  # 尤溪县⏎西城镇麻洋村
        ):
            start = text.rfind("\n", 0, pos) + 1
            end = text.find("\n", pos + 1)
            end = len(text) if end < 0 else end
            index = [*range(start, pos), *range(pos + 1, end)]
            views.append((start, "".join(text[i] for i in index), [i - start for i in index]))
        pos = text.find("\n", pos + 1)
    return views


def _lone_digits(text: str, i: int) -> bool:
    """1 3 9 9 9 8 1 2 0 3 6: a space between two digits that each stand alone (a number typeset or
    OCR-read one digit at a time); grouped numbers (138 7087 1136) keep their spaces."""
    a, b = text[i - 1], text[i + 1]
    if not (a.isdigit() and b.isdigit()):
        return False
    before = text[i - 2] if i >= 2 else " "
    after = text[i + 2] if i + 2 < len(text) else " "
    return not before.isdigit() and not after.isdigit()


_LINE_END = frozenset('。；;！!？?：:，,、)）】》”"」』')


def hard_wrapped(text: str) -> bool:
    """Text extracted from PDF often breaks lines every N characters, mid-word and mid-number."""
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < 4:
        return False
    widths = [len(line) for line in lines[:-1] if len(line) >= 12 and line.rstrip()[-1] not in _LINE_END]
    if len(widths) < max(3, len(lines) // 3):
        return False
    # Wrapping happens at one width; form lines (姓名：…  性别：…) end open too but vary in length.
    common = max(sum(1 for w in widths if abs(w - x) <= 2) for x in widths)
    return common >= 0.6 * len(widths)


def unwrap(text: str) -> tuple[str, list[int]] | None:
    """A copy of hard-wrapped text with the wrapping line breaks removed (and OCR spaces closed).

    A line break is dropped when the line before it does not end a sentence or field and the next
    line does not start with indentation; offsets map back as in :func:`despace`.
    """
    keep: list[int] = []
    n = len(text)
    removed = False
    for i, ch in enumerate(text):
        if ch == "\n" and 0 < i < n - 1:
            before, after = text[i - 1], text[i + 1]
            if before not in _LINE_END and not before.isspace() and not after.isspace():
                removed = True
                continue
        keep.append(i)
    if not removed:
        return None
    joined = "".join(text[i] for i in keep)
    spaced = despace(joined)
    if spaced is None:
        return joined, keep
    closed, index = spaced
    return closed, [keep[j] for j in index]


# Letters that OCR reads for digits (l3B4512O376 for 13845120376, l963 for 1963).
_OCR_DIGIT = {"O": "0", "o": "0", "l": "1", "I": "1", "B": "8", "S": "5", "Z": "2"}
_OCR_RUN = re.compile(r"[0-9OolIBSZ](?:[ \-]?[0-9OolIBSZ]){3,}")


def ocr_digits(text: str) -> str | None:
    """A same-length copy with OCR letter-for-digit confusions fixed inside digit runs, or None.

    Only runs made mostly of digits are touched (at least three digits and at least two thirds of
    the run), so words, plates (浙AD73519) and passports (E12345678) keep their letters.
    """
    out = list(text)
    changed = False
    for m in _OCR_RUN.finditer(text):
        run = m.group(0)
        chars = [ch for ch in run if ch not in " -"]
        digits = sum(ch.isdigit() for ch in chars)
        if digits < 3 or 3 * digits < 2 * len(chars) or digits == len(chars):
            continue
        before = text[m.start() - 1 : m.start()]
        if before.isascii() and before.isalpha():
            continue  # the run continues a word (ABC1234)
        for i in range(m.start(), m.end()):
            if text[i] in _OCR_DIGIT:
                out[i] = _OCR_DIGIT[text[i]]
                changed = True
    return "".join(out) if changed else None
