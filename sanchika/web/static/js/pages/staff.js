// Department staff screens: search, one document, one digital file.
import { api, departments } from "../api.js";
import { statusText, t } from "../i18n.js";
import { badge, depName, departmentSelect, field, fmtDate, h, highlight, marked, pager } from "../ui.js";

const LIMIT = 20;

export async function search(main, ctx) {
  const p = ctx.params;
  const deps = await departments();
  const own = ctx.me.role === "department" ? ctx.me.departments : null;
  const q = h("input", { type: "search", name: "q", value: p.get("q") || "", lang: "hi", autocomplete: "off", spellcheck: false });
  const dep = departmentSelect(deps, { value: p.get("department") || "", empty: t("all_departments"), only: own });
  const fileNo = h("input", { type: "text", value: p.get("file_number") || "" });
  const from = h("input", { type: "date", value: p.get("from") || "" });
  const to = h("input", { type: "date", value: p.get("to") || "" });
  const form = h("form", { class: "card filters", role: "search", onsubmit: (e) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const [k, el] of [["q", q], ["department", dep], ["file_number", fileNo], ["from", from], ["to", to]]) if (el.value.trim()) next.set(k, el.value.trim());
    ctx.go("#/search?" + next.toString());
  } },
  h("h1", {}, t("search_title")),
  h("label", { for: "q", class: "visually-hidden" }, t("search_label")),
  h("div", { class: "search-bar" }, Object.assign(q, { id: "q", placeholder: t("search_label") }), h("button", { type: "submit", class: "primary" }, t("search_button"))),
  h("div", { class: "row", style: "margin-top:.6rem" },
    field("f-dep", t("department"), dep), field("f-file", t("file_number"), fileNo),
    field("f-from", t("date_from"), from), field("f-to", t("date_to"), to)));
  const results = h("section", { "aria-labelledby": "res-h" });
  main.replaceChildren(form, results);
  const query = (p.get("q") || "").trim();
  if (!query) { q.focus(); return; }
  const offset = Number(p.get("offset") || 0);
  const r = await api("/search", { params: { q: query, department: p.get("department"), file_number: p.get("file_number"), from: p.get("from"), to: p.get("to"), limit: LIMIT, offset } });
  const items = r.hits.map((hit) => {
    const href = `#/documents/${hit.document_id}?q=${encodeURIComponent(query)}&page=${hit.page}`;
    return h("li", { class: "hit" },
      h("a", { href, tabindex: -1, "aria-hidden": "true" }, h("img", { src: `/api/documents/${hit.document_id}/pages/${hit.page}.png`, alt: "", loading: "lazy", width: 84, height: 118 })),
      h("div", {},
        h("h3", {}, h("a", { href }, hit.name)),
        h("div", { class: "meta" }, `${depName(deps, hit.department)} · ${t("file_number")}: ${hit.file_number || "—"} · ${t("page_n")} ${hit.page}`),
        h("p", { class: "snippet", lang: "hi" }, marked(hit.snippet))));
  });
  results.replaceChildren(h("h2", { id: "res-h" }, t("results")),
    items.length ? h("ol", { class: "hits", start: offset + 1 }, items) : h("p", { class: "muted" }, t("no_results")),
    pager(offset, LIMIT, r.hits.length, (o) => { p.set("offset", o); ctx.go("#/search?" + p.toString()); }));
}

export async function documentView(main, ctx, id) {
  const deps = await departments();
  const doc = await api(`/documents/${id}`);
  const q = ctx.params.get("q") || "";
  const file = doc.digital_file;
  const ent = doc.entities || {};
  const meta = h("dl", { class: "meta" },
    h("dt", {}, t("status")), h("dd", {}, badge(doc.status, statusText(doc.status))),
    h("dt", {}, t("department")), h("dd", {}, depName(deps, doc.department)),
    h("dt", {}, t("confidence")), h("dd", {}, doc.confidence != null ? Math.round(doc.confidence * 100) + "%" : "—"),
    h("dt", {}, t("file_number")), h("dd", {}, doc.file_number || "—"),
    h("dt", {}, t("subject")), h("dd", { lang: "hi" }, ent.subject || "—"),
    h("dt", {}, t("doc_date")), h("dd", {}, (ent.dates || [])[0] || "—"),
    h("dt", {}, t("pages")), h("dd", {}, doc.pages),
    h("dt", {}, t("finished")), h("dd", {}, fmtDate(doc.completed_at)));
  const aside = h("aside", {},
    h("section", { class: "card" }, h("h2", {}, t("metadata")), meta,
      doc.status === "done" ? h("p", {}, h("a", { href: `/api/documents/${id}/pdf`, download: "", class: "download" }, "⬇ " + t("download_pdf"))) : ""),
    file ? h("section", { class: "card" }, h("h2", {}, t("digital_file")),
      h("p", {}, file.file_number ? h("a", { href: `#/files/${encodeURIComponent(file.file_number)}` }, file.file_number) : file.title),
      h("ol", {}, file.documents.map((d) => h("li", {}, d.id === id ? h("strong", { "aria-current": "page" }, d.name) : h("a", { href: `#/documents/${d.id}` }, d.name))))) : "",
    doc.corrections.length ? h("section", { class: "card" }, h("h2", {}, t("corrections")),
      h("ul", {}, doc.corrections.map((c) => h("li", {}, `${fmtDate(c.at)} ${c.user}: ${c.old_value || "—"} → ${c.new_value}`)))) : "");
  const pagesBox = h("div", {}, doc.page_list.map((p) => h("section", { class: "page-pair", id: `page-${p.page}`, "aria-label": `${t("page_n")} ${p.page}` },
    h("img", { src: `/api/documents/${id}/pages/${p.page}.png`, alt: `${t("thumbnail_of")} ${p.page}`, loading: p.page <= 2 ? "eager" : "lazy" }),
    h("div", {}, h("h2", {}, `${t("page_n")} ${p.page}`, p.source ? h("span", { class: "muted" }, ` · ${t("read_by")}: ${p.source}${p.confidence != null ? " " + Math.round(p.confidence <= 1 ? p.confidence * 100 : p.confidence) + "%" : ""}`) : ""),
      h("pre", { class: "page-text", lang: "hi" }, highlight(p.text || "", q))))));
  main.replaceChildren(h("h1", {}, doc.name), h("div", { class: "doc-layout" }, aside, pagesBox));
  const target = ctx.params.get("page");
  if (target && Number(target) > 1) document.getElementById(`page-${target}`)?.scrollIntoView();
}

export async function fileView(main, ctx, fileNumber) {
  const deps = await departments();
  const f = await api(`/files/${fileNumber.split("/").map(encodeURIComponent).join("/")}`);
  main.replaceChildren(h("h1", {}, `${t("file_title")}: ${f.file_number || f.title}`),
    h("p", { class: "muted" }, `${depName(deps, f.department)} · ${f.documents.length} ${t("documents")}`),
    h("h2", {}, t("in_order")),
    h("div", { class: "table-wrap" }, h("table", {},
      h("thead", {}, h("tr", {}, h("th", {}, "#"), h("th", {}, t("name")), h("th", {}, t("department")), h("th", { class: "num" }, t("pages")), h("th", {}, t("created")))),
      h("tbody", {}, f.documents.map((d, i) => h("tr", {}, h("td", {}, i + 1), h("td", {}, h("a", { href: `#/documents/${d.id}` }, d.name)),
        h("td", {}, depName(deps, d.department)), h("td", { class: "num" }, d.pages), h("td", {}, fmtDate(d.created_at))))))));
}
