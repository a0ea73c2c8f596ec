"""The REST poller for JSON case APIs: token auth, cursor and updated-since paging, checkpoints.

Paging state is checkpointed after every page (the cursor) and at the end of a complete pass
(``updated_since`` = the newest update stamp seen), so an interrupted run resumes where it stopped
and the next run asks only for what changed.  Transient failures (transport errors, 429, 5xx) are
retried with exponential back-off by tenacity; a 401 refreshes the token once.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
from sqlalchemy.orm import Session, sessionmaker
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

from connectors import state
from connectors.config import RestSource
from connectors.intake import RejectedInput, store, validate
from sunshine.store import Outcome, quarantine

OUTCOME_COUNTER = {Outcome.new: "new", Outcome.new_version: "changed", Outcome.unchanged: "unchanged"}
MEDIA_TYPE = "application/vnd.sunshine.rest-item+json"


class TransientError(Exception):
    """A response worth retrying (429, 5xx)."""


class PollError(RuntimeError):
    """The API cannot be polled (auth refused, bad response shape); secret-free message."""


def _retryable(exc: BaseException) -> bool:
    return isinstance(exc, TransientError | httpx.TransportError)


def dig(obj: Any, path: str | None) -> Any:
    if not path:
        return obj
    for part in path.split("."):
        if not isinstance(obj, dict):
            return None
        obj = obj.get(part)
    return obj


class RestPoller:
    def __init__(self, source: RestSource, client: httpx.Client | None = None) -> None:
        self.source = source
        self.client = client or httpx.Client(base_url=source.base_url, timeout=source.timeout_seconds)
        self.token: str | None = source.static_token
        self.requests = 0

    def _retrying(self) -> Retrying:
        return Retrying(
            stop=stop_after_attempt(self.source.retries + 1),
            wait=wait_exponential(multiplier=self.source.backoff_seconds, max=30),
            retry=retry_if_exception(_retryable),
            reraise=True,
        )

    def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        for attempt in self._retrying():
            with attempt:
                self.requests += 1
                response = self.client.request(method, url, **kwargs)
                if response.status_code == 429 or response.status_code >= 500:
                    raise TransientError(f"HTTP {response.status_code}")
                return response
        raise AssertionError("unreachable")

    def authenticate(self) -> None:
        auth = self.source.auth
        if auth is None:
            return
        response = self._send(
            "POST", auth.url, json={"client_id": auth.client_id, "client_secret": auth.client_secret}
        )
        if response.status_code != 200:
            raise PollError(f"token request refused (HTTP {response.status_code})")
        token = dig(response.json(), auth.token_field)
        if not isinstance(token, str) or not token:
            raise PollError("token response has no token")
        self.token = token

    def get_page(self, params: dict[str, Any]) -> dict[str, Any]:
        for refreshed in (False, True):
            headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
            response = self._send("GET", self.source.endpoint, params=params, headers=headers)
            if response.status_code == 401 and not refreshed and self.source.auth is not None:
                self.authenticate()
                continue
            if response.status_code != 200:
                raise PollError(f"{self.source.endpoint}: HTTP {response.status_code}")
            try:
                body = response.json()
            except json.JSONDecodeError as exc:
                raise PollError(f"{self.source.endpoint}: response is not JSON") from exc
            if not isinstance(body, dict):
                raise PollError(f"{self.source.endpoint}: response is not an object")
            return body
        raise PollError(f"{self.source.endpoint}: unauthorized after token refresh")


def poll(
    source: RestSource,
    factory: sessionmaker[Session],
    *,
    client: httpx.Client | None = None,
    on_progress: Callable[[str, dict[str, Any]], None] | None = None,
    full: bool = False,
    counts: dict[str, int] | None = None,
) -> dict[str, int]:
    """One pass over everything updated since the checkpoint; returns the counters.

    ``counts`` (if given) is updated as items are stored, so a pass that fails half-way still
    reports what it committed.
    """
    counts = counts if counts is not None else {}
    for key in state.COUNTERS:
        counts.setdefault(key, 0)
    poller = RestPoller(source, client)
    paging = source.paging
    with factory() as session:
        since = None if full else state.get_checkpoint(session, source.name, "updated_since")
        cursor = None if full else state.get_checkpoint(session, source.name, "cursor")
    newest = since
    try:
        poller.authenticate()
        while True:
            params: dict[str, Any] = {paging.limit_param: paging.page_size}
            if since:
                params[paging.updated_since_param] = since
            if cursor:
                params[paging.cursor_param] = cursor
            body = poller.get_page(params)
            items = dig(body, paging.items_path)
            if not isinstance(items, list):
                raise PollError(f"response has no list at {paging.items_path!r}")
            if on_progress:
                on_progress("queued", {"n": len(items)})
            for index, item in enumerate(items):
                outcome = _handle(source, factory, item, cursor, index)
                counts["seen"] += 1
                counts[outcome] += 1
                stamp = dig(item, source.updated_path)
                if isinstance(stamp, str) and (newest is None or stamp > newest):
                    newest = stamp
                if on_progress:
                    on_progress("item", {"outcome": outcome})
            cursor = dig(body, paging.next_cursor_path)
            with factory() as session:
                state.set_checkpoint(session, source.name, "cursor", str(cursor) if cursor else None)
                session.commit()
            if not cursor:
                break
        with factory() as session:
            if newest:
                state.set_checkpoint(session, source.name, "updated_since", newest)
            session.commit()
    finally:
        counts["requests"] = poller.requests
        if client is None:
            poller.client.close()
    return counts


def _handle(
    source: RestSource, factory: sessionmaker[Session], item: Any, cursor: str | None, index: int
) -> str:
    doc = dig(item, source.decision_path) if isinstance(item, dict) else None
    ext = dig(item, source.external_id_path) if source.external_id_path else (doc or {}).get("external_id")
    anchor = ext or f"{cursor or 'start'}:{index}"
    origin = f"{source.base_url.rstrip('/')}{source.endpoint}#{anchor}"
    with factory() as session:
        try:
            if not isinstance(doc, dict):
                raise RejectedInput(
                    f"invalid schema sunshine.decision/1: no object at {source.decision_path!r}"
                )
            doc = {**doc, "source": source.name}
            if source.external_id_path and ext:
                doc["external_id"] = str(ext)
            result = store(session, validate(doc))
            state.resolve_quarantined(session, source.name, origin, result.decision_id)
            session.commit()
            return OUTCOME_COUNTER[result.outcome]
        except RejectedInput as exc:
            session.rollback()
            quarantine(
                session,
                source=source.name,
                origin=origin,
                reason=str(exc),
                payload=json.dumps(item, ensure_ascii=False).encode("utf-8"),
                media_type=MEDIA_TYPE,
            )
            session.commit()
            return "quarantined"
