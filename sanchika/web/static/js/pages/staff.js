// Department staff screens: search, one document, the digital files and one digital file
// (notesheet beside correspondence, as e-Office shows a file).
import { api, departments, ApiError } from "../api.js";
import { errorText, reasonText, statusText, t } from "../i18n.js";
import { markControl, replaceControl } from "../rescan.js";
import { badge, depName, departmentSelect, field, fmtDate, fmtNumber, h, highlight, marked, pager, stacked } from "../ui.js";

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
  const exact = h("input", { type: "checkbox", id: "f-exact", checked: p.get("exact") === "1" });
  const form = h("form", { class: "card filters", role: "search", onsubmit: (e) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const [k, el] of [["q", q], ["department", dep], ["file_number", fileNo], ["from", from], ["to", to]]) if (el.value.trim()) next.set(k, el.value.trim());
    if (exact.checked) next.set("exact", "1");
    ctx.go("#/search?" + next.toString());
  } },
  h("h1", {}, t("search_title")),
  h("label", { for: "q", class: "visually-hidden" }, t("search_label")),
  h("div", { class: "search-bar" }, Object.assign(q, { id: "q", placeholder: t("search_label") }), h("button", { type: "submit", class: "primary" }, t("search_button"))),
  h("div", { class: "row", style: "margin-top:.6rem" },
    field("f-dep", t("department"), dep), field("f-file", t("file_number"), fileNo),
    field("f-from", t("date_from"), from), field("f-to", t("date_to"), to),
    h("div", { class: "field" }, h("label", { class: "check", for: "f-exact" }, exact, " ", t("search_exact")))));
  const results = h("section", { "aria-labelledby": "res-h" });
  main.replaceChildren(form, results);
  const query = (p.get("q") || "").trim();
  if (!query) { q.focus(); return; }
  const offset = Number(p.get("offset") || 0);
  const r = await api("/search", { params: { q: query, department: p.get("department"), file_number: p.get("file_number"), from: p.get("from"), to: p.get("to"), exact: p.get("exact") === "1" ? "true" : null, limit: LIMIT, offset } });
  const items = r.hits.map((hit) => {
    const href = `#/documents/${hit.document_id}?q=${encodeURIComponent(query)}&page=${hit.page}`;
    return h("li", { class: "hit" },
      h("a", { href, tabindex: -1, "aria-hidden": "true" }, h("img", { src: `/api/documents/${hit.document_id}/pages/${hit.page}.png`, alt: "", loading: "lazy", width: 84, height: 118 })),
      h("div", {},
        h("h3", {}, h("a", { href }, hit.name)),
        h("div", { class: "meta" }, `${depName(deps, hit.department)} · ${t("file_number")}: ${hit.file_number || "—"} · ${t("page_n")} ${hit.page}`),
        h("p", { class: "snippet", lang: "hi" }, marked(hit.snippet))));
  });
  // what else was searched (other spellings, inflections, romanised and English forms: ADR 0022)
  const also = (r.also_matched || []).length
    ? h("p", { class: "muted also-matched", lang: "hi" }, t("also_matched") + ": " + r.also_matched.join(", ") + " · ",
      h("a", { href: "#/search?" + new URLSearchParams([...p.entries(), ["exact", "1"]].filter(([k]) => k !== "offset")).toString() }, t("search_exact")))
    : null;
  results.replaceChildren(h("h2", { id: "res-h" }, t("results")), ...(also ? [also] : []),
    items.length ? h("ol", { class: "hits", start: offset + 1 }, items) : h("p", { class: "muted" }, t("no_results")),
    pager(offset, LIMIT, r.hits.length, (o) => { p.set("offset", o); ctx.go("#/search?" + p.toString()); }));
}

