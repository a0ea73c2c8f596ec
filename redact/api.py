"""Public API of the redaction library (the rest of the project codes against these names)."""

from __future__ import annotations

import dataclasses
import multiprocessing as mp
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from redact.engine import build_analyzer, bundled_model_path
from redact.keep import keep_spans
from redact.leakgate import check_leaks
from redact.masking import PseudonymBook, replacement_for
from redact.names import given_name, surname_of, warm_up
from redact.nlp import NerPersonRecognizer, ZhNlpEngine, residual_windows
from redact.normalize import broken_line_views, despace, hard_wrapped, normalize, ocr_digits, unwrap
from redact.policy import Action, Policy, load_policy
from redact.recognizers.hints import hint_recognizers
from redact.resolve import Candidate, Resolver, from_results

# Types taken from the OCR-corrected copy: numbers and dates, never names.
_OCR_TYPES = frozenset(
    {
        "PHONE_NUMBER",
        "CN_RESIDENT_ID",
        "BANK_ACCOUNT",
        "BIRTH_DATE",
        "ID_DOCUMENT",
        "PASSPORT",
        "CN_TRAVEL_PERMIT",
    }
)
CONTRACT_KEYS = ("start", "end", "entity_type", "text", "score", "recognizer", "replacement")


@dataclass(frozen=True)
class PartyHint:
    """Structured party fields from the decision JSON, used as detector input."""

    role: str
    kind: str  # natural_person | legal_person | individual_business
    name: str | None = None
    id_number: str | None = None
    birth_date: str | None = None
    address: str | None = None
    phone: str | None = None


def hints_from_decision(decision: Mapping[str, Any]) -> list[PartyHint]:
    """PartyHints from a ``sunshine.decision/1`` dict (plain mapping: this library imports no schema)."""
    out: list[PartyHint] = []
    for p in decision.get("parties") or []:
        if not isinstance(p, Mapping):
            continue
        out.append(
            PartyHint(
                role=str(p.get("role") or "penalised"),
                kind=str(p.get("kind") or "natural_person"),
                name=_opt(p.get("name")),
                id_number=_opt(p.get("id_number")),
                birth_date=_opt(p.get("birth_date")),
                address=_opt(p.get("address")),
                phone=_opt(p.get("phone")),
            )
        )
        rep = _opt(p.get("legal_representative"))
        if rep:
            # An organisation's legal representative is published (信用中国); the operator of an
            # individual business (个体工商户经营者) is a private person and is masked.
            role = "operator" if p.get("kind") == "individual_business" else "legal_representative"
            out.append(PartyHint(role=role, kind="natural_person", name=rep))
    return out


