// Admin screens: queue dashboard, digitisation report, users and roles, audit log.
import { api, departments } from "../api.js";
import { errorText, getLang, statusText, t, tr } from "../i18n.js";
import { badge, barChart, depName, field, fmtDate, fmtNumber, fmtPct, h, pager, stacked } from "../ui.js";

function stat(label, value, cls = "") {
  return h("div", { class: "stat " + cls }, h("div", { class: "v" }, value), h("div", { class: "k" }, label));
}

export async function queues(main, ctx) {
  let timer = null;
  ctx.onLeave(() => clearTimeout(timer));
  const box = h("div", {});
  async function refresh() {
    const [q, tp, recent, fx] = await Promise.all([
      api("/queues"), api("/reports/throughput", { params: { hours: 24 } }),
      api("/batches", { params: { limit: 8 } }), api("/fixity")]);
    const failed = q.failed_files;
    const broker = q.broker || {};
    const workers = q.mode === "embedded" ? tp.pool_workers : (broker.workers ? broker.workers.length : broker.workers_online ?? "—");
    const depths = broker.depths || broker.queues || null;
    const cards = h("div", { class: "stats" },
      stat(t("mode"), q.mode === "embedded" ? "embedded" : "celery"),
      stat(t("workers_online"), workers ?? "—"),
      stat(t("pages_waiting"), fmtNumber(q.pages.queued || 0)),
      stat(t("docs_running"), fmtNumber(q.documents.processing || 0)),
      stat(t("pages_last_hour"), fmtNumber(q.pages_last_hour)),
      stat(t("failures_last_hour"), fmtNumber(q.failures_last_hour), q.failures_last_hour ? "bad" : ""),
      stat(`${t("pages")}: ${statusText("done")}`, fmtNumber(q.pages.done || 0)),
      stat(`${t("pages")}: ${statusText("failed")}`, fmtNumber(q.pages.failed || 0), q.pages.failed ? "bad" : ""),
      stat(t("failed_files"), fmtNumber(q.failed_files_total), q.failed_files_total ? "bad" : ""));  // ingest failures have no page
    const locale = getLang() === "hi" ? "hi-IN" : "en-IN";
    const chart = barChart(tp.hours.map((x) => ({ label: new Date(x.at).toLocaleTimeString(locale, { hour: "2-digit" }), value: x.pages,
      title: `${new Date(x.at).toLocaleString(locale)}: ${x.pages} (${statusText("failed")}: ${x.failed})` })), { label: t("pages_per_hour") });
    box.replaceChildren(h("h1", {}, t("queues_title")), cards,
      depths ? h("section", {}, h("h2", {}, t("queue_depth")), h("div", { class: "stats" }, Object.entries(depths).map(([k, v]) => stat(k, v ?? "—")))) : "",
      fixityPanel(fx),
      h("h2", { id: "pph" }, t("pages_per_hour")), chart,
      h("div", { class: "two-col" },
        h("section", {}, h("h2", {}, t("recent_batches")), h("ul", {}, recent.map((b) => h("li", {}, h("a", { href: `#/batches/${b.id}` }, b.name), " ", badge(b.status, statusText(b.status)))))),
        h("section", { id: "failed-files" }, h("h2", {}, `${t("failed_files")} (${q.failed_files_total})`),
          failed.length ? h("ul", {}, failed.map((f) => h("li", { "data-code": f.error.code },
            h("a", { href: `#/batches/${f.batch_id}` }, f.name), " ", h("span", { class: "muted" }, `(${f.batch_name})`), " — ",
            h("span", { class: "error" }, errorText(f.error)), " ", h("code", {}, f.error.code)))) : h("p", { class: "muted" }, t("none")))));
    timer = setTimeout(() => refresh().catch(() => {}), 5000);
  }
  await refresh();
  main.replaceChildren(box);
}