function readBy(p) {
  if (!p.source) return "";
  const conf = p.confidence != null ? " " + Math.round(p.confidence <= 1 ? p.confidence * 100 : p.confidence) + "%" : "";
  return ` · ${t("read_by")}: ${p.source}${conf}`;
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
      h("p", {}, h("a", { href: `#/files/${encodeURIComponent(file.file_number || file.key || "")}` }, file.file_number || file.title)),
      h("ol", {}, file.documents.map((d) => h("li", {}, d.id === id ? h("strong", { "aria-current": "page" }, d.name) : h("a", { href: `#/documents/${d.id}` }, d.name))))) : "",
    doc.corrections.length ? h("section", { class: "card" }, h("h2", {}, t("corrections")),
      h("ul", {}, doc.corrections.map((c) => h("li", {}, `${fmtDate(c.at)} ${c.user}: ${c.old_value || "—"} → ${c.new_value}`)))) : "");
  const mayReplace = ["operator", "admin"].includes(ctx.me.role) && doc.status !== "processing";
  const pagesBox = h("div", {}, doc.page_list.map((p) => {
    const img = h("img", { src: `/api/documents/${id}/pages/${p.page}.png`, alt: `${t("thumbnail_of")} ${p.page}`, loading: p.page <= 2 ? "eager" : "lazy" });
    const text = h("pre", { class: "page-text", lang: "hi" }, highlight(p.text || "", q));
    const how = h("span", { class: "muted" }, readBy(p));
    const failure = p.status === "failed" ? h("p", { class: "error" }, errorText(p.error)) : "";
    const onDone = async (r) => { // show the new scan and its text without leaving the page
      if (failure) failure.remove();
      const fresh = (await api(`/documents/${id}`)).page_list.find((x) => x.page === p.page);
      img.src = `/api/documents/${id}/pages/${p.page}.png?v=${r.sha256.slice(0, 12)}`;
      text.replaceChildren(...highlight((fresh && fresh.text) || "", q));
      how.textContent = fresh ? readBy(fresh) : "";
    };
    return h("section", { class: "page-pair", id: `page-${p.page}`, "aria-label": `${t("page_n")} ${p.page}` }, img,
      h("div", {}, h("h2", {}, `${t("page_n")} ${p.page}`, how),
        failure,
        mayReplace ? h("p", { class: "page-actions" }, replaceControl(id, p.page, { what: doc.name, onDone }), " ", markControl(id, p.page)) : "",
        text));
  }));
  main.replaceChildren(h("h1", {}, doc.name), h("div", { class: "doc-layout" }, aside, pagesBox));
  const target = ctx.params.get("page");
  if (target && Number(target) > 1) document.getElementById(`page-${target}`)?.scrollIntoView();
}

export async function files(main, ctx) {
  const p = ctx.params;
  const deps = await departments();
  const own = ctx.me.role === "department" ? ctx.me.departments : null;
  const limit = 50, offset = Number(p.get("offset") || 0);
  const q = h("input", { type: "search", value: p.get("q") || "", lang: "hi", autocomplete: "off", placeholder: "245/भू-अभि/2018" });
  const dep = departmentSelect(deps, { value: p.get("department") || "", empty: own ? t("all_departments") : t("any"), only: own });
  const form = h("form", { class: "card filters row", role: "search", onsubmit: (e) => {
    e.preventDefault();
    const next = new URLSearchParams();
    if (q.value.trim()) next.set("q", q.value.trim());
    if (dep.value) next.set("department", dep.value);
    ctx.go("#/files?" + next.toString());
  } }, h("div", { class: "grow" }, field("files-q", t("files_q"), q)), field("files-dep", t("department"), dep),
  h("button", { type: "submit", class: "primary" }, t("search_button")));
  const rows = await api("/files", { params: { q: p.get("q"), department: p.get("department"), limit, offset } });
  const link = (f) => `#/files/${encodeURIComponent(f.file_number || f.key)}${f.volume ? "?volume=" + f.volume : ""}`;
  const table = rows.length ? h("div", { class: "table-wrap" }, stacked(h("table", { id: "files-table" },
    h("caption", { class: "visually-hidden" }, t("files_title")),
    h("thead", {}, h("tr", {}, h("th", {}, t("file_number")), h("th", {}, t("title")), h("th", {}, t("department")),
      h("th", {}, t("location")), h("th", { class: "num" }, t("volume")), h("th", { class: "num" }, t("documents")), h("th", { class: "num" }, t("pages")))),
    h("tbody", {}, rows.map((f) => h("tr", {},
      h("td", {}, h("a", { href: link(f) }, f.file_number || f.title)),
      h("td", { lang: "hi" }, f.file_number ? f.title : ""),
      h("td", {}, depName(deps, f.department)),
      h("td", {}, f.location || "—"),
      h("td", { class: "num" }, f.volume ?? ""),
      h("td", { class: "num" }, fmtNumber(f.documents)),
      h("td", { class: "num" }, fmtNumber(f.pages))))))))
    : h("p", { class: "muted" }, t("no_files_found"));
  main.replaceChildren(h("h1", {}, t("files_title")), form, table,
    pager(offset, limit, rows.length, (o) => { p.set("offset", o); ctx.go("#/files?" + p.toString()); }));
}

const NOTES = new Set(["notesheet"]);
const NOT_CONTENT = new Set(["blank", "separator"]);
const roleName = (role) => (role ? t("prole_" + role) : "—");
const pct = (x) => (x == null ? "" : Math.round(x * 100) + "%");

