"""Accounts, claims and four eyes at the service level, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from tests.publish.review_support import PASSWORD, add_users, cheap_hashing, fixed_spans, make_case


def test_accounts_claims_and_four_eyes(any_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from publish import review
    from publish.workflow import WorkflowError
    from sunshine import audit, auth
    from sunshine.db import session_factory
    from sunshine.models.core import DecisionRow

    cheap_hashing(monkeypatch)
    factory = session_factory()
    with factory() as s:
        add_users(s)
        case = make_case(s, "detention", days_ago=2)
    # sign-in: wrong password counted, right one accepted, unknown user refused the same way
    with factory() as s:
        with pytest.raises(auth.AuthError):
            auth.authenticate(s, "wang", "nope-nope-nope", address="10.0.0.1")
        with pytest.raises(auth.AuthError):
            auth.authenticate(s, "ghost", PASSWORD, address="10.0.0.1")
        s.commit()
        assert auth.authenticate(s, "wang", PASSWORD, address="10.0.0.1").username == "wang"
        s.commit()
    # two sessions race for the claim: exactly one wins
    with factory() as a, factory() as b:
        row_a, row_b = a.get(DecisionRow, case.id), b.get(DecisionRow, case.id)
        assert row_a is not None and row_b is not None
        review.claim(a, row_a, "wang")
        a.commit()
        with pytest.raises(WorkflowError):
            review.claim(b, row_b, "zhao")
        b.rollback()
    with factory() as s:
        row = s.get(DecisionRow, case.id)
        assert row is not None
        review.update_spans(s, row, fixed_spans(s, case), actor="wang")
        assert review.approve(s, row, actor="wang", roles=["reviewer"]).status == "awaiting_second_approval"
        s.commit()
        with pytest.raises(WorkflowError) as exc:
            review.approve(s, row, actor="wang", roles=["reviewer", "approver"])
        assert exc.value.code == "four_eyes_same_person"
        s.rollback()
        row = s.get(DecisionRow, case.id)
        assert row is not None
        assert review.approve(s, row, actor="li", roles=["approver"]).status == "published"
        s.commit()
        assert (row.state, row.approved_by, row.second_approved_by) == ("published", "wang", "li")
        assert audit.verify(s).ok


def test_withheld_decisions_cannot_get_even_a_first_approval(
    settings_env: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from publish import review
    from publish.workflow import WorkflowError
    from sunshine.db import session_factory
    from sunshine.models.core import DecisionRow

    with session_factory()() as s:
        case = make_case(s, "detention", days_ago=2)
        row = s.get(DecisionRow, case.id)
        assert row is not None
        review.update_spans(s, row, fixed_spans(s, case), actor="wang")
        row.publishable = False  # as the rules would say for, e.g., a sealed public-order record
        row.assessment = {"publishable": False, "reasons": [{"code": "PUBLIC_ORDER_SEALED"}]}
        with pytest.raises(WorkflowError) as exc:
            review.approve(s, row, actor="wang", roles=["reviewer"])
        assert exc.value.code == "withheld" and row.approved_by is None
        review.refuse(s, row, actor="wang", reason="治安管理处罚记录依法封存")
        assert row.state == "refused" and row.claimed_by is None
