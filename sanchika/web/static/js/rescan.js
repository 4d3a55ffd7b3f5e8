// Rescan and replace one page: a button opens the file picker; the chosen scan is sent to
// POST /api/documents/{id}/pages/{n}/replace (read at once on the server) and the outcome is
// announced beside the button. Used by the batch view, the review queue and the document view.
import { api } from "./api.js";
import { errorText, t } from "./i18n.js";
import { h } from "./ui.js";

export function replaceControl(docId, pageNo, { what = "", onDone = null } = {}) {
  const input = h("input", { type: "file", class: "visually-hidden", tabindex: -1, "aria-hidden": "true",
    accept: ".png,.jpg,.jpeg,.tif,.tiff,.pdf,image/png,image/jpeg,image/tiff,application/pdf" });
  const status = h("span", { class: "replace-status muted", role: "status" });
  const button = h("button", { type: "button", class: "replace",
    "aria-label": `${t("replace_page_n")} ${pageNo}${what ? " · " + what : ""}: ${t("replace_page")}`,
    onclick: () => input.click() }, t("replace_page"));
  input.addEventListener("change", async () => {
    const file = input.files[0];
    if (!file) return;
    const form = new FormData();
    form.append("file", file, file.name);
    button.disabled = true;
    status.className = "replace-status muted";
    status.textContent = t("replacing");
    try {
      const r = await api(`/documents/${encodeURIComponent(docId)}/pages/${pageNo}/replace`, { method: "POST", body: form });
      status.className = "replace-status ok";
      status.textContent = `${t("replaced")} · ${t("confidence")} ${Math.round((r.confidence || 0) * 100)}%` +
        (r.flag ? ` · ${t("reason_" + r.flag)}` : "");
      if (onDone) await onDone(r, status.textContent);
    } catch (err) {
      status.className = "replace-status error";
      status.textContent = `${t("replace_failed")}: ${errorText({ code: err.code, message: err.message })}`;
    } finally {
      button.disabled = false;
      input.value = "";
    }
  });
  return h("span", { class: "replace-box" }, button, input, status);
}
