"""One conformance suite for every SearchBackend (tantivy always; Elasticsearch when configured).

Expected answers are computed from the corpus in Python, so each assertion states the
semantics the public relies on, not one engine's quirks.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from search.backend import SearchBackend
from search.documents import PublicDecision
from search.query import InvalidCursor, SearchQuery, sort_key
from tests.search.conftest import corpus, make_doc, mixed_corpus


def ids(backend: SearchBackend, **kw: object) -> set[str]:
    page = backend.search(SearchQuery(size=100, **kw))  # type: ignore[arg-type]
    assert page.total == len(page.hits), "test corpus fits one page"
    return {h.decision.id for h in page.hits}


def expected(pred: object) -> set[str]:
    return {d.id for d in mixed_corpus() if pred(d)}  # type: ignore[operator]


def has(d: PublicDecision, *needles: str) -> bool:
    """Contiguous text in the masked text or the searchable metadata (title, 文号, authority, basis)."""
    hay = f"{d.masked_text}\n{d.title} {d.document_number} {d.authority} {' '.join(d.legal_basis)}"
    return all(n in hay for n in needles)


def test_index_get_count_roundtrip(loaded: SearchBackend) -> None:
    docs = mixed_corpus()
    assert loaded.count() == len(docs)
    got = loaded.get("food1")
    assert got == next(d for d in docs if d.id == "food1")
    assert loaded.get("no-such-id") is None


def test_upsert_replaces_old_text(loaded: SearchBackend) -> None:
    loaded.index([make_doc("food1", "当事人销售变质奶粉，决定罚款。")])
    assert loaded.count() == len(mixed_corpus())
    assert "food1" not in ids(loaded, q="过期食品")
    assert "food1" in ids(loaded, q="变质奶粉")


def test_two_character_term_matches_substring(loaded: SearchBackend) -> None:
    assert ids(loaded, q="罚款") == expected(lambda d: has(d, "罚款"))
    assert ids(loaded, q="醉酒") == expected(lambda d: has(d, "醉酒")) >= {"drunk1", "drunk2"}


def test_phrase_is_contiguous(loaded: SearchBackend) -> None:
    found = ids(loaded, q="过期食品")
    assert found == expected(lambda d: has(d, "过期食品"))
    assert "food1" in found and "food2" not in found  # 过期的食品 is not the phrase
    assert ids(loaded, q='"醉酒驾驶"') == expected(lambda d: has(d, "醉酒驾驶"))
    both = ids(loaded, q="过期 食品")  # two terms, both present anywhere
    assert both == expected(lambda d: has(d, "过期", "食品")) and "food2" in both


def test_single_character_query(loaded: SearchBackend) -> None:
    found = ids(loaded, q="赌")
    assert "cash1" in found
    assert found == expected(lambda d: has(d, "赌"))


def test_terms_and_negation(loaded: SearchBackend) -> None:
    assert ids(loaded, q="醉酒 拘留") == expected(lambda d: has(d, "醉酒", "拘留")) >= {"drunk1"}
    assert (
        ids(loaded, q="醉酒 -拘留") == expected(lambda d: has(d, "醉酒") and not has(d, "拘留")) >= {"drunk2"}
    )


@pytest.mark.parametrize(
    ("params", "pred"),
    [
        ({"authority": ["杭州市公安局西湖分局"]}, lambda d: d.authority == "杭州市公安局西湖分局"),
        ({"region": ["33"]}, lambda d: (d.region_code or "").startswith("33")),
        ({"region": ["3301"]}, lambda d: (d.region_code or "").startswith("3301")),
        ({"region": ["331002", "330203"]}, lambda d: d.region_code in ("331002", "330203")),
        ({"law_area": ["traffic", "fire"]}, lambda d: d.law_area in ("traffic", "fire")),
        ({"penalty_kind": ["detention"]}, lambda d: "detention" in d.penalty_kinds),
        ({"party_kind": ["legal_person"]}, lambda d: "legal_person" in d.party_kinds),
        (
            {"date_from": dt.date(2019, 5, 3), "date_to": dt.date(2021, 3, 1)},
            lambda d: dt.date(2019, 5, 3) <= d.decision_date <= dt.date(2021, 3, 1),
        ),
        ({"fine_min": 1000, "fine_max": 5000}, lambda d: 1000 <= d.fine_total <= 5000),
        ({"fine_min": 10000}, lambda d: d.fine_total >= 10000),
    ],
)
def test_filters(loaded: SearchBackend, params: dict[str, object], pred: object) -> None:
    assert ids(loaded, **params) == expected(pred)


def test_filters_combine_with_text(loaded: SearchBackend) -> None:
    got = ids(loaded, q="醉酒驾驶", region=["331002"], penalty_kind=["fine"])
    assert got == expected(
        lambda d: has(d, "醉酒驾驶") and d.region_code == "331002" and "fine" in d.penalty_kinds
    )
    assert "drunk1" in got and "drunk2" not in got


def test_facet_counts_match_the_result_set(loaded: SearchBackend) -> None:
    page = loaded.search(SearchQuery(q="罚款", size=5))
    matching = [d for d in mixed_corpus() if has(d, "罚款")]
    assert page.total == len(matching)
    law = {b.value: b.count for b in page.facets["law_area"]}
    assert law == dict(Counter(d.law_area for d in matching))
    pk = {b.value: b.count for b in page.facets["penalty_kinds"]}
    assert pk == dict(Counter(k for d in matching for k in d.penalty_kinds))
    years = {b.value: b.count for b in page.facets["year"]}
    assert years == {str(k): v for k, v in Counter(d.decision_date.year for d in matching).items()}
    fines = {b.value: b.count for b in page.facets["fine"]}
    assert sum(fines.values()) == len(matching)
    assert fines["10000-"] == sum(1 for d in matching if d.fine_total >= 10000)


def test_sort_by_date_both_ways(loaded: SearchBackend) -> None:
    docs = mixed_corpus()
    order = [d.id for d in sorted(docs, key=lambda d: sort_key(d.decision_date, d.id), reverse=True)]
    page = loaded.search(SearchQuery(sort="date", size=100, facets=False))
    assert [h.decision.id for h in page.hits] == order
    page = loaded.search(SearchQuery(sort="date_asc", size=100, facets=False))
    assert [h.decision.id for h in page.hits] == order[::-1]


def test_relevance_prefers_more_matches(backend_factory: object) -> None:
    backend = backend_factory()  # type: ignore[operator]
    backend.index(corpus())
    page = backend.search(SearchQuery(q="醉酒驾驶"))
    assert page.hits[0].decision.id == "drunk2"  # says it twice
    assert page.hits[0].score is not None and page.hits[0].score >= page.hits[1].score  # type: ignore[operator]


def _walk(backend: SearchBackend, query: SearchQuery) -> list[str]:
    seen: list[str] = []
    cursor = None
    for _ in range(200):
        page = backend.search(query.model_copy(update={"cursor": cursor}))
        seen.extend(h.decision.id for h in page.hits)
        cursor = page.next_cursor
        if cursor is None:
            return seen
    raise AssertionError("cursor never ended")


@pytest.mark.parametrize("sort", ["date", "date_asc", "relevance", "published"])
def test_cursor_walks_every_hit_once(loaded: SearchBackend, sort: str) -> None:
    q = "" if sort != "relevance" else "罚款"
    walked = _walk(loaded, SearchQuery(q=q, sort=sort, size=3, facets=False))  # type: ignore[arg-type]
    full = loaded.search(SearchQuery(q=q, sort=sort, size=100, facets=False))  # type: ignore[arg-type]
    assert walked == [h.decision.id for h in full.hits]
    assert len(walked) == len(set(walked)) == full.total


def test_cursor_is_stable_when_newer_decisions_arrive(loaded: SearchBackend) -> None:
    first = loaded.search(SearchQuery(sort="date", size=5, facets=False))
    newest = make_doc("late1", "新公示的决定，罚款二百元。", decision_date=dt.date(2025, 1, 1))
    loaded.index([newest])
    second = loaded.search(SearchQuery(sort="date", size=5, facets=False, cursor=first.next_cursor))
    everything = loaded.search(SearchQuery(sort="date", size=100, facets=False))
    order = [h.decision.id for h in everything.hits if h.decision.id != "late1"]
    assert [h.decision.id for h in first.hits] + [h.decision.id for h in second.hits] == order[:10]


def test_relevance_cursor_survives_new_matching_decisions(loaded: SearchBackend) -> None:
    q = SearchQuery(q="罚款", size=5, facets=False)
    before = [h.decision.id for h in loaded.search(q.model_copy(update={"size": 10})).hits]
    first = loaded.search(q)
    loaded.index([make_doc("late2", "罚款罚款罚款，新公示的决定罚款。", decision_date=dt.date(2025, 1, 2))])
    second = loaded.search(q.model_copy(update={"cursor": first.next_cursor}))
    assert [h.decision.id for h in first.hits] + [h.decision.id for h in second.hits] == before


def test_cursor_from_another_query_is_refused(loaded: SearchBackend) -> None:
    page = loaded.search(SearchQuery(q="罚款", size=2))
    assert page.next_cursor
    with pytest.raises(InvalidCursor):
        loaded.search(SearchQuery(q="醉酒", size=2, cursor=page.next_cursor))
    with pytest.raises(InvalidCursor):
        loaded.search(SearchQuery(q="罚款", size=2, cursor="not-a-cursor"))


def test_highlight_marks_matches_and_escapes_text(loaded: SearchBackend) -> None:
    page = loaded.search(SearchQuery(q="过期食品", size=100))
    assert all("<mark>过期食品</mark>" in (h.highlight or "") for h in page.hits)
    page = loaded.search(SearchQuery(q="网络", authority=["台州市公安局椒江分局"]))
    hl = page.hits[0].highlight or ""
    assert "<mark>网络</mark>" in hl
    assert "<script>" not in hl and "&lt;script&gt;" in hl
    page = loaded.search(SearchQuery(q="网络", highlight=False))
    assert page.hits[0].highlight is None


def test_delete_is_visible_immediately(loaded: SearchBackend) -> None:
    assert "drunk1" in ids(loaded, q="醉酒")
    loaded.delete(["drunk1", "never-existed"])
    assert ids(loaded, q="醉酒") == expected(lambda d: has(d, "醉酒")) - {"drunk1"}
    assert loaded.get("drunk1") is None
    assert loaded.count() == len(mixed_corpus()) - 1


def test_clear(loaded: SearchBackend) -> None:
    loaded.clear()
    assert loaded.count() == 0
    assert loaded.search(SearchQuery(q="罚款")).total == 0


def test_rebuild_replaces_everything(loaded: SearchBackend) -> None:
    only = [make_doc("r1", "重建后的唯一决定，罚款。")]
    assert loaded.rebuild(only) == 1
    assert loaded.count() == 1
    assert ids(loaded) == {"r1"}


def test_empty_query_lists_newest_first(loaded: SearchBackend) -> None:
    page = loaded.search(SearchQuery(size=1))
    newest = max(mixed_corpus(), key=lambda d: sort_key(d.decision_date, d.id))
    assert page.hits[0].decision.id == newest.id
    assert page.total == len(mixed_corpus())


def test_results_are_public_decisions_only(loaded: SearchBackend) -> None:
    page = loaded.search(SearchQuery(q="罚款", size=3))
    for hit in page.hits:
        assert isinstance(hit.decision, PublicDecision)
        assert set(hit.decision.model_dump()) == set(PublicDecision.model_fields)
