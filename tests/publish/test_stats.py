"""Annual-report statistics: counts, on-time rate, breakdowns, CSV, the page and the API."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

D = dt.date.fromisoformat


def _row(key: str, **kw: Any):
    from sunshine.models.core import DecisionRow

    defaults: dict[str, Any] = {
        "source": "t",
        "external_id": key,
        "version": 1,
        "content_hash": key * 4,
        "state": "published",
        "document_number": f"文号{key}",
        "authority_name": "甲分局",
        "decision_date": D("2026-03-01"),
        "procedure": "general",
        "law_area": "traffic",
        "payload_enc": b"",
    }
    defaults.update(kw)
    return DecisionRow(**defaults)


def _at(day: str, hour: int = 2) -> dt.datetime:
    return dt.datetime.combine(D(day), dt.time(hour, 0))  # stored naive UTC


@pytest.fixture
def stats_store(any_db):
    from sunshine.db import session_factory

    def reasons(*codes: str) -> dict[str, Any]:
        return {"reasons": [{"code": c, "rule_id": "R", "citation": "c", "message": "m"} for c in codes]}

    rows = [
        _row("A", published_at=_at("2026-03-02"), publish_by=D("2026-03-02")),  # on time (last day)
        _row("B", published_at=_at("2026-03-10"), publish_by=D("2026-03-05")),  # late
        _row(
            "C",
            authority_name="乙分局",
            law_area="public_order",
            state="withdrawn",
            decision_date=D("2025-12-15"),
            published_at=_at("2025-12-17"),
            publish_by=D("2025-12-24"),
            withdrawn_at=_at("2026-11-22"),
        ),
        _row(
            "D",
            authority_name="乙分局",
            state="expired",
            decision_date=D("2026-01-04"),
            published_at=_at("2026-01-05"),
            publish_by=D("2026-01-13"),
            withdrawn_at=_at("2026-07-01"),
        ),
        _row(
            "E",
            state="refused",
            law_area="public_order",
            decision_date=D("2026-04-01"),
            publishable=False,
            assessment=reasons("PUBLIC_ORDER_SEALED"),
        ),
        _row(
            "F",
            authority_name="乙分局",
            state="in_review",
            procedure="summary",
            publishable=False,
            assessment=reasons("SUMMARY_PROCEDURE", "WARNING_ONLY"),
        ),
        _row(
            "G", state="superseded", publishable=False, assessment=reasons("MINOR")
        ),  # replaced: not counted
        _row("R", state="refused", publishable=True, decision_date=D("2026-05-06")),  # refused in review
        # 2026-12-31 16:30 UTC is 2027-01-01 in Beijing: not in 2026
        _row("H", published_at=dt.datetime(2026, 12, 31, 16, 30), publish_by=D("2027-01-08")),
    ]
    factory = session_factory()
    with factory() as s:
        s.add_all(rows)
        s.commit()
    return factory


def test_totals_for_the_year(stats_store):
    from publish.stats import compute

    with stats_store() as s:
        report = compute(s, start=D("2026-01-01"), end=D("2026-12-31"))
    t = report.total.to_dict()
    assert (t["published"], t["published_on_time"], t["published_with_deadline"]) == (3, 2, 3)
    assert t["on_time_rate"] == pytest.approx(0.6667)
    assert t["withheld"] == 3
    assert t["withheld_by_reason"] == {
        "PUBLIC_ORDER_SEALED": 1,
        "REVIEW_REFUSED": 1,
        "SUMMARY_PROCEDURE": 1,
        "WARNING_ONLY": 1,
    }
    assert (t["withdrawn"], t["expired"]) == (1, 1)


def test_breakdowns(stats_store):
    from publish.stats import compute

    with stats_store() as s:
        by_auth = {
            b.key: b.to_dict()
            for b in compute(s, start=D("2026-01-01"), end=D("2026-12-31"), by="authority").rows
        }
        by_month = {
            b.key: b.to_dict()
            for b in compute(s, start=D("2026-01-01"), end=D("2026-12-31"), by="month").rows
        }
        by_area = {
            b.key: b.to_dict()
            for b in compute(s, start=D("2026-01-01"), end=D("2026-12-31"), by="law_area").rows
        }
    assert by_auth["甲分局"]["published"] == 2 and by_auth["甲分局"]["on_time_rate"] == 0.5
    assert by_auth["甲分局"]["withheld"] == 2
    assert (by_auth["乙分局"]["published"], by_auth["乙分局"]["withdrawn"], by_auth["乙分局"]["expired"]) == (
        1,
        1,
        1,
    )
    assert (
        by_month["2026-03"]["published"] == 2 and by_month["2026-03"]["withheld"] == 1
    )  # F decided in March
    assert by_month["2026-11"]["withdrawn"] == 1 and by_month["2026-07"]["expired"] == 1
    assert by_month["2026-04"]["withheld_by_reason"] == {"PUBLIC_ORDER_SEALED": 1}
    assert by_area["public_order"]["withdrawn"] == 1 and by_area["traffic"]["published"] == 3


def test_csv_has_a_row_per_bucket_and_a_total(stats_store):
    from publish.stats import compute, to_csv

    with stats_store() as s:
        text = to_csv(compute(s, start=D("2026-01-01"), end=D("2026-12-31"), by="authority"))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["authority"] for r in rows] == ["乙分局", "甲分局", "total"]
    total = rows[-1]
    assert (
        total["published"] == "3"
        and total["withheld_SUMMARY_PROCEDURE"] == "1"
        and total["withheld_MINOR"] == "0"
    )


def test_csv_neutralises_formulas():
    from publish.stats import Bucket, Report, to_csv

    report = Report(D("2026-01-01"), D("2026-12-31"), "authority", Bucket("total"), [Bucket("=HYPERLINK(1)")])
    assert "'=HYPERLINK(1)" in to_csv(report)


@pytest.fixture
def client(stats_store):
    from publish import stats_api

    app = FastAPI()
    app.include_router(stats_api.router)
    with TestClient(app) as c:
        yield c


def test_api_json_csv_and_page(client):
    data = client.get("/api/v1/stats", params={"year": 2026, "by": "law_area"}).json()
    assert data["period"] == {"start": "2026-01-01", "end": "2026-12-31"}
    assert data["total"]["published"] == 3
    assert {r["key"] for r in data["rows"]} == {"traffic", "public_order"}
    got = client.get("/api/v1/stats.csv", params={"start": "2026-03-01", "end": "2026-03-31"})
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    body = got.content.decode("utf-8-sig")
    assert body.splitlines()[1].split(",")[3] == "2"  # published in March
    page = client.get("/stats", params={"year": 2026})
    assert page.status_code == 200 and "行政处罚决定公开统计" in page.text
    assert "甲分局" in page.text and "66.7%" in page.text and "治安违法记录封存" in page.text
    assert client.get("/api/v1/stats", params={"start": "2026-05-01", "end": "2026-04-01"}).status_code == 422
    assert client.get("/api/v1/stats", params={"by": "nonsense"}).status_code == 422


def test_deadline_list_needs_staff(client):
    assert client.get("/api/v1/stats/deadlines").status_code == 401


def test_deadline_metrics_are_exported(stats_store):
    from prometheus_client import generate_latest

    import publish.stats_api  # noqa: F401  (registers the collector)

    text = generate_latest().decode()
    assert 'sunshine_deadline_flags{flag="publish_overdue"}' in text
