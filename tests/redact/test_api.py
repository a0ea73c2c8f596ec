from __future__ import annotations

import dataclasses
import socket

import pytest

from redact import PartyHint, Redactor, Span, get_redactor, hints_from_decision

TEXT = (
    "违法行为人李建国，男，1985年3月2日出生，身份证号码331002198503021230，联系电话13800138000。"
    "现查明：李建国在𠀀某酒吧殴打被侵害人周强。建国随后驾驶浙J·A1234逃离。"
)
PARTIES = [
    PartyHint(
        role="penalised",
        kind="natural_person",
        name="李建国",
        id_number="331002198503021230",
        birth_date="1985-03-02",
    )
]


def test_offsets_are_code_points_into_the_input(redactor: Redactor) -> None:
    result = redactor.redact(TEXT, PARTIES)
    assert result.text == TEXT
    for s in result.spans:
        assert TEXT[s.start : s.end] == s.text
    assert list(result.spans) == sorted(result.spans, key=lambda s: s.start)
    # the astral character (U+20000) before 某酒吧 counts as one offset
    assert "𠀀某酒吧" in result.masked_text


def test_contract_dict_has_exactly_the_contract_keys(redactor: Redactor) -> None:
    span = redactor.redact(TEXT, PARTIES).spans[0]
    assert set(span.to_contract()) == {
        "start",
        "end",
        "entity_type",
        "text",
        "score",
        "recognizer",
        "replacement",
    }


def test_masked_text_passes_the_leak_gate(redactor: Redactor) -> None:
    result = redactor.redact(TEXT, PARTIES)
    verdict = redactor.leak_check(result.masked_text, PARTIES)
    assert verdict.ok, verdict.findings
    assert "李建国" not in result.masked_text and "周强" not in result.masked_text


def test_leak_gate_is_independent_and_never_echoes_secrets(redactor: Redactor) -> None:
    leaky = "李建国身份证331002198503021230，手机138 0013 8000，卡号6222020361481100457，出生于1985年3月2日。"
    verdict = redactor.leak_check(leaky, PARTIES)
    assert not verdict.ok
    kinds = {f.kind for f in verdict.findings}
    assert {"resident_id", "phone", "bank_account", "party_name", "party_birth_date"} <= kinds
    for f in verdict.findings:
        assert "李建国" not in f.reason and "3310" not in f.reason and "1380" not in f.reason
        assert 0 <= f.start < f.end <= len(leaky)


def test_leak_gate_accepts_public_text(redactor: Redactor) -> None:
    ok = (
        "决定书编号：4403051900223456。罚款缴至台州市财政局非税收入汇缴专户，账号：33001616735059000888。"
        "上海市公安局浦东分局张杨路派出所。"
    )
    parties = [PartyHint(role="penalised", kind="natural_person", name="张杨")]
    assert redactor.leak_check(ok, parties).ok


def test_apply_fills_missing_replacements_consistently(redactor: Redactor) -> None:
    result = redactor.redact(TEXT, PARTIES)
    spans = list(result.spans)
    # the reviewer removes the plate span and adds a span with no replacement for a name we missed
    spans = [s for s in spans if s.entity_type != "VEHICLE_PLATE"]
    i = TEXT.index("李建国在")
    spans = [s for s in spans if s.start != i]
    spans.append(Span(i, i + 3, "PERSON", "李建国", 1.0, "reviewer", ""))
    j = TEXT.index("被侵害人周强") + 4
    spans = [dataclasses.replace(s, replacement="") if s.start == j else s for s in spans]
    masked = redactor.apply(TEXT, spans)
    assert "浙J·A1234" in masked  # removed span → text stays
    assert masked.count("李某") == result.masked_text.count("李某")
    assert "周强" not in masked and "周某" in masked


def test_apply_new_person_avoids_existing_pseudonyms(redactor: Redactor) -> None:
    text = "周建明与周小军争吵。"
    spans = [Span(0, 3, "PERSON", "周建明", 1.0, "r", "周某"), Span(4, 7, "PERSON", "周小军", 1.0, "r", "")]
    masked = redactor.apply(text, spans)
    assert masked.startswith("周某与周某") and masked != "周某与周某争吵。"


def test_redact_many_matches_single_process(redactor: Redactor) -> None:
    items = [(TEXT, PARTIES), ("联系电话13800138000。", ()), ("证人王小红证实。", ())] * 2
    single = redactor.redact_many(items)
    multi = redactor.redact_many(items, n_process=2)
    assert [r.masked_text for r in single] == [r.masked_text for r in multi]


def test_get_redactor_is_cached() -> None:
    assert get_redactor() is get_redactor()


