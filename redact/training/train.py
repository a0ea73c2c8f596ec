"""Train the bundled NER model: ``python -m redact.training.train --datasets ../shared/datasets``.

Builds the training/dev ``DocBin`` files in a scratch directory outside the repository (corpora are
never copied into the repo), trains with ``redact/training/ner.cfg`` (or ``--config``, e.g. the
``ner_trigram.cfg`` recipe) under a wall-clock budget, keeps
the checkpoint with the best dev score, and writes it to ``--out`` together with a ``training.json``
that records what went in (corpus sizes, data-source commits, seed, steps, dev scores).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import spacy
from spacy.training.initialize import init_nlp
from spacy.training.loop import create_evaluation_callback, create_train_batches, train_while_improving
from spacy.util import registry, resolve_dot_names
from thinc.api import Config, fix_random_seed

import redact.models.ner_arch  # noqa: F401  (registers the custom embedding before init)
from redact.models.lexicon import load_lexicon
from redact.training import corpora
from redact.training.docs import samples_to_docs, write_docbin

CONFIG_PATH = Path(__file__).with_name("ner.cfg")
DEFAULT_DATASETS = Path("../shared/datasets")
DEFAULT_OUT = Path("redact/models/zh_sunshine_ner")
# Snapshot commits of the shared corpora (from each dataset's SOURCE.md), recorded in the model.
DATA_SOURCES = {
    "msra": "github.com/zhooufeng/Data@5336c7962aa05bb4ee356707a8f44cb087baaa01 (MSRA.zip)",
    "cluener2020": "github.com/hemingkx/CLUENER2020@4bfd0b5fdd1537558f0c32dd28339af1f337afc9",
    "cail2021_xxcq": "github.com/isLouisHsu/CAIL2021-information-extraction@4b6f08e449d56fba50270cd2b50daea7661eaee3",
    "cail2022_xxcq": "github.com/china-ai-law-challenge/CAIL2022@2151a06cac096ce17dd75db11e71228795fc1767",
}


def build_corpora(
    datasets: Path,
    synthetic: list[Path],
    synthetic_repeat: int,
    limit: int,
    name_lists: int = 0,
    msra_repeat: int = 1,
    name_substitution: int = 0,
) -> tuple[list[corpora.Sample], list[corpora.Sample], dict[str, Any]]:
    """Training and dev samples plus a summary for the model card."""
    msra_train, msra_dev, _ = corpora.msra_splits(datasets)
    parts: dict[str, list[corpora.Sample]] = {
        "msra_train": msra_train * max(1, msra_repeat),
        "cluener_train": corpora.read_cluener(datasets / "cluener2020" / "train.json"),
        "cail2021_train": corpora.cail2021_splits(datasets)[0],
        "cail2022_train": corpora.cail2022_splits(datasets)[0],
    }
    if name_substitution:
        parts["name_substitution"] = corpora.name_substitution(
            msra_train + parts["cluener_train"], name_substitution
        )
    if name_lists:
        parts["name_lists"] = corpora.name_list_augmentation(
            parts["msra_train"] + parts["cluener_train"], name_lists
        )
    for path in synthetic:
        parts[f"synthetic:{path.name}"] = corpora.read_synthetic(path) * max(1, synthetic_repeat)
    if limit:
        parts = {k: v[:limit] for k, v in parts.items()}
        msra_dev = msra_dev[: max(200, limit // 10)]
    train: list[corpora.Sample] = [s for v in parts.values() for s in v]
    summary = {
        name: {"records": len(v), "chars": sum(len(s.text) for s in v), **corpora.count_labels(v)}
        for name, v in parts.items()
    }
    summary["msra_dev"] = {
        "records": len(msra_dev),
        "chars": sum(len(s.text) for s in msra_dev),
        **corpora.count_labels(msra_dev),
    }
    return train, msra_dev, summary


def run_training(
    config: Config, work: Path, max_minutes: float, log: Any = sys.stdout
) -> tuple[Path, dict[str, Any]]:
    """spaCy's training loop with a wall-clock budget; returns (best model dir, best info)."""
    nlp = init_nlp(config)
    cfg = nlp.config.interpolate()
    fix_random_seed(cfg["training"]["seed"])
    from spacy.schemas import ConfigSchemaTraining

    T = registry.resolve(cfg["training"], schema=ConfigSchemaTraining)
    train_corpus, dev_corpus = resolve_dot_names(cfg, [T["train_corpus"], T["dev_corpus"]])
    optimizer = T["optimizer"]
    deadline = time.monotonic() + max_minutes * 60 if max_minutes > 0 else float("inf")

    def batches() -> Any:
        for epoch, batch in create_train_batches(nlp, train_corpus, T["batcher"], T["max_epochs"]):
            if time.monotonic() > deadline:
                log.write("time budget reached\n")
                return
            yield epoch, batch

    steps = train_while_improving(
        nlp,
        optimizer,
        batches(),
        create_evaluation_callback(nlp, dev_corpus, T["score_weights"]),
        dropout=T["dropout"],
        accumulate_gradient=T["accumulate_gradient"],
        patience=T["patience"],
        max_steps=T["max_steps"],
        eval_frequency=T["eval_frequency"],
        exclude=T["frozen_components"],
        annotating_components=T["annotating_components"],
        before_update=T["before_update"],
    )
    best_dir = work / "model-best"
    best: dict[str, Any] = {}
    started = time.monotonic()
    for _batch, info, is_best in steps:
        if is_best is None:
            continue
        per_type = info["other_scores"].get("ents_per_type", {})
        log.write(
            f"epoch {info['epoch']} step {info['step']} {time.monotonic() - started:6.0f}s "
            f"loss {info['losses'].get('ner', 0):9.1f} dev score {info['score']:.4f} "
            + " ".join(f"{k} {v['f']:.4f}/{v['r']:.4f}" for k, v in sorted(per_type.items()))
            + (" *" if is_best else "")
            + "\n"
        )
        log.flush()
        if is_best:
            if best_dir.exists():
                shutil.rmtree(best_dir)
            with nlp.use_params(optimizer.averages):
                nlp.to_disk(best_dir)
            best = {
                "epoch": info["epoch"],
                "step": info["step"],
                "dev_score": info["score"],
                "dev_ents_per_type": per_type,
                "dev_ents_p": info["other_scores"].get("ents_p"),
                "dev_ents_r": info["other_scores"].get("ents_r"),
            }
    return best_dir, best


