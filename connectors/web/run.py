"""Subprocess entry point for one crawl: ``python -m connectors.web.run SOURCE --run-id ID``.

A Twisted reactor cannot be restarted inside one process, so every crawl runs in a fresh process
(the CLI, the worker and the tests all go through :func:`connectors.runner.run_source`).
"""

from __future__ import annotations

import argparse
import json
import logging
from typing import Any

from connectors.config import WebSource, load_source
from connectors.web.items import ENVELOPE


def scrapy_settings(source: WebSource, run_id: str | None) -> dict[str, Any]:
    p = source.politeness
    return {
        "BOT_NAME": "sunshine",
        "USER_AGENT": p.user_agent,
        "ROBOTSTXT_OBEY": False,
        "COOKIES_ENABLED": True,
        "AUTOTHROTTLE_ENABLED": p.autothrottle,
        "AUTOTHROTTLE_START_DELAY": p.start_delay,
        "AUTOTHROTTLE_MAX_DELAY": p.max_delay,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": p.target_concurrency,
        "CONCURRENT_REQUESTS": p.concurrent_requests,
        "CONCURRENT_REQUESTS_PER_DOMAIN": p.concurrent_requests_per_domain,
        "DOWNLOAD_DELAY": p.download_delay,
        "DOWNLOAD_TIMEOUT": p.timeout_seconds,
        "RETRY_ENABLED": True,
        "RETRY_TIMES": p.retry_times,
        "RETRY_HTTP_CODES": p.retry_http_codes,
        "ITEM_PIPELINES": {"connectors.web.pipelines.StorePipeline": 300},
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,  # no listening control port in a crawler that holds case data
        "LOG_LEVEL": "INFO",
        "LOG_STDOUT": False,
        "LOG_INSTALL_ROOT_HANDLER": True,
        "SUNSHINE_RUN_ID": run_id,
    }


def _incremental_state(source: WebSource) -> dict[str, Any]:
    from connectors import state
    from sunshine.db import session_factory
    from sunshine.models.core import QuarantineItem
    from sunshine.store import quarantine_payload

    requeue: list[tuple[str, str, str | None]] = []
    with session_factory()() as session:
        markers = (
            state.seen_markers(session, source.name) if source.incremental.mode == "stop_at_seen" else {}
        )
        since = state.get_checkpoint(session, source.name, "updated_since")
        if source.incremental.requeue_quarantined:
            from sqlalchemy import select

            items = session.scalars(
                select(QuarantineItem).where(
                    QuarantineItem.source == source.name, QuarantineItem.status == "open"
                )
            ).all()
            for item in items:
                try:
                    envelope = json.loads(quarantine_payload(item))
                except (ValueError, TypeError):
                    continue
                if isinstance(envelope, dict) and envelope.get("envelope") == ENVELOPE:
                    requeue.append(
                        (str(envelope["url"]), str(envelope["external_id"]), envelope.get("marker"))
                    )
    return {"markers": markers, "since": since, "requeue": requeue}


def preload() -> None:
    """Import every Scrapy component a crawl loads, without starting anything.

    Called in a parent before forking crawl children: some Scrapy modules walk the whole module
    table on import (deprecation shims call ``inspect.stack``), which costs seconds in a process
    that already holds the NLP stack, and would otherwise be paid again in every child.
    """
    import importlib

    from scrapy.settings import default_settings as d

    paths = [
        *d.DOWNLOADER_MIDDLEWARES_BASE,
        *d.SPIDER_MIDDLEWARES_BASE,
        *d.EXTENSIONS_BASE,
        *(v for v in d.DOWNLOAD_HANDLERS_BASE.values() if v),
        d.DOWNLOADER,
        d.SCHEDULER,
        "scrapy.crawler.CrawlerProcess",
        "scrapy.core.engine.ExecutionEngine",
    ]
    for path in paths:
        if isinstance(path, str):
            try:
                importlib.import_module(path.rsplit(".", 1)[0])
            except ImportError:  # optional handlers (e.g. s3 without botocore)
                continue
    import connectors.web.pipelines
    import connectors.web.spiders  # noqa: F401


def _offline_cookies() -> None:
    """Scrapy's cookie middleware asks tldextract for public suffixes, which fetches the list from
    the internet on first use.  Nothing may download at run time: use the bundled snapshot."""
    from scrapy.downloadermiddlewares import cookies
    from tldextract import TLDExtract

    cookies._split_domain = TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


def crawl(source_name: str, run_id: str | None, *, full: bool = False) -> None:
    from scrapy.crawler import CrawlerProcess

    from connectors.web.spiders import CaseSystemSpider

    source = load_source(source_name)
    if not isinstance(source, WebSource):
        raise SystemExit(f"{source_name} is a {source.kind} source, not web")
    if full:
        source = source.model_copy(
            update={"incremental": source.incremental.model_copy(update={"mode": "full"})}
        )
    kwargs = _incremental_state(source)
    _offline_cookies()
    process = CrawlerProcess(settings=scrapy_settings(source, run_id))
    logging.getLogger("scrapy.core.scraper").setLevel(logging.INFO)  # item dumps are DEBUG; keep them out
    process.crawl(CaseSystemSpider, source=source, **kwargs)
    process.start()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("source")
    parser.add_argument("--run-id")
    parser.add_argument("--full", action="store_true", help="ignore seen markers and checkpoints")
    args = parser.parse_args(argv)
    crawl(args.source, args.run_id, full=args.full)


if __name__ == "__main__":
    main()
