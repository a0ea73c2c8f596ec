"""From raw source material to a stored decision, or to the quarantine with a reason.

Every connector (web pipeline, REST poller, file drop, quarantine retry) funnels through here, so
"what counts as bad input" and the wording of the reasons are the same everywhere.  Reasons start
with a category an operator can filter on — ``malformed HTML``, ``unreadable attachment``,
``invalid schema``, ``impossible date`` — and never quote the input's values.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from sunshine.schema import SCHEMA_ID, Decision, describe_errors, parse_decision
from sunshine.store import IngestResult, ingest


class RejectedInput(ValueError):
    """Input that cannot become a decision; ``str()`` is the operator-facing reason."""


# -- values ---------------------------------------------------------------------------------


def chinese_number(text: str) -> int | None:
    """贰佰圆 → 200, 一万二千 → 12000, 十五 → 15; ``None`` when ``text`` is not a numeral.

    The numeral grammar lives in :func:`connectors.extract.cn_to_int`; this only strips the
    currency words that field values carry.
    """
    from connectors.extract import cn_to_int

    return cn_to_int(re.sub(r"[圆元整角分人民币\s]", "", text))


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(value: str, field: str) -> dt.date:
    value = value.strip()
    for pattern in _DATE_PATTERNS:
        m = pattern.match(value)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError as exc:
                raise RejectedInput(f"impossible date in {field}") from exc
    raise RejectedInput(f"impossible date in {field}: not a recognised date format")


def parse_amount(value: str, field: str) -> float:
    cleaned = value.replace(",", "").replace("，", "").strip()
    m = re.search(r"\d+(?:\.\d+)?", cleaned)
    if m:
        return float(m.group(0))
    n = chinese_number(cleaned)
    if n is None:
        raise RejectedInput(f"invalid schema sunshine.decision/1: {field}: not an amount")
    return float(n)


def convert(value: Any, type_: str, field: str, value_map: dict[str, str] | None = None) -> Any:
    if value is None:
        return None
    if isinstance(value, list):
        return [convert(v, type_, field, value_map) for v in value]
    value = str(value).strip()
    if value == "":
        return None
    if value_map is not None:
        if value not in value_map:
            raise RejectedInput(f"invalid schema sunshine.decision/1: {field}: value not in its value map")
        value = value_map[value]
    if type_ == "date":
        return parse_date(value, field).isoformat()
    if type_ == "int":
        try:
            return int(value)
        except ValueError:
            n = chinese_number(value)
            if n is None:
                raise RejectedInput(f"invalid schema sunshine.decision/1: {field}: not an integer") from None
            return n
    if type_ in ("float", "amount"):
        return parse_amount(value, field)
    if type_ == "bool":
        return value.lower() in ("1", "true", "yes", "是", "y")
    return value


def set_path(doc: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    for part in parts[:-1]:
        doc = doc.setdefault(part, {})
    doc[parts[-1]] = value


# -- validation and storage -----------------------------------------------------------------


def validate(doc: Any) -> Decision:
    """Schema-v1 validation with categorised, value-free reasons."""
    try:
        return parse_decision(doc)
    except ValidationError as exc:
        dated = [e for e in exc.errors(include_input=False) if _is_date_error(e)]
        if dated:
            raise RejectedInput(f"impossible date: {describe_errors(exc)}") from exc
        raise RejectedInput(f"invalid schema sunshine.decision/1: {describe_errors(exc)}") from exc


def _is_date_error(err: Any) -> bool:
    loc = ".".join(str(x) for x in err.get("loc", ()))
    msg = str(err.get("msg", ""))
    return "date" in loc or "date" in msg.lower()


def text_id(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def decision_from_text(
    text: str, *, source: str, external_id: str | None = None, overrides: dict[str, Any] | None = None
) -> Decision:
    """A document-only decision: structured fields come from ``connectors.extract.extract_decision``.

    Without an ``external_id`` from the source, the extracted 文号 keys the decision (so the same
    document from two files, or a corrected re-export, lands on the same record); failing that,
    a hash of the text.
    """
    try:
        from connectors.extract import extract_decision
    except ModuleNotFoundError as exc:
        raise RejectedInput("no structured extraction available (connectors.extract is missing)") from exc
    provisional = external_id or text_id(text)
    try:
        doc = dict(extract_decision(text, source=source, external_id=provisional))
    except Exception as exc:  # the extractor must never take the importer down
        raise RejectedInput(f"extraction failed ({type(exc).__name__})") from exc
    doc.setdefault("schema", SCHEMA_ID)
    doc["source"], doc["text"] = source, text
    if external_id is None and doc.get("document_number"):
        doc["external_id"] = str(doc["document_number"])
    else:
        doc["external_id"] = provisional
    for key, value in (overrides or {}).items():
        if value is not None:
            doc[key] = value
    return validate(doc)


def store(session: Session, decision: Decision) -> IngestResult:
    return ingest(session, decision, actor=f"connector:{decision.source}")
