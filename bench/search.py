"""Search benchmark: tantivy (Sunshine's embedded backend) against a SQLite FTS5 baseline.

Builds N synthetic *published* decisions (masked text only), measures the index build rate
and the latency of a realistic query mix, and prints ratios against SQLite FTS5 measured in
the same run on the same documents and the same bigram analysis.

    .venv/bin/python bench/search.py               # 100k decisions
    .venv/bin/python bench/search.py --n 1000000   # the 1M acceptance run
    .venv/bin/python bench/search.py --n 20000 --json out.json

The FTS5 baseline indexes the same space-joined bigram strings with the unicode61 tokenizer
(tech-notes §3.2: FTS5's trigram tokenizer cannot match 2-character words), keeps metadata
in an indexed table, computes facets with GROUP BY and pages by keyset.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from search.analysis import bigram_string, parse_query, word_cache_info
from search.documents import PublicDecision
from search.highlight import snippet_html
from search.query import FINE_RANGES, SearchQuery
from search.synthetic import synthetic_decisions
from search.tantivy_backend import TantivyBackend, index_fields

CHUNK = 2000
SEED = 11

# -- building ------------------------------------------------------------------------------------


def _tantivy_chunk(start: int) -> tuple[list[dict[str, Any]], float, float, tuple[int, int]]:
    c0 = time.process_time()
    docs = list(synthetic_decisions(CHUNK, seed=SEED, start=start))
    c1 = time.process_time()
    fields = [index_fields(d) for d in docs]
    return fields, c1 - c0, time.process_time() - c1, word_cache_info()


def _fts_chunk(start: int) -> list[tuple[Any, ...]]:
    rows = []
    for d in synthetic_decisions(CHUNK, seed=SEED, start=start):
        f = index_fields_light(d)
        rows.append(f)
    return rows


def index_fields_light(d: PublicDecision) -> tuple[Any, ...]:
    from search.query import region_levels, sort_key

    title = f"{d.title} {d.document_number} {d.authority} {' '.join(d.legal_basis)}"
    return (
        d.id,
        bigram_string(d.masked_text),
        bigram_string(title),
        d.authority,
        d.region_code,
        region_levels(d.region_code),
        d.law_area,
        d.penalty_kinds,
        d.party_kinds,
        d.decision_date.year,
        d.decision_date.toordinal(),
        d.fine_total,
        sort_key(d.decision_date, d.id),
        d.model_dump_json(),
    )


def _chunks(n: int) -> list[int]:
    return list(range(0, n, CHUNK))


def build_tantivy(path: Path, n: int, workers: int) -> dict[str, Any]:
    backend = TantivyBackend(path)
    gen_s = 0.0
    analysis_s = 0.0
    cache = (0, 0)
    t0 = time.perf_counter()
    c0 = time.process_time()
    ctx = mp.get_context("fork")
    with ctx.Pool(workers) as pool:

        def stream() -> Iterator[dict[str, Any]]:
            nonlocal gen_s, analysis_s, cache
            done = 0
            for fields, gen, ana, info in pool.imap(_tantivy_chunk, _chunks(n)):
                gen_s += gen
                analysis_s += ana
                cache = info
                yield from fields[: n - done]
                done += len(fields)
                if done % 100_000 < CHUNK:
                    print(
                        f"  tantivy: {min(done, n):,} docs, {time.perf_counter() - t0:.0f}s", file=sys.stderr
                    )

        count = backend.bulk_load(stream(), replace=True, heap=600_000_000, threads=2)
    wall = time.perf_counter() - t0
    main_cpu = time.process_time() - c0
    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return {
        "docs": count,
        "wall_s": round(wall, 1),
        "docs_per_s": round(count / wall),
        "generation_cpu_s": round(gen_s, 1),
        "analysis_cpu_s": round(analysis_s, 1),
        "writer_process_cpu_s": round(main_cpu, 1),
        "loadavg_after": os.getloadavg(),
        "index_mb": round(size / 1e6),
        "jieba_clause_cache_hit_rate_last_worker": round(cache[0] / max(1, sum(cache)), 3),
        "backend": backend,
    }


FTS_SCHEMA = """
CREATE VIRTUAL TABLE fts USING fts5(text_bg, title_bg, tokenize='unicode61', detail=full);
CREATE TABLE meta(rowid INTEGER PRIMARY KEY, id TEXT, authority TEXT, region_code TEXT, law_area TEXT,
                  year INTEGER, date_ord INTEGER, fine REAL, sort_key INTEGER, doc TEXT);
