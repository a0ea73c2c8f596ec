"""The FastAPI application factory: kernel endpoints plus every stage's routers."""

from __future__ import annotations

import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from sqlalchemy import text
from starlette.exceptions import HTTPException as StarletteHTTPException

from sunshine.assembly import _optional, bootstrap
from sunshine.db import get_engine
from sunshine.errors import SunshineError
from sunshine.logging import configure, get_logger
from sunshine.settings import get_settings

log = get_logger(__name__)

ROUTER_MODULES = (
    "search.api",
    "search.pages",
    "publish.review_api",
    "publish.review_ui",
    "publish.portal_api",
    "publish.stats_api",
    "connectors.status_api",
)

REQUESTS = Counter("sunshine_http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram("sunshine_http_request_seconds", "HTTP latency", ["route"])


def error_body(status: int, detail: Any, *, code: str | None = None) -> dict[str, Any]:
    """``{"ok": false, "error": CODE, "message": TEXT, "status": N, "detail": ...}``."""
    message = ""
    if isinstance(detail, dict):
        code = code or str(detail.get("code") or "")
        message = str(detail.get("message") or "")
    elif isinstance(detail, str):
        message = detail
    if not code:
        code = {
            401: "unauthenticated",
            403: "forbidden",
            404: "not_found",
            409: "conflict",
            410: "gone",
            429: "rate_limited",
        }.get(status, "error")
    if not message:
        message = {422: "the request is invalid"}.get(status, code.replace("_", " "))
    return {"ok": False, "error": code, "message": message, "status": status, "detail": detail}


def _warm_up() -> None:
    """Load jieba's dictionary now rather than in the first citizen's query (about 1 s), and the
    redactor (model, lexicon, Presidio) in the background rather than in the first reviewer's
    request (1-2 s, more on a busy machine)."""
    from search.analysis import warm_up

    warm_up()

    def load_redactor() -> None:
        from publish.workflow import get_redactor

        try:
            get_redactor()
        except Exception:  # the review request that needs it will report the failure
            log.warning("redactor_warm_up_failed", exc_info=True)

    threading.Thread(target=load_redactor, name="redactor-warm-up", daemon=True).start()


def create_app() -> FastAPI:
    settings = get_settings()
    configure(settings.log_level)
    bootstrap()
    app = FastAPI(
        title="Sunshine 阳光公示",
        version="1",
        description="Public search of administrative penalty decisions, review workspace and portal push API.",
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET"],
            allow_headers=["*"],
            expose_headers=["ETag", "Retry-After"],
        )

    @app.middleware("http")
    async def _metrics(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        route = request.scope.get("route")
        path = getattr(route, "path", "unmatched")
        LATENCY.labels(path).observe(time.perf_counter() - started)
        REQUESTS.labels(request.method, path, str(response.status_code)).inc()
        return response

    @app.exception_handler(SunshineError)
    async def _sunshine_error(_: Request, exc: SunshineError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        """JSON APIs answer every error in one shape; ``detail`` stays for existing clients."""
        if not request.url.path.startswith("/api/"):
            return await http_exception_handler(request, exc)
        return JSONResponse(
            error_body(exc.status_code, exc.detail), status_code=exc.status_code, headers=exc.headers
        )

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        if not request.url.path.startswith("/api/"):
            return await request_validation_exception_handler(request, exc)
        body = error_body(422, jsonable_encoder(exc.errors()), code="invalid_request")
        return JSONResponse(body, status_code=422)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False)
    def readyz() -> Response:
        try:
            with get_engine().connect() as conn:
                conn.execute(text("SELECT 1 FROM audit_head LIMIT 1"))
        except Exception:
            return JSONResponse({"status": "unavailable", "check": "database"}, status_code=503)
        return JSONResponse({"status": "ready"})

    @app.get("/metrics", include_in_schema=False)
    def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    _warm_up()
    for name in ROUTER_MODULES:
        module = _optional(name)
        if module is None:
            log.warning("router_missing", module=name)
            continue
        app.include_router(module.router)
    return app