// The last fixity check (GET /api/fixity): counts, and every damaged or missing object.
function fixityPanel(fx) {
  if (!fx) return h("section", { id: "fixity" }, h("h2", {}, t("fixity_title")), h("p", { class: "muted" }, t("fixity_never")));
  const bad = fx.mismatched.length + fx.missing.length;
  const rows = [...fx.mismatched.map((p) => [t("fixity_mismatched"), p]), ...fx.missing.map((p) => [t("fixity_missing"), p])];
  return h("section", { id: "fixity" }, h("h2", {}, t("fixity_title")),
    h("div", { class: "stats" },
      stat(t("fixity_when"), fmtDate(fx.finished_at)),
      stat(t("fixity_checked"), fmtNumber(fx.checked)),
      stat(t("fixity_ok"), fmtNumber(fx.ok)),
      stat(t("fixity_mismatched"), fmtNumber(fx.mismatched.length), fx.mismatched.length ? "bad" : ""),
      stat(t("fixity_missing"), fmtNumber(fx.missing.length), fx.missing.length ? "bad" : ""),
      stat(t("fixity_unreferenced"), fmtNumber(fx.unreferenced.length))),
    bad ? h("ul", { class: "fixity-problems" }, rows.slice(0, 50).map(([what, p]) => h("li", {}, badge("failed", what), " ",
      p.document_id ? h("a", { href: `#/documents/${p.document_id}` }, p.key) : p.key, ` (${p.kind})`))) : "");
}

export async function report(main, ctx) {
  const p = ctx.params;
  const from = h("input", { type: "date", value: p.get("from") || "" });
  const to = h("input", { type: "date", value: p.get("to") || "" });
  const r = await api("/reports/digitisation", { params: { from: p.get("from"), to: p.get("to") } });
  from.value = r.from; to.value = r.to;
  const csv = `/api/reports/digitisation?format=csv&from=${r.from}&to=${r.to}`;
  const form = h("form", { class: "card filters row", onsubmit: (e) => { e.preventDefault(); ctx.go(`#/report?from=${from.value}&to=${to.value}`); } },
    field("r-from", t("date_from"), from), field("r-to", t("date_to"), to),
    h("button", { type: "submit", class: "primary" }, t("show")),
    h("a", { href: csv, download: "", class: "download" }, "⬇ " + t("export_csv")));
  const hi = getLang() === "hi";
  const depRows = r.departments.map((d) => h("tr", {},
    h("td", {}, hi ? d.name_hi : d.name_en), h("td", { class: "num" }, fmtNumber(d.documents)), h("td", { class: "num" }, fmtNumber(d.pages)),
    h("td", { class: "num" }, fmtNumber(d.needs_review)), h("td", { class: "num" }, fmtPct(d.review_share)),
    h("td", { class: "num" }, fmtNumber(d.separator_pages)), h("td", { class: "num" }, fmtNumber(d.sheets_saved)),
    h("td", { class: "num" }, fmtNumber(d.files_closed))));
  main.replaceChildren(h("h1", {}, t("report_title")), form,
    h("div", { class: "stats" },
      stat(t("documents"), fmtNumber(r.documents)), stat(t("pages"), fmtNumber(r.pages)),
      stat(t("review_share"), fmtPct(r.review_share)), stat(t("sheets_saved"), fmtNumber(r.sheets_saved)),
      stat(t("files_closed"), fmtNumber(r.files_closed)), stat(t("separator_pages"), fmtNumber(r.separator_pages))),
    h("p", { class: "muted" }, t("sheets_note")),
    h("div", { class: "two-col" },
      h("section", {}, h("h2", {}, t("per_week")),
        barChart(r.weeks.map((w) => ({ label: w.week.slice(5), value: w.pages, title: `${w.week}: ${w.pages} ${t("pages")}, ${w.documents} ${t("documents")}` })), { label: t("per_week") })),
      h("section", {}, h("h2", {}, `${t("pages")} · ${t("per_department")}`),
        barChart(r.departments.slice(0, 16).map((d) => ({ label: (hi ? d.name_hi : d.name_en).slice(0, 8), value: d.pages, title: `${hi ? d.name_hi : d.name_en}: ${d.pages}` })),
          { label: t("per_department"), color: "#2f7d6d" }))),
    h("h2", {}, t("per_department")),
    h("div", { class: "table-wrap" }, stacked(h("table", { id: "departments-table" },
      h("thead", {}, h("tr", {}, h("th", {}, t("department")), ...["documents", "pages", "needs_review", "review_share", "separator_pages", "sheets_saved", "files_closed"].map((k) => h("th", { class: "num" }, t(k))))),
      h("tbody", {}, depRows)))),
    h("h2", {}, t("per_week_table")),
    h("div", { class: "table-wrap" }, stacked(h("table", { id: "weeks-table" },
      h("thead", {}, h("tr", {}, h("th", {}, t("week")), ...["documents", "pages", "separator_pages", "sheets_saved", "files_closed"].map((k) => h("th", { class: "num" }, t(k))))),
      h("tbody", {}, r.weeks.filter((w) => w.documents || w.files_closed).reverse().map((w) => h("tr", {},
        h("td", {}, w.week), ...["documents", "pages", "separator_pages", "sheets_saved", "files_closed"].map((k) => h("td", { class: "num" }, fmtNumber(w[k]))))))))));
}

