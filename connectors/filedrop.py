"""The file drop: schema-v1 JSON files handed over by case systems without an API.

Each file is read, decoded, validated and stored in its own transaction, so one bad file never
blocks the others; anything unreadable goes to the quarantine with a reason an operator can act
on, and the original bytes are kept (encrypted) for a retry after the fix.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy.orm import Session, sessionmaker

from sunshine.schema import describe_errors, parse_decision
from sunshine.store import IngestResult, ingest, quarantine

SOURCE = "file-drop"


class RejectedInput(ValueError):
    """Input that cannot become a decision; ``str()`` is the operator-facing reason."""


@dataclass
class ImportReport:
    ingested: list[IngestResult] = field(default_factory=list)
    quarantined: list[tuple[str, str]] = field(default_factory=list)  # (origin, reason)

    @property
    def ok(self) -> bool:
        return not self.quarantined


def decode_text(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RejectedInput(f"not UTF-8 text (invalid byte at offset {exc.start})") from exc


def parse_json_decision(data: bytes) -> object:
    text = decode_text(data)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RejectedInput(f"malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from exc
    try:
        return parse_decision(doc)
    except ValidationError as exc:
        raise RejectedInput(f"schema sunshine.decision/1 invalid: {describe_errors(exc)}") from exc


def import_bytes(session: Session, origin: str, data: bytes) -> IngestResult:
    decision = parse_json_decision(data)
    return ingest(session, decision)  # type: ignore[arg-type]


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
                quarantine(session, source=SOURCE, origin=origin, reason=str(exc), payload=data)
                session.commit()
                report.quarantined.append((origin, str(exc)))
    return report
