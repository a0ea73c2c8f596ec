"""tantivy specifics: several processes share one index directory (API publishes, worker withdraws)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from search.analysis import bigram_tokens, parse_query
from search.backend import SearchError
from search.query import SearchQuery
from search.tantivy_backend import TantivyBackend
from tests.search.conftest import corpus, make_doc


def test_second_writer_waits_for_the_lock_then_commits(tmp_path: Path) -> None:
    api = TantivyBackend(tmp_path / "idx")
    worker = TantivyBackend(tmp_path / "idx")
    api.index(corpus())
    errors: list[BaseException] = []

    def publish_late() -> None:
        try:
            worker.index([make_doc("late", "迟到的公示决定，罚款一百元。")])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    with api._writer() as w:  # another process is writing (holds the lock)
        w.delete_documents_by_term("id", "cash1")
        t = threading.Thread(target=publish_late)
        started = time.monotonic()
        t.start()
        time.sleep(0.4)
        assert t.is_alive(), "the second writer must wait, not fail"
    t.join(10)
    assert not errors and time.monotonic() - started >= 0.35
    assert api.get("late") is not None and api.get("cash1") is None
    assert worker.get("cash1") is None  # the worker's reader reloads too


def test_reader_sees_commits_of_another_instance(tmp_path: Path) -> None:
    a = TantivyBackend(tmp_path / "idx")
    b = TantivyBackend(tmp_path / "idx")
    a.index(corpus())
    assert b.search(SearchQuery(q="醉酒")).total >= 2
    b.delete(["drunk1", "drunk2"])
    assert a.search(SearchQuery(q="醉酒")).total == 0


def test_foreign_or_old_index_is_refused(tmp_path: Path) -> None:
    TantivyBackend(tmp_path / "idx").index(corpus()[:1])
    (tmp_path / "idx" / "sunshine-schema").write_text("0")
    with pytest.raises(SearchError, match="reindex"):
        TantivyBackend(tmp_path / "idx")


def test_bigram_analysis_matches_es_cjk_behaviour() -> None:
    assert bigram_tokens("过期食品") == ["过期", "期食", "食品"]
    assert bigram_tokens("罚") == ["罚"]  # a lone CJK character stays a unigram
    assert bigram_tokens("２０１９年ＡＢ，罚款") == ["2019", "年", "ab", "罚款"]  # width folding, lower case
    assert bigram_tokens("食品，违反") == ["食品", "违反"]  # no bigram across punctuation


def test_query_syntax() -> None:
    terms = parse_query('罚款 "过期 食品" -醉酒 “酒后驾驶”').terms
    assert [(t.text, t.phrase, t.negated) for t in terms] == [
        ("罚款", False, False),
        ("过期 食品", True, False),
        ("醉酒", False, True),
        ("酒后驾驶", True, False),
    ]
    assert parse_query('未闭合"引号').terms[0].text == "未闭合"
    assert parse_query("   ").empty
