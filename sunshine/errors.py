"""One error type for every stage, so the API answers every refusal in one JSON shape:
``{"ok": false, "error": CODE, "message": TEXT, "status": N}``.  Messages must be safe to show
(they never quote decision text, names or ID numbers)."""

from __future__ import annotations


class SunshineError(RuntimeError):
    def __init__(self, message: str, *, code: str = "error", status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.status = status

    def body(self) -> dict[str, object]:
        return {
            "ok": False,
            "error": self.code,
            "message": str(self),
            "status": self.status,
            "detail": str(self),
        }
