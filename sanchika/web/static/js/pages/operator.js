// Operator screens: new batch (upload), batches, one batch (live), review queue.
import { api, departments } from "../api.js";
import { errorDetail, errorText, reasonsText, statusText, t } from "../i18n.js";
import { badge, depName, departmentSelect, field, fmtDate, fmtNumber, h, pager, stacked } from "../ui.js";
import { markControl, replaceControl } from "../rescan.js";
import { createBatch, filesFromDrop, uploadFile } from "../upload.js";

const fmtBytes = (n) => (n >= 1 << 20 ? (n / (1 << 20)).toFixed(1) + " MB" : Math.ceil(n / 1024) + " KB");

export async function upload(main, ctx) {
  const deps = await departments();
  const picked = []; // {file, name, row, bar, state}
  const name = h("input", { type: "text", placeholder: t("batch_name_hint"), maxlength: 200 });
  const dep = departmentSelect(deps, { empty: "—" });
  const fileNo = h("input", { type: "text", maxlength: 200, placeholder: "245/भू-अभि/2018" });
  const place = h("input", { type: "text", maxlength: 300, placeholder: t("hint_location_eg") });
  const filesInput = h("input", { type: "file", multiple: true, class: "visually-hidden", tabindex: -1, id: "pick-files", accept: ".pdf,.tif,.tiff,.png,.jpg,.jpeg,.zip" });
  const folderInput = h("input", { type: "file", multiple: true, class: "visually-hidden", tabindex: -1, id: "pick-folder", webkitdirectory: true });
  const tbody = h("tbody", {});
  const table = h("div", { class: "table-wrap", hidden: true },
    h("table", { class: "file-list stack" }, h("caption", { class: "visually-hidden" }, t("selected")),
      h("thead", {}, h("tr", {}, h("th", {}, t("name")), h("th", {}, t("status")), h("th", { class: "num" }, t("size")), h("th", {}, h("span", { class: "visually-hidden" }, t("remove"))))),
      tbody));
  const msg = h("p", { class: "error", role: "alert" });
  const live = h("p", { class: "muted", "aria-live": "polite" });
  const start = h("button", { type: "submit", class: "primary" }, t("start_upload"));

  function add(list) {
    for (const { file, name: fname } of list) {
      if (picked.some((p) => p.name === fname && p.file.size === file.size)) continue;
      const bar = h("progress", { max: 100, value: 0, "aria-label": fname });
      const label = h("span", { class: "muted" }, t("waiting"));
      const entry = { file, name: fname, bar, label };
      const remove = h("button", { type: "button", class: "link", "aria-label": `${t("remove")} ${fname}`,
        onclick: () => { picked.splice(picked.indexOf(entry), 1); entry.row.remove(); table.hidden = !picked.length; } }, t("remove"));
      entry.row = h("tr", {}, h("td", {}, fname), h("td", {}, bar, label), h("td", { class: "num" }, fmtBytes(file.size)), h("td", {}, remove));
      entry.remove = remove;
      picked.push(entry);
      tbody.append(entry.row);
    }
    table.hidden = !picked.length;
    live.textContent = `${picked.length} ${t("files")}`;
  }
  filesInput.addEventListener("change", () => add([...filesInput.files].map((f) => ({ file: f, name: f.name }))));
  folderInput.addEventListener("change", () => add([...folderInput.files].map((f) => ({ file: f, name: f.webkitRelativePath || f.name }))));

  const drop = h("div", { class: "drop", id: "dropzone" },
    h("p", {}, h("strong", {}, t("drop_here"))),
    h("p", { class: "muted" }, t("drop_or")),
    h("div", { class: "buttons" },
      h("button", { type: "button", onclick: () => filesInput.click() }, t("choose_files")),
      h("button", { type: "button", onclick: () => folderInput.click() }, t("choose_folder"))),
    h("p", { class: "muted" }, t("accepted")), filesInput, folderInput);
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", async (e) => { e.preventDefault(); drop.classList.remove("over"); add(await filesFromDrop(e.dataTransfer)); });

  const form = h("form", { class: "card", onsubmit: async (e) => {
    e.preventDefault();
    msg.textContent = "";
    if (!picked.length) { msg.textContent = t("no_files"); return; }
    start.disabled = true;
    const ids = [];
    try {
      for (const entry of picked) {
        entry.remove.hidden = true;
        const done = await uploadFile(entry.file, entry.name, ({ sent, total, state }) => {
          entry.bar.value = total ? Math.round((100 * sent) / total) : 100;
          entry.label.textContent = ` ${state === "retrying" ? t("retrying") : state === "done" ? t("uploaded") : t("uploading")} ${entry.bar.value}%`;
        });
        ids.push(done);
      }
      live.textContent = t("creating_batch");
      const batch = await createBatch(ids.map((d) => d.id), { name: name.value.trim(), department: dep.value,
        fileNumber: fileNo.value.trim(), location: place.value.trim() });
      ids.forEach((d) => d.forget());
      ctx.go(`#/batches/${batch.id}`);
    } catch (err) {
      msg.textContent = `${t("upload_failed")}: ${err.message}`;
      start.disabled = false;
    }
  } },
  h("h1", {}, t("upload_title")),
  h("div", { class: "row" },
    h("div", { class: "grow" }, field("batch-name", t("batch_name"), name)),
    field("batch-dep", t("hint_department"), dep),
    field("batch-file", t("hint_file"), fileNo),
    field("batch-location", t("hint_location"), place)),
  h("div", { class: "spacer" }, drop),
  live, table, msg, h("p", {}, start));
  main.replaceChildren(form);
}