export async function users(main, ctx) {
  const deps = await departments();
  const tbody = h("tbody", {});
  const panel = h("div", { id: "user-panel" });
  const depLabel = (d) => (getLang() === "hi" ? d.name_hi : d.name_en);
  const roleSelect = (value) => h("select", {}, ["operator", "department", "admin"].map((r) => h("option", { value: r, selected: r === value }, t("role_" + r))));
  const depChecks = (chosen = []) => h("fieldset", { class: "deps" }, h("legend", {}, t("departments")),
    deps.map((d) => h("label", { class: "check" }, h("input", { type: "checkbox", value: d.key, checked: chosen.includes(d.key) }), " ", depLabel(d), " ")));
  const checked = (box) => [...box.querySelectorAll("input:checked")].map((i) => i.value);
  const fail = (el, err) => el.replaceChildren(h("span", { class: "error" }, err.message));

  async function load() {
    const list = await api("/users", { params: { limit: 500 } });
    tbody.replaceChildren(...list.map((u) => h("tr", { "data-user": u.name },
      h("td", {}, u.name), h("td", {}, t("role_" + u.role)),
      h("td", {}, u.departments.map((d) => depName(deps, d)).join(", ")),
      h("td", {}, u.has_password ? t("yes") : t("no")),
      h("td", {}, u.disabled ? badge("failed", t("disabled")) : badge("done", t("active"))),
      h("td", { class: "num" }, u.tokens),
      h("td", {}, fmtDate(u.created_at)),
      h("td", {}, h("button", { type: "button", "aria-label": `${t("edit")} ${u.name}`, onclick: () => edit(u) }, t("edit"))))));
    if (tbody.parentElement) stacked(tbody.parentElement);
    return list;
  }

  function edit(u) {
    const role = roleSelect(u.role);
    const depBox = depChecks(u.departments);
    const sync = () => { depBox.hidden = role.value !== "department"; };
    role.addEventListener("change", sync);
    sync();
    const msg = h("p", { role: "status" });
    const self = u.name === ctx.me.name;
    const save = h("form", { class: "row", onsubmit: async (e) => {
      e.preventDefault();
      try {
        await api(`/users/${encodeURIComponent(u.name)}`, { method: "PATCH", body: { role: role.value, departments: role.value === "department" ? checked(depBox) : [] } });
        await load();
        msg.replaceChildren(h("span", { class: "ok" }, `${t("saved")}: ${u.name}`));
      } catch (err) { fail(msg, err); }
    } }, field("edit-role", t("role"), role), h("button", { type: "submit", class: "primary" }, t("save")));
    const pw = h("input", { type: "password", minlength: 8, autocomplete: "new-password" });
    const reset = h("form", { class: "row", onsubmit: async (e) => {
      e.preventDefault();
      try {
        const r = await api(`/users/${encodeURIComponent(u.name)}/password`, { method: "POST", body: { password: pw.value || null } });
        pw.value = "";
        await load();
        msg.replaceChildren(h("span", { class: "ok" }, t("password_reset_done")), " ",
          ...(r.generated ? [t("password_generated"), " ", h("code", { class: "secret" }, r.password)] : []));
      } catch (err) { fail(msg, err); }
    } }, field("edit-pass", t("new_password"), pw), h("button", { type: "submit" }, t("reset_password")));
    const disable = h("button", { type: "button", disabled: self || u.disabled, onclick: async () => {
      try {
        await api(`/users/${encodeURIComponent(u.name)}/disable`, { method: "POST" });
        await load();
        disable.disabled = true;
        msg.replaceChildren(h("span", { class: "ok" }, t("user_disabled")));
      } catch (err) { fail(msg, err); }
    } }, t("disable_user"));
    const confirmBox = h("div", { class: "confirm", hidden: true, role: "group", "aria-label": t("delete_user") },
      h("p", {}, t("confirm_delete")),
      h("button", { type: "button", class: "danger", onclick: async () => {
        try {
          await api(`/users/${encodeURIComponent(u.name)}`, { method: "DELETE" });
          await load();
          panel.replaceChildren(h("p", { class: "ok", role: "status" }, `${t("user_deleted")}: ${u.name}`));
        } catch (err) { fail(msg, err); }
      } }, t("yes_delete")), " ",
      h("button", { type: "button", onclick: () => { confirmBox.hidden = true; del.focus(); } }, t("cancel")));
    const del = h("button", { type: "button", class: "danger", disabled: self, onclick: () => { confirmBox.hidden = false; confirmBox.querySelector("button").focus(); } }, t("delete_user"));
    const heading = h("h2", { tabindex: -1 }, `${t("edit_user")}: ${u.name}`);
    panel.replaceChildren(h("section", { class: "card", "aria-labelledby": "edit-h" },
      Object.assign(heading, { id: "edit-h" }), save, depBox, reset,
      h("p", { class: "buttons" }, disable, " ", del, " ", h("button", { type: "button", onclick: () => panel.replaceChildren() }, t("cancel"))),
      confirmBox, msg));
    heading.focus();
  }

  await load();
  const name = h("input", { type: "text", required: true, maxlength: 100, pattern: "[^\\/]+" }); // "/" escaped: Chromium compiles pattern with the v flag
  const role = roleSelect("operator");
  const password = h("input", { type: "password", minlength: 8, autocomplete: "new-password" });
  const depBox = depChecks();
  const sync = () => { depBox.hidden = role.value !== "department"; };
  role.addEventListener("change", sync);
  sync();
  const msg = h("p", { role: "status" });
  const form = h("form", { class: "card", onsubmit: async (e) => {
    e.preventDefault();
    try {
      const r = await api("/users", { method: "POST", body: { name: name.value.trim(), role: role.value, departments: role.value === "department" ? checked(depBox) : [], password: password.value || null } });
      msg.replaceChildren(h("span", { class: "ok" }, t("user_added")), " ", h("code", {}, r.token));
      form.reset();
      sync();
      await load();
    } catch (err) { fail(msg, err); }
  } }, h("h2", {}, t("add_user")),
  h("div", { class: "row" }, field("u-name", t("name"), name), field("u-role", t("role"), role), field("u-pass", t("password"), password),
    h("button", { type: "submit", class: "primary" }, t("add_user"))), depBox, msg);
  main.replaceChildren(h("h1", {}, t("users_title")),
    h("div", { class: "table-wrap" }, stacked(h("table", { id: "users-table" },
      h("thead", {}, h("tr", {}, ...["name", "role", "departments", "has_password", "state", "tokens", "created"].map((k) => h("th", {}, t(k))),
        h("th", {}, h("span", { class: "visually-hidden" }, t("actions"))))),
      tbody))),
    panel, form);
}

