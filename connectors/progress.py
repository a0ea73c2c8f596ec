"""Progress events from a crawl subprocess to its parent, one JSON object per stdout line.

Only counts and outcomes travel this way; never ids with content, never text.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

PREFIX = "@@sunshine "
_sink: Callable[[dict[str, Any]], None] | None = None


def set_sink(sink: Callable[[dict[str, Any]], None] | None) -> None:
    """Send events to ``sink`` (a forked child's pipe) instead of stdout."""
    global _sink
    _sink = sink


def emit(event: str, **data: Any) -> None:
    if _sink is not None:
        _sink({"event": event, **data})
        return
    sys.stdout.write(PREFIX + json.dumps({"event": event, **data}) + "\n")
    sys.stdout.flush()


def parse(line: str) -> dict[str, Any] | None:
    if not line.startswith(PREFIX):
        return None
    try:
        value = json.loads(line[len(PREFIX) :])
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None
