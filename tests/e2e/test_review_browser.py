"""The review workspace in a real browser (Debian chromium through Playwright, headless).

The real app runs under uvicorn on a loopback port against a temporary SUNSHINE_HOME.  A
reviewer signs in, opens the first queue item, rejects a false span, adds a missed name by
selecting it with the mouse and approves; a detention case gets its first approval from the
reviewer and its second from an approver; the public page then shows the masked text.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.publish.review_support import PASSWORD, Case, add_users, cheap_hashing, make_case

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The README's screenshots are refreshed only on request (SUNSHINE_SCREENSHOTS=1), so that a test
# run never rewrites tracked files; otherwise they go to a temporary folder and are still taken.
SHOTS = (
    Path(__file__).resolve().parents[2] / "docs" / "screenshots"
    if os.environ.get("SUNSHINE_SCREENSHOTS") == "1"
    else Path(os.environ.get("TMPDIR", "/tmp")) / "sunshine-screenshots"
)
XSS = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(settings_env: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    if not CHROMIUM.exists():
        if os.environ.get("SUNSHINE_REQUIRE_BROWSER") == "1":
            pytest.fail(
                "SUNSHINE_REQUIRE_BROWSER=1 but /usr/bin/chromium is missing (apt-get install chromium)"
            )
        pytest.skip("Debian chromium is not installed (/usr/bin/chromium)")
    pytest.importorskip("playwright")
    import uvicorn

    from sunshine.app import create_app
    from sunshine.db import session_factory

    cheap_hashing(monkeypatch)
    with session_factory()() as session:
        add_users(session)
        cases = {
            "fine": make_case(session, "fine", days_ago=8),
            "detention": make_case(session, "detention", days_ago=2),
            "evil": make_case(
                session, "fine", days_ago=1, index=1, plant=False, text_suffix="\n附注：" + XSS
            ),
            "other": make_case(session, "detention", days_ago=7, index=1, plant=False),
        }
    port = _free_port()
    config = uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning", access_log=False)
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield {"base": f"http://127.0.0.1:{port}", "cases": cases}
    srv.should_exit = True
    thread.join(timeout=10)


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/review/queue")
    assert "/review/login" in page.url  # anonymous users are sent to sign in
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', PASSWORD)
    page.click('button[type="submit"]')
    page.wait_for_url(f"{base}/review/queue")


def sign_out(page: Any) -> None:
    page.click("form[action='/review/logout'] button")
    page.wait_for_url("**/review/login")


def select_text(page: Any, start: int, end: int) -> None:
    """Drag the mouse over code points [start, end) of the raw text, as a person would."""
    box = page.evaluate(
        """([start, end]) => {
          const raw = document.getElementById('raw');
          for (const seg of raw.querySelectorAll('.seg')) {
            const s = Number(seg.dataset.start), chars = Array.from(seg.textContent);
            if (start < s || end > s + chars.length) continue;
            const node = seg.firstChild, u = (cp) => chars.slice(0, cp).join('').length;
            const rect = (a, b) => { const r = document.createRange(); r.setStart(node, u(a)); r.setEnd(node, u(b));
                                     return r.getBoundingClientRect(); };
            let a = rect(start - s, start - s + 1);
            const view = raw.getBoundingClientRect();
            raw.scrollTop += a.top - view.top - view.height / 2;
            a = rect(start - s, start - s + 1);
            const b = rect(end - s - 1, end - s);
            return [a.left, a.top + a.height / 2, b.right, b.top + b.height / 2];
          }
          return null;
        }""",
        [start, end],
    )
    assert box, "the text to select is not plain text in the page"
    x1, y1, x2, y2 = box
    page.mouse.move(x1 + 1, y1)
    page.mouse.down()
    page.mouse.move((x1 + x2) / 2, (y1 + y2) / 2, steps=4)
    page.mouse.move(x2 - 1, y2, steps=4)
    page.mouse.up()


def fix_case(page: Any, case: Case) -> None:
    """Reject the false span (click it, press x) and add the missed name (select it, press n)."""
    from playwright.sync_api import expect

    leak = page.locator('[data-testid="leak"]')
    assert leak.get_attribute("data-ok") == "0"  # the missed name is caught by the leak gate
    page.click(f'#raw mark[data-start="{case.false_start}"]')
    page.keyboard.press("x")
    assert "st-rejected" in (
        page.locator(f'#raw mark[data-start="{case.false_start}"]').get_attribute("class") or ""
    )
    select_text(page, case.missed_start, case.missed_end)
    page.wait_for_selector("#add-bar:not([hidden])")
    assert page.text_content("#add-text") == case.name
    page.keyboard.press("n")
    page.wait_for_selector(f'#raw mark[data-start="{case.missed_start}"]')
    expect(leak).to_have_attribute("data-ok", "1")
    masked = page.text_content('[data-testid="masked-text"]') or ""
    assert case.name not in masked and case.false_word in masked


def test_review_flow_in_chromium(server: dict[str, Any]) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, cases = server["base"], server["cases"]
    fine, detention, evil = cases["fine"], cases["detention"], cases["evil"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
            page.set_default_timeout(10_000)
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

            # reviewer: the queue is ordered by deadline; open the first item
            sign_in(page, base, "wang")
            rows = page.locator("tr.queue-row")
            assert rows.count() == 4
            assert fine.id in (rows.nth(0).get_attribute("data-href") or "")
            page.screenshot(path=str(SHOTS / "review-queue.png"), full_page=True)
            rows.nth(0).locator("a.open").click()
            page.wait_for_url(f"**/review/decisions/{fine.id}")
            page.wait_for_selector("#raw mark")

            fix_case(page, fine)
            page.screenshot(path=str(SHOTS / "review-page.png"), full_page=True)
            page.keyboard.press("Shift+A")
            expect(page.locator('[data-testid="message"]')).to_contain_text("已公开")

            # reviewer gives the first approval of a detention case
            page.goto(f"{base}/review/decisions/{detention.id}")
            page.wait_for_selector("#raw mark")
            assert "行政拘留" in (page.text_content('[data-testid="four-eyes"]') or "")
            fix_case(page, detention)
            page.click('[data-testid="approve"]')
            expect(page.locator('[data-testid="message"]')).to_contain_text("等待")
            sign_out(page)

            # an approver gives the second approval
            sign_in(page, base, "li")
            page.goto(f"{base}/review/queue?awaiting_second=1")
            assert page.locator("tr.queue-row").count() == 1
            page.locator("tr.queue-row a.open").first.click()
            page.wait_for_url(f"**/review/decisions/{detention.id}")
            assert "待另一名复核员" in (page.text_content('[data-testid="four-eyes"]') or "")
            page.click('[data-testid="approve"]')
            expect(page.locator('[data-testid="message"]')).to_contain_text("已公开")

            # HTML in a decision is shown as text, never run -- even with the CSP switched off,
            # so the escaping itself is tested, not only the policy behind it
            loose = browser.new_context(bypass_csp=True)
            loose.add_cookies(page.context.cookies())
            raw_page = loose.new_page()
            raw_page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            raw_page.goto(f"{base}/review/decisions/{evil.id}")
            raw_page.wait_for_selector("#raw .seg")
            assert "<script>window.__pwned=1</script>" in (raw_page.text_content("#raw") or "")
            raw_page.wait_for_timeout(300)
            assert raw_page.evaluate("() => window.__pwned === undefined")
            assert raw_page.locator("#raw script, #raw img, #masked img").count() == 0
            loose.close()

            # history shows the whole story
            page.goto(f"{base}/review/decisions/{detention.id}/history")
            history = page.text_content('[data-testid="history"]') or ""
            for label in ("查看原文", "初审批准", "复核批准", "已公开"):
                assert label in history
            page.screenshot(path=str(SHOTS / "review-history.png"), full_page=True)

            # the public page shows the masked text, with the added name masked
            for case in (fine, detention):
                public = browser.new_page()
                public.goto(f"{base}/decisions/{case.id}")
                body = public.text_content("body") or ""
                assert case.name not in body
                assert case.false_word in body
                public.close()
        finally:
            browser.close()
    assert dialogs == []
