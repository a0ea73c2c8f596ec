"""Split an address into the part that may stay (down to county level) and the part to remove."""

from __future__ import annotations

import re

_CH = r"[^\W\d_街道镇乡村路号巷弄幢栋室组]"
_PREFIX = re.compile(
    r"(?:北京市|天津市|上海市|重庆市|" + _CH + r"{2,3}省|" + _CH + r"{2,8}自治区)?"
    r"(?:" + _CH + r"{2,6}?(?:自治州|地区|盟|市(?![镇乡])))?"
    # one or two county-level units (台湾地区新北市板桥区); 小区/社区/园区 are not districts
    r"(?:"
    + _CH
    + r"{1,6}?(?:自治县|自治旗|新区|县区|(?<![小社园景片校厂矿营一二三四五六七八九十\d])区(?![乡镇])|县|旗|市(?![场巷街路里口道镇乡]))){0,2}"
)


def county_prefix_len(address: str) -> int:
    """Characters of ``address`` that name the province/city/county (kept under the policy)."""
    m = _PREFIX.match(address)
    return m.end() if m else 0


def below_county(address: str) -> tuple[int, int] | None:
    """Offsets (relative to ``address``) of the part below county level, or None if nothing is."""
    start = county_prefix_len(address)
    rest = address[start:].rstrip()
    if len(rest) < 1:
        return None
    return start, start + len(rest)
