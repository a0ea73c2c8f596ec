"""CLI of the redaction stage: ``redact`` (the DESIGN.md ``--jsonl`` contract) and ``eval``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

FLOORS = {
    "leak_rate_id_phone_bank": ("<=", 0.0),
    "person_recall": (">=", 0.99),
    "keep_integrity": (">=", 0.995),
    "over_masking": ("<=", 0.01),
}


def _read_input(path: Path) -> tuple[str, list[Any]]:
    """Text of a file (exact UTF-8 code points: offsets index this), or a decision JSON's text + parties."""
    from redact import hints_from_decision

    raw = path.read_bytes().decode("utf-8")
    if path.suffix.lower() == ".json":
        try:
            doc = json.loads(raw)
        except ValueError:
            return raw, []
        if isinstance(doc, dict) and isinstance(doc.get("text"), str):
            return doc["text"], hints_from_decision(doc)
    return raw, []


def redact_cmd(
    paths: list[Path] = typer.Argument(
        ..., help="text files (UTF-8) or decision JSON files (their 'text' is used)"
    ),
    jsonl: bool = typer.Option(
        False, "--jsonl", help="one JSON object per input file, in order (DESIGN.md contract)"
    ),
    explain: bool = typer.Option(False, "--explain", help="add 'rule' and 'explanation' to each span"),
    no_ner: bool = typer.Option(False, "--no-ner", help="rules and structure only, without the NER model"),
    policy: Path = typer.Option(None, "--policy", help="masking policy YAML (default: the bundled one)"),
    model: Path = typer.Option(
        None, "--model", help="spaCy NER pipeline directory (default: the bundled one)"
    ),
) -> None:
    """Detect and mask personal data; one model load for all files."""
    from redact import Redactor

    redactor = Redactor(policy_path=policy, use_ner=not no_ner, model_path=model)
    failed = 0
    for path in paths:
        try:
            text, parties = _read_input(path)
        except (OSError, UnicodeDecodeError) as exc:
            failed += 1
            reason = "not valid UTF-8" if isinstance(exc, UnicodeDecodeError) else "cannot read file"
            if jsonl:
                print(json.dumps({"path": str(path), "error": reason}, ensure_ascii=False), flush=True)
            else:
                print(f"{path}: {reason}", file=sys.stderr)
            continue
        result = redactor.redact(text, parties)
        if jsonl:
            spans = []
            for s in result.spans:
                item: dict[str, Any] = s.to_contract()
                if explain:
                    item |= {"rule": s.rule, "explanation": s.explanation}
                spans.append(item)
            record = {"path": str(path), "redacted_text": result.masked_text, "spans": spans}
            print(json.dumps(record, ensure_ascii=False), flush=True)
        else:
            print(f"==> {path} ({len(result.spans)} spans)")
            print(result.masked_text)
    if failed:
        raise typer.Exit(code=1)


def _load_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def eval_cmd(
    data: list[Path] = typer.Option(
        None, "--data", help="gold JSONL file(s): {text, entities, keep?, neutral?, decision?}"
    ),
    synth: int = typer.Option(300, "--synth", help="also generate N synthetic decisions (0 = none)"),
    hard: bool = typer.Option(True, "--hard/--easy", help="synthetic decisions with hard cases"),
    seed: int = typer.Option(2026, "--seed"),
    handmade: bool = typer.Option(True, "--handmade/--no-handmade", help="include the hand-checked samples"),
    hints: bool = typer.Option(
        True, "--hints/--no-hints", help="feed structured party fields to the detector"
    ),
    no_ner: bool = typer.Option(False, "--no-ner"),
    model: Path = typer.Option(
        None, "--model", help="spaCy NER pipeline directory (default: the bundled one)"
    ),
    as_json: bool = typer.Option(False, "--json", help="machine-readable report"),
    markdown: bool = typer.Option(False, "--markdown", help="README-ready tables"),
    check: bool = typer.Option(False, "--check", help="exit 1 when a floor of issue 3 is missed"),
    ner_sets: str = typer.Option(
        "",
        "--ner-sets",
        help="also score the NER model alone on corpus test splits, e.g. msra_test,cluener_dev,cail2022_test",
    ),
    datasets: Path = typer.Option(
        Path("../shared/datasets"), "--datasets", help="folder with the NER corpora"
    ),
    ner_limit: int = typer.Option(0, "--ner-limit", help="first N records per NER set (0 = all)"),
) -> None:
    """Per-type precision/recall/F2 (character overlap), leak rate, keep-integrity, over-masking."""
    from redact import Redactor, hints_from_decision
    from redact.evaldata import WRITTEN_SETS, handmade_records, written_records
    from redact.evaluation import Report, evaluate

    sets: dict[str, list[dict[str, Any]]] = {}
    if handmade:
        sets["handmade"] = handmade_records()
        for name in WRITTEN_SETS:
            sets[f"written-{name}"] = written_records(name)
    for p in data or []:
        sets[str(p)] = _load_jsonl(p)
    if synth > 0:
        from sunshine.synth import generate, to_gold_record

        sets[f"synth(n={synth},seed={seed},{'hard' if hard else 'easy'})"] = [
            to_gold_record(g) for g in generate(synth, seed=seed, hard=hard)
        ]
    redactor = Redactor(use_ner=not no_ner, model_path=model)

    def run(rec: dict[str, Any]) -> tuple[list[tuple[int, int, str]], str]:
        parties = hints_from_decision(rec.get("decision") or {}) if hints else []
        res = redactor.redact(rec["text"], parties)
        return [(s.start, s.end, s.entity_type) for s in res.spans], res.masked_text

    reports: dict[str, Report] = {name: evaluate(recs, run) for name, recs in sets.items()}
    summary = {name: r.to_json() for name, r in reports.items()}
    failures: list[str] = []
    for name, r in summary.items():
        values = {
            "leak_rate_id_phone_bank": r["leak_rate_id_phone_bank"],
            "person_recall": r["per_type"].get("PERSON", {}).get("recall", 1.0),
            "keep_integrity": r["keep_integrity"],
            "over_masking": r["over_masking"],
        }
        for key, (op, bound) in FLOORS.items():
            ok = values[key] <= bound if op == "<=" else values[key] >= bound
            if not ok:
                failures.append(f"{name}: {key}={values[key]} (floor {op} {bound})")
    ner_scores = _ner_scores(ner_sets, datasets, ner_limit) if ner_sets else {}
    if as_json:
        print(
            json.dumps(
                {"sets": summary, "floor_failures": failures, "ner": ner_scores}, ensure_ascii=False, indent=2
            )
        )
    elif markdown:
        print(_markdown(summary, failures))
    else:
        _print_tables(summary, failures)
        for name, res in ner_scores.items():
            print(f"NER {name}: {json.dumps(res, ensure_ascii=False)}")
    if check and failures:
        raise typer.Exit(code=1)


