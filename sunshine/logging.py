"""Structured JSON logs that cannot carry personal data.

Callers log identifiers and codes, never text; as a second line of defence a processor drops
fields whose names suggest content and blanks anything shaped like a resident-ID, bank-card or
mobile number in every remaining string value.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog

_SECRET_KEYS = frozenset(
    {"text", "raw", "raw_text", "id_number", "name", "names", "phone", "address", "payload"}
)
_DIGITS = re.compile(r"(?<![0-9A-Za-z])(?:\d[\s-]?){10,18}[\dXx](?![0-9A-Za-z])|(?<!\d)1[3-9]\d{9}(?!\d)")


def scrub_value(value: str) -> str:
    return _DIGITS.sub("[redacted-number]", value)


def _scrub(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for key in list(event):
        if key in _SECRET_KEYS:
            event[key] = "[redacted]"
        elif isinstance(event[key], str):
            event[key] = scrub_value(event[key])
    return event


class _StderrLogger:
    """Writes to whatever ``sys.stderr`` is *now* (test runners swap and close it)."""

    def msg(self, message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    log = debug = info = warning = warn = error = critical = exception = fatal = msg


def _stderr_logger_factory(*_: Any) -> _StderrLogger:
    return _StderrLogger()


def configure(level: str = "INFO") -> None:
    logging.basicConfig(format="%(message)s", stream=sys.stderr, level=getattr(logging, level.upper(), 20))
    # Presidio announces every recognizer it loads at INFO; that is start-up noise, not signal.
    for noisy in ("presidio-analyzer", "presidio-anonymizer", "scrapy", "twisted"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            _scrub,
            structlog.processors.JSONRenderer(ensure_ascii=False),
        ],
        logger_factory=_stderr_logger_factory,
        wrapper_class=structlog.make_filtering_bound_logger(getattr(logging, level.upper(), logging.INFO)),
        cache_logger_on_first_use=False,
    )


def get_logger(name: str) -> Any:
    return structlog.get_logger(name)
