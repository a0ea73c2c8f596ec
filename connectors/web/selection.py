"""Selecting values from list and detail pages with the selectors of a source definition.

Pure functions over HTML text (parsel, Scrapy's own selector library), so the pipeline and a
quarantine retry can re-run them on stored HTML after a selector fix, without a crawl.
Errors name the field whose *required* selector matched nothing; they never quote page content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from parsel import Selector

from connectors.config import DetailSpec, FieldSpec, ListSpec


def pick(sel: Selector, spec: FieldSpec) -> str | list[str] | None:
    values = [v.strip() for v in sel.css(spec.css).getall()]
    values = [v for v in values if v]
    if spec.many:
        return values
    if not values:
        return None if spec.default is None else str(spec.default)
    return spec.join.join(values) if spec.join is not None else values[0]


def _missing(value: Any) -> bool:
    return value is None or value == [] or value == ""


@dataclass
class ListPage:
    rows: list[dict[str, str | None]] = field(default_factory=list)
    next_page: str | None = None
    total: int | None = None
    errors: list[str] = field(default_factory=list)


def select_list(html: str, spec: ListSpec) -> ListPage:
    sel = Selector(text=html)
    page = ListPage()
    for i, row in enumerate(sel.css(spec.rows)):
        values: dict[str, str | None] = {}
        for name, fspec in (
            ("external_id", spec.external_id),
            ("detail_url", spec.detail_url),
            ("marker", spec.marker),
        ):
            if fspec is None:
                continue
            value = pick(row, fspec)
            if fspec.required and _missing(value):
                page.errors.append(f"list row {i + 1}: no {name}")
            values[name] = value if isinstance(value, str) or value is None else "".join(value)
        page.rows.append(values)
    if spec.next_page is not None:
        nxt = pick(sel, spec.next_page)
        page.next_page = nxt if isinstance(nxt, str) else None
    if spec.total is not None:
        total = pick(sel, spec.total)
        if isinstance(total, str) and total.isdigit():
            page.total = int(total)
    return page


@dataclass
class DetailPage:
    fields: dict[str, Any] = field(default_factory=dict)
    lists: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    attachment_url: str | None = None
    text: str | None = None
    errors: list[str] = field(default_factory=list)


def select_detail(html: str, spec: DetailSpec) -> DetailPage:
    sel = Selector(text=html)
    page = DetailPage()
    for path, fspec in spec.fields.items():
        value = pick(sel, fspec)
        if fspec.required and _missing(value):
            page.errors.append(f"no {path}")
        page.fields[path] = value
    for name, rspec in spec.lists.items():
        rows = []
        for i, row in enumerate(sel.css(rspec.css)):
            values = {}
            for fname, fspec in rspec.fields.items():
                value = pick(row, fspec)
                if fspec.required and _missing(value):
                    page.errors.append(f"{name}[{i}]: no {fname}")
                values[fname] = value
            rows.append(values)
        if rspec.required and not rows:
            page.errors.append(f"no {name}")
        page.lists[name] = rows
    if spec.attachment is not None:
        href = sel.css(spec.attachment.css).get()
        page.attachment_url = href.strip() if href else None
        if spec.attachment.required and not page.attachment_url:
            page.errors.append("no attachment link")
    if spec.text is not None:
        text = pick(sel, spec.text)
        page.text = "\n".join(text) if isinstance(text, list) else text
        if spec.attachment is None and not page.text:
            page.errors.append("no text")
    return page
