"""Public search: index backends behind one interface, the public API, feed and pages.

Only :class:`PublicDecision` (masked, approved, public data) ever enters an index.
"""

from search.backend import SearchBackend, SearchError, get_backend, reset_backends
from search.documents import PublicDecision, public_decision_from_row
from search.query import FacetBucket, InvalidCursor, SearchHit, SearchPage, SearchQuery

__all__ = [
    "FacetBucket",
    "InvalidCursor",
    "PublicDecision",
    "SearchBackend",
    "SearchError",
    "SearchHit",
    "SearchPage",
    "SearchQuery",
    "get_backend",
    "public_decision_from_row",
    "reset_backends",
]
