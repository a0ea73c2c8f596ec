"""Attachments as a real case system exports them: .docx (python-docx) and .pdf (reportlab).

The PDF uses reportlab's built-in CID font STSong-Light, so Chinese renders without font files.
"""

from __future__ import annotations

import io
from functools import lru_cache
from xml.sax.saxutils import escape


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@lru_cache(maxsize=1)
def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def pdf_bytes(text: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    style = ParagraphStyle("zh", fontName=_font(), fontSize=11, leading=16, wordWrap="CJK")
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, title="行政处罚决定书", invariant=True)
    doc.build([Paragraph(escape(line) or "&nbsp;", style) for line in text.split("\n")])
    return buf.getvalue()