export async function batches(main, ctx) {
  const limit = 25, offset = Number(ctx.params.get("offset") || 0);
  const rows = await api("/batches", { params: { limit, offset } });
  const body = rows.length ? h("div", { class: "table-wrap" }, stacked(h("table", {},
    h("thead", {}, h("tr", {}, ...["batch", "status", "files", "operator", "created", "finished"].map((k) => h("th", {}, t(k))))),
    h("tbody", {}, rows.map((b) => h("tr", {},
      h("td", {}, h("a", { href: `#/batches/${b.id}` }, b.name)), h("td", {}, badge(b.status, statusText(b.status))),
      h("td", { class: "num" }, b.files), h("td", {}, b.operator), h("td", {}, fmtDate(b.created_at)), h("td", {}, fmtDate(b.finished_at))))))))
    : h("p", { class: "muted" }, t("no_batches"));
  main.replaceChildren(h("h1", {}, t("batches_title")),
    h("p", {}, h("a", { href: "#/upload" }, "+ " + t("nav_upload"))), body,
    pager(offset, limit, rows.length, (o) => ctx.go(`#/batches?offset=${o}`)));
}

export async function batch(main, ctx, id) {
  const deps = await departments();
  const box = h("div", { id: "batch-view" });
  const retryMsg = h("p", { role: "status" });
  const replacedNotes = []; // outcomes of page replacements: kept across refreshes
  let timer = null;
  ctx.onLeave(() => clearTimeout(timer));

  async function refresh(first) {
    const b = await api(`/batches/${id}`);
    const pagesTotal = b.files.reduce((n, f) => n + (f.status === "duplicate" ? 0 : f.page_status.length), 0);
    const pagesDone = b.files.reduce((n, f) => n + f.page_status.filter((p) => p.status !== "queued").length, 0);
    // the pace is the server's: measured from the first settled page, none before a few have (estimating)
    const pg = b.progress || { pages_per_minute: null, seconds_left: null };
    const rate = pg.pages_per_minute;
    const finished = b.status === "done" || b.status === "failed";
    const eta = finished ? t("eta_done") : pg.seconds_left == null ? t("estimating")
      : pg.seconds_left < 60 ? t("under_a_minute") : `${Math.ceil(pg.seconds_left / 60)} min`;
    const failed = b.files.filter((f) => f.status === "failed");
    const rescan = b.files.flatMap((f) => f.page_status.filter((p) => p.status === "failed" || p.flag === "needs_rescan").map((p) => ({ f, p })));
    const counts = {};
    for (const f of b.files) counts[f.status] = (counts[f.status] || 0) + 1;

    const stats = h("div", { class: "stats" },
      stat(t("status"), badge(b.status, statusText(b.status))),
      stat(t("pages_done"), `${fmtNumber(pagesDone)} / ${fmtNumber(pagesTotal)}`),
      stat(t("pages_per_min"), rate ? rate.toFixed(1) : "—"),
      h("div", { class: "stat", id: "time-left" }, h("div", { class: "v" }, eta), h("div", { class: "k" }, t("eta"))),
      ...Object.entries(counts).map(([s, n]) => stat(statusText(s), fmtNumber(n), s === "failed" ? "bad" : "")));
    const table = h("div", { class: "table-wrap" }, h("table", { class: "stack", id: "batch-files" },
      h("thead", {}, h("tr", {}, h("th", {}, t("name")), h("th", {}, t("status")), h("th", {}, t("pages")), h("th", {}, t("department")), h("th", {}, ""))),
      h("tbody", {}, b.files.map((f) => h("tr", {},
        h("td", { class: "file-name" }, f.name),
        h("td", { "data-label": t("status") }, badge(f.status, statusText(f.status))),
        h("td", { "data-label": t("pages") }, h("div", { class: "pagestrip", role: "img", "aria-label": `${f.page_status.filter((p) => p.status === "done").length}/${f.pages} ${t("pages_done")}` },
          f.page_status.map((p) => h("span", { class: p.status, title: `${t("page_n")} ${p.page}: ${statusText(p.status)}` })))),
        h("td", { "data-label": t("department"), class: f.status === "done" ? "" : "empty" }, f.status === "done" ? depName(deps, f.department) : ""),
        h("td", {}, f.status === "failed" ? h("span", { class: "error" }, errorText(f.error))
          : f.document_id && f.status !== "queued" ? h("a", { href: `#/documents/${f.document_id}` }, f.status === "duplicate" ? `${t("duplicate_of")} ${f.document_id}` : t("open")) : ""))))));
    const hints = b.hints || {};
    const hintText = [hints.department ? depName(deps, hints.department) : "", hints.file_number ? `${t("file_number")}: ${hints.file_number}` : "",
      hints.location ? `${t("location")}: ${hints.location}` : ""].filter(Boolean).join(" · ");
    const parts = [h("h1", {}, `${t("batch")}: ${b.name}`),
      h("p", { class: "muted" }, `${b.operator} · ${fmtDate(b.created_at)} · ${b.id}`),
      hintText ? h("p", { class: "hints" }, `${t("hints")}: ${hintText}`) : "", stats];
    if (failed.length || rescan.length || replacedNotes.length) {
      parts.push(h("section", { class: "card", "aria-labelledby": "failed-h" },
        h("h2", { id: "failed-h" }, `${t("failed_files")} (${failed.length})`),
        failed.length ? h("ul", {}, failed.map((f) => h("li", {}, h("strong", {}, f.name), " — ", errorText(f.error), " ", errorDetail(f.error)))) : "",
        rescan.length ? [h("h2", {}, `${t("rescan_pages")} (${rescan.length})`),
          h("p", {}, h("a", { href: `#/rescans?batch=${encodeURIComponent(b.id)}` }, `${t("rescans_title")} → ${t("print")} · ${t("export_csv")}`)),
          h("ul", { class: "rescan-list" }, rescan.map(({ f, p }) => h("li", {}, `${f.name} — ${t("page_n")} ${p.page}: `,
            p.error ? errorText(p.error) : t("reason_" + p.flag), " ",
            b.status === "done" && f.document_id ? replaceControl(f.document_id, p.page, { what: f.name,
              onDone: async (r, text) => { replacedNotes.push(`${f.name} — ${t("page_n")} ${p.page}: ${text}`); await refresh(false); } }) : "")))] : "",
        replacedNotes.length ? h("ul", { class: "ok", role: "status" }, replacedNotes.map((n) => h("li", {}, n))) : "",
        h("button", { type: "button", disabled: !finished, onclick: retry }, t("retry_failed")), retryMsg));
    }
    parts.push(h("h2", {}, t("files")), table);
    box.replaceChildren(...parts);
    box.dataset.status = b.status;
    if (!finished) timer = setTimeout(() => refresh(false).catch(() => { timer = setTimeout(() => refresh(false), 5000); }), 1500);
    if (first) main.replaceChildren(box);
  }

  async function retry() {
    const r = await api(`/batches/${id}/retry`, { method: "POST" });
    retryMsg.textContent = `${t("retried")}: ${r.requeued.length}` + (r.skipped.length ? ` · ${t("not_retryable")}: ${r.skipped.map((s) => s.name).join(", ")}` : "");
    clearTimeout(timer);
    await refresh(false);
    box.append(retryMsg);
  }
  await refresh(true);
}

