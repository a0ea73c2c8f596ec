"""The sample case system's data and the knobs tests turn."""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from connectors.samplesite.documents import docx_bytes, pdf_bytes

LAW_AREA_LABELS = {
    "public_order": "治安",
    "traffic": "交通",
    "fire": "消防",
    "exit_entry": "出入境",
    "cyber": "网络安全",
    "firearms": "枪支",
    "other": "其他",
}
PROCEDURE_LABELS = {"general": "一般程序", "summary": "简易程序"}


@dataclass
class SiteCase:
    external_id: str
    doc: dict[str, Any]
    updated_at: dt.datetime
    attachment_kind: str  # docx | pdf
    broken_attachment: bool = False
    malformed: bool = False
    _cache: dict[str, bytes] = field(default_factory=dict, repr=False)

    @property
    def attachment_name(self) -> str:
        return f"{self.external_id}.{self.attachment_kind}"

    def attachment(self) -> bytes:
        if self.broken_attachment:
            return (b"PK\x03\x04" if self.attachment_kind == "docx" else b"%PDF-1.4\n") + b"\x00broken" * 40
        key = f"{self.attachment_kind}:{hash(self.doc['text'])}"
        if key not in self._cache:
            self._cache.clear()
            render = docx_bytes if self.attachment_kind == "docx" else pdf_bytes
            self._cache[key] = render(self.doc["text"])
        return self._cache[key]


class SampleCaseSystem:
    """Thread-safe mutable state behind the sample site (HTML UI and JSON API)."""

    def __init__(
        self,
        n: int = 12,
        *,
        seed: int = 7,
        page_size: int = 5,
        username: str = "clerk",
        password: str = "sunshine-demo",
        client_id: str = "sunshine",
        client_secret: str = "api-demo-secret",
        start: dt.datetime | None = None,
    ) -> None:
        self.seed, self.page_size = seed, page_size
        self.username, self.password = username, password
        self.client_id, self.client_secret = client_id, client_secret
        self.lock = threading.RLock()
        self.cases: dict[str, SiteCase] = {}
        self.clock = start or dt.datetime(2026, 1, 5, 9, 0, 0)
        self.sessions: set[str] = set()
        self.tokens: set[str] = set()
        self.hits: Counter[str] = Counter()
        self.failures: dict[str, int] = {}
        self._serial = 0
        self._batch = 0
        self._generate(n)

    # -- data -------------------------------------------------------------------------------
    def _tick(self) -> dt.datetime:
        self.clock += dt.timedelta(minutes=1)
        return self.clock

    def _generate(self, n: int) -> list[str]:
        from sunshine.synth import generate

        self._batch += 1
        ids = []
        for item in generate(n, seed=self.seed * 1000 + self._batch):
            self._serial += 1
            ext = f"AJ{2026_0000 + self._serial:08d}"
            doc = item.decision.to_json()
            doc["external_id"] = ext
            kind = "docx" if self._serial % 2 else "pdf"
            self.cases[ext] = SiteCase(ext, doc, self._tick(), kind)
            ids.append(ext)
        return ids

    def add(self, n: int) -> list[str]:
        with self.lock:
            return self._generate(n)

    def change(self, external_ids: list[str]) -> None:
        """A 复议 changed the decision: an event is added and the text says so; updated_at moves."""
        with self.lock:
            for ext in external_ids:
                case = self.cases[ext]
                decided = dt.date.fromisoformat(case.doc["decision_date"])
                n = len(case.doc["events"]) + 1
                case.doc["events"].append(
                    {
                        "kind": "changed",
                        "date": (decided + dt.timedelta(days=20 * n)).isoformat(),
                        "reason": "行政复议变更",
                    }
                )
                case.doc["text"] += f"\n经行政复议（第{n}次），本决定已依法变更。"
                case.updated_at = self._tick()

    def set_field(self, external_id: str, key: str, value: Any) -> None:
        """Overwrite one field of the served JSON (e.g. an impossible date) and mark the case updated."""
        with self.lock:
            self.cases[external_id].doc[key] = value
            self.cases[external_id].updated_at = self._tick()

    def break_attachment(self, external_id: str, broken: bool = True) -> None:
        with self.lock:
            self.cases[external_id].broken_attachment = broken

    def malform(self, external_id: str, malformed: bool = True) -> None:
        with self.lock:
            self.cases[external_id].malformed = malformed

    def fail(self, target: str, times: int) -> None:
        """The next ``times`` requests for ``target`` (a path, or ``/cases?page=N``) answer 500."""
        with self.lock:
            self.failures[target] = times

    def take_failure(self, *targets: str) -> bool:
        with self.lock:
            for target in targets:
                self.hits[target] += 1
            for target in targets:
                if self.failures.get(target, 0) > 0:
                    self.failures[target] -= 1
                    return True
            return False

    def ordered(self, *, ascending: bool = False) -> list[SiteCase]:
        with self.lock:
            cases = sorted(self.cases.values(), key=lambda c: (c.updated_at, c.external_id))
        return cases if ascending else cases[::-1]

    def decision_json(self, case: SiteCase, source: str) -> dict[str, Any]:
        doc = dict(case.doc)
        doc["source"] = source
        return doc

    # -- auth -------------------------------------------------------------------------------
    def login(self, username: str, password: str) -> str | None:
        if secrets.compare_digest(username, self.username) and secrets.compare_digest(
            password, self.password
        ):
            sid = secrets.token_urlsafe(16)
            self.sessions.add(sid)
            return sid
        return None

    def issue_token(self, client_id: str, client_secret: str) -> str | None:
        if secrets.compare_digest(client_id, self.client_id) and secrets.compare_digest(
            client_secret, self.client_secret
        ):
            token = secrets.token_urlsafe(24)
            self.tokens.add(token)
            return token
        return None
