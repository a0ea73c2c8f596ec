"""The Elasticsearch backend's exact requests, against a recording loopback server.

No Elasticsearch server can run on this machine (tech-notes §3.1), so these tests pin down what
the real client library sends; the shared conformance suite runs against a real cluster when
SUNSHINE_TEST_ELASTICSEARCH_URL is set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from search.backend import SearchError
from search.es_backend import ElasticsearchBackend, index_template, search_body, to_source
from search.query import SearchQuery, decode_cursor
from tests.search.conftest import corpus
from tests.search.fake_es import FakeElasticsearch

ALIAS = "sunshine-decisions"


@pytest.fixture
def fake() -> Iterator[FakeElasticsearch]:
    server = FakeElasticsearch(alias_exists=True)
    yield server
    server.close()


@pytest.fixture
def es(fake: FakeElasticsearch) -> Iterator[ElasticsearchBackend]:
    backend = ElasticsearchBackend(fake.url, alias=ALIAS)
    yield backend
    backend.close()


def test_index_template_uses_cjk_bigrams_and_strict_mapping() -> None:
    body = index_template(ALIAS)
    assert body["index_patterns"] == [f"{ALIAS}-*"]
    analysis = body["template"]["settings"]["analysis"]["analyzer"]
    assert analysis["sunshine_cjk"] == {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["cjk_width", "lowercase", "cjk_bigram"],
    }
    mappings = body["template"]["mappings"]
    assert mappings["dynamic"] == "strict"
    props = mappings["properties"]
    assert props["masked_text"] == {"type": "text", "analyzer": "sunshine_cjk"}
    assert props["masked_words"]["analyzer"] == "sunshine_pre_segmented"
    assert {
        props[k]["type"] for k in ("authority", "law_area", "penalty_kinds", "party_kinds", "region_levels")
    } == {"keyword"}
    assert props["fine_total"]["type"] == "double" and props["decision_date"]["type"] == "date"
    assert mappings["_source"]["excludes"] == ["title_text", "masked_words"]
    # every field we send is mapped (dynamic: strict would reject the document otherwise)
    assert set(to_source(corpus()[0])) <= set(props)


@pytest.mark.parametrize(
    ("analyzer", "sub"),
    [
        ("smartcn", {"type": "text", "analyzer": "smartcn"}),
        ("ik", {"type": "text", "analyzer": "ik_max_word", "search_analyzer": "ik_smart"}),
    ],
)
def test_index_template_word_analyzer_plugins(analyzer: str, sub: dict[str, str]) -> None:
    props = index_template(ALIAS, analyzer)["template"]["mappings"]["properties"]
    assert props["masked_text"]["fields"]["words"] == sub
    with pytest.raises(SearchError):
        index_template(ALIAS, "hanlp")


def test_first_use_installs_template_and_creates_aliased_index() -> None:
    fake = FakeElasticsearch(alias_exists=False)
    try:
        backend = ElasticsearchBackend(fake.url, alias=ALIAS)
        backend.ensure_ready()
        put_template, head_alias, create = fake.requests[:3]
        assert (put_template.method, put_template.path) == ("PUT", f"/_index_template/{ALIAS}-template")
        assert put_template.json() == index_template(ALIAS)
        assert (head_alias.method, head_alias.path) == ("HEAD", f"/_alias/{ALIAS}")
        assert create.method == "PUT" and create.path.startswith(f"/{ALIAS}-")
        assert create.json() == {"aliases": {ALIAS: {"is_write_index": True}}}
        backend.ensure_ready()
        assert len(fake.requests) == 3  # idempotent, once per process
    finally:
        fake.close()


def test_index_sends_bulk_with_wait_for_refresh(fake: FakeElasticsearch, es: ElasticsearchBackend) -> None:
    docs = corpus()[:3]
    es.index(docs)
    (bulk,) = fake.calls("POST", "/_bulk") or fake.calls("PUT", "/_bulk")
    assert bulk.query["refresh"] == ["wait_for"]
    lines = bulk.ndjson()
    assert lines[0] == {"index": {"_index": ALIAS, "_id": docs[0].id}}
    assert lines[1] == to_source(docs[0])
    assert lines[1]["masked_text"] == docs[0].masked_text
    assert lines[1]["region_levels"] == ["33", "3301", "330106"]
    assert len(lines) == 6


def test_bulk_errors_raise_with_ids_and_types_but_no_text(
    fake: FakeElasticsearch, es: ElasticsearchBackend
) -> None:
    secret_reason = "failed to parse field [masked_text] 当事人李某"
    fake.bulk_failures["food2"] = {
        "status": 400,
        "error": {"type": "mapper_parsing_exception", "reason": secret_reason},
    }
    with pytest.raises(SearchError) as info:
        es.index(corpus()[:3])
    msg = str(info.value)
    assert "food2" in msg and "mapper_parsing_exception" in msg and "1 bulk operations failed" in msg
    assert "李某" not in msg and "food1" not in msg


def test_bulk_retries_rejections(fake: FakeElasticsearch, es: ElasticsearchBackend) -> None:
    fake.bulk_failures["food1"] = {"status": 429, "error": {"type": "es_rejected_execution_exception"}}
    original = fake._bulk

    def once(r):  # type: ignore[no-untyped-def]
        out = original(r)
        fake.bulk_failures.clear()  # the cluster recovers after the first rejection
        return out

    fake._bulk = once  # type: ignore[method-assign]
    import search.es_backend as mod

    monkey_backoff = pytest.MonkeyPatch()
    monkey_backoff.setattr(mod, "BULK_INITIAL_BACKOFF", 0.01)
    try:
        es.index(corpus()[:2])
    finally:
        monkey_backoff.undo()
    bulks = fake.calls(path_part="/_bulk")
    assert len(bulks) == 2
    assert [line for line in bulks[1].ndjson() if "index" in line] == [
        {"index": {"_index": ALIAS, "_id": "food1"}}
    ]


def test_delete_ignores_missing_documents(fake: FakeElasticsearch, es: ElasticsearchBackend) -> None:
    fake.missing_on_delete.add("gone")
    es.delete(["food1", "gone"])
    (bulk,) = fake.calls(path_part="/_bulk")
    assert bulk.ndjson() == [
        {"delete": {"_index": ALIAS, "_id": "food1"}},
        {"delete": {"_index": ALIAS, "_id": "gone"}},
    ]
    assert bulk.query["refresh"] == ["wait_for"]


def test_search_request_body_is_exact() -> None:
    q = SearchQuery(
        q='醉酒驾驶 罚 -拘留 "过期 食品"',
        law_area=["traffic"],
        region=["3301"],
        penalty_kind=["fine", "detention"],
        date_from=dt.date(2020, 1, 1),
        date_to=dt.date(2022, 12, 31),
        fine_min=100,
        size=10,
    )
    body = search_body(q, "relevance", [3.5, 12345])
    phrase = lambda t: {  # noqa: E731
        "bool": {
            "should": [
                {"match_phrase": {"masked_text": {"query": t}}},
                {"match_phrase": {"title_text": {"query": t, "boost": 2.0}}},
            ],
            "minimum_should_match": 1,
        }
    }
    single = {
        "bool": {
            "should": [
                {"regexp": {"masked_text": {"value": "罚.?|.罚"}}},
                {"regexp": {"title_text": {"value": "罚.?|.罚", "boost": 2.0}}},
            ],
            "minimum_should_match": 1,
        }
    }
    assert body == {
        "query": {
            "bool": {
                "must": [phrase("醉酒驾驶"), single, phrase("过期 食品")],
                "should": [
                    {"match": {"masked_words": {"query": "醉酒 驾驶"}}},
                    {"match": {"masked_words": {"query": "罚"}}},
                    {"match": {"masked_words": {"query": "过期 食品"}}},
                ],
                "must_not": [phrase("拘留")],
                "filter": [
                    {"terms": {"region_levels": ["3301"]}},
                    {"terms": {"law_area": ["traffic"]}},
                    {"terms": {"penalty_kinds": ["fine", "detention"]}},
                    {"range": {"decision_date": {"gte": "2020-01-01", "lte": "2022-12-31"}}},
                    {"range": {"fine_total": {"gte": 100.0}}},
                ],
            }
        },
        "sort": [{"_score": "desc"}, {"sort_key": "desc"}],
        "size": 10,
        "track_total_hits": True,
        "search_after": [3.5, 12345],
        "aggs": body["aggs"],
    }
    assert body["aggs"]["law_area"] == {"terms": {"field": "law_area", "size": 50}}
    assert body["aggs"]["fine"]["range"]["field"] == "fine_total"
    assert search_body(SearchQuery(facets=False), "date", None) == {
        "query": {"match_all": {}},
        "sort": [{"sort_key": "desc"}],
        "size": 20,
        "track_total_hits": True,
    }


def test_search_parses_hits_facets_and_cursor(fake: FakeElasticsearch, es: ElasticsearchBackend) -> None:
    docs = corpus()[:2]
    sources = []
    for d in docs:
        src = to_source(d)
        for k in ("masked_words", "title_text"):
            src.pop(k)  # excluded from _source by the mapping
        sources.append(src)
    fake.search_response = {
        "took": 4,
        "hits": {
            "total": {"value": 7, "relation": "eq"},
            "hits": [
                {"_id": d.id, "_score": 2.5 - i, "_source": s, "sort": [2.5 - i, 100 - i]}
                for i, (d, s) in enumerate(zip(docs, sources, strict=True))
            ],
        },
        "aggregations": {
            "law_area": {"buckets": [{"key": "other", "doc_count": 5}, {"key": "traffic", "doc_count": 2}]},
            "year": {"buckets": [{"key": 2021, "doc_count": 4}, {"key": 2020, "doc_count": 3}]},
            "fine": {"buckets": [{"key": "0", "doc_count": 1}, {"key": "0-500", "doc_count": 6}]},
        },
    }
    q = SearchQuery(q="食品", size=2)
    page = es.search(q)
    (req,) = fake.calls(path_part="/_search")
    assert req.path == f"/{ALIAS}/_search"
    assert req.json() == search_body(q, "relevance", None)
    assert page.total == 7 and [h.decision for h in page.hits] == docs
    assert "<mark>食品</mark>" in (page.hits[0].highlight or "")
    assert [(b.value, b.count) for b in page.facets["law_area"]] == [("other", 5), ("traffic", 2)]
    assert [b.value for b in page.facets["year"]] == ["2021", "2020"]
    assert page.next_cursor is not None
    after, seen = decode_cursor(q.model_copy(update={"cursor": page.next_cursor}), "relevance")  # type: ignore[misc]
    assert after == [1.5, 99] and seen == 2
    es.search(q.model_copy(update={"cursor": page.next_cursor}))
    assert fake.calls(path_part="/_search")[-1].json()["search_after"] == [1.5, 99]


def test_rebuild_swaps_alias_atomically(fake: FakeElasticsearch, es: ElasticsearchBackend) -> None:
    fake.aliases = {f"{ALIAS}-old": {"aliases": {ALIAS: {}}}}
    n = es.rebuild(iter(corpus()))
    assert n == len(corpus())
    seq = [
        (r.method, r.path)
        for r in fake.requests
        if "_index_template" not in r.path and "/_alias/" not in r.path
    ]
    new = seq[0][1].strip("/")
    assert new.startswith(f"{ALIAS}-") and new != f"{ALIAS}-old"
    assert seq == [
        ("PUT", f"/{new}"),
        ("PUT", "/_bulk"),
        ("PUT", f"/{new}/_settings"),
        ("POST", f"/{new}/_refresh"),
        ("POST", "/_aliases"),
        ("DELETE", f"/{ALIAS}-old"),
    ]
    create = fake.requests[[r.path for r in fake.requests].index(f"/{new}")]
    assert create.json() == {"settings": {"index": {"refresh_interval": "-1"}}}
    bulk = fake.calls(path_part="/_bulk")[0]
    assert {line["index"]["_index"] for line in bulk.ndjson() if "index" in line} == {new}
    assert fake.calls("POST", "/_aliases")[0].json() == {
        "actions": [
            {"remove": {"index": f"{ALIAS}-old", "alias": ALIAS}},
            {"add": {"index": new, "alias": ALIAS, "is_write_index": True}},
        ]
    }
    assert fake.calls("PUT", "/_settings")[0].json() == {"index": {"refresh_interval": None}}


def test_get_backend_picks_elasticsearch_from_settings(tmp_path: Path) -> None:
    from search.backend import get_backend, reset_backends
    from sunshine.settings import Settings

    settings = Settings(
        home=tmp_path,
        search_backend="elasticsearch",
        elasticsearch_url="http://127.0.0.1:9",
        elasticsearch_index="x",
    )
    try:
        backend = get_backend(settings)
        assert isinstance(backend, ElasticsearchBackend) and backend.alias == "x"
        assert get_backend(settings) is backend
        with pytest.raises(SearchError):
            get_backend(Settings(home=tmp_path, search_backend="elasticsearch"))
    finally:
        reset_backends()
