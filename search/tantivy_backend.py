"""Embedded search on tantivy: one index directory, many short-lived writers.

The API process publishes and the worker withdraws/expires, so both write.  tantivy allows one
writer per directory (a lock file), so every write opens a writer, commits, waits for merges
and drops it, retrying while another process holds the lock.  Readers compare ``meta.json``
before each search and reload when another process committed, so a withdrawal is invisible
everywhere as soon as its commit lands.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import tantivy
from tantivy import Occur, Order, Query

from search.analysis import ParsedQuery, Term, bigram_string, parse_query, word_string
from search.backend import SearchBackend, SearchError
from search.documents import PublicDecision
from search.highlight import snippet_html
from search.query import (
    FACET_FIELDS,
    FINE_RANGES,
    FacetBucket,
    SearchHit,
    SearchPage,
    SearchQuery,
    SortMode,
    decode_cursor,
    encode_cursor,
    published_key,
    region_levels,
    sort_key,
)

log = logging.getLogger(__name__)

SCHEMA_VERSION = "3"
LOCK_TIMEOUT_S = 30.0
MAX_RELEVANCE_WINDOW = 20_000
_EPOCH = dt.date(1970, 1, 1)


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", tokenizer_name="raw", fast=True)
    sb.add_bytes_field("doc", stored=True, indexed=False)
    sb.add_text_field("text_bg", tokenizer_name="whitespace", index_option="position")
    sb.add_text_field("title_bg", tokenizer_name="whitespace", index_option="position")
    sb.add_text_field("words", tokenizer_name="whitespace", index_option="freq")
    for name in ("authority", "region_code", "law_area", "penalty_kinds", "party_kinds", "severity"):
        sb.add_text_field(name, tokenizer_name="raw", fast=True, index_option="basic")
    sb.add_text_field("region_levels", tokenizer_name="raw", index_option="basic")
    sb.add_integer_field("year", indexed=True, fast=True)
    sb.add_integer_field("date_days", indexed=True, fast=True)
    sb.add_float_field("fine", indexed=True, fast=True)
    sb.add_integer_field("sort_key", indexed=True, fast=True)
    sb.add_integer_field("pub_key", indexed=True, fast=True)
    return sb.build()


def index_fields(doc: PublicDecision) -> dict[str, Any]:
    """Everything a tantivy document needs, as plain picklable values.

    Kept separate from the writer so bulk builds can run the (slow, pure-Python) analysis in
    worker processes.  Only fields of ``PublicDecision`` are read: masked text and metadata.
    """
    title = f"{doc.title} {doc.document_number} {doc.authority} {' '.join(doc.legal_basis)}"
    return {
        "id": doc.id,
        "doc": doc.model_dump_json().encode(),
        "text_bg": bigram_string(doc.masked_text),
        "title_bg": bigram_string(title),
        "words": word_string(f"{title} {doc.masked_text}"),
        "authority": doc.authority,
        "region_code": doc.region_code,
        "law_area": doc.law_area,
        "penalty_kinds": list(doc.penalty_kinds),
        "party_kinds": list(doc.party_kinds),
        "severity": doc.severity,
        "region_levels": region_levels(doc.region_code),
        "year": doc.decision_date.year,
        "date_days": (doc.decision_date - _EPOCH).days,
        "fine": float(doc.fine_total),
        "sort_key": sort_key(doc.decision_date, doc.id),
        "pub_key": published_key(doc.published_at, doc.id),
    }


def _to_document(fields: dict[str, Any]) -> tantivy.Document:
    d = tantivy.Document()
    d.add_text("id", fields["id"])
    d.add_bytes("doc", fields["doc"])
    d.add_text("text_bg", fields["text_bg"])
    d.add_text("title_bg", fields["title_bg"])
    d.add_text("words", fields["words"])
    for name in ("authority", "region_code", "law_area", "severity"):
        if fields[name]:
            d.add_text(name, fields[name])
    for name in ("penalty_kinds", "party_kinds", "region_levels"):
        for value in fields[name]:
            d.add_text(name, value)
    for name in ("year", "date_days", "sort_key", "pub_key"):
        d.add_integer(name, fields[name])
    d.add_float("fine", fields["fine"])
    return d


class TantivyBackend(SearchBackend):
    name = "tantivy"

    def __init__(self, path: Path | str | None = None, *, writer_heap: int = 50_000_000) -> None:
        self.path = Path(path) if path is not None else None
        self.schema = build_schema()
        self.writer_heap = writer_heap
        if self.path is not None:
            self.path.mkdir(parents=True, exist_ok=True)
            self._check_version()
            self._index = tantivy.Index(self.schema, path=str(self.path), reuse=True)
        else:
            self._index = tantivy.Index(self.schema)
        self._lock = threading.RLock()
        self._meta_sig: tuple[int, int] | None = self._meta_signature()

    # -- housekeeping ---------------------------------------------------------------------
    def _check_version(self) -> None:
        """An index written with another schema is refused with a clear message, not misread."""
        assert self.path is not None
        marker = self.path / "sunshine-schema"
        if marker.exists():
            if marker.read_text().strip() != SCHEMA_VERSION:
                raise SearchError(f"index at {self.path} has another schema; run `sunshine search reindex`")
        else:
            if (self.path / "meta.json").exists():
                raise SearchError(f"index at {self.path} was not written by Sunshine; remove it or reindex")
            marker.write_text(SCHEMA_VERSION)

    def _meta_signature(self) -> tuple[int, int] | None:
        if self.path is None:
            return None
        try:
            st = os.stat(self.path / "meta.json")
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def _searcher(self) -> tantivy.Searcher:
        sig = self._meta_signature()
        if sig != self._meta_sig:
            with self._lock:
                self._index.reload()
                self._meta_sig = sig
        return self._index.searcher()

    @contextmanager
    def _writer(self, heap: int | None = None, threads: int = 1) -> Iterator[tantivy.IndexWriter]:
        deadline = time.monotonic() + LOCK_TIMEOUT_S
        delay = 0.02
        while True:
            try:
                writer = self._index.writer(heap or self.writer_heap, threads)
                break
            except ValueError as exc:  # LockBusy: another process (API or worker) is writing
                if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                    raise SearchError(f"could not open the index writer: {type(exc).__name__}") from exc
                time.sleep(delay)
                delay = min(delay * 2, 0.5)
        try:
            yield writer
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()
        with self._lock:
            self._index.reload()
            self._meta_sig = self._meta_signature()

    # -- writes -----------------------------------------------------------------------------
    def index(self, docs: Sequence[PublicDecision]) -> None:
        if not docs:
            return
        prepared = [index_fields(d) for d in docs]
        with self._writer() as w:
            for fields in prepared:
                w.delete_documents_by_term("id", fields["id"])
                w.add_document(_to_document(fields))

    def delete(self, ids: Sequence[str]) -> None:
        if not ids:
            return
        with self._writer() as w:
            for doc_id in ids:
                w.delete_documents_by_term("id", doc_id)

    def clear(self) -> None:
        with self._writer() as w:
            w.delete_all_documents()

    def bulk_load(
        self,
        fields_iter: Iterable[dict[str, Any]],
        *,
        replace: bool = False,
        heap: int = 400_000_000,
        threads: int = 2,
    ) -> int:
        """Add prepared documents (see :func:`index_fields`) with one writer and one commit.

        With ``replace`` the old content is dropped in the same commit, so searchers see the
        old index until the new one is complete: a rebuild without downtime.
        """
        n = 0
        with self._writer(heap=heap, threads=threads) as w:
            if replace:
                w.delete_all_documents()
            for fields in fields_iter:
                if not replace:
                    w.delete_documents_by_term("id", fields["id"])
                w.add_document(_to_document(fields))
                n += 1
        return n

    def rebuild(self, docs: Iterable[PublicDecision], batch_size: int = 5000) -> int:
        return self.bulk_load((index_fields(d) for d in docs), replace=True)

    # -- reads ------------------------------------------------------------------------------
    def count(self) -> int:
        return int(self._searcher().num_docs)

    def get(self, id: str) -> PublicDecision | None:
        searcher = self._searcher()
        res = searcher.search(Query.term_query(self.schema, "id", id), 1, count=False)
        if not res.hits:
            return None
        return self._load(searcher, res.hits[0][1])

    def _load(self, searcher: tantivy.Searcher, addr: tantivy.DocAddress) -> PublicDecision:
        raw = searcher.doc(addr).get_first("doc")
        return PublicDecision.model_validate_json(bytes(raw or b""))

    # -- query building ------------------------------------------------------------------------
    def _phrase(self, field: str, tokens: list[str]) -> Query:
        if len(tokens) == 1:
            return Query.term_query(self.schema, field, tokens[0], index_option="position")
        words: list[str | tuple[int, str]] = list(tokens)
        return Query.phrase_query(self.schema, field, words)

    def _term_query(self, term: Term) -> Query:
        """A clause matches contiguous text in the body or the title (title counts double)."""
        if term.single_char:
            ch = term.bigrams[0]
            pattern = f"{ch}.?|.{ch}"
            body = Query.regex_query(self.schema, "text_bg", pattern)
            title = Query.regex_query(self.schema, "title_bg", pattern)
        else:
            body = self._phrase("text_bg", term.bigrams)
            title = self._phrase("title_bg", term.bigrams)
        return Query.boolean_query([(Occur.Should, body), (Occur.Should, Query.boost_query(title, 2.0))])

    def _filters(self, query: SearchQuery) -> list[Query]:
        s = self.schema
        out: list[Query] = []

        def any_of(field: str, values: list[str]) -> None:
            if values:
                out.append(Query.term_set_query(s, field, list(values)))

        any_of("authority", query.authority)
        any_of("region_levels", query.region)
        any_of("law_area", query.law_area)
        any_of("penalty_kinds", query.penalty_kind)
        any_of("party_kinds", query.party_kind)
        if query.date_from or query.date_to:
            lo = (query.date_from - _EPOCH).days if query.date_from else None
            hi = (query.date_to - _EPOCH).days if query.date_to else None
            out.append(Query.range_query(s, "date_days", tantivy.FieldType.Integer, lo, hi))
        if query.fine_min is not None or query.fine_max is not None:
            out.append(Query.range_query(s, "fine", tantivy.FieldType.Float, query.fine_min, query.fine_max))
        return out

    def build_query(self, query: SearchQuery, parsed: ParsedQuery | None = None) -> Query:
        parsed = parsed or parse_query(query.q)
        clauses: list[tuple[Occur, Query]] = []
        for term in parsed.positive:
            clauses.append((Occur.Must, self._term_query(term)))
            words = term.words
            if words:
                ranking = Query.boolean_query(
                    [
                        (Occur.Should, Query.term_query(self.schema, "words", w, index_option="freq"))
                        for w in words
                    ]
                )
                clauses.append((Occur.Should, ranking))
        for term in parsed.negative:
            clauses.append((Occur.MustNot, self._term_query(term)))
        for f in self._filters(query):
            clauses.append((Occur.Must, Query.const_score_query(f, 0.0)))
        if not any(occ is Occur.Must for occ, _ in clauses):
            clauses.append((Occur.Must, Query.all_query()))
        return Query.boolean_query(clauses)

    # -- search ----------------------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchPage:
        started = time.perf_counter()
        parsed = parse_query(query.q)
        sort = query.effective_sort()
        after = decode_cursor(query, sort)
        searcher = self._searcher()
        base = self.build_query(query, parsed)
        if sort == "relevance":
            total, picked, seen = self._relevance_page(searcher, base, query.size, after)
        else:
            total, picked, seen = self._keyset_page(searcher, base, query.size, after, sort)
        hits: list[SearchHit] = []
        needles = parsed.needles() if query.highlight else []
        for score, _key, addr in picked:
            decision = self._load(searcher, addr)
            hl = snippet_html(decision.masked_text, needles) if query.highlight else None
            hits.append(SearchHit(decision=decision, score=score, highlight=hl))
        next_cursor = None
        if picked and seen + len(picked) < total:
            last_score, last_key, _ = picked[-1]
            values: list[Any] = [last_score, last_key] if sort == "relevance" else [last_key]
            next_cursor = encode_cursor(query, sort, values, seen + len(picked))
        facets = self._facets(searcher, base) if query.facets else {}
        took = (time.perf_counter() - started) * 1000
        return SearchPage(
            total=total, hits=hits, facets=facets, next_cursor=next_cursor, took_ms=round(took, 2)
        )

    def _keyset_page(
        self,
        searcher: tantivy.Searcher,
        base: Query,
        size: int,
        after: tuple[list[Any], int] | None,
        sort: SortMode,
    ) -> tuple[int, list[tuple[float | None, int, tantivy.DocAddress]], int]:
        field = "pub_key" if sort == "published" else "sort_key"
        order = Order.Asc if sort == "date_asc" else Order.Desc
        q = base
        seen = 0
        if after is not None:
            (last,), seen = after[0], after[1]
            if order is Order.Desc:
                rng = Query.range_query(
                    self.schema, field, tantivy.FieldType.Integer, None, int(last), include_upper=False
                )
            else:
                rng = Query.range_query(
                    self.schema, field, tantivy.FieldType.Integer, int(last), None, include_lower=False
                )
            q = Query.boolean_query([(Occur.Must, base), (Occur.Must, rng)])
        res = searcher.search(q, size, count=True, order_by_field=field, order=order)
        picked: list[tuple[float | None, int, tantivy.DocAddress]] = [
            (None, int(key), addr) for key, addr in res.hits
        ]
        return seen + _count(res), picked, seen

    def _relevance_page(
        self, searcher: tantivy.Searcher, base: Query, size: int, after: tuple[list[Any], int] | None
    ) -> tuple[int, list[tuple[float | None, int, tantivy.DocAddress]], int]:
        """Pages in tantivy's own top-k order (score desc, then index order), resumed at the doc
        the cursor names.

        tantivy cannot filter on score, so the page is cut from a top-k window: the cursor holds
        the last hit's (score, sort_key) and the page continues right after the document with that
        key (found by key, because BM25 scores drift as documents are added).  When newer
        decisions push it further down, the window grows; when it was withdrawn, paging resumes
        at the first lower score.
        """
        seen = after[1] if after else 0
        last = (float(after[0][0]), int(after[0][1])) if after else None
        window = seen + size + max(size, 10) if last else size
        while True:
            res = searcher.search(base, window, count=True)
            total = _count(res)
            hits = [(float(score), addr) for score, addr in res.hits]
            full = len(hits) >= window and window < MAX_RELEVANCE_WINDOW
            start: int | None = 0
            if last is not None:
                keys = searcher.fast_field_values("sort_key", [a for _, a in hits]) if hits else []
                start = None
                for i, key in enumerate(keys):
                    if int(key or 0) == last[1]:  # by key: scores drift when the index changes
                        start = i + 1
                        break
                if start is None:  # the cursor's document was withdrawn: resume below its score
                    start = next((i for i, (score, _) in enumerate(hits) if score < last[0]), None)
            if start is None or (len(hits) - start < size and full):
                if full:
                    window = min(window * 2, MAX_RELEVANCE_WINDOW)
                    continue
                start = len(hits) if start is None else start
            page = hits[start : start + size]
            keys = searcher.fast_field_values("sort_key", [a for _, a in page]) if page else []
            return total, [(s, int(k or 0), a) for (s, a), k in zip(page, keys, strict=True)], seen

    def _facets(self, searcher: tantivy.Searcher, base: Query) -> dict[str, list[FacetBucket]]:
        aggs: dict[str, Any] = {
            name: {"terms": {"field": name, "size": 50 if name != "year" else 40}} for name in FACET_FIELDS
        }
        aggs["fine"] = {
            "range": {
                "field": "fine",
                "ranges": [
                    {
                        "key": key,
                        **({"from": lo} if lo is not None else {}),
                        **({"to": hi} if hi is not None else {}),
                    }
                    for key, lo, hi in FINE_RANGES
                ],
            }
        }
        raw = searcher.aggregate(base, aggs)
        return parse_aggregations(raw)


def _count(res: tantivy.SearchResult) -> int:
    return int(getattr(res, "count", 0) or 0)


def parse_aggregations(raw: dict[str, Any]) -> dict[str, list[FacetBucket]]:
    """ES-shaped aggregation output (tantivy mirrors it) → facet buckets, same for both backends."""
    out: dict[str, list[FacetBucket]] = {}
    for name in (*FACET_FIELDS, "fine"):
        buckets = (raw.get(name) or {}).get("buckets") or []
        if isinstance(buckets, dict):  # keyed range output
            buckets = [{"key": k, **v} for k, v in buckets.items()]
        items = []
        for b in buckets:
            key = b.get("key")
            if isinstance(key, float) and key.is_integer():
                key = int(key)
            count = int(b.get("doc_count", 0))
            if name == "fine" or count > 0:
                items.append(FacetBucket(value=str(key), count=count))
        if name == "year":
            items.sort(key=lambda b: b.value, reverse=True)
        out[name] = items
    return out


def dump_json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True)
