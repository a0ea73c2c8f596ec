/* Queue: click a row to open it; j/k move, Enter opens, / jumps to the authority filter. */
"use strict";
(function () {
  const rows = Array.from(document.querySelectorAll("tr.queue-row"));
  let at = -1;
  const focus = (i) => { if (!rows.length) return; at = Math.max(0, Math.min(i, rows.length - 1)); rows[at].focus(); };
  rows.forEach((r, i) => {
    r.addEventListener("click", (ev) => { if (ev.target.tagName !== "A") location.href = r.dataset.href; });
    r.addEventListener("focus", () => { at = i; });
  });
  document.addEventListener("keydown", (ev) => {
    const t = ev.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA")) return;
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === "j") focus(at + 1);
    else if (ev.key === "k") focus(at - 1);
    else if ((ev.key === "Enter" || ev.key === "o") && at >= 0) location.href = rows[at].dataset.href;
    else if (ev.key === "/") { const f = document.querySelector('input[name="authority"]'); if (f) f.focus(); }
    else return;
    ev.preventDefault();
  });
})();
