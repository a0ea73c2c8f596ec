"""The connectors tables (migration 0005) on SQLite and PostgreSQL."""

from __future__ import annotations

from sunshine.db import session_factory


def test_checkpoints_seen_markers_and_runs(any_db: str) -> None:
    from connectors import state

    factory = session_factory()
    with factory() as session:
        state.set_checkpoint(session, "s", "updated_since", "2026-01-01T00:00:00")
        state.set_checkpoint(session, "s", "updated_since", "2026-01-02T00:00:00")
        state.mark_seen(session, "s", "A1", "m1")
        state.mark_seen(session, "s", "A1", "m2")
        run = state.start_run(session, "s", "web", "test")
        session.commit()
        state.finish_run(session, run.id, {"seen": 3, "new": 2, "quarantined": 1})
        session.commit()
    with factory() as session:
        assert state.get_checkpoint(session, "s", "updated_since") == "2026-01-02T00:00:00"
        assert state.seen_markers(session, "s") == {"A1": "m2"}
        (status,) = [s for s in state.source_statuses(session) if s.source == "s"]
        assert status.last_run is not None and status.last_run.status == "partial"
        assert (status.last_run.seen, status.last_run.new, status.runs) == (3, 2, 1)
        state.set_checkpoint(session, "s", "updated_since", None)
        session.commit()
        assert state.get_checkpoint(session, "s", "updated_since") is None


def test_one_run_per_source_at_a_time(settings_env: object) -> None:
    import pytest

    from connectors import state

    factory = session_factory()
    with factory() as session:
        state.start_run(session, "s", "web")
        session.commit()
        with pytest.raises(state.RunInProgress):
            state.start_run(session, "s", "web")
        session.rollback()
        state.start_run(session, "other", "web")  # other sources are not blocked
