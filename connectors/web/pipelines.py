"""Item pipelines: validate, deduplicate, store, or quarantine with a reason.

Each item is handled in its own transaction through :mod:`connectors.intake`, so a bad case never
blocks the others and the counts in the run record match what was committed.
"""

from __future__ import annotations

import json
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from connectors import progress, state
from connectors.intake import RejectedInput, store
from connectors.web.items import ENVELOPE_MEDIA_TYPE, CaseItem
from connectors.web.mapping import to_decision
from sunshine.store import Outcome, quarantine

OUTCOME_COUNTER = {Outcome.new: "new", Outcome.new_version: "changed", Outcome.unchanged: "unchanged"}


class StorePipeline:
    """Validates against schema v1, skips duplicates within a run, stores via ``sunshine.store.ingest``."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.counts: dict[str, int] = {k: 0 for k in state.COUNTERS}
        self.done: set[str] = set()
        self.bootstrapped = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    @property
    def spider(self) -> Any:
        return self.crawler.spider

    def open_spider(self) -> None:
        from sunshine.db import session_factory

        self.factory = session_factory()

    def process_item(self, item: CaseItem) -> CaseItem:
        if not self.bootstrapped:
            from sunshine.assembly import bootstrap

            # lifecycle listeners: a superseded version must withdraw its published predecessor.
            # Loaded on the first item only (it imports the NLP stack), so a run with nothing new is quick.
            bootstrap()
            self.bootstrapped = True
        spider = self.spider
        source = spider.source
        key = str(item.get("external_id"))
        if key in self.done:
            raise DropItem("duplicate case in this run")
        self.done.add(key)
        self.counts["seen"] += 1
        envelope = item.to_envelope()
        with self.factory() as session:
            try:
                decision = to_decision(envelope, source)
                result = store(session, decision)
                if item.get("marker"):
                    state.mark_seen(session, source.name, key, str(item["marker"]))
                state.resolve_quarantined(session, source.name, str(item["url"]), result.decision_id)
                session.commit()
                outcome = OUTCOME_COUNTER[result.outcome]
            except RejectedInput as exc:
                session.rollback()
                quarantine(
                    session,
                    source=source.name,
                    origin=str(item["url"]),
                    reason=str(exc),
                    payload=json.dumps(envelope, ensure_ascii=False).encode("utf-8"),
                    media_type=ENVELOPE_MEDIA_TYPE,
                )
                session.commit()
                outcome = "quarantined"
        self.counts[outcome] += 1
        progress.emit("item", outcome=outcome)
        return item

    def close_spider(self) -> None:
        spider = self.spider
        run_id: str | None = self.crawler.settings.get("SUNSHINE_RUN_ID")
        source = spider.source
        stats: Any = self.crawler.stats
        self.counts["requests"] = int(stats.get_value("downloader/request_count", 0) or 0)
        errors = list(spider.list_errors)
        with self.factory() as session:
            if not errors and source.incremental.mode == "updated_since" and spider.max_marker:
                state.set_checkpoint(session, source.name, "updated_since", spider.max_marker)
            if run_id:
                state.finish_run(
                    session, run_id, self.counts, error="; ".join(errors)[:2000] if errors else None
                )
            session.commit()
        progress.emit("done", **self.counts)
