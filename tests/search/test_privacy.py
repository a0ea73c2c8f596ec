"""A party's real name or ID number never finds anything: only masked text is indexed.

Decisions come from the kernel's synthetic generator (gold personal-data spans), masked the way
the pipeline publishes them (surname + 某 for persons, asterisks for numbers), and go through the
public HTTP API.  The same secrets *are* found when the raw text is indexed, so the test can fail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from search import api
from search.documents import PublicDecision, default_title
from search.query import SearchQuery
from search.tantivy_backend import TantivyBackend
from search.web import reset_rate_limits

SECRET_LABELS = {"PERSON", "ID_NUMBER", "PHONE", "BANK_ACCOUNT", "PASSPORT"}


def _mask(text: str, spans: list[tuple[int, int, str]]) -> str:
    out, pos = [], 0
    for start, end, label in sorted(spans):
        if start < pos:
            continue
        out.append(text[pos:start])
        value = text[start:end]
        out.append(value[0] + "某" if label == "PERSON" else "*" * len(value))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def decisions_with_secrets(n: int) -> list[tuple[PublicDecision, PublicDecision, list[str]]]:
    """(masked public doc, the same doc with raw text, the secrets that masking removed)."""
    try:
        from sunshine.synth import generate
    except ImportError:  # pragma: no cover - kernel generator not present
        from search.synthetic import synthetic

        out = []
        for doc, s in synthetic(n, seed=3):
            raw = doc.masked_text.replace(doc.masked_text.split("违法行为人")[1][:2], s.name, 1)
            out.append((doc, doc.model_copy(update={"masked_text": raw}), [s.name, s.id_number]))
        return out
    out = []
    for i, g in enumerate(generate(n, seed=2024)):
        d = g.decision
        spans = [(s.start, s.end, s.label) for s in g.gold if s.label in SECRET_LABELS]
        secrets = sorted(
            {d.text[s:e] for s, e, label in spans if label in ("PERSON", "ID_NUMBER") and e - s >= 2}
        )
        masked = _mask(d.text, spans)
        doc = PublicDecision(
            id=f"priv{i}",
            document_number=d.document_number,
            title=default_title(d.authority.name, d.document_number),
            authority=d.authority.name,
            region_code=d.authority.region_code,
            law_area=d.law_area.value if d.law_area else None,
            penalty_kinds=d.penalty_kinds(),
            party_kinds=d.party_kinds(),
            decision_date=d.decision_date,
            fine_total=d.fine_total(),
            legal_basis=list(d.legal_basis),
            masked_text=masked,
            published_at=dt.datetime(2024, 1, 1),
        )
        out.append((doc, doc.model_copy(update={"masked_text": d.text}), secrets))
    return out


@pytest.fixture(scope="module")
def data() -> list[tuple[PublicDecision, PublicDecision, list[str]]]:
    return decisions_with_secrets(40)


def _no_database() -> Iterator[None]:
    yield None


@pytest.fixture
def client(
    tmp_path: Path,
    data: list[tuple[PublicDecision, PublicDecision, list[str]]],
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[TestClient]:
    from sunshine.settings import reset_settings_cache

    monkeypatch.setenv("SUNSHINE_RATE_LIMIT", "100000/minute")
    reset_settings_cache()
    backend = TantivyBackend(tmp_path / "index")
    backend.index([masked for masked, _, _ in data])
    reset_rate_limits()
    app = FastAPI()
    app.include_router(api.router)
    app.state.search_backend = backend
    app.dependency_overrides[api.get_session] = _no_database
    with TestClient(app) as c:
        yield c
    reset_settings_cache()


def test_real_names_and_id_numbers_find_nothing(
    client: TestClient, data: list[tuple[PublicDecision, PublicDecision, list[str]]]
) -> None:
    secrets = sorted({s for _, _, ss in data for s in ss})
    assert len(secrets) >= 40
    for secret in secrets:
        for q in (secret, f'"{secret}"'):
            body = client.get("/api/v1/decisions", params={"q": q, "facets": "false"}).json()
            assert body["total"] == 0, "a party's personal data is searchable"
    feed = client.get("/feeds/decisions.atom", params={"size": 100}).text
    assert not [s for s in secrets if s in feed]
    for masked, _, _ in data[:10]:
        detail = client.get(f"/api/v1/decisions/{masked.id}").text
        assert not [s for s in secrets if s in detail]


def test_the_same_secrets_are_found_in_raw_text(
    tmp_path: Path, data: list[tuple[PublicDecision, PublicDecision, list[str]]]
) -> None:
    """Control: the search would find them if raw text were ever indexed."""
    raw_backend = TantivyBackend(tmp_path / "raw")
    raw_backend.index([raw for _, raw, _ in data])
    found = sum(
        1 for _, _, ss in data for s in ss if raw_backend.search(SearchQuery(q=s, facets=False)).total > 0
    )
    assert found == sum(len(ss) for _, _, ss in data)


def test_public_decision_has_no_field_for_personal_data() -> None:
    with pytest.raises(ValueError):
        PublicDecision.model_validate(
            {
                "id": "x",
                "document_number": "n",
                "title": "t",
                "authority": "a",
                "decision_date": "2020-01-01",
                "masked_text": "m",
                "published_at": "2020-01-02T00:00:00",
                "parties": [{"name": "李建国"}],
            }
        )
