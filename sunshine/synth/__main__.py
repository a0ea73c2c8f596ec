"""``python -m sunshine.synth --n N --seed S --out DIR_OR_FILE [--gold-jsonl PATH] [--hard]``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sunshine.synth.generator import generate
from sunshine.synth.io import to_gold_jsonl, write_decision_files


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m sunshine.synth", description="Write synthetic penalty decisions."
    )
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", help="directory (one schema-v1 JSON per decision) or a .jsonl file of decisions")
    ap.add_argument("--gold-jsonl", help="write gold spans + decision per line to this path")
    ap.add_argument(
        "--hard", action="store_true", help="inject hard cases (name/place collisions, ID variants, ...)"
    )
    ap.add_argument(
        "--law-area", action="append", dest="law_areas", help="restrict to a law area (repeatable)"
    )
    ap.add_argument("--minor-rate", type=float, default=0.03)
    ap.add_argument("--long", action="store_true", help="every optional section (longer texts)")
    ap.add_argument("--ner-jsonl", help="write NER training lines {text, entities:[[start,end,label]]}")
    args = ap.parse_args(argv)
    if not args.out and not args.gold_jsonl and not args.ner_jsonl:
        ap.error("give --out and/or --gold-jsonl")
    items = generate(
        args.n,
        seed=args.seed,
        hard=args.hard,
        law_areas=args.law_areas,
        minor_rate=args.minor_rate,
        long=args.long,
    )
    if args.out:
        out = Path(args.out)
        if out.suffix == ".jsonl":
            out.parent.mkdir(parents=True, exist_ok=True)
            with out.open("w", encoding="utf-8") as fh:
                for it in items:
                    fh.write(json.dumps(it.decision.to_json(), ensure_ascii=False) + "\n")
        elif out.suffix == ".json" and args.n == 1:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(
                json.dumps(items[0].decision.to_json(), ensure_ascii=False, indent=2), encoding="utf-8"
            )
        else:
            write_decision_files(items, out)
    if args.gold_jsonl:
        to_gold_jsonl(items, args.gold_jsonl)
    if args.ner_jsonl:
        from sunshine.synth.ner import ner_spans

        ner = Path(args.ner_jsonl)
        ner.parent.mkdir(parents=True, exist_ok=True)
        with ner.open("w", encoding="utf-8") as fh:
            for it in items:
                row = {"text": it.decision.text, "entities": [list(s) for s in ner_spans(it)]}
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(items)} decisions", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
