"""Export synthetic penalty decisions as NER training JSONL for ``redact.training.train --synthetic``.

Lives in the kernel, not in ``redact/``, because it imports the service's generator (``sunshine.synth``) and
``redact`` must not. Each output line is one line of a decision:
``{"text": ..., "entities": [{"start", "end", "label"}]}`` with labels PERSON / LOC / ORG:

* PERSON: every person mention of any role (parties, witnesses, officials, given-name-only mentions);
* LOC: the whole printed address (county prefix + part below county), incident places, org addresses;
* ORG: authorities, company names, employers.

A fraction of decisions has its person names rewritten in the masked style real published decisions
use (张某, 李某某), consistently within the decision, so the model also learns those.

Usage: ``.venv/bin/python -m sunshine.synth.ner_export --n 400 --seed 7 --out /tmp/ner_synth.jsonl``
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

from sunshine.synth import generate, to_gold_record

NER_LABEL = {
    "PERSON": "PERSON",
    "OFFICIAL_NAME": "PERSON",
    "ADDRESS": "LOC",
    "ADDRESS_PREFIX": "LOC",
    "PLACE": "LOC",
    "ORG_ADDRESS": "LOC",
    "AUTHORITY": "ORG",
    "ORG_NAME": "ORG",
    "ORG": "ORG",
}


def ner_spans(record: dict[str, Any]) -> list[tuple[int, int, str]]:
    """Map generator buckets to NER labels; merge an address prefix with the address behind it."""
    raw = sorted(
        (int(s["start"]), int(s["end"]), NER_LABEL[s["label"]])
        for bucket in ("entities", "keep", "neutral")
        for s in record.get(bucket, [])
        if s["label"] in NER_LABEL
    )
    merged: list[tuple[int, int, str]] = []
    for start, end, label in raw:
        if merged and label == "LOC" and merged[-1][2] == "LOC" and merged[-1][1] == start:
            merged[-1] = (merged[-1][0], end, "LOC")
            continue
        if merged and start < merged[-1][1]:
            prev = merged[-1]
            if end - start > prev[1] - prev[0]:
                merged[-1] = (start, end, label)
            continue
        merged.append((start, end, label))
    return merged


def mask_names(
    text: str, spans: list[tuple[int, int, str]], rng: random.Random
) -> tuple[str, list[tuple[int, int, str]]]:
    """Rewrite person surfaces as surname + 某/某某 (consistent per surface), shifting offsets."""
    mapping: dict[str, str] = {}
    out: list[str] = []
    new_spans: list[tuple[int, int, str]] = []
    cursor = 0
    shift = 0
    for start, end, label in spans:
        out.append(text[cursor:start])
        surface = text[start:end]
        if label == "PERSON" and len(surface) >= 2:
            if surface not in mapping:
                mapping[surface] = surface[0] + rng.choice(["某", "某某", "某某"])
            repl = mapping[surface]
        else:
            repl = surface
        new_spans.append((start + shift, start + shift + len(repl), label))
        out.append(repl)
        shift += len(repl) - len(surface)
        cursor = end
    out.append(text[cursor:])
    return "".join(out), new_spans


def split_lines(text: str, spans: list[tuple[int, int, str]]) -> list[dict[str, Any]]:
    """One record per non-empty line; spans crossing a line break are dropped."""
    records: list[dict[str, Any]] = []
    offset = 0
    for line in text.split("\n"):
        end = offset + len(line)
        if line.strip():
            ents = [
                {"start": s - offset, "end": e - offset, "label": lab}
                for s, e, lab in spans
                if offset <= s and e <= end
            ]
            records.append({"text": line, "entities": ents})
        offset = end + 1
    return records


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--hard-fraction", type=float, default=0.5)
    ap.add_argument("--masked-fraction", type=float, default=0.25)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    n_hard = int(args.n * args.hard_fraction)
    items = generate(args.n - n_hard, seed=args.seed) + generate(n_hard, seed=args.seed + 1, hard=True)
    lines = 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for item in items:
            record = to_gold_record(item)
            text, spans = record["text"], ner_spans(record)
            if rng.random() < args.masked_fraction:
                text, spans = mask_names(text, spans, rng)
            for rec in split_lines(text, spans):
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                lines += 1
    print(f"wrote {lines} lines from {len(items)} decisions to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
