"""The file drop: decisions handed over as files by case systems without an API.

Accepted: schema-v1 ``.json``, and documents (``.docx``, ``.pdf``, ``.txt``) whose structured
fields come from :func:`connectors.extract.extract_decision`.  Text encodings (UTF-8, GBK/GB18030,
UTF-16) are detected, never assumed.  Each file is read, decoded, validated and stored in its own
transaction, so one bad file never blocks the others; anything unreadable goes to the quarantine
with a reason an operator can act on, and the original bytes are kept (encrypted) for a retry.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from connectors.documents import MEDIA_TYPES, UnreadableDocument, detect_encoding, document_text, sniff_kind
from connectors.intake import RejectedInput, decision_from_text, store, validate
from sunshine.schema import Decision
from sunshine.store import IngestResult, Outcome, quarantine

SOURCE = "file-drop"
SUFFIXES = frozenset(MEDIA_TYPES)

__all__ = ["SOURCE", "ImportReport", "RejectedInput", "decode_text", "import_bytes", "import_paths"]


@dataclass
class ImportReport:
    ingested: list[IngestResult] = field(default_factory=list)
    quarantined: list[tuple[str, str]] = field(default_factory=list)  # (origin, reason)

    @property
    def ok(self) -> bool:
        return not self.quarantined

    def counts(self) -> dict[str, int]:
        out = {"seen": len(self.ingested) + len(self.quarantined), "quarantined": len(self.quarantined)}
        out["new"] = sum(r.outcome is Outcome.new for r in self.ingested)
        out["changed"] = sum(r.outcome is Outcome.new_version for r in self.ingested)
        out["unchanged"] = sum(r.outcome is Outcome.unchanged for r in self.ingested)
        return out


def decode_text(data: bytes) -> str:
    """Decoded text of a JSON export (detected encoding; content left exactly as sent)."""
    try:
        encoding = detect_encoding(data)
        return data.decode(encoding).lstrip("\ufeff")
    except (UnreadableDocument, UnicodeDecodeError, LookupError) as exc:
        raise RejectedInput(f"unreadable text: {exc}") from exc


def parse_json_decision(data: bytes) -> Decision:
    text = decode_text(data)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RejectedInput(f"malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from exc
    return validate(doc)


def decision_from_bytes(origin: str, data: bytes, *, source: str = SOURCE) -> Decision:
    kind = sniff_kind(data, origin)
    if kind == "json":
        return parse_json_decision(data)
    try:
        text = document_text(data, origin)
    except UnreadableDocument as exc:
        raise RejectedInput(f"unreadable document: {exc}") from exc
    return decision_from_text(text, source=source)


def import_bytes(session: Session, origin: str, data: bytes) -> IngestResult:
    """Validate and store one file's bytes in the caller's transaction (raises RejectedInput)."""
    return store(session, decision_from_bytes(origin, data))


def _media_type(path: Path) -> str | None:
    return MEDIA_TYPES.get(path.suffix.lower())


def import_paths(factory: sessionmaker[Session], paths: Iterable[Path]) -> ImportReport:
    report = ImportReport()
    for path in paths:
        origin = str(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            report.quarantined.append((origin, f"cannot read file: {exc.strerror}"))
            continue
        with factory() as session:
            try:
                result = import_bytes(session, origin, data)
                session.commit()
                report.ingested.append(result)
            except RejectedInput as exc:
                session.rollback()
                quarantine(
                    session,
                    source=SOURCE,
                    origin=origin,
                    reason=str(exc),
                    payload=data,
                    media_type=_media_type(path),
                )
                session.commit()
                report.quarantined.append((origin, str(exc)))
    return report


def import_inbox(factory: sessionmaker[Session], inbox: Path, done: Path | None) -> ImportReport:
    """Import every supported file in ``inbox``; move handled files to ``done`` (quarantine keeps bad bytes)."""
    inbox.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in inbox.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
    report = import_paths(factory, files)
    if done is not None:
        done.mkdir(parents=True, exist_ok=True)
        for path in files:
            if path.exists():
                shutil.move(str(path), str(done / path.name))
    return report
