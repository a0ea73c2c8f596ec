from __future__ import annotations

import pytest
from pydantic import ValidationError

from sunshine.schema import describe_errors, parse_decision
from tests.kernel.helpers import decision_dict


def test_valid_decision_round_trips_and_hash_is_order_independent() -> None:
    d = parse_decision(decision_dict())
    again = parse_decision(dict(reversed(list(decision_dict().items()))))
    assert d.content_hash() == again.content_hash()
    assert d.fine_total() == 200
    assert d.to_json()["schema"] == "sunshine.decision/1"


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"decision_date": "2025-02-30"}, "decision_date"),
        ({"violation_date": "2025-06-01"}, "violation_date is after decision_date"),
        ({"penalties": [{"kind": "fine"}]}, "penalties.0"),
        ({"penalties": [{"kind": "flogging"}]}, "penalties.0.kind"),
        ({"schema": "sunshine.decision/2"}, "schema"),
        ({"law_area": "maritime"}, "law_area"),
        ({"unexpected": 1}, "unexpected"),
    ],
)
def test_invalid_documents_name_the_field(override: dict, field: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_decision(decision_dict(**override))
    assert field in describe_errors(info.value)


def test_error_description_never_echoes_values() -> None:
    doc = decision_dict()
    doc["parties"][0]["birth_date"] = "2030-01-01"
    doc["parties"][0]["id_number"] = 331002198503021238  # wrong type: a number, not a string
    with pytest.raises(ValidationError) as info:
        parse_decision(doc)
    message = describe_errors(info.value)
    assert "331002198503021238" not in message and "李建国" not in message
