"""Score the NER model on held-out data: ``python -m redact.training.evaluate``.

Prints precision/recall/F1 per label (exact span match, spaCy's NER scorer) on the MSRA test split,
the CLUENER dev set (mapped labels), the CAIL2022 test set and the CAIL2021 held-out block. Corpora
that do not annotate a label (CAIL2022 has no ORG) report that label as "n/a".
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.scorer import get_ner_prf
from spacy.training import Example

from redact.models import NER_MODEL_PATH, load_ner_model
from redact.training import corpora
from redact.training.docs import samples_to_docs

DEFAULT_DATASETS = Path("../shared/datasets")
EVAL_SETS = ("msra_test", "msra_test_nolist", "cluener_dev", "cail2022_test", "cail2021_heldout")


def person_recall_by_lexicon(examples: list[Example]) -> dict[str, dict[str, float | int]]:
    """PERSON recall split by whether the gold name is a person word of the lexicon feature.

    The model reads jieba's dictionary (``redact.models.lexicon``), which lists many public
    figures of news text; names of private parties in decisions are mostly not in it. Reporting
    the two groups apart shows how much of a news-corpus score the lexicon carries.
    """
    from redact.models.lexicon import PERSON_CLASS, load_lexicon

    words = load_lexicon().words
    found = {"in_lexicon": [0, 0], "not_in_lexicon": [0, 0]}
    for ex in examples:
        pred = {(e.start_char, e.end_char) for e in ex.predicted.ents if e.label_ == "PERSON"}
        for ent in ex.reference.ents:
            if ent.label_ != "PERSON":
                continue
            key = "in_lexicon" if words.get(ent.text) == PERSON_CLASS else "not_in_lexicon"
            found[key][0] += 1
            found[key][1] += (ent.start_char, ent.end_char) in pred
    return {k: {"gold": n, "recall": (hit / n if n else 1.0)} for k, (n, hit) in found.items()}


def score_samples(nlp: Language, samples: list[corpora.Sample], batch_size: int = 64) -> dict[str, Any]:
    """Exact-span P/R/F1 overall and per label."""
    gold, _ = samples_to_docs(nlp, samples)
    preds = nlp.pipe((d.text for d in gold), batch_size=batch_size)
    examples = [Example(pred, ref) for pred, ref in zip(preds, gold, strict=True)]
    scores = get_ner_prf(examples)
    by_lexicon = person_recall_by_lexicon(examples)
    labelled = {s.label for sample in samples for s in sample.spans}
    per_type = {
        label: (scores["ents_per_type"].get(label) if label in labelled else None) for label in corpora.LABELS
    }
    gold_counts = corpora.count_labels(samples)
    return {
        "records": len(samples),
        "ents_p": scores["ents_p"],
        "ents_r": scores["ents_r"],
        "ents_f": scores["ents_f"],
        "per_type": per_type,
        "gold_counts": gold_counts,
        "person_recall_by_lexicon": by_lexicon,
    }


def load_eval_sets(datasets: Path, names: list[str], limit: int) -> dict[str, list[corpora.Sample]]:
    out: dict[str, list[corpora.Sample]] = {}
    for name, samples in corpora.iter_eval_sets(datasets):
        if name in names:
            out[name] = samples[:limit] if limit else samples
    return out


def format_table(results: dict[str, dict[str, Any]]) -> str:
    lines = [f"{'set':18} {'label':7} {'P':>7} {'R':>7} {'F1':>7} {'gold':>6}"]
    for name, res in results.items():
        for label in corpora.LABELS:
            s = res["per_type"][label]
            if s is None:
                lines.append(f"{name:18} {label:7} {'n/a':>7} {'n/a':>7} {'n/a':>7} {0:6d}")
            else:
                lines.append(
                    f"{name:18} {label:7} {s['p']:7.4f} {s['r']:7.4f} {s['f']:7.4f} {res['gold_counts'][label]:6d}"
                )
        lines.append(
            f"{name:18} {'ALL':7} {res['ents_p']:7.4f} {res['ents_r']:7.4f} {res['ents_f']:7.4f}"
            f" {sum(res['gold_counts'].values()):6d}"
        )
        split = res.get("person_recall_by_lexicon", {})
        if split.get("in_lexicon", {}).get("gold"):
            lines.append(
                f"{name:18} PERSON recall: names in the lexicon {split['in_lexicon']['recall']:.4f}"
                f" ({split['in_lexicon']['gold']}), not in it {split['not_in_lexicon']['recall']:.4f}"
                f" ({split['not_in_lexicon']['gold']})"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", type=Path, default=NER_MODEL_PATH)
    ap.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS)
    ap.add_argument("--sets", nargs="*", default=list(EVAL_SETS), choices=EVAL_SETS)
    ap.add_argument("--limit", type=int, default=0, help="first N records per set")
    ap.add_argument(
        "--synthetic",
        type=Path,
        action="append",
        default=[],
        help="also score this NER JSONL (held-out seed)",
    )
    ap.add_argument("--json", type=Path, default=None, help="also write the scores here")
    args = ap.parse_args(argv)
    if not args.datasets.is_dir():
        ap.error(f"datasets folder not found: {args.datasets}")
    t0 = time.perf_counter()
    nlp = load_ner_model(args.model)
    print(f"loaded {args.model} in {time.perf_counter() - t0:.2f}s")
    results: dict[str, dict[str, Any]] = {}
    sets = load_eval_sets(args.datasets, args.sets, args.limit)
    for path in args.synthetic:
        sets[f"synthetic:{path.stem}"[:18]] = corpora.read_synthetic(path)
    for name, samples in sets.items():
        t = time.perf_counter()
        results[name] = score_samples(nlp, samples)
        results[name]["seconds"] = round(time.perf_counter() - t, 1)
    print(format_table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
