"""Checksums and plausibility tests, kept apart from the regexes that find candidates.

Matching answers "does this look like X"; validation answers "how sure are we". Keeping them
separate lets a failed checksum lower confidence (typos in case systems are common) instead of
silently letting a real identifier through.
"""

from __future__ import annotations

import datetime as dt

from redact.normalize import digits_only

# GB/T 2260 province-level prefixes (first two digits of a resident ID).
PROVINCE_CODES = frozenset(
    {
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
        "65", "71", "81", "82", "83",
    }
)  # fmt: skip

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def resident_id_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def resident_id_checksum_ok(value: str) -> bool:
    """GB 11643-1999 ISO 7064 MOD 11-2 check character."""
    v = digits_only(value)
    if len(v) != 18 or not v[:17].isdigit():
        return False
    return resident_id_check_char(v[:17]) == v[17]


def plausible_birth_date(yyyymmdd: str, *, today: dt.date | None = None) -> bool:
    try:
        born = dt.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return False
    today = today or dt.date.today()
    return dt.date(1900, 1, 1) <= born <= today


def resident_id_plausible(value: str) -> bool:
    """Region prefix and birth date are real (for 18- and 15-digit numbers)."""
    v = digits_only(value)
    if v[:2] not in PROVINCE_CODES:
        return False
    if len(v) == 18:
        return plausible_birth_date(v[6:14])
    if len(v) == 15 and v.isdigit():
        return plausible_birth_date("19" + v[6:12])
    return False


def luhn_ok(value: str) -> bool:
    digits = [int(c) for c in digits_only(value) if c.isdigit()]
    if len(digits) < 2:
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def uscc_ok(value: str) -> bool:
    """GB 32100-2015 unified social credit code check character."""
    v = digits_only(value)
    if len(v) != 18 or any(c not in _USCC_ALPHABET for c in v):
        return False
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(v[:17], _USCC_WEIGHTS, strict=True))
    return _USCC_ALPHABET[(31 - total % 31) % 31] == v[17]


def mobile_ok(value: str) -> bool:
    v = digits_only(value)
    if v.startswith("0086"):
        v = v[4:]
    elif v.startswith("86") and len(v) == 13:
        v = v[2:]
    elif v.startswith("0") and len(v) == 12:
        v = v[1:]
    return len(v) == 11 and v[0] == "1" and v[1] in "3456789" and v.isdigit()
