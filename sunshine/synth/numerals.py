"""Chinese numerals as decisions print them: 第四十三条, 贰佰圆, 二〇二五年五月三日."""

from __future__ import annotations

import datetime as dt

_LOWER = "零一二三四五六七八九"
_UPPER = "零壹贰叁肆伍陆柒捌玖"
_UNITS_LOWER = ["", "十", "百", "千"]
_UNITS_UPPER = ["", "拾", "佰", "仟"]


def _below_10000(n: int, digits: str, units: list[str], *, lead_ten: bool) -> str:
    out: list[str] = []
    s = f"{n:d}"
    zero_pending = False
    for i, ch in enumerate(s):
        d = int(ch)
        unit = units[len(s) - 1 - i]
        if d == 0:
            zero_pending = True
            continue
        if zero_pending and out:
            out.append(digits[0])
        zero_pending = False
        if d == 1 and unit in ("十", "拾") and i == 0 and not lead_ten:
            out.append(unit)
        else:
            out.append(digits[d] + unit)
    return "".join(out) or digits[0]


def to_chinese(n: int, *, upper: bool = False, lead_ten: bool = False) -> str:
    """12 → 十二 (lower) / 壹拾贰 (upper); supports 0..99,999,999."""
    digits = _UPPER if upper else _LOWER
    units = _UNITS_UPPER if upper else _UNITS_LOWER
    lead = lead_ten or upper
    if n < 10000:
        return _below_10000(n, digits, units, lead_ten=lead)
    high, low = divmod(n, 10000)
    out = _below_10000(high, digits, units, lead_ten=lead) + "万"
    if low:
        if low < 1000:
            out += digits[0]
        out += _below_10000(low, digits, units, lead_ten=True)
    return out


def chinese_date(d: dt.date) -> str:
    """二〇二五年五月三日 — the form used under the seal."""
    year = "".join("〇一二三四五六七八九"[int(c)] for c in f"{d.year:04d}")
    return f"{year}年{to_chinese(d.month)}月{to_chinese(d.day)}日"


def amount_text(amount: int, style: str) -> str:
    """Ways a fine amount is written in the decisions we have seen."""
    if style == "arabic":
        return f"{amount}元"
    if style == "arabic_rmb":
        return f"人民币{amount}元"
    if style == "upper":
        return f"{to_chinese(amount, upper=True)}圆"
    if style == "upper_yuan":
        return f"人民币{to_chinese(amount, upper=True)}元整"
    if style == "upper_paren":
        return f"{to_chinese(amount, upper=True)}圆(¥{amount})"
    if style == "yen":
        return f"¥{amount}"
    if style == "lower":
        return f"{to_chinese(amount)}元"
    if style == "comma":
        return f"{amount:,}元"
    raise ValueError(style)


AMOUNT_STYLES = [
    "arabic",
    "arabic",
    "arabic",
    "arabic_rmb",
    "upper",
    "upper_yuan",
    "upper_paren",
    "yen",
    "lower",
    "comma",
]
