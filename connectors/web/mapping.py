"""From a selected case (an item's envelope) to a validated schema-v1 decision.

The field mapping is the source definition's: keys are schema paths, values are converted by the
field's ``type`` and ``map``.  The decision text comes from the attachment (or the page), and,
where the definition asks for it, fields the page lacks come from ``extract_decision``.
"""

from __future__ import annotations

from typing import Any

from connectors.config import WebSource
from connectors.documents import UnreadableDocument, document_text
from connectors.intake import RejectedInput, convert, set_path, validate
from connectors.web.items import attachment_bytes
from connectors.web.selection import select_detail
from sunshine.schema import SCHEMA_ID, Decision


def reselect(envelope: dict[str, Any], source: WebSource) -> dict[str, Any]:
    """Re-run the (possibly fixed) selectors on stored HTML; used by quarantine retries."""
    html = envelope.get("html")
    if not html:
        return envelope
    page = select_detail(html, source.detail)
    return {
        **envelope,
        "fields": page.fields,
        "lists": page.lists,
        "errors": page.errors,
        "text": page.text if page.text is not None else envelope.get("text"),
    }


def envelope_text(envelope: dict[str, Any], replacement: bytes | None = None) -> str:
    att = envelope.get("attachment")
    if att is not None or replacement is not None:
        name = (att or {}).get("name") or "attachment"
        if replacement is None and att and att.get("error"):
            raise RejectedInput(f"unreadable attachment {name}: {att['error']}")
        body = replacement if replacement is not None else attachment_bytes(envelope)
        if body is None:
            raise RejectedInput(f"unreadable attachment {name}: no content")
        try:
            return document_text(body, name)
        except UnreadableDocument as exc:
            raise RejectedInput(f"unreadable attachment {name}: {exc}") from exc
    text = envelope.get("text")
    if not text:
        raise RejectedInput("malformed HTML: no decision text on the page")
    return str(text)


def to_decision(envelope: dict[str, Any], source: WebSource, *, replacement: bytes | None = None) -> Decision:
    """Raises :class:`RejectedInput` with a categorised reason."""
    if envelope.get("fetch_error"):
        raise RejectedInput(f"fetch failed: {envelope['fetch_error']}")
    if envelope.get("errors"):
        raise RejectedInput("malformed HTML: " + "; ".join(envelope["errors"][:10]))
    text = envelope_text(envelope, replacement)
    doc: dict[str, Any] = {"schema": SCHEMA_ID}
    for path, value in source.defaults.items():
        set_path(doc, path, value)
    for path, raw in (envelope.get("fields") or {}).items():
        spec = source.detail.fields.get(path)
        if spec is None:
            continue
        value = convert(raw, spec.type, path, source.value_maps.get(spec.map) if spec.map else None)
        if value is not None and value != []:
            set_path(doc, path, value)
    for name, rows in (envelope.get("lists") or {}).items():
        rspec = source.detail.lists.get(name)
        if rspec is None:
            continue
        out = []
        for i, row in enumerate(rows):
            obj = {}
            for fname, raw in row.items():
                fspec = rspec.fields.get(fname)
                if fspec is None:
                    continue
                value = convert(
                    raw,
                    fspec.type,
                    f"{name}[{i}].{fname}",
                    source.value_maps.get(fspec.map) if fspec.map else None,
                )
                if value is not None:
                    obj[fname] = value
            out.append(obj)
        doc[name] = out
    if source.detail.extract_missing:
        _fill_from_text(doc, text, source.name, str(envelope.get("external_id")))
    doc["source"], doc["external_id"], doc["text"] = source.name, envelope.get("external_id"), text
    return validate(doc)


def _fill_from_text(doc: dict[str, Any], text: str, source: str, external_id: str) -> None:
    try:
        from connectors.extract import extract_decision
    except ModuleNotFoundError:
        return
    try:
        extracted = extract_decision(text, source=source, external_id=external_id)
    except Exception as exc:
        raise RejectedInput(f"extraction failed ({type(exc).__name__})") from exc
    for key, value in extracted.items():
        if key not in doc or doc[key] in (None, [], {}):
            doc[key] = value