def test_hints_from_decision_dict() -> None:
    hints = hints_from_decision(
        {
            "parties": [
                {
                    "role": "penalised",
                    "kind": "legal_person",
                    "name": "某公司",
                    "legal_representative": "钱国平",
                }
            ]
        }
    )
    assert [h.role for h in hints] == ["penalised", "legal_representative"]
    shop = hints_from_decision(
        {
            "parties": [
                {
                    "role": "penalised",
                    "kind": "individual_business",
                    "name": "某小吃店",
                    "legal_representative": "徐博",
                }
            ]
        }
    )
    assert [h.role for h in shop] == ["penalised", "operator"]


def test_hints_find_names_no_pattern_would(redactor: Redactor) -> None:
    text = "喵甫于2022年7月7日驾驶摩托车未戴头盔，联系方式150 7712 3456。"
    without = redactor.redact(text).masked_text
    with_hints = redactor.redact(
        text, [PartyHint(role="penalised", kind="natural_person", name="喵甫", phone="15077123456")]
    ).masked_text
    assert "喵甫" in without
    assert "喵甫" not in with_hints and "喵某" in with_hints


def test_works_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    r = Redactor(use_ner=False)
    assert "×" in r.redact("邮箱zhaoming88@163.com").masked_text


def test_missing_model_path_is_an_error(tmp_path: object) -> None:
    from pathlib import Path

    with pytest.raises(FileNotFoundError):
        Redactor(model_path=Path(str(tmp_path)) / "nothing")


def test_long_document_stays_fast(redactor: Redactor) -> None:
    import time

    text = "违法行为人李建国，男，身份证号码331002198503021230。现查明：李建国殴打周强。" * 600
    t0 = time.perf_counter()
    result = redactor.redact(text)
    assert time.perf_counter() - t0 < 5.0  # quadratic span handling took ~20 s at this size
    assert "李建国" not in result.masked_text and "331002198503021230" not in result.masked_text


def test_leak_gate_place_named_party_and_shops(redactor: Redactor) -> None:
    parties = [
        PartyHint(role="penalised", kind="natural_person", name="金华"),
        PartyHint(role="penalised", kind="individual_business", name="西湖区城南东方民宿"),
    ]
    public = "金华市公安局决定：西湖区城南东方民宿罚款400元，缴至金华市财政局。统一社会信用代码913301069803625246。"
    assert redactor.leak_check(public, parties).ok
    leaky = "金华于2025年驾驶摩托车，邮箱abc123@163.com，护照号码E12345678。"
    kinds = [f.kind for f in redactor.leak_check(leaky, parties).findings]
    assert kinds == ["party_name", "email", "labelled_identifier"]


def test_leak_gate_catches_a_given_name_alone_and_a_plate_in_clear(redactor: Redactor) -> None:
    parties = [PartyHint(role="penalised", kind="natural_person", name="王晓芸")]
    leaky = "王某驾驶浙J·A1234号小型轿车。晓芸随后离开现场，另查明沪B12345D系其所有。"
    findings = redactor.leak_check(leaky, parties).findings
    assert [(f.kind, leaky[f.start : f.end]) for f in findings] == [
        ("vehicle_plate", "浙J·A1234"),
        ("party_given_name", "晓芸"),
        ("vehicle_plate", "沪B12345D"),
    ]
    for f in findings:
        assert "晓芸" not in f.reason and "A1234" not in f.reason
    masked = "王某驾驶浙J·×××××号小型轿车。王某随后离开现场，另查明沪B·××××××系其所有。"
    assert redactor.leak_check(masked, parties).ok


def test_leak_gate_given_name_check_spares_words_places_and_the_full_name(redactor: Redactor) -> None:
    # 建国 is an ordinary word; 晓芸路 is a street; the full name is reported once, as a full name
    parties = [
        PartyHint(role="penalised", kind="natural_person", name="李建国"),
        PartyHint(role="victim", kind="natural_person", name="周晓芸"),
    ]
    assert redactor.leak_check("建国以来，李某在晓芸路派出所辖区内经营。", parties).ok
    kinds = [f.kind for f in redactor.leak_check("周晓芸报警。", parties).findings]
    assert kinds == ["party_name"]


def test_leak_gate_does_not_take_a_luhn_valid_credit_code_for_a_card(redactor: Redactor) -> None:
    # an all-digit USCC that happens to pass Luhn (seen in a synthetic decision)
    text = "当事人某某公司，统一社会信用代码：913301100698120233，法定代表人：崔某。"
    assert redactor.leak_check(text, []).ok
    assert not redactor.leak_check("卡号为6222020361481100457。", []).ok
