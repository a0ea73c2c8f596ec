"""Small builders for kernel tests (the synthetic generator is used for realistic text)."""

from __future__ import annotations

from typing import Any


def decision_dict(**overrides: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "schema": "sunshine.decision/1",
        "source": "test-system",
        "external_id": "A1",
        "version": 1,
        "document_number": "台椒公（治）行罚决字〔2025〕10234号",
        "authority": {"name": "台州市公安局椒江分局", "region_code": "331002"},
        "decision_date": "2025-05-03",
        "violation_date": "2025-05-01",
        "procedure": "general",
        "legal_basis": ["《中华人民共和国道路交通安全法》第九十条"],
        "law_area": "traffic",
        "penalties": [{"kind": "fine", "amount_yuan": 200}],
        "parties": [
            {
                "role": "penalised",
                "kind": "natural_person",
                "name": "李建国",
                "birth_date": "1985-03-02",
                "id_type": "resident_id",
                "id_number": "331002198503021238",
            }
        ],
        "text": "违法行为人李建国，身份证号码331002198503021238，联系电话13812345678。现查明……决定处以罚款贰佰元。",
    }
    doc.update(overrides)
    return doc
