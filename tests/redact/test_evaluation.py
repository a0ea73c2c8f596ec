from __future__ import annotations

from redact.evaldata import handmade_records, parse_sample
from redact.evaluation import Report, score_document


def test_markup_parser_offsets() -> None:
    rec = parse_sample("违法行为人⟦PERSON:penalised|张三⟧由⦃AUTHORITY|某派出所⦄处理，⟨ADDRESS_PREFIX|台州市⟩")
    text = rec["text"]
    assert text == "违法行为人张三由某派出所处理，台州市"
    (p,) = rec["entities"]
    assert text[p["start"] : p["end"]] == "张三" and p["role"] == "penalised"
    assert text[rec["keep"][0]["start"] : rec["keep"][0]["end"]] == "某派出所"


def test_handmade_set_is_well_formed() -> None:
    records = handmade_records()
    assert len(records) >= 20
    for rec in records:
        for bucket in ("entities", "keep", "neutral"):
            for s in rec[bucket]:
                assert 0 <= s["start"] < s["end"] <= len(rec["text"])


def test_char_overlap_metrics_and_leaks() -> None:
    report = Report()
    text = "张三的电话13800138000，罚款500元"
    gold = [{"start": 0, "end": 2, "label": "PERSON"}, {"start": 5, "end": 16, "label": "PHONE"}]
    keep = [{"start": 19, "end": 23, "label": "AMOUNT"}]
    # the phone is missed, one extra character after the name is masked, the amount is hit
    predicted = [(0, 3, "PERSON"), (19, 21, "BANK_ACCOUNT")]
    score_document(report, text, gold, predicted, "张某电话13800138000，罚款××0元", keep)
    person = report.per_type["PERSON"]
    assert person.tp_chars == 2 and person.fp_chars == 1 and person.recall == 1.0
    assert report.per_type["PHONE_NUMBER"].recall == 0.0
    assert report.per_type["PHONE_NUMBER"].leaked == 1
    assert report.leak_rate() == 1.0
    assert report.keep_integrity == 0.0
    assert 0 < report.over_masking < 0.5
    assert round(person.f(2.0), 4) == round(5 * (2 / 3) * 1.0 / (4 * (2 / 3) + 1.0), 4)
