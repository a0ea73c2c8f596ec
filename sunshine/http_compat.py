"""Accept raw UTF-8 in request targets, the way nginx and most servers do.

Citizens and portal scripts type ``curl 'http://host/api/v1/decisions?q=罚款'``; curl sends the
UTF-8 bytes unencoded, and h11 (like httptools) refuses any byte above 0x7e in the request line
with "400 Invalid HTTP request".  We widen h11's request-line pattern to allow those bytes
(RFC 9112 calls them obs-text) and percent-encode them as soon as the request line is parsed,
so everything after the parser — uvicorn, Starlette, our routes — sees an ordinary ASCII URL.
Applied once, before the server starts (``sunshine serve`` uses uvicorn's h11 protocol).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote_from_bytes

import h11
from h11 import _events, _readers

_SAFE = "".join(chr(c) for c in range(0x21, 0x7F) if chr(c) not in "%")
_applied = False


def percent_encode_high_bytes(target: bytes) -> bytes:
    if all(b < 0x80 for b in target):
        return target
    out = bytearray()
    for b in target:
        out += quote_from_bytes(bytes([b]), safe=_SAFE + "%").encode("ascii") if b >= 0x80 else bytes([b])
    return bytes(out)


def apply() -> None:
    global _applied
    if _applied:
        return
    pattern = _readers.request_line_re.pattern.replace(rb"[\x21-\x7e]+", rb"[\x21-\x7e\x80-\xff]+", 1)
    if pattern == _readers.request_line_re.pattern:
        return  # h11 changed its grammar: keep its strict behaviour rather than guess
    _readers.request_line_re = re.compile(pattern)
    # h11 validates the target again when it builds the Request event, before we can encode it.
    _events.request_target_re = re.compile(rb"[\x21-\x7e\x80-\xff]+")
    readers: dict[Any, Any] = _readers.READERS
    original = readers[(h11.CLIENT, h11.IDLE)]

    def read_request(buf: Any) -> Any:
        event = original(buf)
        if isinstance(event, h11.Request) and any(b >= 0x80 for b in event.target):
            event = h11.Request(
                method=event.method,
                target=percent_encode_high_bytes(event.target),
                headers=event.headers,
                http_version=event.http_version,
                _parsed=True,
            )
        return event

    readers[(h11.CLIENT, h11.IDLE)] = read_request
    _applied = True