const AUDIT_ACTIONS = ["upload", "view", "download", "correct", "verify", "search", "login", "export", "admin", "fixity", "write_refused"];

// One audit entry's details in a few words (the whole entry is in the row's title).
function auditSummary(r) {
  const d = r.detail || {};
  const out = [];
  if (d.what === "page" || d.field === "page") out.push(`${t("page_n")} ${d.page}`);
  else if (d.what) out.push(String(d.what).toUpperCase());
  if (d.field && d.field !== "page") out.push(`${tr("audit_f_" + d.field, d.field)}: ${d.old ?? "—"} → ${d.new ?? "—"}`);
  if (d.replacement) out.push(`${t("replaced_by")} ${d.replacement}`);
  if (Array.isArray(d.files)) out.push(`${d.files.length} ${t("files")}`);
  if (Array.isArray(d.retry)) out.push(`${t("retried")}: ${d.retry.length}`);
  if (d.change) out.push(String(d.change));
  if (d.reason) out.push(String(d.reason));
  const shown = new Set(["what", "page", "field", "old", "new", "replacement", "sha256", "previous", "files", "retry", "change", "reason"]);
  for (const [k, v] of Object.entries(d)) {
    if (shown.has(k) || v === null || v === undefined) continue;
    out.push(`${k}: ${typeof v === "object" ? JSON.stringify(v) : v}`);
  }
  const text = out.join(" · ");
  return text.length > 140 ? text.slice(0, 139) + "…" : text;
}

