"""Redaction throughput on this machine: ours vs stock Presidio configured for zh, same run.

Decisions are ~2,000 characters (synthetic decisions joined until the size is reached). Reports
decisions/s and chars/s single-process and multi-process (``redact_many(n_process=N)``), model
load time, and — on the same texts — how much of the gold personal data each engine finds.

    .venv/bin/python bench/redact.py [--n 200] [--processes 2] [--no-ner]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# One BLAS thread per process: the NER model's small matrices gain nothing from threads, and
# threads from two worker processes would fight over the two cores.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

# Run as a script, this file's folder is sys.path[0] and its name would shadow the redact package.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))


def make_docs(n: int, size: int, seed: int) -> list[dict[str, Any]]:
    from sunshine.synth import generate, to_gold_record

    pool = [to_gold_record(g) for g in generate(n * 5, seed=seed, hard=True)]
    docs: list[dict[str, Any]] = []
    i = 0
    while len(docs) < n:
        text, entities, parties = "", [], []
        while len(text) < size:
            rec = pool[i % len(pool)]
            i += 1
            offset = len(text) + (1 if text else 0)
            text = text + ("\n" if text else "") + rec["text"]
            entities += [
                {**e, "start": e["start"] + offset, "end": e["end"] + offset} for e in rec["entities"]
            ]
            parties += rec["decision"].get("parties", [])
        docs.append({"text": text, "entities": entities, "decision": {"parties": parties}})
    return docs


def stock_presidio() -> Any:
    """What one gets from Presidio for zh without custom work: a blank zh spaCy pipeline (no zh
    model can be downloaded here) and the predefined recognizers that are not English-specific.
    EmailRecognizer is left out: its tldextract lookup may try the network."""
    import spacy
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers import (
        CreditCardRecognizer,
        IpRecognizer,
        PhoneRecognizer,
        SpacyRecognizer,
        UrlRecognizer,
    )

    model_dir = Path(tempfile.mkdtemp()) / "zh_blank"
    spacy.blank("zh").to_disk(model_dir)
    provider = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "zh", "model_name": str(model_dir)}],
        }
    )
    registry = RecognizerRegistry(supported_languages=["zh"])
    for rec in (
        CreditCardRecognizer(supported_language="zh"),
        IpRecognizer(supported_language="zh"),
        UrlRecognizer(supported_language="zh"),
        PhoneRecognizer(supported_language="zh", supported_regions=("CN",)),
        SpacyRecognizer(supported_language="zh"),
    ):
        registry.add_recognizer(rec)
    return AnalyzerEngine(nlp_engine=provider.create_engine(), registry=registry, supported_languages=["zh"])


def cold_load_seconds(use_ner: bool, model: Path | None) -> float:
    """Import + construction in a fresh interpreter: what a worker pays at start-up."""
    model_arg = f"Path({str(model)!r})" if model else "None"
    code = (
        "import time; t = time.perf_counter(); from pathlib import Path; from redact import Redactor; "
        f"Redactor(use_ner={use_ner}, model_path={model_arg}); print(time.perf_counter() - t)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=str(_HERE.parent)
    )
    return round(float(done.stdout.strip().splitlines()[-1]), 3)


def recall(docs: list[dict[str, Any]], spans_per_doc: list[list[tuple[int, int]]]) -> float:
    gold = hit = 0
    for doc, spans in zip(docs, spans_per_doc, strict=True):
        covered: set[int] = set()
        for s, e in spans:
            covered.update(range(s, e))
        for g in doc["entities"]:
            gold += g["end"] - g["start"]
            hit += sum(1 for i in range(g["start"], g["end"]) if i in covered)
    return hit / gold if gold else 1.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--size", type=int, default=2000)
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--no-ner", action="store_true")
    ap.add_argument(
        "--model", type=Path, default=None, help="NER pipeline directory (default: the bundled one)"
    )
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from redact.api import Redactor, hints_from_decision

    docs = make_docs(args.n, args.size, args.seed)
    chars = sum(len(d["text"]) for d in docs)
    items = [(d["text"], hints_from_decision(d["decision"])) for d in docs]
    out: dict[str, Any] = {
        "documents": len(docs),
        "avg_chars": round(chars / len(docs)),
        "cpus": os.cpu_count(),
    }

    out["ours_cold_load_s"] = cold_load_seconds(not args.no_ner, args.model)
    t0 = time.perf_counter()
    ours = Redactor(use_ner=not args.no_ner, model_path=args.model)
    out["ours_load_s"] = round(time.perf_counter() - t0, 3)
    out["ours_ner_model"] = str(ours.model_path) if ours.model_path else None
    ours.redact(docs[0]["text"])  # warm caches

    t0 = time.perf_counter()
    results = [ours.redact(t, p) for t, p in items]
    dt1 = time.perf_counter() - t0
    out["ours_1proc_docs_per_s"] = round(len(docs) / dt1, 1)
    out["ours_1proc_chars_per_s"] = round(chars / dt1)
    out["ours_1proc_docs_per_s_at_2000_chars"] = round(chars / dt1 / 2000, 1)

    if args.processes > 1:
        t0 = time.perf_counter()
        ours.redact_many(items, n_process=args.processes)
        dtn = time.perf_counter() - t0
        out[f"ours_{args.processes}proc_docs_per_s"] = round(len(docs) / dtn, 1)
        out[f"ours_{args.processes}proc_chars_per_s"] = round(chars / dtn)
        out[f"ours_{args.processes}proc_docs_per_s_at_2000_chars"] = round(chars / dtn / 2000, 1)
    out["ours_char_recall"] = round(recall(docs, [[(s.start, s.end) for s in r.spans] for r in results]), 4)

    t0 = time.perf_counter()
    stock = stock_presidio()
    out["stock_load_s"] = round(time.perf_counter() - t0, 3)
    t0 = time.perf_counter()
    stock_spans = [[(r.start, r.end) for r in stock.analyze(d["text"], language="zh")] for d in docs]
    dts = time.perf_counter() - t0
    out["stock_1proc_docs_per_s"] = round(len(docs) / dts, 1)
    out["stock_1proc_chars_per_s"] = round(chars / dts)
    out["stock_char_recall"] = round(recall(docs, stock_spans), 4)
    out["speed_ratio_ours_vs_stock_1proc"] = round(dts / dt1, 3)

    if args.json:
        print(json.dumps(out, indent=2))
    else:
        for k, v in out.items():
            print(f"{k:36} {v}")


if __name__ == "__main__":
    main()
