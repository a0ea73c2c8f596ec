from __future__ import annotations

import h11

from sunshine import http_compat


def _target(raw: bytes) -> bytes:
    http_compat.apply()
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(b"GET " + raw + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    event = conn.next_event()
    assert isinstance(event, h11.Request)
    return event.target


def test_raw_utf8_query_is_percent_encoded() -> None:
    assert _target("/api/v1/decisions?q=罚款".encode()) == b"/api/v1/decisions?q=%E7%BD%9A%E6%AC%BE"


def test_ascii_targets_are_untouched() -> None:
    assert _target(b"/api/v1/decisions?q=%E7%BD%9A&x=1") == b"/api/v1/decisions?q=%E7%BD%9A&x=1"


def test_control_characters_are_still_refused() -> None:
    http_compat.apply()
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(b"GET /a\x01b HTTP/1.1\r\nHost: x\r\n\r\n")
    try:
        conn.next_event()
    except h11.RemoteProtocolError:
        return
    raise AssertionError("a control character in the target must be refused")