def stamp_meta(model_dir: Path, record: dict[str, Any]) -> None:
    """Name the pipeline and record provenance in its meta.json (shown by ``spacy info``)."""
    meta_path = model_dir / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update(
        {
            "name": "sunshine_ner",
            "version": "1.0.0",
            "description": "Character-level Chinese NER (PERSON, LOC, ORG) for penalty-decision redaction. "
            "Load with redact.models.load_ner_model() (registers sunshine.CharLexiconEmbed.v1; needs the pinned jieba dictionary).",
            "author": "Sunshine project",
            "license": "Model weights derived from research corpora with unstated terms; see MODEL_CARD.md",
            "sources": [{"name": k, "url": v} for k, v in record["data_sources"].items()],
            "requirements": [],
        }
    )
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--synthetic", type=Path, action="append", default=[], help="JSONL of synthetic text")
    ap.add_argument("--synthetic-repeat", type=int, default=1, help="oversample synthetic records")
    ap.add_argument("--max-epochs", type=int, default=None)
    ap.add_argument(
        "--max-minutes",
        type=float,
        default=42.0,
        help="wall-clock budget for the loop (0 = none; use --set training.max_steps=N for exact re-runs)",
    )
    ap.add_argument("--config", type=Path, default=CONFIG_PATH)
    ap.add_argument("--work-dir", type=Path, default=None, help="scratch dir (default: a temp dir)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--name-lists", type=int, default=600, help="run-together name lists built from train names"
    )
    ap.add_argument("--limit", type=int, default=0, help="records per corpus (smoke tests)")
    ap.add_argument("--msra-repeat", type=int, default=1, help="oversample the MSRA training split")
    ap.add_argument(
        "--name-substitution",
        type=int,
        default=0,
        help="copies of MSRA/CLUENER train sentences with newly composed person names",
    )
    ap.add_argument(
        "--resume", type=Path, default=None, help="continue training the components of this pipeline"
    )
    ap.add_argument("--set", action="append", default=[], help="config override section.key=value (JSON)")
    args = ap.parse_args(argv)

    if not args.datasets.is_dir():
        ap.error(f"datasets folder not found: {args.datasets}")
    for p in args.synthetic:
        if not p.is_file():
            ap.error(f"synthetic file not found: {p}")
    tmp = None
    if args.work_dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="sunshine-ner-")
        work = Path(tmp.name)
    else:
        work = args.work_dir
        work.mkdir(parents=True, exist_ok=True)
    try:
        random.seed(args.seed)
        train, dev, summary = build_corpora(
            args.datasets,
            args.synthetic,
            args.synthetic_repeat,
            args.limit,
            args.name_lists,
            args.msra_repeat,
            args.name_substitution,
        )
        nlp0 = spacy.blank("zh")
        train_docs, dropped_train = samples_to_docs(nlp0, train)
        dev_docs, dropped_dev = samples_to_docs(nlp0, dev)
        write_docbin(train_docs, work / "train.spacy")
        write_docbin(dev_docs, work / "dev.spacy")
        print(json.dumps(summary, ensure_ascii=False))
        print(
            f"train docs {len(train_docs)} (unaligned spans {dropped_train}), dev {len(dev_docs)} ({dropped_dev})"
        )

        overrides: dict[str, Any] = {
            "paths.train": str(work / "train.spacy"),
            "paths.dev": str(work / "dev.spacy"),
            "system.seed": args.seed,
        }
        embed = "components.tok2vec.model.embed"
        if (
            "lexicon_sha256"
            in spacy.util.load_config(args.config, interpolate=False)["components"]["tok2vec"]["model"][
                "embed"
            ]
        ):
            overrides[f"{embed}.lexicon_sha256"] = load_lexicon().sha256
        if args.max_epochs is not None:
            overrides["training.max_epochs"] = args.max_epochs
        for item in args.set:
            key, _, value = item.partition("=")
            overrides[key] = json.loads(value)
        config = spacy.util.load_config(args.config, overrides=overrides, interpolate=False)
        if args.resume is not None:
            # Sourced components are resumed (not re-initialised) by spaCy's init_nlp.
            for name in ("tok2vec", "ner"):
                config["components"][name] = {"source": str(args.resume.resolve())}
        t0 = time.monotonic()
        best_dir, best = run_training(config, work, args.max_minutes)
        if not best:
            print("no checkpoint was evaluated; nothing written", file=sys.stderr)
            return 1
        best["train_seconds"] = round(time.monotonic() - t0)
        if args.out.exists():
            shutil.rmtree(args.out)
        shutil.copytree(best_dir, args.out)
        record = {
            "recipe": "python -m redact.training.train "
            + " ".join(argv if argv is not None else sys.argv[1:]),
            "data_sources": DATA_SOURCES,
            "corpora": summary,
            "seed": args.seed,
            "overrides": overrides | {"paths.train": "<work>/train.spacy", "paths.dev": "<work>/dev.spacy"},
            "best": best,
        }
        (args.out / "training.json").write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        stamp_meta(args.out, record)
        print(
            f"best model (epoch {best['epoch']}, step {best['step']}, dev {best['dev_score']:.4f}) -> {args.out}"
        )
    finally:
        if tmp is not None:
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
