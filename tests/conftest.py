"""Shared fixtures: an isolated SUNSHINE_HOME per test, migrated SQLite or PostgreSQL, synthetic data.

PostgreSQL tests run in a schema of their own inside the ``test`` database (created and dropped
here), so parallel runs and reruns never see each other's rows.  When
``SUNSHINE_REQUIRE_POSTGRES=1`` (CI), an unreachable server fails the tests instead of skipping.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PG_URL = os.environ.get("SUNSHINE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(autouse=True, scope="session")
def _stages_installed() -> None:
    """Register the stages' lifecycle listeners, as the app, CLI and worker do at start-up."""
    from sunshine.assembly import bootstrap

    bootstrap()


def _reset_caches() -> None:
    from sunshine import crypto, db, settings

    settings.reset_settings_cache()
    crypto.reset_cipher_cache()
    db.dispose_engines()
    try:
        from publish import workflow

        workflow.set_backend(None)
    except ImportError:
        pass
    try:
        import search

        reset = getattr(search, "reset_backends", None)
        if reset:
            reset()
    except ImportError:
        pass


@pytest.fixture
def sunshine_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty SUNSHINE_HOME with SQLite; nothing migrated yet."""
    home = tmp_path / "var"
    monkeypatch.setenv("SUNSHINE_HOME", str(home))
    monkeypatch.delenv("SUNSHINE_DATABASE_URL", raising=False)
    monkeypatch.delenv("SUNSHINE_SECRET_KEY", raising=False)
    _reset_caches()
    yield home
    _reset_caches()


@pytest.fixture
def settings_env(sunshine_home: Path) -> Iterator[Path]:
    """A migrated SQLite store in a fresh SUNSHINE_HOME."""
    from sunshine.db import migrate

    migrate()
    yield sunshine_home


def _pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_URL.replace("postgresql+psycopg", "postgresql"), connect_timeout=3):
            return True
    except Exception:
        return False


@pytest.fixture
def pg_url(sunshine_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A migrated PostgreSQL schema of its own; SUNSHINE_DATABASE_URL points at it."""
    if not _pg_available():
        if os.environ.get("SUNSHINE_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL required but unreachable at {PG_URL}")
        pytest.skip(f"PostgreSQL unreachable at {PG_URL}")
    import sqlalchemy as sa

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = f"{PG_URL}?options=-csearch_path%3D{schema}"
    monkeypatch.setenv("SUNSHINE_DATABASE_URL", url)
    _reset_caches()
    from sunshine.db import migrate

    migrate()
    yield url
    _reset_caches()
    with admin.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def any_db(request: pytest.FixtureRequest) -> str:
    """Run a test on both stores."""
    if request.param == "sqlite":
        request.getfixturevalue("settings_env")
        from sunshine.settings import get_settings

        return get_settings().effective_database_url
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture(scope="session")
def shared_datasets() -> Path:
    path = SHARED / "datasets"
    if not path.is_dir():
        pytest.skip(f"../shared/datasets is absent ({path}); this test needs the NER corpora")
    return path
