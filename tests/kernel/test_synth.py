"""The synthetic generator is the ground truth for every other stage, so its labels are tested
against the text itself: spans must slice to the structured values, and every identifier must
pass (or, on request, fail) its checksum."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from sunshine.schema import parse_decision
from sunshine.synth import generate, to_gold_jsonl
from sunshine.synth.ids import luhn_valid, resident_id_valid, uscc_valid

_FW = str.maketrans("０１２３４５６７８９ＸｘＭＨ", "0123456789XxMH")


def norm_phone(s: str) -> str:
    """Same number printed nationally or internationally (+886 9…/09…, +86 138…/138…)."""
    digits = re.sub(r"\D", "", s).lstrip("0")
    return re.sub(r"^(?:886|852|853|86)(?=\d{8})", "", digits).lstrip("0")


def norm_id(s: str) -> str:
    return re.sub(r"[\s\-]", "", s.translate(_FW)).upper()


@pytest.fixture(scope="module")
def plain():
    return generate(400, seed=7)


@pytest.fixture(scope="module")
def hard():
    return generate(300, seed=11, hard=True)


def _all(plain, hard):
    return [*plain, *hard]


def test_every_decision_validates_and_roundtrips(plain, hard):
    for item in _all(plain, hard):
        again = parse_decision(item.decision.to_json())
        assert again.text == item.decision.text
        assert again.text == again.text.strip()


def test_spans_in_bounds_and_disjoint(plain, hard):
    for item in _all(plain, hard):
        text = item.decision.text
        spans = sorted([*item.gold, *item.keep, *item.neutral], key=lambda s: (s.start, s.end))
        for s in spans:
            assert 0 <= s.start < s.end <= len(text)
            assert text[s.start : s.end].strip() == text[s.start : s.end], (s, text[s.start : s.end])
        for a, b in itertools.pairwise(spans):
            assert a.end <= b.start, (a, b, item.decision.external_id)


def test_gold_spans_slice_to_party_values(plain, hard):
    for item in _all(plain, hard):
        text = item.decision.text
        # table layouts print two-character names spaced out (王  芳)
        gold = [
            (
                re.sub(r"\s+", "", text[s.start : s.end]) if s.label == "PERSON" else text[s.start : s.end],
                s.label,
                s.role,
            )
            for s in item.gold
        ]
        for party in item.decision.parties:
            if party.kind.value == "natural_person":
                assert (re.sub(r"\s+", "", party.name), "PERSON", party.role) in gold
            else:
                assert party.name in text
            if party.id_number:
                ids = [norm_id(t) for t, label, _ in gold if label in ("ID_NUMBER", "PASSPORT", "PERMIT")]
                assert party.id_number.upper() in ids
            if party.phone:
                phones = [norm_phone(t) for t, label, _ in gold if label == "PHONE"]
                assert norm_phone(party.phone) in phones
            if party.birth_date:
                births = [re.sub(r"\D", "", t) for t, label, _ in gold if label == "BIRTH_DATE"]
                d = party.birth_date
                assert any(b in (f"{d:%Y%m%d}", f"{d.year}{d.month}{d.day}") for b in births)
            if party.kind.value == "natural_person" and party.address:
                addr = [t for t, label, _ in gold if label == "ADDRESS"]
                assert any(party.address.endswith(a) for a in addr)


def test_every_mention_of_a_gold_name_is_labelled(plain, hard):
    """A name printed once unlabelled would teach the redactor to leak it."""
    for item in _all(plain, hard):
        text = item.decision.text
        covered = [(s.start, s.end) for s in [*item.gold, *item.keep, *item.neutral]]
        names = {
            text[s.start : s.end]
            for s in item.gold
            if s.label == "PERSON" and len(text[s.start : s.end]) >= 2
        }
        for name in names:
            for m in re.finditer(re.escape(name), text):
                assert any(a <= m.start() and m.end() <= b for a, b in covered), (
                    name,
                    item.decision.external_id,
                )


def test_identifiers_have_valid_checksums(plain, hard):
    n_ids = 0
    for item in _all(plain, hard):
        text = item.decision.text
        for s in item.gold:
            value = norm_id(text[s.start : s.end])
            if s.label == "ID_NUMBER" and len(value) == 18:
                assert resident_id_valid(value), value
                n_ids += 1
            if s.label == "BANK_ACCOUNT":
                assert luhn_valid(re.sub(r"\D", "", value))
        for s in item.keep:
            if s.label == "USCC":
                assert uscc_valid(text[s.start : s.end])
        assert item.decision.authority.uscc and uscc_valid(item.decision.authority.uscc)
    assert n_ids > 300


def test_invalid_ids_only_on_request():
    bad = generate(80, seed=3, invalid_id_rate=1.0)
    checked = 0
    for item in bad:
        for party in item.decision.parties:
            if (
                party.id_type == "resident_id"
                and party.id_number
                and len(party.id_number) == 18
                and party.kind.value == "natural_person"
            ):
                assert not resident_id_valid(party.id_number)
                checked += 1
    assert checked > 20


def test_keep_spans_present(plain):
    for item in plain:
        labels = Counter(s.label for s in item.keep)
        text = item.decision.text
        assert labels["AUTHORITY"] >= 2 and labels["DOC_NUMBER"] == 1 and labels["DECISION_DATE"] == 1
        assert labels["LAW"] >= 1
        doc = next(text[s.start : s.end] for s in item.keep if s.label == "DOC_NUMBER")
        assert doc == item.decision.document_number
        if item.decision.fine_total():
            assert labels["AMOUNT"] >= 1


def test_determinism_and_prefix_stability():
    a = generate(15, seed=5, hard=True)
    b = generate(15, seed=5, hard=True)
    c = generate(5, seed=5, hard=True)
    assert [x.decision.to_json() for x in a] == [x.decision.to_json() for x in b]
    assert [x.gold for x in a] == [x.gold for x in b]
    assert [x.decision.text for x in a[:5]] == [x.decision.text for x in c]
    assert a[0].decision.text != generate(1, seed=6, hard=True)[0].decision.text


def test_mix_covers_the_space(plain, hard):
    ds = [x.decision for x in _all(plain, hard)]
    assert {d.law_area.value for d in ds if d.law_area} >= {
        "public_order",
        "traffic",
        "fire",
        "exit_entry",
        "cyber",
        "firearms",
    }
    assert {d.procedure.value for d in ds} == {"general", "summary"}
    assert {k for d in ds for k in d.party_kinds()} == {
        "natural_person",
        "legal_person",
        "individual_business",
    }
    kinds = {k for d in ds for k in d.penalty_kinds()}
    assert {
        "fine",
        "detention",
        "warning",
        "license_suspension",
        "confiscation",
        "license_revocation",
    } <= kinds
    years = Counter(d.decision_date.year for d in ds)
    assert min(years) >= 2019 and max(years) <= 2026 and years[2025] > years[2020]
    labels = Counter(s.label for x in _all(plain, hard) for s in x.gold)
    for label in [
        "PERSON",
        "ID_NUMBER",
        "PHONE",
        "BANK_ACCOUNT",
        "PASSPORT",
        "PERMIT",
        "EMAIL",
        "IM_ID",
        "PLATE",
        "PROPERTY_CERT",
        "BIRTH_DATE",
        "ADDRESS",
    ]:
        assert labels[label] > 0, label
    assert any(d.events for d in ds)
    flags_true = sum(any(d.flags.model_dump().values()) for d in ds)
    assert 0 < flags_true < len(ds) * 0.2


def test_minors_at_a_small_rate(plain):
    minors = 0
    for item in plain:
        d = item.decision
        for p in d.parties:
            if p.kind.value != "natural_person":
                continue
            if p.birth_date:
                age = (
                    d.violation_date.year
                    - p.birth_date.year
                    - (
                        (d.violation_date.month, d.violation_date.day)
                        < (p.birth_date.month, p.birth_date.day)
                    )
                )
            else:
                age = p.age
            minors += age is not None and age < 18
    assert 0 < minors < len(plain) * 0.1
    assert generate(30, seed=1, minor_rate=0.0) is not None


def test_hard_cases_are_injected(hard):
    seen = Counter(c for x in hard for c in x.hard_cases)
    for case in [
        "zhangyang",
        "same_surname",
        "id_format",
        "rare_char",
        "run_together",
        "name_is_place",
        "name_is_city",
        "name_glued",
        "id_15",
    ]:
        assert seen[case] > 0, case
    for x in hard:
        text = x.decision.text
        if "zhangyang" in x.hard_cases:
            place = [s for s in x.keep if s.label == "PLACE" and text[s.start : s.end] == "张杨路"]
            names = [s for s in x.gold if re.sub(r"\s+", "", text[s.start : s.end]) == "张杨"]
            assert place and names


def test_unknown_option_rejected():
    with pytest.raises(TypeError):
        generate(1, colour="blue")


def test_gold_jsonl_and_cli(tmp_path: Path):
    items = generate(5, seed=2)
    out = tmp_path / "gold.jsonl"
    to_gold_jsonl(items, out)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 5
    for row in rows:
        assert row["decision"]["text"] == row["text"]
        for e in row["entities"]:
            assert set(e) >= {"start", "end", "label"}
        parse_decision(row["decision"])
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "sunshine.synth",
            "--n",
            "3",
            "--seed",
            "4",
            "--hard",
            "--out",
            str(tmp_path / "dec"),
            "--gold-jsonl",
            str(tmp_path / "g.jsonl"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert res.returncode == 0, res.stderr
    files = sorted((tmp_path / "dec").glob("*.json"))
    assert len(files) == 3
    for f in files:
        parse_decision(json.loads(f.read_text(encoding="utf-8")))


def test_ner_view(hard):
    from sunshine.synth.ner import ner_spans

    labels = Counter()
    for item in hard[:100]:
        text = item.decision.text
        spans = ner_spans(item)
        for (_a, b, _), (c, _, _) in itertools.pairwise(spans):
            assert b <= c
        for a, b, label in spans:
            labels[label] += 1
            if label == "PERSON":
                assert text[a:b] in {text[s.start : s.end] for s in [*item.gold, *item.keep, *item.neutral]}
        for party in item.decision.parties:
            if party.kind.value == "natural_person" and party.address:
                assert any(text[a:b] == party.address for a, b, label in spans if label == "ADDRESS")
    assert set(labels) == {"PERSON", "ADDRESS", "ORG", "LOC"}