CREATE TABLE region_level(rowid INTEGER, code TEXT);
CREATE TABLE penalty(rowid INTEGER, kind TEXT);
CREATE TABLE party(rowid INTEGER, kind TEXT);
"""
FTS_INDEXES = """
CREATE INDEX meta_sort ON meta(sort_key);
CREATE INDEX meta_law ON meta(law_area, sort_key);
CREATE INDEX meta_auth ON meta(authority);
CREATE INDEX meta_date ON meta(date_ord);
CREATE INDEX meta_fine ON meta(fine);
CREATE INDEX region_idx ON region_level(code, rowid);
CREATE INDEX penalty_idx ON penalty(kind, rowid);
CREATE INDEX party_idx ON party(kind, rowid);
"""


def build_fts(path: Path, n: int, workers: int) -> dict[str, Any]:
    conn = sqlite3.connect(path)
    conn.executescript(
        "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-400000;" + FTS_SCHEMA
    )
    t0 = time.perf_counter()
    ctx = mp.get_context("fork")
    rowid = 0
    with ctx.Pool(workers) as pool:
        for rows in pool.imap(_fts_chunk, _chunks(n)):
            rows = rows[: n - rowid]
            base = rowid
            conn.executemany(
                "INSERT INTO fts(rowid, text_bg, title_bg) VALUES (?,?,?)",
                [(base + i + 1, r[1], r[2]) for i, r in enumerate(rows)],
            )
            conn.executemany(
                "INSERT INTO meta VALUES (?,?,?,?,?,?,?,?,?,?)",
                [
                    (base + i + 1, r[0], r[3], r[4], r[6], r[9], r[10], r[11], r[12], r[13])
                    for i, r in enumerate(rows)
                ],
            )
            conn.executemany(
                "INSERT INTO region_level VALUES (?,?)",
                [(base + i + 1, c) for i, r in enumerate(rows) for c in r[5]],
            )
            conn.executemany(
                "INSERT INTO penalty VALUES (?,?)",
                [(base + i + 1, k) for i, r in enumerate(rows) for k in r[7]],
            )
            conn.executemany(
                "INSERT INTO party VALUES (?,?)",
                [(base + i + 1, k) for i, r in enumerate(rows) for k in r[8]],
            )
            rowid += len(rows)
            if rowid % 100_000 < CHUNK:
                print(f"  fts5: {rowid:,} docs, {time.perf_counter() - t0:.0f}s", file=sys.stderr)
    conn.executescript(FTS_INDEXES + "INSERT INTO fts(fts) VALUES('optimize'); ANALYZE;")
    conn.commit()
    wall = time.perf_counter() - t0
    return {
        "docs": rowid,
        "wall_s": round(wall, 1),
        "docs_per_s": round(rowid / wall),
        "db_mb": round(path.stat().st_size / 1e6),
        "conn": conn,
    }


# -- the FTS5 baseline's search -------------------------------------------------------------------


class FtsSearch:
    """Same query semantics as SearchQuery on the FTS5 tables (terms AND, phrases, filters, facets)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def _match(self, q: str) -> str | None:
        parsed = parse_query(q)
        if parsed.empty:
            return None
        parts = []
        for t in parsed.positive:
            toks = t.bigrams
            if t.single_char:
                parts.append(f"({toks[0]}*)")  # prefix only: FTS5 has no suffix match
            else:
                parts.append('"' + " ".join(toks) + '"')
        return " AND ".join(parts)

    def search(self, query: SearchQuery, after: int | None = None, offset: int = 0) -> dict[str, Any]:
        where: list[str] = ["1=1"]
        args: list[Any] = []
        match = self._match(query.q)
        if match:
            where.append("m.rowid IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
            args.append(match)
        if query.law_area:
            where.append(f"m.law_area IN ({','.join('?' * len(query.law_area))})")
            args += query.law_area
        if query.authority:
            where.append(f"m.authority IN ({','.join('?' * len(query.authority))})")
            args += query.authority
        if query.region:
            where.append(
                f"m.rowid IN (SELECT rowid FROM region_level WHERE code IN ({','.join('?' * len(query.region))}))"
            )
            args += query.region
        if query.penalty_kind:
            where.append(
                f"m.rowid IN (SELECT rowid FROM penalty WHERE kind IN ({','.join('?' * len(query.penalty_kind))}))"
            )
            args += query.penalty_kind
        if query.date_from:
            where.append("m.date_ord >= ?")
            args.append(query.date_from.toordinal())
        if query.date_to:
            where.append("m.date_ord <= ?")
            args.append(query.date_to.toordinal())
        if query.fine_min is not None:
            where.append("m.fine >= ?")
            args.append(query.fine_min)
        cond = " AND ".join(where)
        total = self.conn.execute(f"SELECT count(*) FROM meta m WHERE {cond}", args).fetchone()[0]
        if query.effective_sort() == "relevance" and match:
            sql = (
                f"SELECT m.doc FROM fts JOIN meta m ON m.rowid = fts.rowid WHERE fts MATCH ? AND {cond} "
                "ORDER BY bm25(fts), m.sort_key DESC LIMIT ? OFFSET ?"
            )
            rows = self.conn.execute(sql, [match, *args, query.size, offset]).fetchall()
        else:
            keyset = " AND m.sort_key < ?" if after is not None else ""
            sql = f"SELECT m.doc FROM meta m WHERE {cond}{keyset} ORDER BY m.sort_key DESC LIMIT ?"
            rows = self.conn.execute(
                sql, [*args, *([after] if after is not None else []), query.size]
            ).fetchall()
        needles = parse_query(query.q).needles()
        hits = []
        for (doc,) in rows:
            d = json.loads(doc)
            hits.append((d["id"], snippet_html(d["masked_text"], needles)))
        facets: dict[str, Any] = {}
        if query.facets:
            for col in ("authority", "region_code", "law_area", "year"):
                facets[col] = self.conn.execute(
                    f"SELECT {col}, count(*) FROM meta m WHERE {cond} GROUP BY {col} ORDER BY 2 DESC LIMIT 50",
                    args,
                ).fetchall()
            for table in ("penalty", "party"):
                facets[table] = self.conn.execute(
                    f"SELECT t.kind, count(*) FROM {table} t JOIN meta m ON m.rowid = t.rowid WHERE {cond} GROUP BY t.kind",
                    args,
                ).fetchall()
            cases = " ".join(
                f"WHEN m.fine >= {lo or 0} AND m.fine < {hi if hi is not None else 1e18} THEN '{key}'"
                for key, lo, hi in FINE_RANGES
            )
            facets["fine"] = self.conn.execute(
                f"SELECT CASE {cases} END, count(*) FROM meta m WHERE {cond} GROUP BY 1", args
            ).fetchall()
        return {"total": total, "hits": hits, "facets": facets}


# -- the query mix ---------------------------------------------------------------------------------

TWO_CHAR = ["罚款", "拘留", "醉酒", "赌博", "殴打", "消防", "驾驶", "警告", "网络", "食品", "酒吧", "出境"]
PHRASES = [
    "过期食品",
    "醉酒驾驶",
    "疏散通道",
    "公民个人信息",
    "寻衅滋事",
    "非法居留",
    "管制刀具",
    "饮酒后驾驶",
]
LAW = ["public_order", "traffic", "fire", "exit_entry", "cyber", "firearms", "other"]
REGIONS = ["33", "3301", "3310", "32", "44", "4403", "51", "42"]
PENALTIES = ["fine", "detention", "confiscation", "warning", "license_suspension"]


def query_mix(rng: random.Random) -> list[tuple[str, SearchQuery, int]]:
    """(category, query, pages to walk) — the last page's latency is what is measured."""
    import datetime as dt

    mix: list[tuple[str, SearchQuery, int]] = []
    for _ in range(60):
        mix.append(("two_char_term", SearchQuery(q=rng.choice(TWO_CHAR), facets=False), 1))
        mix.append(("phrase", SearchQuery(q=rng.choice(PHRASES), facets=False), 1))
        mix.append(
            (
                "two_terms_2filters_facets",
                SearchQuery(
                    q=" ".join(rng.sample(TWO_CHAR, 2)),
                    law_area=[rng.choice(LAW)],
                    region=[rng.choice(REGIONS)],
                ),
                1,
            )
        )
        y = rng.randrange(2016, 2025)
        mix.append(
            (
                "browse_filters_facets_date_sort",
                SearchQuery(
                    penalty_kind=[rng.choice(PENALTIES)],
                    date_from=dt.date(y, 1, 1),
                    date_to=dt.date(y, 12, 31),
                ),
                1,
            )
        )
        mix.append(
            (
                "term_fine_range",
                SearchQuery(q=rng.choice(TWO_CHAR), fine_min=1000, fine_max=50000, facets=False),
                1,
            )
        )
    for _ in range(20):
        mix.append(("deep_page_10_relevance", SearchQuery(q=rng.choice(TWO_CHAR), facets=False), 10))
        mix.append(("deep_page_10_date", SearchQuery(q=rng.choice(TWO_CHAR), sort="date", facets=False), 10))
        mix.append(("single_char", SearchQuery(q=rng.choice("罚赌酒烟火"), facets=False), 1))
    rng.shuffle(mix)
    return mix


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    k = max(0, min(len(s) - 1, round(p / 100 * (len(s) - 1))))
    return s[k]


def measure(
    run: Callable[[SearchQuery, int], Any], mix: list[tuple[str, SearchQuery, int]]
) -> dict[str, dict[str, float]]:
    per: dict[str, list[float]] = {}
    for _cat, q, pages in mix[:20]:  # warm-up
        run(q, pages)
    for cat, q, pages in mix:
        per.setdefault(cat, []).append(run(q, pages))
    out = {}
    for cat, vals in sorted(per.items()):
        out[cat] = {"n": len(vals), "p50": pct(vals, 50), "p95": pct(vals, 95), "p99": pct(vals, 99)}
    allv = [v for vals in per.values() for v in vals]
    out["ALL"] = {"n": len(allv), "p50": pct(allv, 50), "p95": pct(allv, 95), "p99": pct(allv, 99)}
    return out


def tantivy_runner(backend: TantivyBackend) -> Callable[[SearchQuery, int], float]:
    def run(q: SearchQuery, pages: int) -> float:
        cursor = None
        for _ in range(pages - 1):  # walk to the deep page, unmeasured
            page = backend.search(q.model_copy(update={"cursor": cursor}))
            cursor = page.next_cursor
        t0 = time.perf_counter()
        backend.search(q.model_copy(update={"cursor": cursor}))
        return (time.perf_counter() - t0) * 1000

    return run


def fts_runner(fts: FtsSearch) -> Callable[[SearchQuery, int], float]:
    def run(q: SearchQuery, pages: int) -> float:
        after: int | None = None
        offset = 0
        if pages > 1:
            offset = (pages - 1) * q.size
            if q.effective_sort() != "relevance":  # keyset: find the boundary unmeasured
                match = fts._match(q.q)
                row = fts.conn.execute(
                    "SELECT m.sort_key FROM meta m WHERE m.rowid IN (SELECT rowid FROM fts WHERE fts MATCH ?) ORDER BY m.sort_key DESC LIMIT 1 OFFSET ?",
                    [match, offset - 1],
                ).fetchone()
                after = row[0] if row else None
        t0 = time.perf_counter()
        fts.search(q, after=after, offset=offset)
        return (time.perf_counter() - t0) * 1000

    return run


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=2, help="analysis processes")
    ap.add_argument("--dir", type=Path, default=None, help="work directory (default: a temp dir, removed)")
    ap.add_argument("--no-baseline", action="store_true", help="skip SQLite FTS5")
    ap.add_argument("--json", type=Path, default=None, help="also write the results here")
    ap.add_argument(
        "--baseline-stride",
        type=int,
        default=1,
        help="measure FTS5 on every k-th query of the mix only (FTS5 facet queries take seconds at 1M)",
    )
    args = ap.parse_args(argv)
    work = args.dir or Path(tempfile.mkdtemp(prefix="sunshine-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "n": args.n,
        "workers": args.workers,
        "cpus": os.cpu_count(),
        "loadavg_before": os.getloadavg(),
    }
    try:
        print(f"building tantivy index of {args.n:,} synthetic decisions in {work}", file=sys.stderr)
        tb = build_tantivy(work / "tantivy", args.n, args.workers)
        backend = tb.pop("backend")
        results["tantivy_build"] = tb
        mix = query_mix(random.Random(5))
        results["tantivy_latency_ms"] = measure(tantivy_runner(backend), mix)
        if args.json:  # partial results survive an interrupted baseline
            args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))
        if not args.no_baseline:
            report(results)  # tantivy figures first; the baseline can take long at 1M
            print("building SQLite FTS5 baseline", file=sys.stderr)
            fb = build_fts(work / "fts.sqlite", args.n, args.workers)
            conn = fb.pop("conn")
            results["fts5_build"] = fb
            results["fts5_latency_ms"] = measure(fts_runner(FtsSearch(conn)), mix[:: args.baseline_stride])
            conn.close()
        report(results)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    finally:
        if args.dir is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def report(r: dict[str, Any]) -> None:
    tb = r["tantivy_build"]
    print(
        f"\n== Sunshine search benchmark: {r['n']:,} decisions, {r['cpus']} CPUs, {r['workers']} analysis workers =="
    )
    print(f"load average before: {r['loadavg_before']}, after tantivy build: {tb['loadavg_after']}")
    print(
        f"tantivy CPU: generation {tb['generation_cpu_s']} s + analysis (bigrams, jieba) {tb['analysis_cpu_s']} s "
        f"in workers, writer process {tb['writer_process_cpu_s']} s; "
        f"without generation: {tb['docs'] / max(1e-9, tb['analysis_cpu_s'] + tb['writer_process_cpu_s']) * (r['cpus'] or 1):,.0f} docs/s "
        f"if the {r['cpus']} CPUs were ours"
    )
    print(
        f"tantivy build: {tb['wall_s']} s, {tb['docs_per_s']:,} docs/s, index {tb['index_mb']} MB "
        f"(generation inside workers: {tb['generation_cpu_s']} CPU-s; jieba clause cache hit rate {tb['jieba_clause_cache_hit_rate_last_worker']})"
    )
    fb = r.get("fts5_build")
    if fb:
        print(f"fts5 build:    {fb['wall_s']} s, {fb['docs_per_s']:,} docs/s, db {fb['db_mb']} MB")
        print(
            f"build rate ratio tantivy/fts5: {tb['docs_per_s'] / fb['docs_per_s']:.2f}x (tantivy also runs jieba)"
        )
    t = r["tantivy_latency_ms"]
    f = r.get("fts5_latency_ms", {})
    print(
        f"\n{'query class':34} {'n':>4} {'tantivy p50/p95/p99 ms':>26} {'fts5 p50/p95/p99 ms':>26} {'p95 speed-up':>12}"
    )
    for cat, v in t.items():
        line = f"{cat:34} {v['n']:>4} {v['p50']:>8.2f}/{v['p95']:>7.2f}/{v['p99']:>7.2f}"
        if cat in f:
            w = f[cat]
            line += f" {w['p50']:>9.2f}/{w['p95']:>7.2f}/{w['p99']:>7.2f} {w['p95'] / max(v['p95'], 1e-6):>11.1f}x"
        print(line)
    floor = t.get("two_terms_2filters_facets", {}).get("p95")
    if floor is not None:
        print(f"\nfloor check: p95 two terms + 2 filters + facets = {floor:.2f} ms (floor < 50 ms at 1M)")
        print(f"floor check: build {tb['wall_s']:.0f} s for {tb['docs']:,} docs (floor: 1M in < 900 s)")


if __name__ == "__main__":
    raise SystemExit(main())
