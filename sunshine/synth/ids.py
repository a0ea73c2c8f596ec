"""Identifier construction with real check digits.

The redaction stage validates checksums to tell an ID number from any other digit run, so
synthetic IDs must carry correct check digits (and wrong ones only where a test asks for them),
otherwise a detector that is right would look wrong on our own data.
"""

from __future__ import annotations

import datetime as dt
import random

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
_ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def resident_id_check(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def resident_id_valid(value: str) -> bool:
    """GB 11643-1999 checksum plus a real birth date; accepts lower-case x."""
    v = value.upper()
    if len(v) != 18 or not v[:17].isdigit():
        return False
    try:
        dt.date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        return False
    return resident_id_check(v[:17]) == v[17]


def make_resident_id(
    rng: random.Random, region: str, birth: dt.date, male: bool, *, want_x: bool = False
) -> str:
    """want_x: pick a sequence number whose check character is X (about 1 in 11 real IDs)."""
    for _ in range(200):
        seq = rng.randrange(0, 500) * 2 + (1 if male else 0)
        if seq == 0:
            seq = 2
        first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
        check = resident_id_check(first17)
        if not want_x or check == "X":
            return first17 + check
    return first17 + check


def make_old_resident_id(rng: random.Random, region: str, birth: dt.date, male: bool) -> str:
    """Legacy 15-digit number (GB 11643-1989): no check digit, 2-digit year."""
    seq = rng.randrange(0, 500) * 2 + (1 if male else 0)
    return f"{region}{birth:%y%m%d}{max(seq, 1):03d}"


def corrupt_check(rng: random.Random, value: str) -> str:
    """Same number with a deliberately wrong check character (for negative tests)."""
    right = value[-1]
    wrong = rng.choice([c for c in _ID_CHECK if c != right])
    return value[:-1] + wrong


def org_code_check(first8: str) -> str:
    total = 0
    for c, w in zip(first8, _ORG_WEIGHTS, strict=True):
        total += (int(c) if c.isdigit() else ord(c) - 55) * w
    r = 11 - total % 11
    return "X" if r == 10 else ("0" if r == 11 else str(r))


def uscc_check(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_valid(value: str) -> bool:
    if len(value) != 18 or any(c not in USCC_ALPHABET for c in value):
        return False
    return uscc_check(value[:17]) == value[17]


def make_uscc(rng: random.Random, prefix2: str, region: str) -> str:
    """prefix2: '11' for 机关, '91' 企业, '92' 个体工商户, '93' 合作社, '52' 民办非企业."""
    body = "".join(
        rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY"[: 10 if rng.random() < 0.6 else 31]) for _ in range(8)
    )
    org = body + org_code_check(body)
    if org[-1] == "X" and "X" not in USCC_ALPHABET:  # pragma: no cover - X is in the alphabet
        org = org[:-1] + "0"
    first17 = prefix2 + region + org
    return first17 + uscc_check(first17)


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_complete(partial: str) -> str:
    for d in "0123456789":
        if luhn_valid(partial + d):
            return partial + d
    raise AssertionError("unreachable")


_CARD_BINS = ["622202", "622848", "621700", "622588", "621226", "623668", "622609", "621483", "622262"]


def make_bank_card(rng: random.Random) -> str:
    length = rng.choice([16, 19, 19])
    partial = rng.choice(_CARD_BINS) + "".join(rng.choice("0123456789") for _ in range(length - 7))
    return luhn_complete(partial)


def make_corporate_account(rng: random.Random) -> str:
    """Corporate / government collection accounts: long digit runs, often not Luhn-valid."""
    length = rng.choice([17, 19, 20, 21])
    return rng.choice("123456789") + "".join(rng.choice("0123456789") for _ in range(length - 1))


def make_mobile(rng: random.Random) -> str:
    prefix = rng.choice(
        [
            "130",
            "131",
            "133",
            "135",
            "136",
            "137",
            "138",
            "139",
            "150",
            "151",
            "152",
            "157",
            "158",
            "159",
            "166",
            "177",
            "180",
            "181",
            "182",
            "185",
            "186",
            "187",
            "188",
            "189",
            "191",
            "199",
        ]
    )
    return prefix + "".join(rng.choice("0123456789") for _ in range(8))


def make_landline(rng: random.Random, area: str) -> str:
    n = 8 if len(area) == 3 else rng.choice([7, 8])
    return area + "-" + rng.choice("2345678") + "".join(rng.choice("0123456789") for _ in range(n - 1))


def make_passport(rng: random.Random, foreign: bool) -> str:
    if foreign:
        style = rng.random()
        if style < 0.4:
            return "".join(rng.choice("0123456789") for _ in range(9))
        if style < 0.7:
            return rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") + "".join(rng.choice("0123456789") for _ in range(8))
        return "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(2)) + "".join(
            rng.choice("0123456789") for _ in range(7)
        )
    if rng.random() < 0.5:
        return "E" + "".join(rng.choice("0123456789") for _ in range(8))
    return "E" + rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") + "".join(rng.choice("0123456789") for _ in range(7))


def make_hk_macau_permit(rng: random.Random) -> str:
    return rng.choice("HM") + "".join(rng.choice("0123456789") for _ in range(rng.choice([8, 10])))


def make_taiwan_permit(rng: random.Random) -> str:
    return "".join(rng.choice("0123456789") for _ in range(8))


_PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_PLATE_TAIL = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def make_plate(rng: random.Random, prefix: str, new_energy: bool = False) -> str:
    """prefix: province char + office letter, e.g. '浙A'. Returns without separator."""
    if new_energy:
        if rng.random() < 0.8:
            return (
                prefix
                + rng.choice("DF")
                + rng.choice(_PLATE_TAIL)
                + "".join(rng.choice("0123456789") for _ in range(4))
            )
        return prefix + "".join(rng.choice("0123456789") for _ in range(5)) + rng.choice("DF")
    tail = [rng.choice("0123456789") for _ in range(5)]
    for _ in range(rng.choice([0, 0, 1, 2])):
        tail[rng.randrange(5)] = rng.choice(_PLATE_LETTERS)
    return prefix + "".join(tail)
