"""Search fixtures: a small hand-made corpus plus synthetic decisions, and backend factories.

The conformance suite runs on every backend: tantivy always, Elasticsearch when
``SUNSHINE_TEST_ELASTICSEARCH_URL`` points at a cluster (its own throw-away alias per test).
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from search.backend import SearchBackend
from search.documents import PublicDecision
from search.synthetic import synthetic_decisions

ES_URL = os.environ.get("SUNSHINE_TEST_ELASTICSEARCH_URL")


def make_doc(doc_id: str, text: str, **kw: object) -> PublicDecision:
    base: dict[str, object] = {
        "id": doc_id,
        "document_number": f"椒公（治）行罚决字〔2019〕{zlib.crc32(doc_id.encode()) % 90000 + 10000}号",
        "title": "台州市公安局椒江分局行政处罚决定书",
        "authority": "台州市公安局椒江分局",
        "region_code": "331002",
        "law_area": "public_order",
        "penalty_kinds": ["fine"],
        "party_kinds": ["natural_person"],
        "decision_date": dt.date(2019, 5, 3),
        "fine_total": 200.0,
        "legal_basis": ["《中华人民共和国治安管理处罚法》第四十三条第一款"],
        "masked_text": text,
        "published_at": dt.datetime(2019, 5, 10, 9, 0),
        "display_until": dt.date(2020, 5, 3),
        "severity": "general",
    }
    base.update(kw)
    return PublicDecision.model_validate(base)


def corpus() -> list[PublicDecision]:
    """Hand-made cases whose expected answers are obvious from reading them."""
    return [
        make_doc(
            "food1",
            "当事人李某在某超市销售过期食品，违反了《中华人民共和国食品安全法》，决定处以罚款。",
            law_area="other",
            party_kinds=["individual_business"],
            fine_total=5000.0,
            decision_date=dt.date(2021, 3, 1),
            authority="杭州市公安局西湖分局",
            region_code="330106",
        ),
        make_doc(
            "food2",
            "当事人在仓库存放过期的食品若干，予以警告。",
            law_area="other",
            penalty_kinds=["warning"],
            fine_total=0.0,
            decision_date=dt.date(2020, 7, 9),
            authority="杭州市公安局西湖分局",
            region_code="330106",
        ),
        make_doc(
            "drunk1",
            "违法行为人王某醉酒驾驶机动车，经检验血液酒精含量超标，决定行政拘留并处罚款二千元。",
            law_area="traffic",
            penalty_kinds=["detention", "fine"],
            fine_total=2000.0,
            decision_date=dt.date(2022, 1, 15),
        ),
        make_doc(
            "drunk2",
            "违法行为人赵某饮酒后驾驶机动车，醉酒驾驶情节较轻，决定罚款一千元。醉酒驾驶危害公共安全。",
            law_area="traffic",
            fine_total=1000.0,
            decision_date=dt.date(2022, 6, 30),
            region_code="330102",
            authority="杭州市公安局上城分局",
        ),
        make_doc(
            "fight1",
            "违法行为人周某在某酒吧内殴打他人，致一人轻微伤，决定行政拘留七日。",
            penalty_kinds=["detention"],
            fine_total=0.0,
            decision_date=dt.date(2019, 5, 3),
        ),
        make_doc(
            "fire1",
            "某餐饮有限公司占用疏散通道，违反了消防法规定，决定罚款人民币五万元。",
            law_area="fire",
            party_kinds=["legal_person"],
            fine_total=50000.0,
            decision_date=dt.date(2023, 11, 20),
            authority="宁波市公安局海曙分局",
            region_code="330203",
        ),
        make_doc(
            "xss1",
            "当事人在网络上发布<script>alert('x')</script>等信息，扰乱公共秩序，决定罚款五百元。",
            law_area="cyber",
            fine_total=500.0,
            decision_date=dt.date(2024, 2, 2),
        ),
        make_doc(
            "cash1",
            "违法行为人吴某参与赌博，赌资较大，决定罚款。",
            fine_total=800.0,
            decision_date=dt.date(2018, 8, 8),
        ),
    ]


def mixed_corpus() -> list[PublicDecision]:
    return corpus() + list(synthetic_decisions(40, seed=7))


def _es_backend() -> SearchBackend:
    from search.es_backend import ElasticsearchBackend

    assert ES_URL
    return ElasticsearchBackend(ES_URL, alias=f"sunshine-test-{uuid.uuid4().hex[:8]}")


def _es_cleanup(backend: SearchBackend) -> None:
    """Delete by concrete names: clusters refuse wildcard deletes (destructive_requires_name)."""
    client = backend.client  # type: ignore[attr-defined]
    alias = backend.alias  # type: ignore[attr-defined]
    names = list(
        client.indices.get(index=f"{alias}-*", ignore_unavailable=True, allow_no_indices=True).keys()
    )
    if names:
        client.indices.delete(index=",".join(names), ignore_unavailable=True)
    client.options(ignore_status=404).indices.delete_index_template(name=f"{alias}-template")


@pytest.fixture(params=["tantivy", "elasticsearch"])
def backend_factory(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[object]:
    """Builds an empty backend of the parametrised kind (call it; may be called once)."""
    made: list[SearchBackend] = []

    def make() -> SearchBackend:
        if request.param == "tantivy":
            from search.tantivy_backend import TantivyBackend

            b: SearchBackend = TantivyBackend(tmp_path / f"index{len(made)}")
        else:
            if not ES_URL:
                pytest.skip(
                    "SUNSHINE_TEST_ELASTICSEARCH_URL not set: no Elasticsearch server can run on this machine"
                )
            b = _es_backend()
        made.append(b)
        return b

    yield make
    for b in made:
        if request.param == "elasticsearch":
            _es_cleanup(b)
        b.close()


@pytest.fixture
def loaded(backend_factory: object) -> SearchBackend:
    b = backend_factory()  # type: ignore[operator]
    b.index(mixed_corpus())
    return b
