"""Elasticsearch backend for deployments that outgrow one machine.

Same semantics as the tantivy backend: the masked text is analysed with the ``cjk`` bigram
analyzer (phrases = contiguous text), a jieba pre-segmented copy ranks whole words (so no
plugin is needed), and smartcn or IK add a word-analysed subfield when the cluster has them.
All reads and writes go through an alias; :meth:`ElasticsearchBackend.rebuild` loads a fresh
index and swaps the alias atomically, so searches never see a half-built index.

Request bodies are built by pure functions (:func:`index_template`, :func:`search_body`) so
tests can check exactly what is sent.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from search.analysis import ParsedQuery, Term, parse_query, word_string
from search.backend import SearchBackend, SearchError
from search.documents import PublicDecision
from search.highlight import snippet_html
from search.query import (
    FACET_FIELDS,
    FINE_RANGES,
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
from search.tantivy_backend import parse_aggregations

log = logging.getLogger(__name__)

WORD_ANALYZERS = {
    "smartcn": {"analyzer": "smartcn"},
    "ik": {"analyzer": "ik_max_word", "search_analyzer": "ik_smart"},
}
BULK_INITIAL_BACKOFF = 1.0
_ANALYSIS_ONLY = ["title_text", "masked_words"]


def index_template(alias: str, word_analyzer: str | None = None) -> dict[str, Any]:
    """The composable index template body for ``<alias>-*`` indices."""
    masked_text: dict[str, Any] = {"type": "text", "analyzer": "sunshine_cjk"}
    if word_analyzer:
        if word_analyzer not in WORD_ANALYZERS:
            raise SearchError(f"unknown word analyzer {word_analyzer!r}; use one of {sorted(WORD_ANALYZERS)}")
        masked_text["fields"] = {"words": {"type": "text", **WORD_ANALYZERS[word_analyzer]}}
    keyword = {"type": "keyword"}
    return {
        "index_patterns": [f"{alias}-*"],
        "priority": 200,
        "template": {
            "settings": {
                "number_of_shards": 1,
                "analysis": {
                    "analyzer": {
                        "sunshine_cjk": {
                            "type": "custom",
                            "tokenizer": "standard",
                            "filter": ["cjk_width", "lowercase", "cjk_bigram"],
                        },
                        "sunshine_pre_segmented": {
                            "type": "custom",
                            "tokenizer": "whitespace",
                            "filter": ["lowercase"],
                        },
                    }
                },
            },
            "mappings": {
                "dynamic": "strict",
                "_source": {"excludes": _ANALYSIS_ONLY},
                "properties": {
                    "id": keyword,
                    "document_number": keyword,
                    "title": {"type": "keyword", "index": False},
                    "title_text": {"type": "text", "analyzer": "sunshine_cjk"},
                    "authority": keyword,
                    "region_code": keyword,
                    "region_levels": keyword,
                    "law_area": keyword,
                    "penalty_kinds": keyword,
                    "party_kinds": keyword,
                    "severity": keyword,
                    "decision_date": {"type": "date", "format": "strict_date"},
                    "year": {"type": "integer"},
                    "fine_total": {"type": "double"},
                    "legal_basis": {"type": "keyword"},
                    "masked_text": masked_text,
                    "masked_words": {"type": "text", "analyzer": "sunshine_pre_segmented"},
                    "published_at": {"type": "date"},
                    "display_until": {"type": "date", "format": "strict_date"},
                    "sort_key": {"type": "long"},
                    "pub_key": {"type": "long"},
                },
            },
        },
    }


def to_source(doc: PublicDecision) -> dict[str, Any]:
    body = doc.model_dump(mode="json")
    title = f"{doc.title} {doc.document_number} {doc.authority} {' '.join(doc.legal_basis)}"
    body.update(
        title_text=title,
        masked_words=word_string(f"{title} {doc.masked_text}"),
        region_levels=region_levels(doc.region_code),
        year=doc.decision_date.year,
        sort_key=sort_key(doc.decision_date, doc.id),
        pub_key=published_key(doc.published_at, doc.id),
    )
    return body


def from_source(src: dict[str, Any]) -> PublicDecision:
    fields = set(PublicDecision.model_fields)
    return PublicDecision.model_validate({k: v for k, v in src.items() if k in fields})


def _term_clause(term: Term, word_analyzer: str | None) -> dict[str, Any]:
    if term.single_char:
        pattern = f"{term.bigrams[0]}.?|.{term.bigrams[0]}"
        should: list[dict[str, Any]] = [
            {"regexp": {"masked_text": {"value": pattern}}},
            {"regexp": {"title_text": {"value": pattern, "boost": 2.0}}},
        ]
    else:
        should = [
            {"match_phrase": {"masked_text": {"query": term.text}}},
            {"match_phrase": {"title_text": {"query": term.text, "boost": 2.0}}},
        ]
    return {"bool": {"should": should, "minimum_should_match": 1}}


def query_clause(query: SearchQuery, parsed: ParsedQuery, word_analyzer: str | None = None) -> dict[str, Any]:
    must = [_term_clause(t, word_analyzer) for t in parsed.positive]
    should: list[dict[str, Any]] = []
    for t in parsed.positive:
        if t.words:
            should.append({"match": {"masked_words": {"query": " ".join(t.words)}}})
        if word_analyzer:
            should.append({"match": {"masked_text.words": {"query": t.text}}})
    must_not = [_term_clause(t, word_analyzer) for t in parsed.negative]
    filters: list[dict[str, Any]] = []
    for field, values in (
        ("authority", query.authority),
        ("region_levels", query.region),
        ("law_area", query.law_area),
        ("penalty_kinds", query.penalty_kind),
        ("party_kinds", query.party_kind),
    ):
        if values:
            filters.append({"terms": {field: list(values)}})
    if query.date_from or query.date_to:
        rng: dict[str, Any] = {}
        if query.date_from:
            rng["gte"] = query.date_from.isoformat()
        if query.date_to:
            rng["lte"] = query.date_to.isoformat()
        filters.append({"range": {"decision_date": rng}})
    if query.fine_min is not None or query.fine_max is not None:
        frng: dict[str, Any] = {}
        if query.fine_min is not None:
            frng["gte"] = query.fine_min
        if query.fine_max is not None:
            frng["lte"] = query.fine_max
        filters.append({"range": {"fine_total": frng}})
    boolean: dict[str, Any] = {}
    if must:
        boolean["must"] = must
    if should:
        boolean["should"] = should
    if must_not:
        boolean["must_not"] = must_not
    if filters:
        boolean["filter"] = filters
    return {"bool": boolean} if boolean else {"match_all": {}}


SORTS: dict[str, list[dict[str, Any]]] = {
    "relevance": [{"_score": "desc"}, {"sort_key": "desc"}],
    "date": [{"sort_key": "desc"}],
    "date_asc": [{"sort_key": "asc"}],
    "published": [{"pub_key": "desc"}],
}


def aggregations() -> dict[str, Any]:
    aggs: dict[str, Any] = {
        name: {"terms": {"field": name, "size": 50 if name != "year" else 40}} for name in FACET_FIELDS
    }
    aggs["fine"] = {
        "range": {
            "field": "fine_total",
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
    return aggs


def search_body(
    query: SearchQuery, sort: SortMode, search_after: list[Any] | None, word_analyzer: str | None = None
) -> dict[str, Any]:
    parsed = parse_query(query.q)
    body: dict[str, Any] = {
        "query": query_clause(query, parsed, word_analyzer),
        "sort": SORTS[sort],
        "size": query.size,
        "track_total_hits": True,
    }
    if search_after is not None:
        body["search_after"] = search_after
    if query.facets:
        body["aggs"] = aggregations()
    return body


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(
        self,
        url: str | None = None,
        alias: str = "sunshine-decisions",
        *,
        client: Any = None,
        word_analyzer: str | None = None,
        request_timeout: float = 30.0,
    ) -> None:
        if client is None:
            from elasticsearch import Elasticsearch

            if not url:
                raise SearchError("an Elasticsearch URL is required")
            client = Elasticsearch(url, request_timeout=request_timeout, retry_on_timeout=True, max_retries=2)
        self.client = client
        self.alias = alias
        self.word_analyzer = word_analyzer or None
        self._ready = False
        self._extra_targets: list[str] = []

    # -- setup -------------------------------------------------------------------------------
    def template_name(self) -> str:
        return f"{self.alias}-template"

    def ensure_ready(self) -> None:
        """Install the template and create the first index behind the alias (idempotent)."""
        if self._ready:
            return
        self.client.indices.put_index_template(
            name=self.template_name(), **index_template(self.alias, self.word_analyzer)
        )
        if not self.client.indices.exists_alias(name=self.alias):
            self.client.indices.create(
                index=self._new_index_name(), aliases={self.alias: {"is_write_index": True}}
            )
        self._ready = True

    def _new_index_name(self) -> str:
        return f"{self.alias}-{dt.datetime.now(dt.UTC).strftime('%Y%m%d%H%M%S%f')}"

    def _current_indices(self) -> list[str]:
        from elasticsearch import NotFoundError

        try:
            return sorted(self.client.indices.get_alias(name=self.alias).keys())
        except NotFoundError:
            return []

    # -- writes ------------------------------------------------------------------------------
    def _bulk(self, actions: Iterable[dict[str, Any]], *, refresh: bool = True) -> int:
        from elasticsearch import helpers

        ok = 0
        failures: list[str] = []
        for success, item in helpers.streaming_bulk(
            self.client,
            actions,
            chunk_size=500,
            max_retries=3,
            initial_backoff=BULK_INITIAL_BACKOFF,
            raise_on_error=False,
            raise_on_exception=False,
            refresh="wait_for" if refresh else False,
        ):
            op, info = next(iter(item.items()))
            if success or (op == "delete" and info.get("status") == 404):
                ok += 1
            else:
                err = info.get("error")
                kind = err.get("type") if isinstance(err, dict) else type(err).__name__
                failures.append(f"{info.get('_id')}:{op}:{info.get('status')}:{kind}")
        if failures:
            raise SearchError(f"{len(failures)} bulk operations failed: {', '.join(failures[:10])}")
        return ok

    def _index_actions(self, docs: Iterable[PublicDecision], target: str) -> Iterator[dict[str, Any]]:
        for doc in docs:
            yield {"_op_type": "index", "_index": target, "_id": doc.id, "_source": to_source(doc)}

    def index(self, docs: Sequence[PublicDecision]) -> None:
        if not docs:
            return
        self.ensure_ready()
        for target in [self.alias, *self._extra_targets]:
            self._bulk(self._index_actions(docs, target))

    def delete(self, ids: Sequence[str]) -> None:
        if not ids:
            return
        self.ensure_ready()
        for target in [self.alias, *self._extra_targets]:
            self._bulk({"_op_type": "delete", "_index": target, "_id": i} for i in ids)

    def clear(self) -> None:
        self.ensure_ready()
        self.client.delete_by_query(
            index=self.alias, query={"match_all": {}}, refresh=True, conflicts="proceed"
        )

    def rebuild(self, docs: Iterable[PublicDecision], batch_size: int = 500) -> int:
        """Zero-downtime reindex: load a new index, then move the alias in one atomic call.

        Writes made by this process while loading go to both indices; other processes keep
        writing to the old one, and the worker's reconcile job repairs that window.
        """
        self.ensure_ready()
        new = self._new_index_name()
        old = self._current_indices()
        self.client.indices.create(index=new, settings={"index": {"refresh_interval": "-1"}})
        self._extra_targets = [new]
        try:
            n = self._bulk(self._index_actions(docs, new), refresh=False)
            self.client.indices.put_settings(index=new, settings={"index": {"refresh_interval": None}})
            self.client.indices.refresh(index=new)
            actions: list[dict[str, Any]] = [{"remove": {"index": o, "alias": self.alias}} for o in old]
            actions.append({"add": {"index": new, "alias": self.alias, "is_write_index": True}})
            self.client.indices.update_aliases(actions=actions)
        except Exception:
            self._extra_targets = []
            self.client.indices.delete(index=new, ignore_unavailable=True)
            raise
        self._extra_targets = []
        for o in old:
            self.client.indices.delete(index=o, ignore_unavailable=True)
        return n

    # -- reads -------------------------------------------------------------------------------
    def get(self, id: str) -> PublicDecision | None:
        from elasticsearch import NotFoundError

        self.ensure_ready()
        try:
            res = self.client.get(index=self.alias, id=id)
        except NotFoundError:
            return None
        return from_source(res["_source"]) if res.get("found") else None

    def count(self) -> int:
        self.ensure_ready()
        return int(self.client.count(index=self.alias)["count"])

    def search(self, query: SearchQuery) -> SearchPage:
        self.ensure_ready()
        sort = query.effective_sort()
        after = decode_cursor(query, sort)
        body = search_body(query, sort, after[0] if after else None, self.word_analyzer)
        res = self.client.search(index=self.alias, **body)
        res = res.body if hasattr(res, "body") else res
        total = int(res["hits"]["total"]["value"])
        seen = after[1] if after else 0
        needles = parse_query(query.q).needles() if query.highlight else []
        hits: list[SearchHit] = []
        for h in res["hits"]["hits"]:
            decision = from_source(h["_source"])
            hl = snippet_html(decision.masked_text, needles) if query.highlight else None
            score = h.get("_score") if sort == "relevance" else None
            hits.append(SearchHit(decision=decision, score=score, highlight=hl))
        next_cursor = None
        raw_hits = res["hits"]["hits"]
        if raw_hits and seen + len(raw_hits) < total:
            next_cursor = encode_cursor(query, sort, list(raw_hits[-1]["sort"]), seen + len(raw_hits))
        facets = parse_aggregations(res.get("aggregations") or {}) if query.facets else {}
        return SearchPage(
            total=total, hits=hits, facets=facets, next_cursor=next_cursor, took_ms=res.get("took")
        )

    def close(self) -> None:
        close = getattr(self.client, "close", None)
        if callable(close):
            close()
