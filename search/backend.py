"""The one interface every index backend implements, and the factory that picks one.

Callers (publish workflow, API, worker jobs) only see this module; the backend is chosen by
``settings.search_backend``.  Writes are synchronous in the sense that matters for the law:
when ``index``/``delete`` return, a search no longer shows a withdrawn decision.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from search.documents import PublicDecision
from search.query import SearchPage, SearchQuery

if TYPE_CHECKING:
    from sunshine.settings import Settings


class SearchError(RuntimeError):
    """A backend failed; messages carry ids and error types only, never decision text."""


class SearchBackend(ABC):
    name: str = "abstract"

    @abstractmethod
    def index(self, docs: Sequence[PublicDecision]) -> None:
        """Upsert; visible to search when it returns."""

    @abstractmethod
    def delete(self, ids: Sequence[str]) -> None:
        """Remove; gone from search when it returns.  Unknown ids are ignored."""

    @abstractmethod
    def get(self, id: str) -> PublicDecision | None: ...

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchPage: ...

    @abstractmethod
    def count(self) -> int: ...

    @abstractmethod
    def clear(self) -> None: ...

    def rebuild(self, docs: Iterable[PublicDecision], batch_size: int = 5000) -> int:
        """Replace the whole index with ``docs``.  Backends override this for zero downtime."""
        self.clear()
        n = 0
        batch: list[PublicDecision] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                self.index(batch)
                n += len(batch)
                batch = []
        if batch:
            self.index(batch)
            n += len(batch)
        return n

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources (connections); the default has nothing to release."""


_cache: dict[tuple[str, str, str], SearchBackend] = {}
_cache_lock = threading.Lock()


def get_backend(settings: Settings | None = None) -> SearchBackend:
    """The configured backend, one instance per process and configuration.

    tantivy lives at ``settings.index_dir``; Elasticsearch is used when
    ``settings.search_backend == "elasticsearch"``.
    """
    if settings is None:
        from sunshine.settings import get_settings

        settings = get_settings()
    if settings.search_backend == "elasticsearch":
        if not settings.elasticsearch_url:
            raise SearchError("search_backend is elasticsearch but SUNSHINE_ELASTICSEARCH_URL is not set")
        key = ("elasticsearch", settings.elasticsearch_url, settings.elasticsearch_index)
    else:
        key = ("tantivy", str(settings.index_dir.resolve()), "")
    with _cache_lock:
        backend = _cache.get(key)
        if backend is None:
            if key[0] == "elasticsearch":
                from search.es_backend import ElasticsearchBackend

                backend = ElasticsearchBackend(
                    url=key[1],
                    alias=key[2],
                    word_analyzer=getattr(settings, "elasticsearch_analyzer", None),
                )
            else:
                from search.tantivy_backend import TantivyBackend

                backend = TantivyBackend(settings.index_dir)
            _cache[key] = backend
        return backend


def reset_backends() -> None:
    """Tests point SUNSHINE_HOME elsewhere between cases; forget cached instances."""
    with _cache_lock:
        for backend in _cache.values():
            backend.close()
        _cache.clear()
