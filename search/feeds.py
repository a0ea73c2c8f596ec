"""Atom feed of recently published decisions, built from the index (so withdrawn ones vanish)."""

from __future__ import annotations

import datetime as dt

from feedgen.feed import FeedGenerator

from search.query import SearchPage

FEED_TEXT_CHARS = 300


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def build_atom(page: SearchPage, *, base_url: str, self_url: str) -> bytes:
    base = base_url.rstrip("/")
    fg = FeedGenerator()
    fg.id(self_url)
    fg.title("阳光公示 · 行政处罚决定")
    fg.subtitle("已审核、已去标识化的行政处罚决定书")
    fg.language("zh-CN")
    fg.link(href=self_url, rel="self", type="application/atom+xml")
    fg.link(href=f"{base}/", rel="alternate", type="text/html")
    fg.author({"name": "阳光公示"})
    newest = max((h.decision.published_at for h in page.hits), default=dt.datetime(2000, 1, 1))
    fg.updated(_aware(newest))
    for hit in reversed(page.hits):  # feedgen prepends: add oldest first so newest is on top
        d = hit.decision
        e = fg.add_entry()
        e.id(f"{base}/decisions/{d.id}")
        e.title(f"{d.authority} {d.document_number}")
        e.link(href=f"{base}/decisions/{d.id}", rel="alternate", type="text/html")
        e.link(href=f"{base}/api/v1/decisions/{d.id}", rel="alternate", type="application/json")
        e.published(_aware(d.published_at))
        e.updated(_aware(d.published_at))
        text = d.masked_text[:FEED_TEXT_CHARS] + ("…" if len(d.masked_text) > FEED_TEXT_CHARS else "")
        e.summary(text)
        if d.law_area:
            e.category(term=d.law_area)
        for kind in d.penalty_kinds:
            e.category(term=f"penalty:{kind}")
    return fg.atom_str(pretty=True)
