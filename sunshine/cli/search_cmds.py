"""``sunshine search …``: rebuild the public index from the store, query it, benchmark it."""

from __future__ import annotations

import json
import runpy
import sys
from pathlib import Path
from typing import Annotated

import typer

search_app = typer.Typer(help="Public search index (tantivy or Elasticsearch).", no_args_is_help=True)


@search_app.command("reindex")
def reindex(
    batch: Annotated[int, typer.Option(help="rows read from the store per batch")] = 1000,
) -> None:
    """Rebuild the index from every published decision's approved masked text.

    tantivy swaps in one commit and Elasticsearch moves its alias, so searches keep working
    during the rebuild.
    """
    from sqlalchemy import select

    from search import get_backend, public_decision_from_row
    from sunshine.db import session_factory
    from sunshine.models.core import DecisionRow

    backend = get_backend()
    with session_factory()() as session:
        rows = session.scalars(
            select(DecisionRow)
            .where(DecisionRow.state == "published", DecisionRow.masked_text.is_not(None))
            .execution_options(yield_per=batch)
        )
        n = backend.rebuild(public_decision_from_row(r) for r in rows)
    typer.echo(json.dumps({"backend": backend.name, "indexed": n, "count": backend.count()}))


@search_app.command("query")
def query(
    q: Annotated[str, typer.Argument(help='terms (ANDed), "phrases", -excluded')] = "",
    law_area: Annotated[list[str] | None, typer.Option()] = None,
    region: Annotated[list[str] | None, typer.Option()] = None,
    sort: Annotated[str, typer.Option()] = "relevance",
    size: Annotated[int, typer.Option()] = 10,
) -> None:
    """Run a query against the configured backend and print JSON lines (masked data only)."""
    from search import SearchQuery, get_backend

    page = get_backend().search(
        SearchQuery(q=q, law_area=law_area or [], region=region or [], sort=sort, size=size)  # type: ignore[arg-type]
    )
    typer.echo(json.dumps({"total": page.total, "took_ms": page.took_ms}, ensure_ascii=False))
    for hit in page.hits:
        d = hit.decision
        typer.echo(
            json.dumps(
                {
                    "id": d.id,
                    "document_number": d.document_number,
                    "score": hit.score,
                    "highlight": hit.highlight,
                },
                ensure_ascii=False,
            )
        )


@search_app.command("stats")
def stats() -> None:
    """Backend name and number of indexed decisions."""
    from search import get_backend

    backend = get_backend()
    typer.echo(json.dumps({"backend": backend.name, "count": backend.count()}))


@search_app.command("bench", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def bench(ctx: typer.Context) -> None:
    """Run bench/search.py (tantivy vs SQLite FTS5); extra arguments pass through, e.g. --n 1000000."""
    script = Path(__file__).resolve().parents[2] / "bench" / "search.py"
    if not script.exists():
        typer.echo(f"benchmark script not found at {script}", err=True)
        raise typer.Exit(2)
    sys.argv = [str(script), *ctx.args]
    runpy.run_path(str(script), run_name="__main__")


def register(app: typer.Typer) -> None:
    app.add_typer(search_app, name="search")
