"""Chinese personal-data redaction for penalty decisions: text in → spans and masked text out.

A pure library: no database, no HTTP, nothing downloaded at run time.
"""

from redact.api import (
    LeakFinding,
    LeakVerdict,
    PartyHint,
    RedactionResult,
    Redactor,
    Span,
    get_redactor,
    hints_from_decision,
)

__all__ = [
    "LeakFinding",
    "LeakVerdict",
    "PartyHint",
    "RedactionResult",
    "Redactor",
    "Span",
    "get_redactor",
    "hints_from_decision",
]
