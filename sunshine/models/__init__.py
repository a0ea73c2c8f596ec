"""All tables.  Each stage's tables live in their own module; importing this package
registers every one of them on ``Base.metadata`` (Alembic and tests rely on that)."""

from sunshine.models import accounts, connectors_state, core, outbox  # noqa: F401
from sunshine.models.base import Base, new_id, utcnow
from sunshine.models.core import AuditEntry, DecisionRow, QuarantineItem

__all__ = ["AuditEntry", "Base", "DecisionRow", "QuarantineItem", "new_id", "utcnow"]
