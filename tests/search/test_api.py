"""The public API, feed and pages on a small app assembled from the search routers.

The app uses a real tantivy index in tmp_path and a real SQLite database (for the
withdrawal notices), as the lead's app does; only the wiring is local to the test.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker

from search import api, pages
from search.tantivy_backend import TantivyBackend
from search.web import reset_rate_limits
from sunshine.models import Base, DecisionRow
from tests.search.conftest import corpus, make_doc

ATOM = "{http://www.w3.org/2005/Atom}"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, object]]:
    from sunshine.settings import reset_settings_cache

    monkeypatch.setenv("SUNSHINE_HOME", str(tmp_path / "var"))
    monkeypatch.setenv("SUNSHINE_RATE_LIMIT", "1000/minute")
    monkeypatch.setenv("SUNSHINE_BASE_URL", "https://sunshine.example")
    reset_settings_cache()
    reset_rate_limits()
    backend = TantivyBackend(tmp_path / "index")
    backend.index(corpus())
    engine = create_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    Base.metadata.create_all(engine)
    factory = sessionmaker(bind=engine, expire_on_commit=False)

    def session_dep() -> Iterator[Session]:
        with factory() as s:
            yield s

    app = FastAPI()
    app.include_router(api.router)
    app.include_router(pages.router)
    app.state.search_backend = backend
    app.dependency_overrides[api.get_session] = session_dep
    with TestClient(app) as client:
        yield {"client": client, "backend": backend, "factory": factory, "index_dir": tmp_path / "index"}
    reset_settings_cache()
    reset_rate_limits()


def add_row(factory: sessionmaker[Session], doc_id: str, state: str, notice: str | None = None) -> None:
    with factory() as s:
        s.add(
            DecisionRow(
                id=doc_id,
                source="test",
                external_id=doc_id,
                version=1,
                content_hash="0" * 64,
                state=state,
                document_number="椒公（治）行罚决字〔2019〕1号",
                authority_name="台州市公安局椒江分局",
                region_code="331002",
                decision_date=dt.date(2019, 5, 3),
                procedure="general",
                payload_enc=b"\x00",
                masked_text="x" * 30,
                public_notice=notice,
                withdrawn_at=dt.datetime(2019, 8, 2, 10, 0) if notice else None,
            )
        )
        s.commit()


def client(env: dict[str, object]) -> TestClient:
    return env["client"]  # type: ignore[return-value]


def test_search_api_shape_filters_and_highlight(env: dict[str, object]) -> None:
    c = client(env)
    r = c.get("/api/v1/decisions", params={"q": "醉酒驾驶", "law_area": "traffic"})
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == 2 and body["count"] == 2
    first = body["results"][0]
    assert first["id"] == "drunk2" and "<mark>醉酒驾驶</mark>" in first["highlight"]
    assert "masked_text" not in first and first["url"] == "/decisions/drunk2"
    assert {b["value"] for b in body["facets"]["law_area"]} == {"traffic"}
    r = c.get("/api/v1/decisions", params=[("penalty_kind", "detention"), ("penalty_kind", "warning")])
    assert {x["id"] for x in r.json()["results"]} == {"drunk1", "fight1", "food2"}


def test_search_api_cursor_and_next_link(env: dict[str, object]) -> None:
    c = client(env)
    seen: list[str] = []
    url: str | None = "/api/v1/decisions?sort=date&size=3"
    while url:
        body = c.get(url).json()
        seen += [x["id"] for x in body["results"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == len(corpus())
    assert c.get("/api/v1/decisions", params={"cursor": "garbage"}).status_code == 400


@pytest.mark.parametrize("params", [{"size": 101}, {"region": "3"}, {"sort": "random"}, {"fine_min": -1}])
def test_search_api_rejects_bad_parameters(env: dict[str, object], params: dict[str, object]) -> None:
    assert client(env).get("/api/v1/decisions", params=params).status_code == 422


def test_etag_and_cache_control(env: dict[str, object]) -> None:
    c = client(env)
    r = c.get("/api/v1/decisions", params={"q": "罚款"})
    tag = r.headers["etag"]
    assert r.headers["cache-control"].startswith("public, max-age=")
    again = c.get("/api/v1/decisions", params={"q": "罚款"}, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    other = c.get("/api/v1/decisions", params={"q": "醉酒"}, headers={"If-None-Match": tag})
    assert other.status_code == 200
    d = c.get("/api/v1/decisions/food1")
    assert c.get("/api/v1/decisions/food1", headers={"If-None-Match": d.headers["etag"]}).status_code == 304


def test_decision_detail(env: dict[str, object]) -> None:
    c = client(env)
    r = c.get("/api/v1/decisions/food1")
    assert r.status_code == 200
    body = r.json()
    assert body["masked_text"].startswith("当事人李某") and body["display_until"] == "2020-05-03"
    assert c.get("/api/v1/decisions/nope").status_code == 404


def test_withdrawn_decision_is_410_with_reason(env: dict[str, object]) -> None:
    c = client(env)
    add_row(env["factory"], "fight1", "withdrawn", "行政复议撤销原处罚决定")  # type: ignore[arg-type]
    env["backend"].delete(["fight1"])  # type: ignore[attr-defined]
    r = c.get("/api/v1/decisions/fight1")
    assert r.status_code == 410
    body = r.json()
    assert body["reason"] == "行政复议撤销原处罚决定" and body["state"] == "withdrawn"
    assert "第四十八条" in body["legal_basis_for_notice"]
    page = c.get("/decisions/fight1")
    assert page.status_code == 410
    assert "行政复议撤销原处罚决定" in page.text and "第四十八条" in page.text and "殴打" not in page.text


def test_unpublished_row_is_never_served_even_if_indexed(env: dict[str, object]) -> None:
    add_row(env["factory"], "cash1", "in_review")  # type: ignore[arg-type]
    assert client(env).get("/api/v1/decisions/cash1").status_code == 404
    assert client(env).get("/decisions/cash1").status_code == 404


def test_atom_feed_accepts_filters(env: dict[str, object]) -> None:
    c = client(env)
    r = c.get("/feeds/decisions.atom", params={"law_area": "traffic"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(r.content)
    entries = root.findall(f"{ATOM}entry")
    assert {e.find(f"{ATOM}id").text for e in entries} == {  # type: ignore[union-attr]
        "https://sunshine.example/decisions/drunk1",
        "https://sunshine.example/decisions/drunk2",
    }
    everything = ET.fromstring(c.get("/feeds/decisions.atom").content).findall(f"{ATOM}entry")
    assert len(everything) == len(corpus())
    assert "etag" in r.headers


def test_rate_limit_per_client(env: dict[str, object], monkeypatch: pytest.MonkeyPatch) -> None:
    from sunshine.settings import reset_settings_cache

    monkeypatch.setenv("SUNSHINE_RATE_LIMIT", "3/minute")
    reset_settings_cache()
    reset_rate_limits()
    c = client(env)
    codes = [c.get("/api/v1/decisions").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    r = c.get("/feeds/decisions.atom")
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1


def test_openapi_documents_the_public_api(env: dict[str, object]) -> None:
    spec = client(env).get("/openapi.json").json()
    assert "/api/v1/decisions" in spec["paths"] and "/api/v1/decisions/{decision_id}" in spec["paths"]
    params = {p["name"] for p in spec["paths"]["/api/v1/decisions"]["get"]["parameters"]}
    assert {
        "q",
        "authority",
        "region",
        "law_area",
        "penalty_kind",
        "party_kind",
        "date_from",
        "fine_max",
        "cursor",
        "sort",
    } <= params


def test_search_page_renders_chinese_facets_and_escapes(env: dict[str, object]) -> None:
    c = client(env)
    r = c.get("/", params={"q": "网络"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert '<html lang="zh-CN">' in html and "共找到 1 件" in html
    assert "<mark>网络</mark>" in html
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    r = c.get("/", params={"q": "<script>x</script>"})
    assert "<script>x</script>" not in r.text
    r = c.get("/")
    assert 'href="/?law_area=traffic"' in r.text  # facet links work without JavaScript
    assert r.text.count('class="hit"') == len(corpus())
    r = c.get("/", params={"law_area": "traffic"})
    assert 'aria-current="true"' in r.text and "共找到 2 件" in r.text


def test_search_page_paginates_with_links(env: dict[str, object]) -> None:
    c = client(env)
    r = c.get("/", params={"size": 3, "sort": "date"})
    assert 'rel="next"' in r.text
    href = r.text.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    assert "cursor=" in href
    assert c.get(href).status_code == 200 and "回到第一页" in c.get(href).text


def test_decision_page(env: dict[str, object]) -> None:
    c = client(env)
    r = c.get("/decisions/food1")
    assert r.status_code == 200
    assert "公示截止期" in r.text and "2020-05-03" in r.text and "当事人李某" in r.text
    assert c.get("/decisions/unknown").status_code == 404


def test_withdrawal_by_another_process_disappears_within_seconds(env: dict[str, object]) -> None:
    """The worker is another process writing the same index; the API must not keep serving it."""
    c = client(env)
    assert "drunk1" in {x["id"] for x in c.get("/api/v1/decisions", params={"q": "醉酒"}).json()["results"]}
    code = (
        "import sys; from search.tantivy_backend import TantivyBackend; "
        "TantivyBackend(sys.argv[1]).delete(['drunk1'])"
    )
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", code, str(env["index_dir"])], check=True, cwd=ROOT, timeout=60)
    deadline = time.monotonic() + 5
    while True:
        ids = {
            x["id"]
            for x in c.get("/api/v1/decisions", params={"q": "醉酒", "facets": "false"}).json()["results"]
        }
        if "drunk1" not in ids:
            break
        assert time.monotonic() < deadline, "withdrawn decision still served 5 s after the index commit"
        time.sleep(0.05)
    feed = c.get("/feeds/decisions.atom").text
    assert "/decisions/drunk1" not in feed
    assert time.monotonic() - started < 30


def test_new_publication_is_searchable_when_index_returns(env: dict[str, object]) -> None:
    env["backend"].index([make_doc("new1", "新近公示：当事人销售假冒卷烟，决定罚款。")])  # type: ignore[attr-defined]
    r = client(env).get("/api/v1/decisions", params={"q": "假冒卷烟"})
    assert [x["id"] for x in r.json()["results"]] == ["new1"]
