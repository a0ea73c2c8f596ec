"""A loopback HTTP server that answers like Elasticsearch and records every request.

It implements just enough of the REST API for the backend's calls, so tests can check the exact
request bodies the real client library sends (headers, paths, query strings, NDJSON bulk).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def ndjson(self) -> list[Any]:
        return [json.loads(line) for line in self.body.decode().splitlines() if line.strip()]


@dataclass
class FakeElasticsearch:
    alias_exists: bool = False
    aliases: dict[str, Any] = field(default_factory=dict)  # GET /_alias/<name> answer
    bulk_failures: dict[str, dict[str, Any]] = field(default_factory=dict)  # _id -> (status, error)
    missing_on_delete: set[str] = field(default_factory=set)
    search_response: dict[str, Any] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)

    def __post_init__(self) -> None:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                rec = Recorded(self.command, parts.path, parse_qs(parts.query), body)
                fake.requests.append(rec)
                status, payload = fake.answer(rec)
                data = b"" if self.command == "HEAD" else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("X-Elastic-Product", "Elasticsearch")
                self.send_header("Content-Type", "application/vnd.elasticsearch+json;compatible-with=9")
                self.send_header("Content-Length", str(len(json.dumps(payload).encode())))
                self.end_headers()
                if data:
                    self.wfile.write(data)

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def calls(self, method: str | None = None, path_part: str = "") -> list[Recorded]:
        return [r for r in self.requests if (method is None or r.method == method) and path_part in r.path]

    # -- answers ----------------------------------------------------------------------------
    def answer(self, r: Recorded) -> tuple[int, Any]:
        if r.path.startswith("/_alias/") and r.method == "HEAD":
            return (200 if self.alias_exists else 404), {}
        if r.path.startswith("/_alias/"):
            return (200, self.aliases) if self.aliases else (404, {"error": "alias missing", "status": 404})
        if r.path.endswith("/_bulk"):
            return 200, self._bulk(r)
        if r.path.endswith("/_search"):
            return 200, self.search_response
        if r.path.endswith("/_count"):
            return 200, {"count": 3}
        if r.path.endswith("/_refresh"):
            return 200, {"_shards": {"total": 1, "successful": 1, "failed": 0}}
        if r.path.endswith("/_delete_by_query"):
            return 200, {"deleted": 3}
        return 200, {"acknowledged": True}

    def _bulk(self, r: Recorded) -> dict[str, Any]:
        lines = r.ndjson()
        items = []
        i = 0
        while i < len(lines):
            op, meta = next(iter(lines[i].items()))
            i += 1 if op == "delete" else 2
            doc_id = meta["_id"]
            if doc_id in self.bulk_failures:
                items.append(
                    {op: {"_id": doc_id, "_index": meta.get("_index"), **self.bulk_failures[doc_id]}}
                )
            elif op == "delete" and doc_id in self.missing_on_delete:
                items.append({op: {"_id": doc_id, "status": 404, "result": "not_found"}})
            else:
                items.append(
                    {op: {"_id": doc_id, "status": 201 if op == "index" else 200, "result": "created"}}
                )
        return {"took": 1, "errors": any("error" in next(iter(x.values())) for x in items), "items": items}