// The audit log: one compact line per entry (stacked on a phone), filters by user, action and
// dates, pages of 50 (one more is asked for, to know whether there is a next page).
export async function audit(main, ctx) {
  const p = ctx.params;
  const limit = 50, offset = Number(p.get("offset") || 0);
  const user = h("input", { type: "text", value: p.get("user") || "", autocomplete: "off" });
  const action = h("select", {}, h("option", { value: "" }, t("any")),
    AUDIT_ACTIONS.map((a) => h("option", { value: a, selected: p.get("action") === a }, t("act_" + a))));
  const target = h("input", { type: "text", value: p.get("target") || "", autocomplete: "off" });
  const since = h("input", { type: "date", value: p.get("since") || "" });
  const until = h("input", { type: "date", value: p.get("until") || "" });
  const dayAfter = (d) => (d ? new Date(Date.parse(d) + 86400000).toISOString().slice(0, 10) : null); // "to" includes its day
  const params = { user: p.get("user"), action: p.get("action"), target: p.get("target"), since: p.get("since"), until: dayAfter(p.get("until")), limit: limit + 1, offset };
  const got = await api("/audit", { params });
  const rows = got.slice(0, limit);
  const form = h("form", { class: "card filters row", role: "search", onsubmit: (e) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const [k, el] of [["user", user], ["action", action], ["target", target], ["since", since], ["until", until]]) if (el.value.trim()) next.set(k, el.value.trim());
    ctx.go("#/audit?" + next.toString());
  } }, field("a-user", t("user"), user), field("a-action", t("action"), action), field("a-target", t("target"), target),
  field("a-since", t("date_from"), since), field("a-until", t("date_to"), until), h("button", { type: "submit", class: "primary" }, t("filter")));
  const heads = ["when", "user", "action", "target", "detail"];
  const cell = (k, value, attrs = {}) => h("td", { "data-label": t(k), ...attrs }, value);
  const table = rows.length ? h("div", { class: "table-wrap" }, h("table", { id: "audit-table", class: "compact stack" },
    h("caption", { class: "visually-hidden" }, t("audit_title")),
    h("thead", {}, h("tr", {}, ...heads.map((k) => h("th", {}, t(k))))),
    h("tbody", {}, rows.map((r) => h("tr", { title: r.detail ? JSON.stringify(r.detail) : "" },
      cell("when", fmtDate(r.at), { class: "nowrap" }), cell("user", r.user), cell("action", tr("act_" + r.action, r.action)),
      cell("target", `${r.target_type ? tr("tt_" + r.target_type, r.target_type) + " " : ""}${r.target_id || ""}`, { class: "clip" }),
      cell("detail", auditSummary(r), { class: "muted clip" }))))))
    : h("p", { class: "muted" }, t("no_entries"));
  const go = (o) => { p.set("offset", o); ctx.go("#/audit?" + p.toString()); };
  const prev = h("button", { type: "button", disabled: offset <= 0, onclick: () => go(Math.max(0, offset - limit)) }, "← " + t("prev"));
  const next = h("button", { type: "button", disabled: got.length <= limit, onclick: () => go(offset + limit) }, t("next") + " →");
  const pagerNav = h("nav", { class: "pager", "aria-label": t("page_n") }, prev,
    h("span", {}, rows.length ? `${fmtNumber(offset + 1)}–${fmtNumber(offset + rows.length)}` : ""), next);
  main.replaceChildren(h("h1", {}, t("audit_title")), form, table, pagerNav);
}