// A document's units for the e-Office view: its stored parts when there are any, else runs of
// consecutive pages with one role (blank and separator pages skipped without breaking a run, an
// unread page ends it) — the same cut as the eFile package (sanchika.efile).
function unitsOf(doc) {
  const roles = doc.page_roles || [];
  const byNo = new Map(roles.map((p) => [p.page_no, p]));
  const units = [], excluded = [];
  const parts = doc.parts || [];
  if (parts.length) {
    const covered = new Set();
    for (const part of parts) {
      const pages = [];
      for (let n = part.first_page; n <= part.last_page; n++) {
        const pg = byNo.get(n);
        if (!pg) continue;
        covered.add(n);
        if (!pg.role || NOT_CONTENT.has(pg.role) || NOT_CONTENT.has(part.role)) excluded.push(pg); else pages.push(pg);
      }
      if (pages.length) units.push({ doc, role: part.role, pages, confidence: part.confidence, reasons: part.reasons || [], needsReview: !!part.needs_review, seq: part.seq });
    }
    for (const pg of roles) if (!covered.has(pg.page_no)) excluded.push(pg);
    return { units, excluded };
  }
  let current = null;
  for (const pg of roles) {
    if (!pg.role || NOT_CONTENT.has(pg.role)) { excluded.push(pg); if (!pg.role) current = null; continue; }
    if (current && current.role === pg.role) { current.pages.push(pg); continue; }
    current = { doc, role: pg.role, pages: [pg], reasons: [], needsReview: false };
    units.push(current);
  }
  for (const u of units) {
    const cs = u.pages.map((pg) => pg.confidence).filter((c) => c != null);
    u.confidence = cs.length ? cs.reduce((a, b) => a + b, 0) / cs.length : null;
    u.reasons = [...new Set(u.pages.flatMap((pg) => pg.reasons || []))].slice(0, 6);
  }
  return { units, excluded };
}

// A document of one unit is named by its subject; a part of a bundle by its document and pages
// (the bundle's subject is the file's, not the part's).
function unitTitle(u) {
  return u.alone ? (u.doc.subject || u.doc.name) : `${u.doc.name} · ${pageRange(u.pages)}`;
}

function pageRange(pages) {
  const first = pages[0].page_no, last = pages[pages.length - 1].page_no;
  return `${t("pages_short")} ${first}${last !== first ? "–" + last : ""}`;
}

function pageFigure(doc, pg, { eager = false } = {}) {
  return h("figure", { class: "efile-page" },
    h("a", { href: `#/documents/${doc.id}?page=${pg.page_no}`, "aria-label": `${doc.name} · ${t("page_n")} ${pg.page_no}` },
      h("img", { src: `/api/documents/${doc.id}/pages/${pg.page_no}.png`, alt: `${t("thumbnail_of")} ${pg.page_no}`, loading: eager ? "eager" : "lazy" })),
    h("figcaption", { class: "muted" }, `${doc.name} · ${t("page_n")} ${pg.page_no} · ${roleName(pg.role)} ${pct(pg.confidence)}`));
}

