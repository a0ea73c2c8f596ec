"""The file drop: .json (schema v1), .docx, .pdf, .txt in UTF-8, GBK/GB18030 and UTF-16, detected."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from connectors.documents import UnreadableDocument, decode_text, detect_encoding, document_text
from connectors.filedrop import import_paths
from connectors.quarantine import retry
from connectors.samplesite.documents import docx_bytes, pdf_bytes
from sunshine.models.core import DecisionRow, QuarantineItem
from sunshine.store import Outcome, load_decision
from sunshine.synth import generate

ENCODINGS = ("utf-8", "gbk", "utf-16")


@pytest.fixture(scope="module")
def decisions() -> list:
    # GBK cannot encode every generated name (e.g. rare characters); keep the ones it can
    out = [g.decision for g in generate(8, seed=11)]
    return [d for d in out if _gbk_ok(json.dumps(d.to_json(), ensure_ascii=False))]


def _gbk_ok(text: str) -> bool:
    try:
        text.encode("gbk")
        return True
    except UnicodeEncodeError:
        return False


def test_same_json_decision_from_utf8_gbk_utf16_is_stored_identically(
    decisions: list, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    decision = decisions[0]
    body = json.dumps(decision.to_json(), ensure_ascii=False, indent=1)
    paths = []
    for enc in ENCODINGS:
        path = tmp_path / f"decision-{enc}.json"
        path.write_bytes(body.encode(enc))
        paths.append(path)
    assert paths[1].read_bytes() != paths[0].read_bytes()  # really different bytes
    report = import_paths(factory, paths)
    assert report.ok, report.quarantined
    assert [r.outcome for r in report.ingested] == [Outcome.new, Outcome.unchanged, Outcome.unchanged]
    assert len({r.decision_id for r in report.ingested}) == 1
    with factory() as session:
        (row,) = session.scalars(select(DecisionRow))
        assert load_decision(row).content_hash() == decision.content_hash()


def test_same_text_document_from_utf8_gbk_utf16_is_stored_identically(
    decisions: list, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    text = decisions[1].text
    paths = []
    for enc in (*ENCODINGS, "gb18030", "utf-16-le"):
        data = text.replace("\n", "\r\n").encode(enc) if enc == "gbk" else text.encode(enc)
        path = tmp_path / f"decision-{enc}.txt"
        path.write_bytes(data)
        paths.append(path)
        assert decode_text(data) == decode_text(text.encode("utf-8"))
    assert detect_encoding(paths[1].read_bytes()) == "gb18030"
    assert detect_encoding(paths[2].read_bytes()) == "utf_16"
    report = import_paths(factory, paths)
    assert report.ok, report.quarantined
    assert [r.outcome for r in report.ingested] == [Outcome.new] + [Outcome.unchanged] * 4
    with factory() as session:
        (row,) = session.scalars(select(DecisionRow))
    stored = load_decision(row)
    assert stored.source == "file-drop" and stored.external_id == stored.document_number
    assert stored.text == decode_text(text.encode("utf-8"))


def test_docx_and_pdf_documents_are_read(
    decisions: list, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    d1, d2 = decisions[2], decisions[3]
    assert document_text(docx_bytes(d1.text), "a.docx") == decode_text(d1.text.encode())
    pdf_text = document_text(pdf_bytes(d2.text), "b.pdf")
    # a PDF keeps the words, not the line breaks (wrapping turns spaces into newlines)
    assert d2.document_number in pdf_text and re.sub(r"\s", "", pdf_text) == re.sub(r"\s", "", d2.text)
    (tmp_path / "a.docx").write_bytes(docx_bytes(d1.text))
    (tmp_path / "b.pdf").write_bytes(pdf_bytes(d2.text))
    report = import_paths(factory, [tmp_path / "a.docx", tmp_path / "b.pdf"])
    assert report.ok, report.quarantined
    assert [r.outcome for r in report.ingested] == [Outcome.new, Outcome.new]
    with pytest.raises(UnreadableDocument):
        document_text(b"PK\x03\x04" + b"\x00" * 50, "broken.docx")
    with pytest.raises(UnreadableDocument):
        document_text(b"%PDF-1.4\n" + b"\x00garbage" * 20, "broken.pdf")


def test_bad_files_are_quarantined_with_reasons_and_retryable(
    decisions: list, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    good = decisions[4].to_json()
    impossible = {**good, "decision_date": "2019-02-30"}
    invalid = {**good, "penalties": [{"kind": "flogging"}]}
    files = {
        "impossible.json": json.dumps(impossible, ensure_ascii=False).encode(),
        "invalid.json": json.dumps(invalid, ensure_ascii=False).encode(),
        "broken.json": b'{"schema": "sunshine.decision/1", ',
        "broken.pdf": b"%PDF-1.4\n" + b"\x00x" * 40,
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    report = import_paths(factory, [tmp_path / n for n in files])
    reasons = dict(report.quarantined)
    assert reasons[str(tmp_path / "impossible.json")].startswith("impossible date: decision_date")
    assert reasons[str(tmp_path / "invalid.json")].startswith(
        "invalid schema sunshine.decision/1: penalties.0.kind"
    )
    assert reasons[str(tmp_path / "broken.json")].startswith("malformed JSON")
    assert reasons[str(tmp_path / "broken.pdf")].startswith("unreadable document")
    for reason in reasons.values():
        assert good["parties"][0]["name"] not in reason and "2019-02-30" not in reason

    with factory() as session:
        items = {i.origin: i for i in session.scalars(select(QuarantineItem))}
    item = items[str(tmp_path / "impossible.json")]
    ok, message = retry(factory, item.id)
    assert not ok and "impossible date" in message
    ok, message = retry(factory, item.id, json.dumps(good, ensure_ascii=False).encode("utf-16"))
    assert ok, message
    with factory() as session:
        fixed = session.get(QuarantineItem, item.id)
        assert fixed is not None and fixed.status == "resolved" and fixed.attempts == 2


def test_kind_is_sniffed_from_content_before_the_name() -> None:
    from connectors.documents import sniff_kind

    assert sniff_kind(b"%PDF-1.7 ...", "x.txt") == "pdf"
    assert sniff_kind(b"PK\x03\x04...", "x.pdf") == "docx"
    assert sniff_kind('{"schema": 1}'.encode("utf-16"), "fixed.pdf") == "json"
    assert sniff_kind("  {}".encode("gbk"), "a") == "json"
    assert sniff_kind("台州市公安局".encode("gbk"), "a.txt") == "txt"
    assert sniff_kind(b"garbage", "broken.pdf") == "pdf"