def _opt(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


@dataclass
class Span:
    start: int
    end: int
    entity_type: str
    text: str
    score: float
    recognizer: str
    replacement: str
    explanation: str = ""
    rule: str = ""

    def to_contract(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "entity_type": self.entity_type,
            "text": self.text,
            "score": self.score,
            "recognizer": self.recognizer,
            "replacement": self.replacement,
        }


@dataclass
class RedactionResult:
    text: str
    masked_text: str
    spans: list[Span]


@dataclass
class LeakFinding:
    kind: str
    start: int
    end: int
    reason: str  # never contains the secret itself


@dataclass
class LeakVerdict:
    ok: bool
    findings: list[LeakFinding]


_WORKER: Redactor | None = None


def _worker_redact(item: tuple[str, Sequence[PartyHint]]) -> RedactionResult:
    assert _WORKER is not None
    return _WORKER.redact(item[0], item[1])


class Redactor:
    def __init__(
        self, *, model_path: Path | None = None, policy_path: Path | None = None, use_ner: bool = True
    ) -> None:
        if model_path is not None and not (Path(model_path) / "config.cfg").exists():
            raise FileNotFoundError("model_path is not a spaCy pipeline directory")
        self.model_path: Path | None = (model_path or bundled_model_path()) if use_ner else None
        self.policy: Policy = load_policy(policy_path)
        self.analyzer = build_analyzer(self.model_path)
        self._nlp: ZhNlpEngine = self.analyzer.nlp_engine  # type: ignore[assignment]
        self._ner = NerPersonRecognizer()
        warm_up()

    # -- detection -----------------------------------------------------------------------------
    def analyze(self, text: str, parties: Sequence[PartyHint] = ()) -> list[Candidate]:
        """Final candidates on ``text`` (before replacements are chosen)."""
        norm = normalize(text)
        hints = hint_recognizers(parties) or None
        results = self.analyzer.analyze(norm, language="zh", ad_hoc_recognizers=hints)
        keep = keep_spans(norm, parties)
        wrapped = hard_wrapped(norm)
        for offset, closed, index in _closed_up_views(norm, wrapped):  # 林 志 伟, 刘\n梓涵: closed-up copies
            # On a spaced line only what spans a removed space is new: anything else the first pass
            # saw as it is, and a label closed up onto the next word (当事人 应自收到) would read as
            # 当事人应自…. Unwrapped PDF text is one continuous text, so all of it counts.
            for r in self.analyzer.analyze(closed, language="zh", ad_hoc_recognizers=hints):
                start, end = offset + index[r.start], offset + index[r.end - 1] + 1
                if wrapped or " " in norm[start:end] or "\n" in norm[max(0, start - 1) : end]:
                    r.start, r.end = start, end
                    results.append(r)
            for k in keep_spans(closed, parties):
                start, end = offset + index[k.start], offset + index[k.end - 1] + 1
                if "\n" not in norm[start:end] and (wrapped or " " in norm[start:end]):  # never across lines
                    keep.append(dataclasses.replace(k, start=start, end=end))
        fixed = ocr_digits(norm)
        if fixed is not None:
            # OCR read letters for digits (l3B4512O376): numbers and dates found on a corrected copy
            # count where the copy differs; the copy has the same length, so offsets carry over.
            changed = [a != b for a, b in zip(norm, fixed, strict=True)]
            views = [(0, fixed, list(range(len(fixed)))), *_closed_up_views(fixed, hard_wrapped(fixed))]
            for offset, view, index in views:
                for r in self.analyzer.analyze(view, language="zh", ad_hoc_recognizers=hints):
                    start, end = offset + index[r.start], offset + index[r.end - 1] + 1
                    if r.entity_type in _OCR_TYPES and any(changed[start:end]):
                        r.start, r.end = start, end
                        results.append(r)
        if self._nlp.has_model:
            # Second pass: the NER model, only on windows the rules and structure left unexplained.
            covered = [(r.start, r.end) for r in results] + [(k.start, k.end) for k in keep]
            ents = self._nlp.entities(norm, residual_windows(norm, covered))
            results += self._ner.analyze(norm, ["PERSON"], self._nlp.artifacts_for(ents))
        return Resolver(norm, self.policy, keep).resolve(from_results(results))

    def redact(self, text: str, parties: Sequence[PartyHint] = ()) -> RedactionResult:
        cands = self.analyze(text, parties)
        book = PseudonymBook(self.policy, text)
        order: list[str] = []
        display: dict[str, str] = {}
        for c in cands:
            if c.entity_type == "PERSON" and c.identity and c.identity not in order:
                order.append(c.identity)
            if c.entity_type == "PERSON" and c.identity and c.rule != "mention.given":
                display.setdefault(c.identity, text[c.start : c.end])
        book.assign(order, display)
        spans = [
            Span(
                start=c.start,
                end=c.end,
                entity_type=c.entity_type,
                text=text[c.start : c.end],
                score=c.score,
                recognizer=c.recognizer,
                replacement=replacement_for(
                    c.entity_type, text[c.start : c.end], c.role, self.policy, book, c.identity
                ),
                explanation=c.note,
                rule=c.rule,
            )
            for c in cands
        ]
        return RedactionResult(text=text, masked_text=_splice(text, spans), spans=spans)

    def redact_many(
        self, items: Sequence[tuple[str, Sequence[PartyHint]]], n_process: int = 1
    ) -> list[RedactionResult]:
        if n_process <= 1 or len(items) < 2:
            return [self.redact(t, p) for t, p in items]
        global _WORKER
        _WORKER = self  # inherited by forked workers: the model is loaded once, in the parent
        ctx = mp.get_context("fork")
        chunk = max(1, len(items) // (n_process * 4))
        with ctx.Pool(n_process) as pool:
            return pool.map(_worker_redact, [(t, tuple(p)) for t, p in items], chunksize=chunk)

    # -- review --------------------------------------------------------------------------------
    def apply(self, text: str, spans: Sequence[Span]) -> str:
        """Re-mask with a reviewer-edited span list; empty replacements are filled by the policy."""
        chosen: list[Span] = []
        for s in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
            if s.start < 0 or s.end > len(text) or s.end <= s.start:
                continue
            if chosen and s.start < chosen[-1].end:
                continue
            chosen.append(s)
        filled = _fill_replacements(text, chosen, self.policy)
        return _splice(text, filled)

    def leak_check(self, masked_text: str, parties: Sequence[PartyHint] = ()) -> LeakVerdict:
        findings = [
            LeakFinding(kind=f.kind, start=f.start, end=f.end, reason=f.reason)
            for f in check_leaks(masked_text, parties, self.policy)
        ]
        return LeakVerdict(ok=not findings, findings=findings)


def _closed_up_views(text: str, wrapped: bool) -> list[tuple[int, str, list[int]]]:
    """(offset, closed-up text, index into the original) for a second detection pass.

    Hard-wrapped (PDF) text gets one view of the whole document with the wrapping removed; other
    text gets one per line that holds a space inside a word, so clean text costs nothing extra.
    """
    if wrapped:
        view = unwrap(text)
        return [(0, view[0], view[1])] if view is not None else []
    out = []
    out.extend(broken_line_views(text))
    pos = 0
    for line in text.split("\n"):
        view = despace(line) if " " in line.strip() else None
        if view is not None:
            out.append((pos, view[0], view[1]))
        pos += len(line) + 1
    return out


def _splice(text: str, spans: Sequence[Span]) -> str:
    out: list[str] = []
    pos = 0
    for s in sorted(spans, key=lambda s: s.start):
        if s.start < pos:
            continue
        out.append(text[pos : s.start])
        out.append(s.replacement)
        pos = s.end
    out.append(text[pos:])
    return "".join(out)


def _fill_replacements(text: str, spans: Sequence[Span], policy: Policy) -> list[Span]:
    """Give every span a replacement; reuse existing pseudonyms, never collide with them."""
    by_text: dict[str, str] = {}
    for s in spans:
        if s.entity_type == "PERSON" and s.replacement:
            by_text.setdefault(text[s.start : s.end], s.replacement)
    used = set(by_text.values())
    book = PseudonymBook(policy, text)
    out: list[Span] = []
    for s in spans:
        value = text[s.start : s.end]
        replacement = s.replacement
        if not replacement and policy.action(s.entity_type) is not Action.delete:
            if s.entity_type == "PERSON":
                owner = next((f for f in by_text if f != value and given_name(f) == value), None)
                replacement = by_text.get(value) or (by_text[owner] if owner else "")
                if not replacement:
                    replacement = _fresh_pseudonym(value, used, text, policy)
                    by_text[value] = replacement
                    used.add(replacement)
            else:
                replacement = replacement_for(s.entity_type, value, "", policy, book)
        out.append(
            Span(
                s.start,
                s.end,
                s.entity_type,
                value,
                s.score,
                s.recognizer,
                replacement,
                s.explanation,
                s.rule,
            )
        )
    return out


def _fresh_pseudonym(value: str, used: set[str], text: str, policy: Policy) -> str:
    base = surname_of(value) + policy.pseudonym.marker
    clash = any(u.startswith(base) for u in used) or re.search(re.escape(base), text) is not None
    if not clash:
        return base
    for suffix in policy.pseudonym.collision_suffixes:
        if base + suffix not in used:
            return base + suffix
    n = 1
    while f"{base}{n}" in used:
        n += 1
    return f"{base}{n}"


_DEFAULT: Redactor | None = None
_DEFAULT_LOCK = threading.Lock()


def get_redactor() -> Redactor:
    """Process-wide default instance (bundled model if present, bundled policy).

    Built once under a lock: a server warms it in a background thread while the first reviewer's
    request may already be asking for it.
    """
    global _DEFAULT
    if _DEFAULT is None:
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                _DEFAULT = Redactor()
    return _DEFAULT
