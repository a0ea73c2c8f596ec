"""Writers: gold JSONL for evaluation/training and one schema-v1 JSON file per decision."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sunshine.synth.generator import GeneratedDecision


def to_gold_record(item: GeneratedDecision) -> dict[str, Any]:
    return {
        "text": item.decision.text,
        "entities": [s.as_json() for s in item.gold],
        "keep": [s.as_json() for s in item.keep],
        "neutral": [s.as_json() for s in item.neutral],
        "hard_cases": item.hard_cases,
        "decision": item.decision.to_json(),
    }


def to_gold_jsonl(items: Iterable[GeneratedDecision], path: str | Path) -> None:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    with p.open("w", encoding="utf-8") as fh:
        for item in items:
            fh.write(json.dumps(to_gold_record(item), ensure_ascii=False) + "\n")


def write_decision_files(items: Iterable[GeneratedDecision], directory: str | Path) -> list[Path]:
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    out = []
    for item in items:
        f = d / f"{item.decision.external_id}.json"
        f.write_text(json.dumps(item.decision.to_json(), ensure_ascii=False, indent=2), encoding="utf-8")
        out.append(f)
    return out