function stat(label, value, cls = "") {
  return h("div", { class: "stat " + cls }, h("div", { class: "v" }, value), h("div", { class: "k" }, label));
}

// The review queue: documents whose department is uncertain, pages read badly and uncertain
// document boundaries inside scanned bundles. Each item shows its page image beside the text,
// with the department and the file number to correct and an Approve button; an approved or
// corrected document's items leave the queue. Pages to rescan are listed below with a replace
// action. Corrections are recorded with who and when; department corrections feed retraining.
export async function review(main, ctx) {
  const deps = await departments();
  let queue = await api("/review", { params: { limit: 100 } });
  const detail = h("div", { class: "card review-detail", id: "review-detail" });
  const lists = h("div", { class: "review-lists" });
  const announce = h("p", { role: "status", class: "review-done", id: "review-done" });
  const summary = h("p", { class: "muted", id: "review-counts" });
  const rescanBox = h("div", {});
  const layout = h("div", { class: "review-layout" }, h("section", { class: "card", "aria-labelledby": "rv-h" },
    h("h2", { id: "rv-h" }, t("review_items")), lists), detail);
  const empty = h("p", { class: "muted", id: "review-empty" }, t("review_empty"));
  let entries = [], shown = null, ticket = 0;

  const pct = (x) => (x == null ? "—" : Math.round(x * 100) + "%");

  function entriesOf(q) {
    const out = [];
    for (const d of q.documents) {
      out.push({ kind: "document", key: `d:${d.document_id}`, id: d.document_id, page: 1, name: d.name, item: d,
        sub: `${depName(deps, d.department)} · ${t("reason_" + d.reason)} · ${pct(d.confidence)}` });
    }
    for (const p of q.pages.filter((x) => x.reason === "needs_review")) {
      out.push({ kind: "page", key: `p:${p.document_id}:${p.page}`, id: p.document_id, page: p.page, name: p.name, item: p,
        sub: `${t("page_n")} ${p.page} · ${t("quality")} ${pct(p.quality)}` });
    }
    for (const b of q.boundaries) {
      out.push({ kind: "boundary", key: `b:${b.document_id}:${b.part}`, id: b.document_id, page: b.first_page, name: b.name, item: b,
        sub: `${t("part_n")} ${b.part} · ${t("pages_short")} ${b.first_page}–${b.last_page} · ${pct(b.confidence)}` });
    }
    return out;
  }

  function renderLists() {
    entries = entriesOf(queue);
    // every item waiting (not only those listed): the report's "needing review" counts the same documents
    summary.textContent = `${t("docs_needing_review")}: ${queue.counts.documents} · ${t("pages_to_look_at")}: ${queue.counts.pages}`;
    const groups = [["document", "review_docs"], ["page", "review_pages"], ["boundary", "review_boundaries"]];
    lists.replaceChildren(...groups.map(([kind, label]) => {
      const mine = entries.filter((e) => e.kind === kind);
      if (!mine.length) return "";
      return h("div", { class: "review-group", "data-kind": kind },
        h("h3", { id: `rv-${kind}` }, `${t(label)} (${mine.length})`),
        h("ul", { class: "review-list", "aria-labelledby": `rv-${kind}` }, mine.map((e) => {
          e.button = h("button", { type: "button", "aria-pressed": String(shown === e.key), "data-key": e.key, onclick: () => show(e) },
            h("strong", {}, e.name), h("br"), h("span", { class: "muted" }, e.sub));
          return h("li", {}, e.button);
        })));
    }));
    layout.hidden = !entries.length;
    empty.hidden = !!entries.length;
    const rescan = queue.pages.filter((p) => p.reason !== "needs_review");
    rescanBox.replaceChildren(rescan.length ? h("section", { class: "card", "aria-labelledby": "rp-h" }, h("h2", { id: "rp-h" }, `${t("rescan_pages")} (${rescan.length})`),
      h("ul", { class: "rescan-list" }, rescan.map((p) => h("li", {},
        h("a", { href: `#/documents/${p.document_id}?page=${p.page}` }, p.name), ` — ${t("page_n")} ${p.page}: `,
        p.error_code ? errorText({ code: p.error_code, message: p.error_message }) : t("reason_" + p.reason),
        p.quality != null ? h("span", { class: "muted" }, ` (${pct(p.quality)}${p.quality_reasons.length ? ": " + reasonsText(p.quality_reasons) : ""})`) : "",
        " ", replaceControl(p.document_id, p.page, { what: p.name }))))) : "");
  }

  function why(entry) {
    const it = entry.item;
    if (entry.kind === "document") {
      return [`${t("reason_" + it.reason)} · ${t("confidence")}: ${pct(it.confidence)}`,
        it.top && it.top.length ? h("br") : "", it.top && it.top.length ? `${t("suggestions")}: ` + it.top.map((s) => `${depName(deps, s.department)} ${pct(s.score)}`).join(" · ") : ""];
    }
    if (entry.kind === "page") {
      return `${t("reason_needs_review")} · ${t("page_n")} ${it.page} · ${t("quality")}: ${pct(it.quality)}` + (it.quality_reasons.length ? ` (${reasonsText(it.quality_reasons)})` : "");
    }
    return `${t("reason_boundary_uncertain")} · ${t("part_n")} ${it.part}: ${t("pages_short")} ${it.first_page}–${it.last_page}, ` +
      `${t("prole_" + it.role) !== "prole_" + it.role ? t("prole_" + it.role) : it.role} · ${t("confidence")}: ${pct(it.confidence)}` + (it.reasons.length ? ` · ${t("why")}: ${reasonsText(it.reasons)}` : "");
  }

  async function show(entry, { focus = false } = {}) {
    const mine = ++ticket;
    shown = entry.key;
    entries.forEach((e) => e.button && e.button.setAttribute("aria-pressed", String(e.key === entry.key)));
    let doc;
    try {
      doc = await api(`/documents/${entry.id}`);
    } catch (err) {
      if (mine === ticket) detail.replaceChildren(h("p", { class: "error" }, err.message));
      return;
    }
    if (mine !== ticket) return; // another item was chosen meanwhile
    const total = doc.page_list.length;
    let n = Math.min(Math.max(1, entry.page), Math.max(1, total));
    const img = h("img", { alt: "", loading: "lazy" });
    const text = h("pre", { class: "page-text", lang: "hi" });
    const where = h("span", { class: "page-where", "aria-live": "polite" });
    const prev = h("button", { type: "button", onclick: () => turn(-1) }, "← " + t("prev_page"));
    const next = h("button", { type: "button", onclick: () => turn(1) }, t("next_page") + " →");
    function turn(step) {
      n = Math.min(Math.max(1, n + step), total);
      const p = doc.page_list[n - 1];
      img.src = `/api/documents/${doc.id}/pages/${n}.png`;
      img.alt = `${t("thumbnail_of")} ${n}`;
      text.textContent = p ? p.text || (p.error ? errorText(p.error) : "") : "";
      where.textContent = `${t("page_n")} ${n} / ${total}`;
      prev.disabled = n <= 1;
      next.disabled = n >= total;
    }

    const sel = departmentSelect(deps, { value: doc.department && doc.department !== "unknown" ? doc.department : "", empty: t("choose_department") });
    const fileNo = h("input", { type: "text", maxlength: 200, value: doc.file_number || "", placeholder: "245/भू-अभि/2018", autocomplete: "off" });
    const status = h("p", { role: "status" });
    const approve = h("button", { type: "submit", class: "primary" }, t("approve"));
    const form = h("form", { class: "review-form", onsubmit: async (e) => {
      e.preventDefault();
      status.className = "";
      const dep = sel.value, fn = fileNo.value.trim();
      if (!dep) { status.textContent = t("choose_department"); sel.focus(); return; }
      if (!fn && doc.file_number) { status.textContent = t("file_number_required"); fileNo.focus(); return; }
      approve.disabled = true;
      const notes = [], warnings = [];
      const body = { reason: dep === doc.department ? "approved in review" : "corrected in review" };
      if (entry.kind === "document" || dep !== doc.department) body.department = dep; // a confirmed department is a training label too
      if (fn && fn !== (doc.file_number || "")) body.file_number = fn;
      try { // one request: department, file number and approval, applied all or nothing
        const r = await api(`/documents/${doc.id}/review`, { method: "POST", body });
        if (r.department && dep !== doc.department) notes.push(`${t("department")}: ${depName(deps, dep)}`);
        if (r.file_number) { notes.push(`${t("file_number")}: ${r.file_number.new_value}`); warnings.push(...r.file_number.warnings); }
      } catch (err) {
        status.className = "error";
        status.textContent = `${t("approve_failed")}: ${errorText({ code: err.code, message: err.message })}`;
        approve.disabled = false;
        return;
      }
      const at = Math.max(0, entries.findIndex((x) => x.key === entry.key));
      queue = await api("/review", { params: { limit: 100 } });
      shown = null;
      renderLists();
      announce.replaceChildren(h("span", { class: "ok" }, `${t("approved")}: ${doc.name}` + (notes.length ? ` — ${notes.join(" · ")}` : "")),
        warnings.length ? h("span", { class: "warn" }, ` · ${t("warning")}: ${warnings.join("; ")}`) : "");
      const following = entries[Math.min(at, entries.length - 1)];
      if (following) await show(following, { focus: true });
      else detail.replaceChildren(h("p", { class: "muted" }, t("review_empty")));
    } },
    h("div", { class: "row" }, field("review-dep", t("correct_department"), sel), field("review-file", t("correct_file_number"), fileNo), approve),
    h("p", { class: "muted small" }, t("approve_note")), status);

    const heading = h("h2", { tabindex: -1 }, doc.name);
    detail.replaceChildren(heading,
      h("p", { class: "muted" }, `${t("department")}: ${depName(deps, doc.department)} · ${t("file_number")}: ${doc.file_number || "—"}` +
        (doc.digital_file ? ` · ${t("digital_file")}: ${doc.digital_file.file_number || doc.digital_file.title}` : "")),
      h("p", { class: "review-why" }, why(entry)),
      entry.kind === "page" ? h("p", { class: "page-actions" }, replaceControl(doc.id, entry.page, { what: doc.name,
        onDone: async () => { queue = await api("/review", { params: { limit: 100 } }); renderLists(); } }), " ", markControl(doc.id, entry.page)) : "",
      form,
      total ? h("div", { class: "page-pair" }, img,
        h("div", {}, h("div", { class: "page-nav" }, prev, where, next), h("h3", {}, t("recognised_text")), text)) : "",
      h("p", {}, h("a", { href: `#/documents/${doc.id}` }, t("open") + " →")));
    if (total) turn(0);
    if (focus) heading.focus();
  }

  renderLists();
  detail.replaceChildren(h("p", { class: "muted" }, t("select_document")));
  main.replaceChildren(h("h1", {}, t("review_title")), summary, announce, empty, layout, rescanBox);
}
