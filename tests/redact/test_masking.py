from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from redact import PartyHint, Redactor
from redact.masking import PseudonymBook, cross, plate, year_only
from redact.policy import default_policy, load_policy


def test_surname_plus_mou_consistent_everywhere(redactor: Redactor) -> None:
    text = "违法行为人李建国，男。现查明：李建国殴打他人。建国称其不知情。对李建国处以罚款200元。"
    masked = redactor.redact(text).masked_text
    assert "李建国" not in masked and "建国" not in masked
    assert masked.count("李某") == 4  # three full mentions + the given-name-only mention


def test_two_people_same_surname_never_share_a_pseudonym(redactor: Redactor) -> None:
    text = "违法行为人周建明与被侵害人周小军发生争吵，周建明推搡周小军。"
    result = redactor.redact(text)
    by_name = {s.text: s.replacement for s in result.spans if s.entity_type == "PERSON"}
    assert by_name["周建明"] != by_name["周小军"]
    assert set(by_name.values()) == {"周某甲", "周某乙"}
    assert "周某甲" in result.masked_text and "周某乙" in result.masked_text


def test_existing_pseudonym_in_text_is_not_reused(redactor: Redactor) -> None:
    text = "违法行为人周建明与另案处理的周某共同殴打他人。"
    result = redactor.redact(text)
    assert [s.replacement for s in result.spans if s.entity_type == "PERSON"] == ["周某甲"]


def test_minority_and_transliterated_names_keep_first_character(redactor: Redactor) -> None:
    result = redactor.redact("违法行为人：阿依古丽·买买提，女。被处罚人：旺堆措姆，性别：男")
    assert [s.replacement for s in result.spans if s.entity_type == "PERSON"] == ["阿某", "旺某"]


def test_compound_surname(redactor: Redactor) -> None:
    result = redactor.redact("违法行为人欧阳明辉，男，")
    assert result.spans[0].replacement == "欧阳某"


def test_identifier_and_value_formats() -> None:
    assert cross("138 0013 8000", "×") == "××× ×××× ××××"
    assert plate("浙A·12345", "×") == "浙A·×××××"
    assert plate("京AD12345", "×") == "京A·××××××"
    assert year_only("1985年3月2日") == "1985年"
    assert year_only("1996-11-23") == "1996年"
    assert year_only("一九八五年三月二日") == "一九八五年"


def test_address_kept_to_county_level(redactor: Redactor) -> None:
    masked = redactor.redact("现住浙江省台州市椒江区白云街道幸福小区3幢201室，").masked_text
    assert masked == "现住浙江省台州市椒江区×××，"


def test_legal_representative_kept_but_their_id_masked(redactor: Redactor) -> None:
    text = "被处罚单位：杭州某某科技有限公司，法定代表人钱国平，身份证号码331002198503021230。"
    parties = [PartyHint(role="legal_person", kind="legal_person", name="杭州某某科技有限公司")]
    masked = redactor.redact(text, parties).masked_text
    assert "钱国平" in masked and "杭州某某科技有限公司" in masked
    assert "331002198503021230" not in masked


def test_pseudonym_book_suffixes_beyond_ten() -> None:
    book = PseudonymBook(default_policy(), "")
    names = [f"王{c}" for c in "一二三四五六七八九十壹"]
    book.assign(names)
    values = [book.get(n) for n in names]
    assert len(set(values)) == len(values)


def test_policy_is_validated(tmp_path: Path) -> None:
    raw = yaml.safe_load(
        (Path(__file__).resolve().parents[2] / "redact/policy/default.yaml").read_text(encoding="utf-8")
    )
    bad = dict(raw, entities={**raw["entities"], "PERSON": {"action": "shout"}})
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(bad, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValidationError):
        load_policy(path)
    missing = dict(raw, entities={k: v for k, v in raw["entities"].items() if k != "BANK_ACCOUNT"})
    path.write_text(yaml.safe_dump(missing, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValidationError, match="BANK_ACCOUNT"):
        load_policy(path)


def test_custom_policy_changes_treatment(tmp_path: Path) -> None:
    raw = yaml.safe_load(
        (Path(__file__).resolve().parents[2] / "redact/policy/default.yaml").read_text(encoding="utf-8")
    )
    raw["entities"]["PHONE_NUMBER"] = {"action": "fixed", "text": "[电话]"}
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    masked = Redactor(policy_path=path, use_ner=False).redact("联系电话13800138000。").masked_text
    assert masked == "联系电话[电话]。"
