"""A sample case system (执法办案系统) for tests and the demo: login, list pages, details, attachments.

Its contents come from the synthetic generator and can be changed while it runs (change or add
decisions, make a page fail, break an attachment), which is what the connector tests need to
prove incremental crawling, retries and the quarantine over real HTTP.
"""

from connectors.samplesite.server import SiteServer
from connectors.samplesite.state import SampleCaseSystem

__all__ = ["SampleCaseSystem", "SiteServer"]
