"""Connector fixtures: the sample case system on loopback, pointed at by the bundled source YAMLs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from connectors.samplesite import SampleCaseSystem, SiteServer


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[SampleCaseSystem]:
    """12 synthetic decisions, 5 per list page, served over real HTTP on 127.0.0.1."""
    state = SampleCaseSystem(12, seed=7, page_size=5)
    server = SiteServer(state)
    url = server.start()
    monkeypatch.setenv("SUNSHINE_SAMPLESITE_URL", url)
    state.url = url  # type: ignore[attr-defined]
    yield state
    server.stop()


@pytest.fixture
def factory(settings_env: Path) -> sessionmaker[Session]:
    from sunshine.assembly import bootstrap
    from sunshine.db import session_factory

    bootstrap()
    return session_factory()
