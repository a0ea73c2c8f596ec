"""Helpers for the outbox/delivery tests: decisions taken to ``published`` without the NER model.

Publication goes through the real lifecycle and ``workflow.publish``; only the redaction step is
replaced by a fixed masked text (these tests are about events and delivery, not masking), so
the outbox listener, the search index and the audit log all see the real transitions.
"""

from __future__ import annotations

import datetime as dt
import http.server
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

from sunshine.lifecycle import State, transition
from sunshine.models.core import DecisionRow
from sunshine.schema import Decision
from sunshine.store import ingest, store_spans

ID_NUMBER = "331002198503021238"
NAME = "李建国"


def decision(
    external_id: str = "A1",
    *,
    source: str = "test-system",
    events: list[dict[str, Any]] | None = None,
    decision_date: str = "2025-05-06",
    kind: str = "natural_person",
    authority: str = "台州市公安局椒江分局",
    region: str = "331002",
    fine: float = 2500,
    doc_no: str | None = None,
) -> Decision:
    party: dict[str, Any] = {
        "role": "penalised",
        "kind": kind,
        "name": NAME if kind == "natural_person" else "台州某某贸易有限公司",
    }
    if kind == "natural_person":
        party.update(birth_date="1985-03-02", id_type="resident_id", id_number=ID_NUMBER)
    else:
        party.update(uscc="91331002MA2AXXXX0X".replace("X", "1"), legal_representative="王小明")
    return Decision.model_validate(
        {
            "schema": "sunshine.decision/1",
            "source": source,
            "external_id": external_id,
            "version": 1,
            "document_number": doc_no
            or f"台椒公（交）行罚决字〔2025〕{abs(hash(external_id)) % 90000 + 10000}号",
            "authority": {"name": authority, "uscc": "11331002002583617B", "region_code": region},
            "decision_date": decision_date,
            "violation_date": decision_date,
            "procedure": "general",
            "legal_basis": ["《中华人民共和国道路交通安全法》第九十条"],
            "law_area": "traffic",
            "penalties": [{"kind": "fine", "amount_yuan": fine}, {"kind": "license_suspension", "days": 30}],
            "parties": [party],
            "events": events or [],
            "text": f"当事人{NAME}，身份证号码{ID_NUMBER}。经查，{NAME}于2025年5月1日驾驶机动车超速行驶。以上事实有监控录像为证。决定处以罚款。",
        }
    )


def masked(text: str) -> str:
    return text.replace(NAME, "李某某").replace(ID_NUMBER, "")


def publish_new(session: Session, d: Decision) -> DecisionRow:
    """Ingest and take the decision to ``published`` through the lifecycle and the workflow."""
    from publish import workflow

    result = ingest(session, d, actor="test")
    row = session.get(DecisionRow, result.decision_id)
    assert row is not None
    start = d.text.index(NAME)
    store_spans(
        row,
        [
            {
                "start": start,
                "end": start + len(NAME),
                "entity_type": "PERSON",
                "text": NAME,
                "replacement": "李某某",
                "status": "accepted",
            }
        ],
    )
    row.masked_text = masked(d.text)
    row.leak_ok = True
    row.publishable = True
    row.severity = "general"
    row.display_until = dt.date.fromisoformat(d.decision_date.isoformat()) + dt.timedelta(days=365)
    transition(session, row, State.analysed, actor="test")
    transition(session, row, State.in_review, actor="test")
    transition(session, row, State.approved, actor="test")
    workflow.publish(session, row, actor="test")
    session.commit()
    return row


# -- a loopback receiver -----------------------------------------------------------------------


class Inbox:
    """What a portal would keep: verified bodies, applied once per webhook-id."""

    def __init__(self, secret: str | None = None) -> None:
        self.secret = secret
        self.lock = threading.Lock()
        self.received: list[tuple[str, dict[str, Any]]] = []  # every verified request (id, body)
        self.applied: dict[str, dict[str, Any]] = {}  # webhook-id → body, first time only
        self.order: list[str] = []  # webhook-ids in the order first applied
        self.rejected: list[str] = []
        self.headers: list[dict[str, str]] = []

    def accept(self, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
        if self.secret is not None:
            from standardwebhooks import Webhook, WebhookVerificationError

            try:
                Webhook(self.secret).verify(body, headers)
            except WebhookVerificationError as exc:
                with self.lock:
                    self.rejected.append(str(exc))
                return 401, "bad signature"
        data = json.loads(body)
        key = headers.get("idempotency-key") or headers.get("webhook-id") or ""
        with self.lock:
            self.headers.append(headers)
            self.received.append((key, data))
            if key in self.applied:
                return 200, '{"status":"duplicate"}'
            self.applied[key] = data
            self.order.append(key)
        return 200, json.dumps({"receipt": "r-" + key[-8:]})


@contextmanager
def serve(handler_cls: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler_cls)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    finally:
        server.shutdown()
        server.server_close()


def simple_handler(inbox: Inbox) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            status, text = inbox.accept(body, {k.lower(): v for k, v in self.headers.items()})
            payload = text.encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: Any) -> None:
            pass

    return Handler