export async function fileView(main, ctx, fileNumber) {
  const deps = await departments();
  const volume = ctx.params.get("volume");
  const f = await api(`/files/${fileNumber.split("/").map(encodeURIComponent).join("/")}`, { params: { volume } });
  const all = f.documents.map(unitsOf);
  all.forEach((x) => x.units.forEach((u) => { u.alone = x.units.length === 1; }));
  const units = all.flatMap((x) => x.units);
  const excluded = all.reduce((n, x) => n + x.excluded.length, 0);
  const notes = units.filter((u) => NOTES.has(u.role));
  const letters = units.filter((u) => !NOTES.has(u.role));
  const totalPages = f.documents.reduce((n, d) => n + (d.page_roles || []).length, 0);

  const facts = [depName(deps, f.department), f.location ? `${t("location")}: ${f.location}` : "",
    `${f.documents.length} ${t("documents")}`, `${totalPages} ${t("pages")}`].filter(Boolean).join(" · ");
  const head = [h("h1", {}, `${t("file_title")}: ${f.file_number || f.title}${f.volume ? ` · ${t("volume")} ${f.volume}` : ""}`),
    f.file_number && f.title && f.title !== f.file_number ? h("p", { lang: "hi", class: "file-subject" }, f.title) : "",
    h("p", { class: "muted" }, facts)];
  if (ctx.me.role === "admin") head.push(exportButton(f.file_number || f.key, f.volume));

  // left: the notesheet, page after page; right: the correspondence, a list and the chosen item
  const notePane = h("section", { class: "efile-pane notes", "aria-labelledby": "notes-h" },
    h("h2", { id: "notes-h" }, `${t("notesheet_side")} (${notes.reduce((n, u) => n + u.pages.length, 0)})`),
    notes.length ? h("div", { class: "efile-scroll", tabindex: 0, "aria-label": t("notesheet_side") },
      notes.flatMap((u) => u.pages.map((pg, i) => pageFigure(u.doc, pg, { eager: i < 1 })))) : h("p", { class: "muted" }, t("no_notes")));
  const viewer = h("div", { class: "efile-scroll corr-view", id: "corr-view", tabindex: 0, "aria-label": t("correspondence_side"), "aria-live": "polite" });
  const buttons = [];
  function show(i) {
    const u = letters[i];
    buttons.forEach((b, j) => b.setAttribute("aria-pressed", String(j === i)));
    viewer.replaceChildren(
      h("h3", {}, `${roleName(u.role)} · ${u.alone ? u.doc.subject || u.doc.name : u.doc.name} · ${pageRange(u.pages)}`),
      u.needsReview ? h("p", {}, badge("failed", t("part_needs_review"))) : "",
      u.reasons.length ? h("details", {}, h("summary", {}, `${t("why")} (${pct(u.confidence)})`), h("ul", {}, u.reasons.map((r) => h("li", {}, reasonText(r))))) : "",
      ...u.pages.map((pg, k) => pageFigure(u.doc, pg, { eager: k < 1 })));
  }
  const list = h("ol", { class: "corr-list" }, letters.map((u, i) => {
    const b = h("button", { type: "button", "aria-pressed": "false", "aria-controls": "corr-view", onclick: () => show(i) },
      h("span", { class: "badge role-" + u.role }, roleName(u.role)), " ",
      h("strong", { lang: "hi" }, unitTitle(u)), h("br"),
      h("span", { class: "muted" }, [u.alone ? `${u.doc.name} · ${pageRange(u.pages)}` : u.doc.subject,
        u.confidence != null ? pct(u.confidence) : ""].filter(Boolean).join(" · ")),
      u.needsReview ? [" ", badge("failed", t("part_needs_review"))] : "");
    buttons.push(b);
    return h("li", {}, b);
  }));
  const corrPane = h("section", { class: "efile-pane correspondence", "aria-labelledby": "corr-h" },
    h("h2", { id: "corr-h" }, `${t("correspondence_side")} (${letters.length})`),
    letters.length ? [list, viewer] : h("p", { class: "muted" }, t("no_correspondence")));
  if (letters.length) show(0);

  const order = h("details", { class: "card" }, h("summary", {}, `${t("in_order")} (${f.documents.length})`),
    h("div", { class: "table-wrap" }, h("table", {},
      h("thead", {}, h("tr", {}, h("th", {}, "#"), h("th", {}, t("name")), h("th", {}, t("subject")), h("th", {}, t("department")), h("th", { class: "num" }, t("pages")))),
      h("tbody", {}, f.documents.map((d, i) => h("tr", {}, h("td", {}, i + 1), h("td", {}, h("a", { href: `#/documents/${d.id}` }, d.name)),
        h("td", { lang: "hi" }, d.subject || "—"), h("td", {}, depName(deps, d.department)), h("td", { class: "num" }, d.pages)))))));
  main.replaceChildren(...head, h("div", { class: "efile", id: "efile-view" }, notePane, corrPane),
    excluded ? h("p", { class: "muted" }, `${t("excluded_pages")}: ${excluded}`) : "", order);
}

function exportButton(fileNo, volume) {
  const status = h("span", { role: "status", class: "muted" });
  const button = h("button", { type: "button", class: "primary", onclick: async () => {
    button.disabled = true;
    status.className = "muted";
    status.textContent = t("exporting");
    try {
      const r = await api(`/files/${fileNo.split("/").map(encodeURIComponent).join("/")}/export`, { method: "POST", raw: true, params: { volume: volume > 1 ? volume : undefined } });
      const blob = await r.blob();
      const name = (/filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(r.headers.get("Content-Disposition") || "") || [])[1] || "efile.zip";
      const url = URL.createObjectURL(blob);
      const a = h("a", { href: url, download: decodeURIComponent(name), hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      status.className = "ok";
      status.textContent = `${t("exported")}: ${decodeURIComponent(name)}`;
    } catch (err) {
      status.className = "error";
      status.textContent = err instanceof ApiError ? errorText({ code: err.code, message: err.message }) : String(err);
    } finally { button.disabled = false; }
  } }, "⬇ " + t("export_efile"));
  return h("p", { class: "efile-export" }, button, " ", status);
}
