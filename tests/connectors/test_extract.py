"""Structured extraction from decision text: numerals, dates, and whole documents in several layouts."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from connectors.extract import cn_to_int, extract_decision, normalise_citation, parse_date
from connectors.extract_eval import FIELDS, field_value, sample_pairs, score, synthetic_pairs
from connectors.extract_samples import HELD_OUT, HELD_OUT_3, HELD_OUT_4, SAMPLES
from sunshine.schema import parse_decision


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("四十三", 43),
        ("十", 10),
        ("十五", 15),
        ("二百", 200),
        ("贰佰", 200),
        ("壹仟伍佰", 1500),
        ("一千零五", 1005),
        ("壹拾捌万", 180000),
        ("两千", 2000),
        ("伍万", 50000),
        ("1,500", 1500),
        ("三十万", 300000),
        ("abc", None),
    ],
)
def test_cn_to_int(text: str, value: int | None) -> None:
    assert cn_to_int(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("二〇二五年五月三日", dt.date(2025, 5, 3)),
        ("二0二二年八月三十一日", dt.date(2022, 8, 31)),
        ("二○二四年十月三日", dt.date(2024, 10, 3)),
        ("2019年3月16日", dt.date(2019, 3, 16)),
        ("1985-03-02", dt.date(1985, 3, 2)),
        ("19850302", dt.date(1985, 3, 2)),
        ("1980.05.22", dt.date(1980, 5, 22)),
        ("２０２４年１月５日", dt.date(2024, 1, 5)),
        ("二〇二五年二月三十日", None),
    ],
)
def test_parse_date(text: str, value: dt.date | None) -> None:
    assert parse_date(text) == value


def test_citations_are_normalised() -> None:
    assert (
        normalise_citation("《治安管理处罚法》第43条第1款")
        == "《中华人民共和国治安管理处罚法》第四十三条第一款"
    )
    assert normalise_citation("《中华人民共和国治安管理处罚法》第七十二条第（三）项") == (
        "《中华人民共和国治安管理处罚法》第七十二条第三项"
    )


@pytest.mark.parametrize("sample", SAMPLES + HELD_OUT + HELD_OUT_3 + HELD_OUT_4, ids=lambda s: s["id"])
def test_hand_written_samples(sample: dict) -> None:
    got = extract_decision(sample["text"], source="hand", external_id=sample["id"])
    want = {**sample["expected"], "external_id": sample["id"]}
    for f in FIELDS:
        if f == "schema_valid":
            parse_decision(got)
            continue
        expected = field_value(want, f)
        if expected is not None:
            assert field_value(got, f) == expected, f


def test_synthetic_accuracy_and_validity() -> None:
    results, _ = score(synthetic_pairs(120, seed=99, hard=True))
    for field, (hits, total) in results.items():
        assert hits / total >= 0.97, (field, hits, total)


def test_flattened_text_without_line_breaks() -> None:
    """PDF/HTML conversion often drops every newline; fields must still be found."""
    pairs = [(t.replace("\n", ""), g) for t, g in synthetic_pairs(60, seed=98, hard=True)]
    pairs += [
        (t.replace("\n", ""), g) for t, g in sample_pairs([*SAMPLES, *HELD_OUT, *HELD_OUT_3, *HELD_OUT_4])
    ]
    results, _ = score(pairs)
    for field, (hits, total) in results.items():
        assert hits / total >= 0.95, (field, hits, total)


def test_sample_sets_are_scored() -> None:
    results, misses = score(sample_pairs())
    assert results["document_number"][1] == len(SAMPLES)
    assert not misses


def test_missing_fields_are_left_out() -> None:
    got = extract_decision(
        "经研究，对该事项不予处理。请知悉。此致敬礼，谢谢合作。", source="t", external_id="1"
    )
    assert got["schema"] == "sunshine.decision/1"
    for key in ("document_number", "authority", "decision_date", "penalties", "parties", "law_area"):
        assert key not in got
    assert got["legal_basis"] == []


def test_fine_in_capitals_with_yen_counts_once() -> None:
    text = (
        "某市公安局交通警察支队\n公安交通管理简易程序处罚决定书\n编号：3301061234567890\n被处罚人：李某某\n"
        "被处罚人于2024年1月2日10时在某路实施违法行为(代码:1625)，违反了《中华人民共和国道路交通安全法》第三十八条；"
        "根据《中华人民共和国道路交通安全法》第九十条，决定处以:贰佰圆(¥200)罚款。\n二〇二四年一月二日"
    )
    got = extract_decision(text, source="t", external_id="2")
    assert got["penalties"] == [{"kind": "fine", "amount_yuan": 200}]
    assert got["procedure"] == "summary"
    assert got["authority"]["region_code"] == "330106"
    assert got["decision_date"] == "2024-01-02"


def test_hand_written_gold_spans() -> None:
    """The samples double as a redaction dev set in a non-generator layout."""
    from connectors.extract_samples import PII, gold_records

    records = gold_records()
    assert len(records) == len(SAMPLES) + len(HELD_OUT) + len(HELD_OUT_3) + len(HELD_OUT_4)
    for r in records:
        text = r["text"]
        found = {text[e["start"] : e["end"]] for e in r["entities"]}
        assert {v for v, _ in PII[r["id"]]} <= found, r["id"]
        spans = sorted((e["start"], e["end"]) for e in [*r["entities"], *r["keep"]])
        for (_, b), (c, _) in itertools.pairwise(spans):
            assert b <= c, r["id"]
        labels = {k["label"] for k in r["keep"]}
        assert {"AUTHORITY", "DOC_NUMBER", "LAW", "DECISION_DATE"} <= labels, r["id"]
    hw16 = next(r for r in records if r["id"] == "HW-16")
    names = [e for e in hw16["entities"] if e["label"] == "PERSON"]
    assert len(names) == 3  # 张杨 the party, never 张杨路 the road
