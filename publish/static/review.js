/* Review page: spans over the raw text, live masked preview, keyboard shortcuts.
 * All decision text is inserted with textContent (never innerHTML), so HTML in a decision
 * stays inert.  Offsets are code points (the API contract), not UTF-16 units. */
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("review-data").textContent);
  const flags = JSON.parse(document.getElementById("review-flags").textContent);
  const csrfMeta = document.querySelector('meta[name="csrf-token"]');
  const csrf = csrfMeta ? csrfMeta.content : "";
  const api = "/api/v1/review/decisions/" + encodeURIComponent(data.id);
  const cps = Array.from(data.text);
  const $ = (id) => document.getElementById(id);
  const raw = $("raw"), masked = $("masked"), rows = $("span-rows"), msg = $("message");

  const TYPE_LABELS = {
    PERSON: "姓名", CN_RESIDENT_ID: "身份证号", ID_DOCUMENT: "证件号码", CN_TRAVEL_PERMIT: "通行证",
    PASSPORT: "护照", PHONE_NUMBER: "电话", ADDRESS: "住址", LOCATION: "地点", VEHICLE_PLATE: "车牌",
    BIRTH_DATE: "出生日期", BANK_ACCOUNT: "银行账号", EMAIL_ADDRESS: "邮箱", IM_ACCOUNT: "社交账号",
    PROPERTY_CERT: "不动产证号", ORGANIZATION: "单位", ORG: "单位", OTHER: "其他",
  };
  // colour families: names, identity numbers, contact, places, vehicles, dates, organisations
  const FAMILY = {
    PERSON: "PERSON", CN_RESIDENT_ID: "ID_NUMBER", ID_DOCUMENT: "ID_NUMBER", CN_TRAVEL_PERMIT: "ID_NUMBER",
    PASSPORT: "ID_NUMBER", BANK_ACCOUNT: "ID_NUMBER", PROPERTY_CERT: "ID_NUMBER", PHONE_NUMBER: "PHONE_NUMBER",
    EMAIL_ADDRESS: "PHONE_NUMBER", IM_ACCOUNT: "PHONE_NUMBER", ADDRESS: "ADDRESS", LOCATION: "ADDRESS",
    VEHICLE_PLATE: "PLATE_NUMBER", BIRTH_DATE: "BIRTH_DATE", ORGANIZATION: "ORGANIZATION", ORG: "ORGANIZATION",
  };
  const STATUS_LABELS = { proposed: "待定", accepted: "已接受", rejected: "已驳回" };
  const ERRORS = {
    leak_gate: "泄露检查未通过：脱敏后文本仍含个人信息，不能批准。",
    withheld: "公开审查认定不予公开，请选择“不予公开”。",
    four_eyes_same_person: "双人复核：复核须由初审以外的另一人进行。",
    claimed: "该决定书已被他人认领。",
    not_in_review: "该决定书不在待审核状态。",
    masking_changed: "初审后标注已改变，需要重新初审。",
    reason_required: "请填写不予公开的理由。",
    forbidden: "没有执行此操作的权限。",
    csrf: "请求被拒绝（CSRF 校验失败），请刷新页面。",
    bad_span: "标注超出原文范围。",
    unauthenticated: "登录已失效，请重新登录。",
  };

  let spans = data.spans.map((s) => { const c = Object.assign({}, s); delete c.index; return c; });
  let current = -1;
  let dirty = false;
  let pending = null; // selection waiting to be added
  let previewTimer = null;
  let previewSeq = 0;

  const typeClass = (t) => "t-" + (FAMILY[t] || "OTHER");
  const label = (t) => TYPE_LABELS[t] || t;
  const status = (s) => s.status || "proposed";
  const slice = (a, b) => cps.slice(a, b).join("");
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };

  function say(text, kind) {
    msg.textContent = text;
    msg.className = "message " + (kind || "");
  }

  function order() {
    return spans.map((s, i) => i).sort((a, b) => spans[a].start - spans[b].start || spans[b].end - spans[a].end);
  }

  // -- raw text with spans --------------------------------------------------------------
  function renderRaw() {
    raw.textContent = "";
    let pos = 0;
    const seg = (a, b) => {
      if (b <= a) return;
      const s = el("span", "seg", slice(a, b));
      s.dataset.start = String(a);
      raw.appendChild(s);
    };
    for (const i of order()) {
      const s = spans[i];
      if (s.start < pos) continue; // overlapping span: listed in the table only
      seg(pos, s.start);
      const m = el("mark", "span " + typeClass(s.entity_type) + " st-" + status(s) + (i === current ? " current" : ""),
        slice(s.start, s.end));
      m.dataset.start = String(s.start);
      m.dataset.i = String(i);
      m.title = label(s.entity_type) + " · " + (s.recognizer || "?") + " · " + Number(s.score || 0).toFixed(2) +
        (s.explanation ? " · " + s.explanation : "") + " · " + STATUS_LABELS[status(s)];
      m.addEventListener("click", () => select(i, true));
      raw.appendChild(m);
      pos = s.end;
    }
    seg(pos, cps.length);
  }

  function renderLegend() {
    const legend = $("legend");
    legend.textContent = "";
    const seen = new Set(spans.map((s) => s.entity_type));
    for (const t of seen) legend.appendChild(el("span", "span " + typeClass(t), label(t)));
    for (const st of ["accepted", "rejected"]) legend.appendChild(el("span", "span st-" + st, STATUS_LABELS[st]));
  }

  // -- span table -----------------------------------------------------------------------
  function renderRows() {
    rows.textContent = "";
    let active = 0;
    for (const i of order()) {
      const s = spans[i];
      if (status(s) !== "rejected") active++;
      const tr = el("tr", "st-" + status(s) + (i === current ? " current" : ""));
      tr.dataset.i = String(i);
      tr.appendChild(el("td", null)).appendChild(el("span", "span " + typeClass(s.entity_type), label(s.entity_type)));
      tr.appendChild(el("td", "quote", slice(s.start, s.end)));
      tr.appendChild(el("td", null, s.recognizer || ""));
      tr.appendChild(el("td", "num", Number(s.score || 0).toFixed(2)));
      tr.appendChild(el("td", "why", s.explanation || s.rule || ""));
      const rep = el("input", "replacement");
      rep.value = s.replacement || "";
      rep.placeholder = "按规则";
      rep.maxLength = 100;
      rep.disabled = !flags.editable;
      rep.addEventListener("change", () => { s.replacement = rep.value; changed(); });
      tr.appendChild(el("td", null)).appendChild(rep);
      const td = el("td", "buttons");
      const ok = el("button", "ok", "接受");
      ok.type = "button";
      ok.dataset.testid = "accept";
      ok.disabled = !flags.editable;
      ok.addEventListener("click", () => setStatus(i, "accepted"));
      const no = el("button", "no", "驳回");
      no.type = "button";
      no.dataset.testid = "reject";
      no.disabled = !flags.editable;
      no.addEventListener("click", () => setStatus(i, "rejected"));
      td.append(ok, no, el("span", "status", STATUS_LABELS[status(s)]));
      tr.appendChild(td);
      tr.addEventListener("click", (ev) => { if (ev.target.tagName !== "INPUT" && ev.target.tagName !== "BUTTON") select(i, false); });
      rows.appendChild(tr);
    }
    $("span-count").textContent = "共 " + spans.length + " 处，生效 " + active + " 处";
  }

  function render() { renderRaw(); renderRows(); renderLegend(); }

  function select(i, scrollTable) {
    current = i;
    render();
    const row = rows.querySelector('tr[data-i="' + i + '"]');
    const mark = raw.querySelector('mark[data-i="' + i + '"]');
    if (row && scrollTable) row.scrollIntoView({ block: "nearest" });
    if (mark) mark.scrollIntoView({ block: "nearest" });
  }

  function setStatus(i, st) {
    if (!flags.editable) return;
    spans[i].status = st;
    current = i;
    changed();
  }

  function changed() {
    dirty = true;
    render();
    localPreview();
    schedulePreview();
  }

  // -- masked text ----------------------------------------------------------------------
  function localPreview() {
    // instant approximation; the server's masking (pseudonyms, policy) replaces it shortly
    let out = "", pos = 0;
    for (const i of order()) {
      const s = spans[i];
      if (status(s) === "rejected" || s.start < pos) continue;
      out += slice(pos, s.start) + (s.replacement || "＊".repeat(s.end - s.start));
      pos = s.end;
    }
    out += slice(pos, cps.length);
    renderMasked(out, null);
    $("preview-state").textContent = "更新中…";
  }

  function renderMasked(text, leak) {
    const chars = Array.from(text);
    masked.textContent = "";
    const findings = leak && !leak.ok ? leak.findings.slice().sort((a, b) => a.start - b.start) : [];
    let pos = 0;
    for (const f of findings) {
      if (f.start < pos || f.end > chars.length) continue;
      masked.appendChild(document.createTextNode(chars.slice(pos, f.start).join("")));
      const m = el("mark", "leak-hit", chars.slice(f.start, f.end).join(""));
      m.title = f.kind + (f.reason ? "：" + f.reason : "");
      masked.appendChild(m);
      pos = f.end;
    }
    masked.appendChild(document.createTextNode(chars.slice(pos).join("")));
    if (leak) renderLeak(leak);
  }

  function renderLeak(leak) {
    const box = $("leak");
    box.textContent = "";
    box.className = "leak " + (leak.ok ? "ok" : "bad");
    box.dataset.ok = leak.ok ? "1" : "0";
    box.appendChild(el("b", null, leak.ok ? "泄露检查：通过 ✓" : "泄露检查：未通过 ✗（" + leak.findings.length + " 处）"));
    if (!leak.ok) {
      const ul = el("ul");
      for (const f of leak.findings) ul.appendChild(el("li", null, f.kind + (f.reason ? "：" + f.reason : "")));
      box.appendChild(ul);
    }
  }

  function schedulePreview() {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(serverPreview, 200);
  }

  async function serverPreview() {
    const seq = ++previewSeq;
    try {
      const r = await call("POST", api + "/preview", { spans: spans });
      if (seq !== previewSeq) return;
      renderMasked(r.masked_text, r.leak);
      $("preview-state").textContent = dirty ? "（未保存）" : "";
    } catch (e) {
      say(e.message, "bad");
    }
  }

  // -- adding a span from the selection --------------------------------------------------
  function offsetOf(node, off) {
    let host = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    if (host === raw) {
      const child = raw.childNodes[off];
      if (!child) return cps.length;
      return Number(child.dataset.start);
    }
    host = host.closest("[data-start]");
    if (!host || !raw.contains(host)) return null;
    const base = Number(host.dataset.start);
    if (node.nodeType === Node.TEXT_NODE) return base + Array.from(node.textContent.slice(0, off)).length;
    let t = "";
    for (let k = 0; k < off; k++) t += host.childNodes[k].textContent;
    return base + Array.from(t).length;
  }

  function readSelection() {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed || !raw.contains(sel.anchorNode) || !raw.contains(sel.focusNode)) return null;
    let a = offsetOf(sel.anchorNode, sel.anchorOffset), b = offsetOf(sel.focusNode, sel.focusOffset);
    if (a === null || b === null) return null;
    if (a > b) [a, b] = [b, a];
    while (a < b && /\s/.test(cps[a])) a++;
    while (b > a && /\s/.test(cps[b - 1])) b--;
    return b > a ? { start: a, end: b } : null;
  }

  function onSelect() {
    if (!flags.editable) return;
    const s = readSelection();
    if (!s) return;
    pending = s;
    $("add-text").textContent = slice(s.start, s.end);
    $("add-bar").hidden = false;
  }

  function addPending() {
    if (!flags.editable) return;
    const s = pending || readSelection();
    if (!s) { say("请先在原文中选中要标注的文字。", "bad"); return; }
    const clash = spans.findIndex((x) => status(x) !== "rejected" && x.start < s.end && s.start < x.end);
    if (clash >= 0) { say("与已有标注重叠，请先驳回那一处。", "bad"); select(clash, true); return; }
    spans.push({
      start: s.start, end: s.end, entity_type: $("add-type").value, text: slice(s.start, s.end),
      replacement: $("add-replacement").value, status: "accepted", recognizer: "reviewer", score: 1.0,
      explanation: "审核员添加", rule: "",
    });
    current = spans.length - 1;
    pending = null;
    $("add-bar").hidden = true;
    $("add-replacement").value = "";
    window.getSelection().removeAllRanges();
    say("已添加标注。", "ok");
    changed();
  }

  // -- server actions -------------------------------------------------------------------
  async function call(method, url, body) {
    const r = await fetch(url, {
      method: method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, Accept: "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let j = null;
    try { j = await r.json(); } catch (e) { j = null; }
    if (!r.ok) {
      const d = j && j.detail;
      const code = d && d.code;
      let text = (code && ERRORS[code]) || (d && d.message) || ("请求失败（" + r.status + "）");
      if (Array.isArray(d)) text = "输入有误：" + d.map((x) => x.msg).join("；");
      throw new Error(text);
    }
    return j;
  }

  async function save() {
    const r = await call("PUT", api + "/spans", { spans: spans });
    dirty = false;
    renderMasked(r.masked_text, r.leak);
    $("preview-state").textContent = "已保存";
    return r;
  }

  function lock(stateLabel) {
    flags.editable = false;
    document.querySelectorAll(".actions button, .actions textarea").forEach((b) => { b.disabled = true; });
    if (stateLabel) document.querySelector('[data-testid="state"]').textContent = stateLabel;
    render();
  }

  async function approve() {
    if (!flags.editable) return;
    try {
      if (dirty) await save();
      const r = await call("POST", api + "/approve", { note: $("note").value || null });
      if (r.status === "published") { say("已批准，决定书已公开。", "ok"); lock("已公开"); }
      else { say("初审已批准，等待另一名复核员复核。", "ok"); lock("待复核"); }
    } catch (e) { say(e.message, "bad"); }
  }

  async function refuse() {
    if (!flags.editable) return;
    const reason = $("reason").value.trim();
    if (!reason) { say(ERRORS.reason_required, "bad"); $("reason").focus(); return; }
    try {
      await call("POST", api + "/refuse", { reason: reason });
      say("已决定不予公开。", "ok");
      lock("不予公开");
    } catch (e) { say(e.message, "bad"); }
  }

  async function saveClicked() {
    try { await save(); say("标注已保存。", "ok"); } catch (e) { say(e.message, "bad"); }
  }

  // -- wiring ---------------------------------------------------------------------------
  raw.addEventListener("mouseup", onSelect);
  raw.addEventListener("keyup", onSelect);
  $("add-btn").addEventListener("click", addPending);
  $("add-cancel").addEventListener("click", () => { pending = null; $("add-bar").hidden = true; });
  if ($("approve")) $("approve").addEventListener("click", approve);
  if ($("refuse")) $("refuse").addEventListener("click", refuse);
  if ($("save")) $("save").addEventListener("click", saveClicked);
  if ($("reopen")) {
    $("reopen").addEventListener("click", async () => {
      const reason = $("reopen-reason").value.trim();
      if (!reason) { say("请填写重新审核的理由。", "bad"); return; }
      try { await call("POST", api + "/reopen", { reason: reason }); location.reload(); } catch (e) { say(e.message, "bad"); }
    });
  }
  if ($("release")) {
    $("release").addEventListener("click", async () => {
      if (dirty && !window.confirm("标注尚未保存，确定放弃修改并释放认领？")) return;
      try { await call("POST", api + "/release"); location.href = "/review/queue"; } catch (e) { say(e.message, "bad"); }
    });
  }

  document.addEventListener("keydown", (ev) => {
    const t = ev.target;
    const typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT");
    if (ev.key === "Escape") { $("help").hidden = true; $("add-bar").hidden = true; pending = null; if (typing) t.blur(); return; }
    if (typing || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const ord = order();
    const at = ord.indexOf(current);
    switch (ev.key) {
      case "j": if (ord.length) select(ord[Math.min(at + 1, ord.length - 1)], true); break;
      case "k": if (ord.length) select(ord[Math.max(at - 1, 0)], true); break;
      case "a": if (current >= 0) setStatus(current, "accepted"); break;
      case "x": if (current >= 0) setStatus(current, "rejected"); break;
      case "e": {
        const inp = rows.querySelector('tr[data-i="' + current + '"] input.replacement');
        if (inp) { inp.focus(); inp.select(); }
        break;
      }
      case "n": addPending(); break;
      case "s": saveClicked(); break;
      case "A": approve(); break;
      case "R": if ($("reason")) $("reason").focus(); break;
      case "?": $("help").hidden = !$("help").hidden; break;
      default: return;
    }
    ev.preventDefault();
  });

  render();
  renderMasked(data.masked_text, data.leak);
  $("preview-state").textContent = "";
})();
