"""One place that wires the stages into the kernel for every entry point (app, CLI, worker).

The kernel never imports the stages; the stages register themselves here, at start-up, so a
missing registration fails loudly at start rather than silently dropping events later.
"""

from __future__ import annotations

import importlib
from types import ModuleType

_done = False

# Modules that expose ``install()`` to register lifecycle listeners (workflow, outbox, ...).
INSTALLERS = ("publish.workflow", "publish.outbox")


def _optional(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            return None
        raise


def bootstrap() -> None:
    global _done
    if _done:
        return
    for name in INSTALLERS:
        module = _optional(name)
        if module is not None and hasattr(module, "install"):
            module.install()
    _done = True
