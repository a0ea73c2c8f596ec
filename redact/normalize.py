"""Length-preserving normalisation so every offset found on the normalised text is valid on the original.

Case systems emit full-width digits/letters (１２３ＡＢＣ) and ideographic spaces; recognizers are
written for ASCII. Mapping each code point to exactly one code point keeps offsets identical, so
nothing has to be re-mapped and reviewers see spans exactly where the raw text has them.
"""

from __future__ import annotations

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


def normalize(text: str) -> str:
    """Return a same-length copy of ``text`` with full-width ASCII folded to ASCII."""
    return text.translate(_TABLE)


def digits_only(value: str) -> str:
    """Strip separators from an identifier candidate (spaces, dashes) after normalisation."""
    return "".join(ch for ch in normalize(value) if ch.isascii() and ch.isalnum()).upper()
