"""Acceptance (issue 8): crawl the sample case system over loopback with Scrapy in a subprocess."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from connectors.config import BUNDLED
from connectors.runner import run_source
from connectors.samplesite import SampleCaseSystem
from sunshine.models.core import DecisionRow, QuarantineItem

SOURCE = "sample-web"


def _detail_hits(site: SampleCaseSystem) -> int:
    return sum(n for path, n in site.hits.items() if path.startswith("/cases/"))


def _rows(factory: sessionmaker[Session], source: str = SOURCE) -> list[DecisionRow]:
    with factory() as session:
        return list(session.scalars(select(DecisionRow).where(DecisionRow.source == source)))


def test_first_run_all_second_nothing_third_exactly_the_changes(
    site: SampleCaseSystem, factory: sessionmaker[Session]
) -> None:
    first = run_source(SOURCE, factory, trigger="test")
    assert first.status == "ok", first.error
    assert (first.seen, first.new, first.changed, first.quarantined) == (12, 12, 0, 0)
    rows = _rows(factory)
    assert len(rows) == 12 and {r.state for r in rows} == {"ingested"}
    assert {r.external_id for r in rows} == set(site.cases)

    hits_before = _detail_hits(site)
    second = run_source(SOURCE, factory, trigger="test")
    assert (second.seen, second.new, second.changed, second.unchanged) == (0, 0, 0, 0)
    assert _detail_hits(site) == hits_before, "stop-at-seen must not refetch unchanged details"
    assert site.hits["/cases?page=2"] == 1, "second run stops paging at the first seen row"
    assert len(_rows(factory)) == 12

    oldest = [c.external_id for c in site.ordered(ascending=True)]
    changed = [oldest[0], oldest[6]]  # on the last and the second list page
    site.change(changed)
    added = site.add(3)
    third = run_source(SOURCE, factory, trigger="test")
    assert third.status == "ok", third.error
    assert (third.seen, third.new, third.changed, third.unchanged, third.quarantined) == (5, 3, 2, 0, 0)
    rows = _rows(factory)
    assert len(rows) == 17
    by_ext: dict[str, list[DecisionRow]] = {}
    for r in rows:
        by_ext.setdefault(r.external_id, []).append(r)
    assert {e for e, rs in by_ext.items() if len(rs) == 2} == set(changed)
    for ext in changed:
        old, new = sorted(by_ext[ext], key=lambda r: r.version)
        assert (old.version, new.version) == (1, 2)
        assert old.state == "superseded" and old.superseded_by == new.id
    assert set(added) <= set(by_ext)


def test_flaky_page_retried_and_broken_attachment_quarantined(
    site: SampleCaseSystem, factory: sessionmaker[Session]
) -> None:
    site.fail("/cases?page=2", times=2)
    broken = site.ordered()[2].external_id
    site.break_attachment(broken)
    summary = run_source(SOURCE, factory, trigger="test")
    assert site.hits["/cases?page=2"] == 3, "500, 500, then 200"
    assert summary.status == "partial"
    assert (summary.seen, summary.new, summary.quarantined) == (12, 11, 1)
    assert broken not in {r.external_id for r in _rows(factory)}
    with factory() as session:
        items = list(session.scalars(select(QuarantineItem).where(QuarantineItem.status == "open")))
    assert len(items) == 1
    assert items[0].source == SOURCE and items[0].origin.endswith(f"/cases/{broken}")
    assert items[0].reason.startswith(f"unreadable attachment {broken}.")

    # visible in the CLI
    from typer.testing import CliRunner

    from sunshine.cli import build

    result = CliRunner().invoke(build(), ["quarantine", "list"])
    assert result.exit_code == 0, result.output
    assert "unreadable" in result.output and items[0].id[:12] in result.output

    # retrying the stored (still broken) bytes fails and says why
    from connectors.quarantine import retry

    ok, message = retry(factory, items[0].id[:12])
    assert not ok and "unreadable attachment" in message

    # the case system fixes the file: the next run refetches the quarantined case and resolves it
    site.break_attachment(broken, False)
    again = run_source(SOURCE, factory, trigger="test")
    assert (again.new, again.quarantined) == (1, 0), again
    with factory() as session:
        item = session.get(QuarantineItem, items[0].id)
        assert item is not None and item.status == "resolved" and item.resolved_decision_id
        assert session.scalar(select(func.count()).select_from(DecisionRow)) == 12


def test_malformed_detail_page_quarantined_with_html_kept_for_retry(
    site: SampleCaseSystem, factory: sessionmaker[Session]
) -> None:
    bad, down = site.ordered()[0].external_id, site.ordered()[7].external_id
    site.malform(bad)
    site.fail(f"/cases/{down}", times=99)
    summary = run_source(SOURCE, factory, trigger="test")
    assert (summary.new, summary.quarantined) == (10, 2)
    assert site.hits[f"/cases/{down}"] == 4, "one try and three retries"
    with factory() as session:
        items = {i.origin.rsplit("/", 1)[-1]: i for i in session.scalars(select(QuarantineItem))}
    assert items[bad].reason.startswith("malformed HTML: no document_number")
    assert items[down].reason == "fetch failed: detail page HTTP 500 after retries"

    # fixing the site's template does not help the stored HTML, but the next run refetches both
    from connectors.quarantine import retry

    assert not retry(factory, items[bad].id)[0]
    site.malform(bad, False)
    site.failures.clear()
    again = run_source(SOURCE, factory, trigger="test")
    assert (again.seen, again.new, again.quarantined) == (2, 2, 0)


def test_updated_since_mode_and_failed_login(
    site: SampleCaseSystem, factory: sessionmaker[Session], settings_env: Path, monkeypatch
) -> None:
    raw = yaml.safe_load((BUNDLED / "sample-web.yaml").read_text(encoding="utf-8"))
    raw["name"] = "sample-since"
    raw["incremental"] = {"mode": "updated_since", "param": "updated_since"}
    folder = settings_env / "sources"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sample-since.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")

    first = run_source("sample-since", factory, trigger="test")
    assert (first.new, first.status) == (12, "ok")
    second = run_source("sample-since", factory, trigger="test")
    assert (second.seen, second.new) == (0, 0)
    site.change([site.ordered()[-1].external_id])
    third = run_source("sample-since", factory, trigger="test")
    assert (third.seen, third.changed, third.new) == (1, 1, 0)

    monkeypatch.setenv("SUNSHINE_SAMPLESITE_PASSWORD", "wrong")
    denied = run_source("sample-since", factory, trigger="test")
    assert denied.status == "failed" and denied.error and "login failed" in denied.error


def test_cookie_login_source(
    site: SampleCaseSystem, factory: sessionmaker[Session], settings_env: Path
) -> None:
    """A case system reached with a session cookie issued elsewhere (SSO) instead of a login form."""
    import httpx

    with httpx.Client(base_url=site.url) as client:  # type: ignore[attr-defined]
        page = client.get("/login").text
        token = page.split("name='csrf_token' value='")[1].split("'")[0]
        client.post("/login", data={"username": "clerk", "password": "sunshine-demo", "csrf_token": token})
        sid = client.cookies["sid"]
    raw = yaml.safe_load((BUNDLED / "sample-web.yaml").read_text(encoding="utf-8"))
    raw["name"] = "sample-cookie"
    raw["login"] = {"type": "cookie", "cookies": {"sid": "${SAMPLE_SID}"}}
    folder = settings_env / "sources"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sample-cookie.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    import os

    os.environ["SAMPLE_SID"] = sid
    try:
        summary = run_source("sample-cookie", factory, trigger="test")
    finally:
        del os.environ["SAMPLE_SID"]
    assert (summary.status, summary.new) == ("ok", 12), summary


def test_spawned_crawler_process_on_postgres(
    site: SampleCaseSystem, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The portable path (a fresh ``python -m connectors.web.run``) against PostgreSQL."""
    from sunshine.assembly import bootstrap
    from sunshine.db import session_factory

    bootstrap()
    monkeypatch.setenv("SUNSHINE_CONNECTORS_SPAWN", "1")
    factory = session_factory()
    first = run_source(SOURCE, factory, trigger="test")
    assert (first.status, first.new) == ("ok", 12), first
    site.change([site.ordered()[-1].external_id])
    second = run_source(SOURCE, factory, trigger="test")
    assert (second.seen, second.changed, second.new) == (1, 1, 0), second


def test_changed_version_withdraws_the_published_one(
    site: SampleCaseSystem, factory: sessionmaker[Session]
) -> None:
    """The crawl child runs the lifecycle listeners: a published old version is taken down."""
    outbox = pytest.importorskip("sunshine.models.outbox")
    assert run_source(SOURCE, factory, trigger="test").new == 12
    target = site.ordered()[4].external_id
    with factory() as session:
        row = session.scalars(select(DecisionRow).where(DecisionRow.external_id == target)).one()
        # stand-in for review + approval: only the state matters to the listeners under test
        row.state, row.masked_text, row.leak_ok = "published", "（已脱敏）", True
        session.commit()
        old_id = row.id
    site.change([target])
    summary = run_source(SOURCE, factory, trigger="test")
    assert (summary.seen, summary.changed) == (1, 1)
    with factory() as session:
        old = session.get(DecisionRow, old_id)
        assert old is not None and old.state == "superseded" and old.superseded_by
        assert old.withdrawn_at is not None and old.public_notice  # the workflow's superseded listener ran
        events = session.scalars(
            select(outbox.OutboxEvent).where(outbox.OutboxEvent.decision_id == old_id)
        ).all()
        assert [e.type for e in events] == ["decision.withdrawn"]
