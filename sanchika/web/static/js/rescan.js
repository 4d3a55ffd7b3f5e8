// Rescan and replace one page. replaceControl: a button opens the file picker; the chosen scan is
// sent to POST /api/documents/{id}/pages/{n}/replace, which answers at once (202): the page is read
// in the background, and its progress (queued, reading, rebuilding, done) is followed with
// GET /api/rescans/{id} beside the button while the rest of the screen stays usable.
// markControl: mark a page "to rescan" with a reason (it stays on the rescan list, #/rescans).
// Used by the batch view, the review queue, the rescan list and the document view.
import { api } from "./api.js";
import { errorText, t } from "./i18n.js";
import { h } from "./ui.js";

const STEPS = { queued: 0, reading: 1, rebuilding: 2, done: 3 };
const POLL_MS = 700;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Follow a replacement until it is done or failed; onStep(body) after each answer.
export async function followReplacement(id, onStep) {
  let body = await api(`/rescans/${id}`);
  onStep(body);
  while (body.state in STEPS && body.state !== "done") {
    await sleep(POLL_MS);
    try { body = await api(`/rescans/${id}`); } catch (err) { if (err.status === 404 || err.status === 401) throw err; continue; }
    onStep(body);
  }
  return body;
}

export function replaceControl(docId, pageNo, { what = "", onDone = null } = {}) {
  const input = h("input", { type: "file", class: "visually-hidden", tabindex: -1, "aria-hidden": "true",
    accept: ".png,.jpg,.jpeg,.tif,.tiff,.pdf,image/png,image/jpeg,image/tiff,application/pdf" });
  const status = h("span", { class: "replace-status muted", role: "status" });
  const bar = h("progress", { class: "replace-progress", max: 3, value: 0, hidden: true, "aria-label": `${t("replace_page_n")} ${pageNo}` });
  const button = h("button", { type: "button", class: "replace",
    "aria-label": `${t("replace_page_n")} ${pageNo}${what ? " · " + what : ""}: ${t("replace_page")}`,
    onclick: () => input.click() }, t("replace_page"));
  const box = h("span", { class: "replace-box" }, button, input, bar, status);
  const step = (body) => {
    bar.value = STEPS[body.state] ?? 0;
    box.dataset.state = body.state;
    status.textContent = t("rs_" + body.state);
  };
  input.addEventListener("change", async () => {
    const file = input.files[0];
    if (!file) return;
    const form = new FormData();
    form.append("file", file, file.name);
    button.disabled = true;
    bar.hidden = false;
    status.className = "replace-status muted";
    status.textContent = t("replace_sending");
    try {
      const started = await api(`/documents/${encodeURIComponent(docId)}/pages/${pageNo}/replace`, { method: "POST", body: form });
      step(started);
      const r = await followReplacement(started.id, step);
      if (r.state !== "done") throw Object.assign(new Error(r.error ? r.error.message : r.state), { code: r.error && r.error.code });
      status.className = "replace-status ok";
      status.textContent = `${t("replaced")} · ${t("confidence")} ${Math.round((r.confidence || 0) * 100)}%` +
        (r.flag ? ` · ${t("reason_" + r.flag)}` : "");
      if (onDone) await onDone(r, status.textContent);
    } catch (err) {
      box.dataset.state = "failed";
      status.className = "replace-status error";
      status.textContent = `${t("replace_failed")}: ${errorText({ code: err.code, message: err.message })}`;
    } finally {
      button.disabled = false;
      bar.hidden = true;
      input.value = "";
    }
  });
  return box;
}

export function markControl(docId, pageNo, { onDone = null } = {}) {
  const reason = h("input", { type: "text", maxlength: 500, required: true, class: "rescan-reason", placeholder: t("rescan_reason_eg"),
    "aria-label": `${t("rescan_reason")} · ${t("page_n")} ${pageNo}` });
  const status = h("span", { class: "mark-status", role: "status" });
  const form = h("form", { class: "mark-form", hidden: true, onsubmit: async (e) => {
    e.preventDefault();
    if (!reason.value.trim()) { reason.focus(); return; }
    try {
      const r = await api(`/documents/${encodeURIComponent(docId)}/pages/${pageNo}/rescan`, { method: "POST", body: { reason: reason.value.trim() } });
      form.hidden = true;
      status.className = "mark-status ok";
      status.textContent = `${t("rescan_marked")}: ${r.reason}`;
      if (onDone) await onDone(r);
    } catch (err) {
      status.className = "mark-status error";
      status.textContent = errorText({ code: err.code, message: err.message });
    }
  } }, reason, h("button", { type: "submit" }, t("save")));
  const open = h("button", { type: "button", class: "mark", onclick: () => { form.hidden = !form.hidden; if (!form.hidden) reason.focus(); } },
    t("mark_rescan"));
  return h("span", { class: "mark-box" }, open, form, status);
}
