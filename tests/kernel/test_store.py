from __future__ import annotations

import os
import stat

import pytest
import sqlalchemy as sa
from cryptography.exceptions import InvalidTag

from sunshine import audit, crypto
from sunshine.db import session_factory
from sunshine.lifecycle import State, TransitionError, transition
from sunshine.models.core import AuditEntry, DecisionRow
from sunshine.schema import parse_decision
from sunshine.settings import get_settings
from sunshine.store import Outcome, ingest, load_decision
from tests.kernel.helpers import decision_dict


def test_key_file_is_created_private(settings_env) -> None:
    blob = crypto.encrypt(b"secret")
    assert crypto.decrypt(blob) == b"secret"
    mode = stat.S_IMODE(os.stat(get_settings().key_file).st_mode)
    assert mode == 0o600


def test_ciphertext_is_bound_to_its_row(settings_env) -> None:
    blob = crypto.encrypt(b"x", aad=b"decision:1")
    with pytest.raises(InvalidTag):
        crypto.decrypt(blob, aad=b"decision:2")


def test_ingest_is_idempotent_and_versions_supersede(any_db) -> None:
    factory = session_factory()
    with factory() as s:
        first = ingest(s, parse_decision(decision_dict()))
        again = ingest(s, parse_decision(decision_dict()))
        s.commit()
        assert first.outcome is Outcome.new and again.outcome is Outcome.unchanged
        changed = ingest(s, parse_decision(decision_dict(text=decision_dict()["text"] + "补充。")))
        s.commit()
        assert changed.outcome is Outcome.new_version and changed.superseded_id == first.decision_id
        old = s.get(DecisionRow, first.decision_id)
        new = s.get(DecisionRow, changed.decision_id)
        assert old is not None and new is not None
        assert old.state == "superseded" and old.superseded_by == new.id and new.version == 2


def test_raw_text_and_ids_are_not_stored_in_clear(any_db) -> None:
    factory = session_factory()
    with factory() as s:
        result = ingest(s, parse_decision(decision_dict()))
        s.commit()
        row = s.get(DecisionRow, result.decision_id)
        assert row is not None
        assert load_decision(row).parties[0].name == "李建国"
        conn = s.connection()
        dump = " ".join(str(v) for r in conn.execute(sa.text("SELECT * FROM decisions")) for v in r)
        dump += " ".join(str(v) for r in conn.execute(sa.text("SELECT * FROM audit_log")) for v in r)
    assert "331002198503021238" not in dump and "李建国" not in dump and "13812345678" not in dump


def test_lifecycle_refuses_illegal_transitions(any_db) -> None:
    with session_factory()() as s:
        row = s.get(DecisionRow, ingest(s, parse_decision(decision_dict())).decision_id)
        assert row is not None
        with pytest.raises(TransitionError):
            transition(s, row, State.published, actor="t")
        transition(s, row, State.analysed, actor="t")
        transition(s, row, State.in_review, actor="t")
        s.commit()
        assert [e.to_state for e in audit.history(s, row.id)] == ["ingested", "analysed", "in_review"]


def _tamper(mode: str) -> None:
    with session_factory()() as s:
        if mode == "edit":
            s.execute(sa.update(AuditEntry).where(AuditEntry.seq == 2).values(actor="mallory"))
        elif mode == "delete_middle":
            s.execute(sa.delete(AuditEntry).where(AuditEntry.seq == 2))
        elif mode == "delete_tail":
            top = s.scalar(sa.select(sa.func.max(AuditEntry.seq)))
            s.execute(sa.delete(AuditEntry).where(AuditEntry.seq == top))
        s.commit()


@pytest.mark.parametrize("mode", ["edit", "delete_middle", "delete_tail"])
def test_audit_verify_detects_tampering(any_db, mode: str) -> None:
    with session_factory()() as s:
        row = s.get(DecisionRow, ingest(s, parse_decision(decision_dict())).decision_id)
        assert row is not None
        transition(s, row, State.analysed, actor="t")
        transition(s, row, State.in_review, actor="t")
        s.commit()
        assert audit.verify(s).ok
    _tamper(mode)
    with session_factory()() as s:
        result = audit.verify(s)
    assert not result.ok and result.problem
