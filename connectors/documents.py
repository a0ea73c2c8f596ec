"""Turning document bytes (.txt, .docx, .pdf) into text, whatever the encoding.

Case systems export text in UTF-8, GBK/GB18030 or UTF-16 (often without saying which), so the
encoding is *detected*: byte-order marks first, then strict UTF-8 (which rarely decodes anything
else by accident), then charset-normalizer restricted to the encodings Chinese systems actually
use.  GB2312/GBK are decoded as GB18030, their superset, so rare characters survive.  Every
failure raises :class:`UnreadableDocument` with a reason that never quotes the content.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile

CANDIDATES = ["utf_8", "gb18030", "utf_16", "utf_16_le", "utf_16_be", "utf_32", "big5"]
GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "hz"}

MEDIA_TYPES = {
    ".txt": "text/plain",
    ".json": "application/json",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
}


class UnreadableDocument(ValueError):
    """A document that cannot be turned into text; ``str()`` is the operator-facing reason."""


def detect_encoding(data: bytes) -> str:
    """The Python codec name for ``data`` (raises when nothing plausible decodes it)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf_8_sig"
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "utf_32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf_16"
    try:
        data.decode("utf-8")
        return "utf_8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=CANDIDATES).best()
    if best is None:
        raise UnreadableDocument("text encoding not recognised (tried UTF-8, GB18030, UTF-16, UTF-32, Big5)")
    encoding = best.encoding.lower()
    return "gb18030" if encoding in GB_FAMILY else encoding


def normalise_text(text: str) -> str:
    """NFC, Unix newlines, no trailing blanks: the same document reads the same from any file."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n\ufeff ")


def decode_text(data: bytes) -> str:
    encoding = detect_encoding(data)
    try:
        return normalise_text(data.decode(encoding))
    except (UnicodeDecodeError, LookupError) as exc:
        raise UnreadableDocument(f"text does not decode as detected {encoding}") from exc


def docx_text(data: bytes) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnreadableDocument(f"unreadable .docx ({type(exc).__name__})") from exc
    except Exception as exc:  # python-docx raises assorted errors on corrupt packages
        raise UnreadableDocument(f"unreadable .docx ({type(exc).__name__})") from exc
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            paragraphs.append("\t".join(cell.text for cell in row.cells))
    return normalise_text("\n".join(paragraphs))


def pdf_text(data: bytes) -> str:
    import pypdf
    from pypdf.errors import PyPdfError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UnreadableDocument("encrypted .pdf")
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except UnreadableDocument:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UnreadableDocument(f"unreadable .pdf ({type(exc).__name__})") from exc
    text = normalise_text(text)
    if not text:
        raise UnreadableDocument(".pdf has no text layer (scanned image?)")
    return text


def _looks_like_json(data: bytes) -> bool:
    head = data[:64]
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom) :].decode(codec, errors="ignore").lstrip().startswith("{")
    return head.replace(b"\x00", b"").lstrip().startswith(b"{")


def sniff_kind(data: bytes, name: str = "") -> str:
    """``pdf`` | ``docx`` | ``json`` | ``txt``: magic bytes first, then the file name.

    Content wins over the name, so a corrected file handed in for a quarantined one may be of
    another kind; a file that claims .pdf/.docx without the magic is still read as such (and
    rejected as unreadable, which is the truth).
    """
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if _looks_like_json(data):
        return "json"
    lower = name.lower()
    for kind in ("pdf", "docx", "json"):
        if lower.endswith("." + kind):
            return kind
    return "txt"


def document_text(data: bytes, name: str = "") -> str:
    """Text of any supported document; raises :class:`UnreadableDocument`."""
    kind = sniff_kind(data, name)
    if kind == "pdf":
        return pdf_text(data)
    if kind == "docx":
        return docx_text(data)
    text = decode_text(data)
    if not text:
        raise UnreadableDocument("empty document")
    return text
