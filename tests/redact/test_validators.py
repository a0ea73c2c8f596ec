from __future__ import annotations

import datetime as dt

import pytest

from redact.normalize import digits_only, normalize
from redact.validators import (
    luhn_ok,
    mobile_ok,
    plausible_birth_date,
    resident_id_checksum_ok,
    resident_id_plausible,
    uscc_ok,
)


@pytest.mark.parametrize(
    "value", ["11010519491231002X", "440524188001010014", "11010519491231002x", "331002198503021230"]
)
def test_gb11643_examples_pass(value: str) -> None:
    assert resident_id_checksum_ok(value)


@pytest.mark.parametrize("value", ["110105194912310021", "331002198503021231", "33100219850302123", "abc"])
def test_gb11643_wrong_check_character_fails(value: str) -> None:
    assert not resident_id_checksum_ok(value)


def test_plausibility_checks_region_and_date() -> None:
    assert resident_id_plausible("331002198503021230")
    assert not resident_id_plausible("991002198503021230")  # no such province
    assert not resident_id_plausible("331002198502301230")  # 30 February
    assert resident_id_plausible("150102860214331")  # legacy 15 digits, 1986-02-14
    assert not plausible_birth_date("20991231", today=dt.date(2026, 11, 22))


def test_uscc_standard_example() -> None:
    assert uscc_ok("91350100M000100Y43")
    assert uscc_ok("91110108551385082Q")
    assert not uscc_ok("91350100M000100Y44")


def test_luhn() -> None:
    assert luhn_ok("6222020361481100457")
    assert luhn_ok("6222 0203 6148 1100 457")
    assert not luhn_ok("6222020361481100458")


@pytest.mark.parametrize("value", ["13800138000", "+86 138 0013 8000", "008613800138000", "138-0013-8000"])
def test_mobile(value: str) -> None:
    assert mobile_ok(value)


def test_mobile_rejects_bad_prefix() -> None:
    assert not mobile_ok("12800138000")


def test_normalize_is_length_preserving() -> None:
    raw = "身份证号：３３１００２１９８５０３０２１２３Ｘ（男）ＱＱ"
    out = normalize(raw)
    assert len(out) == len(raw)
    assert "33100219850302123X" in out
    assert digits_only("３３１ ００２-１") == "331002" + "1"