def _ner_scores(names: str, datasets: Path, limit: int) -> dict[str, Any]:
    """Exact-span P/R/F1 of the bundled NER model on corpus test splits (MSRA, CLUENER, CAIL)."""
    from redact.engine import bundled_model_path

    model = bundled_model_path()
    if model is None:
        return {"error": "the bundled NER model is not built (redact/models/zh_sunshine_ner)"}
    if not datasets.is_dir():
        return {"error": f"datasets folder not found: {datasets}"}
    from redact.models import load_ner_model
    from redact.training.evaluate import load_eval_sets, score_samples

    nlp = load_ner_model(model)
    wanted = [n.strip() for n in names.split(",") if n.strip()]
    out: dict[str, Any] = {}
    for name, samples in load_eval_sets(datasets, wanted, limit).items():
        res = score_samples(nlp, samples)
        out[name] = {
            "records": res["records"],
            "ents_f": round(res["ents_f"], 4),
            "per_type": {k: v and {m: round(x, 4) for m, x in v.items()} for k, v in res["per_type"].items()},
        }
    return out


def _markdown(summary: dict[str, dict[str, Any]], failures: list[str]) -> str:
    lines: list[str] = []
    for name, r in summary.items():
        lines += [
            f"**{name}** — {r['documents']} documents",
            "",
            "| entity | P | R | F2 | gold spans | leaked |",
            "|---|---|---|---|---|---|",
        ]
        for entity, s in r["per_type"].items():
            lines.append(
                f"| {entity} | {s['precision']:.4f} | {s['recall']:.4f} | {s['f2']:.4f} | {s['gold_spans']} | {s['leaked']} |"
            )
        lines += [
            "",
            f"leak rate (ID/phone/bank) {r['leak_rate_id_phone_bank']:.6f} · leak rate (all) {r['leak_rate_all']:.6f} · "
            f"keep-integrity {r['keep_integrity']:.6f} · over-masking {r['over_masking']:.6f}",
            "",
        ]
    lines += [f"- floor missed: {f}" for f in failures] or ["All issue-3 floors met."]
    return "\n".join(lines)


def _print_tables(summary: dict[str, dict[str, Any]], failures: list[str]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for name, r in summary.items():
        table = Table(
            "entity", "P", "R", "F2", "gold spans", "leaked", title=f"{name} — {r['documents']} documents"
        )
        for entity, s in r["per_type"].items():
            table.add_row(
                entity,
                f"{s['precision']:.4f}",
                f"{s['recall']:.4f}",
                f"{s['f2']:.4f}",
                str(s["gold_spans"]),
                str(s["leaked"]),
            )
        console.print(table)
        console.print(
            f"leak rate (ID/phone/bank): {r['leak_rate_id_phone_bank']:.6f}   leak rate (all): {r['leak_rate_all']:.6f}   "
            f"keep-integrity: {r['keep_integrity']:.6f}   over-masking: {r['over_masking']:.6f}"
        )
    for f in failures:
        console.print(f"[red]FLOOR MISSED[/red] {f}")


def register(app: typer.Typer) -> None:
    app.command("redact")(redact_cmd)
    app.command("eval")(eval_cmd)


__all__ = ["register"]
