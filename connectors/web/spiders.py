"""One generic spider for case systems with a web interface, driven by a YAML source definition.

Login (a form with its hidden fields, or preset cookies), paginated list pages, detail pages and
one attachment per case.  Incremental: ``stop_at_seen`` skips rows whose list marker (their update
stamp) is unchanged since the last run and stops paging at the first page holding such a row (lists
are newest first); ``updated_since`` asks the site for changes since the checkpoint.  Failed
fetches (after the retry middleware gave up) become items with a reason, so nothing vanishes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import scrapy
from scrapy.exceptions import CloseSpider
from scrapy.http import FormRequest, Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from connectors import progress
from connectors.config import FormLogin, WebSource
from connectors.web.items import CaseItem
from connectors.web.selection import select_detail, select_list


def _reason(failure: Failure) -> str:
    if failure.check(HttpError):
        exc: Any = failure.value
        return f"HTTP {exc.response.status} after retries"
    return f"{failure.type.__name__ if failure.type else 'error'} after retries"


class CaseSystemSpider(scrapy.Spider):
    name = "case_system"

    def __init__(
        self,
        source: WebSource,
        *,
        markers: dict[str, str] | None = None,
        since: str | None = None,
        requeue: list[tuple[str, str, str | None]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.source = source
        self.markers = markers or {}
        self.since = since
        self.requeue = requeue or []
        self.list_errors: list[str] = []
        self.skipped_seen = 0
        self.max_marker: str | None = None
        host = urlsplit(source.base_url).hostname
        self.allowed_domains = [host] if host else []

    def url(self, path: str) -> str:
        return urljoin(self.source.base_url.rstrip("/") + "/", path)

    # -- login --------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Any]:
        login = self.source.login
        if isinstance(login, FormLogin):
            yield Request(
                self.url(login.url),
                callback=self.parse_login_form,
                dont_filter=True,
                errback=self.list_failed,
            )
            return
        cookies: dict[str | bytes, Any] | None = None
        if login is not None:
            cookies = {str(k): v for k, v in login.cookies.items()}
        for request in self.begin(cookies):
            yield request

    def parse_login_form(self, response: Response) -> Iterator[Request]:
        login = self.source.login
        assert isinstance(login, FormLogin)
        form = response.css(login.form_css)
        if not form:
            raise CloseSpider("login form not found")
        data = {
            str(i.attrib.get("name")): str(i.attrib.get("value", ""))
            for i in form.css("input[type=hidden]")
            if i.attrib.get("name")
        }
        data[login.username_field] = login.username
        data[login.password_field] = login.password
        action = response.urljoin(form.attrib.get("action") or response.url)
        method = (form.attrib.get("method") or "post").upper()
        yield FormRequest(
            action,
            formdata=data,
            method=method,
            callback=self.after_login,
            dont_filter=True,
            errback=self.list_failed,
        )

    def after_login(self, response: Response) -> Iterator[Request]:
        login = self.source.login
        assert isinstance(login, FormLogin)
        if login.failure_css and response.css(login.failure_css):
            self.list_errors.append("login failed")
            raise CloseSpider("login failed")
        yield from self.begin(None)

    def begin(self, cookies: dict[str | bytes, Any] | None) -> Iterator[Request]:
        params: dict[str, str] = {}
        if self.source.incremental.mode == "updated_since" and self.since:
            params[self.source.incremental.param] = self.since
        first = self.url(self.source.list.url) + (("?" + urlencode(params)) if params else "")
        yield Request(
            first, callback=self.parse_list, cookies=cookies, dont_filter=True, errback=self.list_failed
        )
        for url, external_id, marker in self.requeue:
            yield self.detail_request(url, external_id, marker, requeued=True)

    # -- lists --------------------------------------------------------------------------------
    def parse_list(self, response: Response) -> Iterator[Any]:
        page = select_list(response.text, self.source.list)
        if page.errors:
            self.list_errors.append(f"malformed list page {response.url}: {'; '.join(page.errors[:3])}")
        queued, any_seen = 0, False
        stop_mode = self.source.incremental.mode == "stop_at_seen"
        for row in page.rows:
            ext, href, marker = row.get("external_id"), row.get("detail_url"), row.get("marker")
            if not ext or not href:
                continue
            if marker and (self.max_marker is None or marker > self.max_marker):
                self.max_marker = marker
            if stop_mode and marker is not None and self.markers.get(ext) == marker:
                any_seen = True
                self.skipped_seen += 1
                continue
            queued += 1
            yield self.detail_request(response.urljoin(href), ext, marker)
        if queued:
            progress.emit("queued", n=queued)
        if page.next_page and not (stop_mode and any_seen):
            yield Request(
                response.urljoin(page.next_page), callback=self.parse_list, errback=self.list_failed
            )

    def list_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        self.list_errors.append(f"page {request.url}: {_reason(failure)}")

    # -- details and attachments --------------------------------------------------------------
    def detail_request(
        self, url: str, external_id: str, marker: str | None, requeued: bool = False
    ) -> Request:
        return Request(
            url,
            callback=self.parse_detail,
            errback=self.detail_failed,
            meta={"external_id": external_id, "marker": marker, "requeued": requeued},
            dont_filter=requeued,
        )

    def _item(self, response_url: str, meta: dict[str, Any]) -> CaseItem:
        return CaseItem(
            source=self.source.name,
            external_id=meta["external_id"],
            url=response_url,
            marker=meta.get("marker"),
            fields={},
            lists={},
            errors=[],
        )

    def parse_detail(self, response: Response) -> Iterator[Any]:
        item = self._item(response.request.url if response.request else response.url, response.meta)
        page = select_detail(response.text, self.source.detail)
        item["fields"], item["lists"], item["text"], item["errors"] = (
            page.fields,
            page.lists,
            page.text,
            page.errors,
        )
        if page.errors:
            item["html"] = response.text
            yield item
            return
        if page.attachment_url:
            url = response.urljoin(page.attachment_url)
            name = urlsplit(url).path.rsplit("/", 1)[-1]
            item["attachment"] = {"name": name, "url": url, "body": None, "error": None}
            yield Request(
                url,
                callback=self.parse_attachment,
                errback=self.attachment_failed,
                meta={"item": item},
                dont_filter=True,
            )
            return
        yield item

    def detail_failed(self, failure: Failure) -> Iterator[CaseItem]:
        request = failure.request  # type: ignore[attr-defined]
        item = self._item(request.url, request.meta)
        item["fetch_error"] = f"detail page {_reason(failure)}"
        yield item

    def parse_attachment(self, response: Response) -> Iterator[CaseItem]:
        item = response.meta["item"]
        item["attachment"]["body"] = response.body
        yield item

    def attachment_failed(self, failure: Failure) -> Iterator[CaseItem]:
        item = failure.request.meta["item"]  # type: ignore[attr-defined]
        item["attachment"]["error"] = f"download {_reason(failure)}"
        yield item
