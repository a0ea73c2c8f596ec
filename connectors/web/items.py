"""What a spider hands to the pipelines: one case, as selected from its pages.

The item carries raw selected strings (conversion and validation are the pipeline's job) and,
when something went wrong, the reason and the HTML, so the quarantine can keep what is needed
for a retry.  ``repr`` shows only ids: Scrapy logs items, and items hold personal data.
"""

from __future__ import annotations

import base64
from typing import Any

import scrapy

ENVELOPE = "sunshine.web-item/1"
ENVELOPE_MEDIA_TYPE = "application/vnd.sunshine.web-item+json"


class CaseItem(scrapy.Item):
    source = scrapy.Field()
    external_id = scrapy.Field()
    url = scrapy.Field()
    marker = scrapy.Field()
    fields = scrapy.Field()
    lists = scrapy.Field()
    text = scrapy.Field()
    errors = scrapy.Field()  # selection errors (malformed HTML)
    html = scrapy.Field()  # kept only when selection failed
    fetch_error = scrapy.Field()  # the detail page could not be fetched
    attachment = scrapy.Field()  # {"name", "url", "body": bytes | None, "error": str | None}

    def __repr__(self) -> str:
        return f"<CaseItem {self.get('source')}:{self.get('external_id')}>"

    __str__ = __repr__

    def to_envelope(self) -> dict[str, Any]:
        """JSON-safe form kept (encrypted) in the quarantine for a retry."""
        att = self.get("attachment")
        attachment = None
        if att:
            body = att.get("body")
            attachment = {
                "name": att.get("name"),
                "url": att.get("url"),
                "error": att.get("error"),
                "b64": base64.b64encode(body).decode() if body is not None else None,
            }
        return {
            "envelope": ENVELOPE,
            "source": self.get("source"),
            "external_id": self.get("external_id"),
            "url": self.get("url"),
            "marker": self.get("marker"),
            "fields": self.get("fields") or {},
            "lists": self.get("lists") or {},
            "text": self.get("text"),
            "errors": self.get("errors") or [],
            "html": self.get("html"),
            "fetch_error": self.get("fetch_error"),
            "attachment": attachment,
        }


def attachment_bytes(envelope: dict[str, Any]) -> bytes | None:
    att = envelope.get("attachment") or {}
    b64 = att.get("b64")
    return base64.b64decode(b64) if b64 else None
