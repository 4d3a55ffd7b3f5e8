// The scanning room's list (operators, admins): pages marked "to rescan", unreadable or read too
// badly, per batch and per location (almirah), to print (print CSS: the list alone) or export as
// CSV (GET /api/rescans?format=csv), each with a replace button and, for a mark, "take off".
import { api } from "../api.js";
import { errorText, reasonsText, t } from "../i18n.js";
import { replaceControl } from "../rescan.js";
import { field, fmtDate, h } from "../ui.js";

export async function rescans(main, ctx) {
  const p = ctx.params;
  const [rows, batchList] = await Promise.all([
    api("/rescans", { params: { batch: p.get("batch"), location: p.get("location") } }),
    api("/batches", { params: { limit: 200 } }),
  ]);
  const batch = h("select", {}, h("option", { value: "" }, t("any")),
    batchList.map((b) => h("option", { value: b.id, selected: p.get("batch") === b.id }, `${b.name} · ${fmtDate(b.created_at)}`)));
  const places = [...new Set(rows.map((r) => r.location).filter(Boolean))];
  const location = h("input", { type: "text", value: p.get("location") || "", list: "rescan-places", autocomplete: "off", placeholder: t("hint_location_eg") });
  const form = h("form", { class: "card filters row no-print", role: "search", onsubmit: (e) => {
    e.preventDefault();
    const next = new URLSearchParams();
    if (batch.value) next.set("batch", batch.value);
    if (location.value.trim()) next.set("location", location.value.trim());
    ctx.go("#/rescans?" + next.toString());
  } }, field("rs-batch", t("batch"), batch), field("rs-location", t("location"), location),
  h("datalist", { id: "rescan-places" }, places.map((x) => h("option", { value: x }))),
  h("button", { type: "submit", class: "primary" }, t("filter")));
  const csv = new URLSearchParams({ format: "csv" });
  if (p.get("batch")) csv.set("batch", p.get("batch"));
  if (p.get("location")) csv.set("location", p.get("location"));
  const tools = h("p", { class: "buttons no-print" },
    h("button", { type: "button", onclick: () => window.print() }, "🖨 " + t("print")),
    h("a", { class: "download", href: "/api/rescans?" + csv.toString(), download: "rescans.csv" }, "⬇ " + t("export_csv")));

  const why = (r) => (r.kind === "marked" ? r.reason : r.kind === "failed" ? errorText({ code: r.error_code, message: r.reason })
    : [t("kind_needs_rescan"), reasonsText(r.quality_reasons)].filter(Boolean).join(": "));
  const cell = (k, value, attrs = {}) => h("td", { "data-label": t(k), ...attrs }, value);
  const heads = ["location", "batch", "name", "page_n", "file_number", "why", "marked_by"];
  const body = h("tbody", {}, rows.map((r) => {
    const actions = h("td", { class: "no-print actions" },
      replaceControl(r.document_id, r.page, { what: r.name, onDone: async () => { row.classList.add("replaced"); } }),
      r.rescan_id ? [" ", h("button", { type: "button", class: "link", onclick: async () => {
        await api(`/rescans/${r.rescan_id}`, { method: "DELETE" });
        row.remove();
      } }, t("take_off"))] : "");
    const row = h("tr", { "data-doc": r.document_id, "data-page": r.page },
      cell("location", r.location || "—"), cell("batch", r.batch_name),
      cell("name", h("a", { href: `#/documents/${r.document_id}?page=${r.page}` }, r.name)),
      cell("page_n", String(r.page), { class: "num" }), cell("file_number", r.file_number || "—"),
      cell("why", [h("span", { class: "badge kind-" + r.kind }, t("kind_" + r.kind)), " ", why(r)]),
      cell("marked_by", r.marked_by ? `${r.marked_by} · ${fmtDate(r.marked_at)}` : "—"), actions,
      h("td", { class: "print-only tick" }, "☐"));
    return row;
  }));
  const table = rows.length ? h("div", { class: "table-wrap" }, h("table", { id: "rescans-table", class: "stack" },
    h("caption", { class: "visually-hidden" }, t("rescans_title")),
    h("thead", {}, h("tr", {}, ...heads.map((k) => h("th", {}, t(k))), h("th", { class: "no-print" }, h("span", { class: "visually-hidden" }, t("actions"))),
      h("th", { class: "print-only" }, t("rescanned")))),
    body)) : h("p", { class: "muted" }, t("rescans_none"));
  const scope = [p.get("batch") ? `${t("batch")}: ${(batchList.find((b) => b.id === p.get("batch")) || {}).name || p.get("batch")}` : "",
    p.get("location") ? `${t("location")}: ${p.get("location")}` : ""].filter(Boolean).join(" · ");
  main.replaceChildren(h("h1", {}, t("rescans_title")), form, tools,
    h("p", { class: "print-only" }, `${scope ? scope + " · " : ""}${t("rescans_printed")}: ${fmtDate(new Date().toISOString())}`),
    h("p", { class: "muted", id: "rescans-count" }, `${rows.length} ${t("pages")}`), table);
}
