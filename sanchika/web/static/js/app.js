// The shell: who is logged in, the navigation for their role, the language switch and the
// router (URL fragment: #/search?q=…). Each screen is a function render(main, ctx) in pages/.
import { api, ApiError } from "./api.js";
import { getLang, setLang, t } from "./i18n.js";
import { h } from "./ui.js";

const NAV = {
  operator: [["#/upload", "nav_upload"], ["#/batches", "nav_batches"], ["#/review", "nav_review"], ["#/rescans", "nav_rescans"], ["#/search", "nav_search"]],
  department: [["#/search", "nav_search"], ["#/files", "nav_files"]],
  admin: [["#/queues", "nav_queues"], ["#/report", "nav_report"], ["#/batches", "nav_batches"], ["#/review", "nav_review"], ["#/rescans", "nav_rescans"],
    ["#/search", "nav_search"], ["#/files", "nav_files"], ["#/users", "nav_users"], ["#/audit", "nav_audit"], ["#/upload", "nav_upload"]],
};
const HOME = { operator: "#/batches", department: "#/search", admin: "#/queues" };
const OPS = ["operator", "admin"], ALL = ["operator", "department", "admin"], ADMIN = ["admin"];

// [pattern, module, export, roles]
const ROUTES = [
  [/^\/login$/, null, "login", null],
  [/^\/upload$/, "operator", "upload", OPS],
  [/^\/batches$/, "operator", "batches", OPS],
  [/^\/batches\/([^/]+)$/, "operator", "batch", OPS],
  [/^\/review$/, "operator", "review", OPS],
  [/^\/rescans$/, "rescans", "rescans", OPS],
  [/^\/search$/, "staff", "search", ALL],
  [/^\/documents\/([^/]+)$/, "staff", "documentView", ALL],
  [/^\/files$/, "staff", "files", ALL],
  [/^\/files\/(.+)$/, "staff", "fileView", ALL],
  [/^\/queues$/, "admin", "queues", ADMIN],
  [/^\/report$/, "admin", "report", ADMIN],
  [/^\/users$/, "admin", "users", ADMIN],
  [/^\/audit$/, "admin", "audit", ADMIN],
];

const state = { me: null, cleanup: null };
const main = document.getElementById("main");

function parseHash() {
  const raw = location.hash.replace(/^#/, "") || "/";
  const [path, query = ""] = raw.split("?");
  return { path, params: new URLSearchParams(query) };
}

export function go(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}

function renderChrome() {
  document.title = `${t("app")} · ${getLang() === "hi" ? "Sanchika" : "संचिका"}`;
  const nav = document.getElementById("nav");
  nav.setAttribute("aria-label", getLang() === "hi" ? "मुख्य मेनू" : "Main menu");
  nav.replaceChildren();
  const current = "#" + parseHash().path;
  if (state.me) {
    const ul = h("ul", {});
    for (const [href, key] of NAV[state.me.role] || []) {
      const active = current === href || current.startsWith(href + "/");
      ul.append(h("li", {}, h("a", { href, "aria-current": active ? "page" : null }, t(key))));
    }
    nav.append(ul);
  }
  const session = document.getElementById("session");
  session.replaceChildren();
  const langBtn = h("button", { type: "button", class: "lang", lang: getLang() === "hi" ? "en" : "hi",
    "aria-label": t("lang_switch_label"), onclick: () => { setLang(getLang() === "hi" ? "en" : "hi"); route(); } }, t("lang_switch"));
  session.append(langBtn);
  if (state.me) {
    session.append(h("span", { class: "who" }, `${state.me.name} · ${t("role_" + state.me.role)}`));
    session.append(h("button", { type: "button", class: "link", onclick: logout }, t("logout")));
  }
}

async function logout() {
  try { await api("/logout", { method: "POST" }); } catch { /* already gone */ }
  state.me = null;
  go("#/login");
}

function loginPage(target) {
  const user = h("input", { id: "login-user", name: "username", autocomplete: "username", required: true });
  const pass = h("input", { id: "login-pass", name: "password", type: "password", autocomplete: "current-password", required: true });
  const msg = h("p", { class: "error", role: "alert" });
  const form = h("form", { class: "card login", onsubmit: async (e) => {
    e.preventDefault();
    msg.textContent = "";
    try {
      const r = await api("/login", { method: "POST", body: { username: user.value.trim(), password: pass.value } });
      state.me = r.user;
      go(HOME[r.user.role] || "#/search");
    } catch (err) {
      msg.textContent = err.status === 401 ? t("login_failed") : err.message;
      pass.select();
    }
  } },
  h("h1", {}, t("login_title")),
  h("div", { class: "field" }, h("label", { for: "login-user" }, t("username")), user),
  h("div", { class: "field" }, h("label", { for: "login-pass" }, t("password")), pass),
  msg,
  h("button", { type: "submit", class: "primary" }, t("login")));
  target.replaceChildren(form);
  user.focus();
}

function message(target, title, text) {
  target.replaceChildren(h("section", { class: "card notice" }, h("h1", {}, title), h("p", {}, text)));
}

let generation = 0;

async function route() {
  if (state.cleanup) { state.cleanup(); state.cleanup = null; }
  const mine = ++generation; // a newer navigation wins: an older one's late answer is dropped
  const { path, params } = parseHash();
  main.setAttribute("aria-busy", "true");
  delete main.dataset.ready;
  if (!state.me && path !== "/login") {
    try { state.me = await api("/me"); } catch { state.me = null; }
    if (mine !== generation) return;
    if (!state.me) { go("#/login"); return; }
  }
  renderChrome();
  if (path === "/login") { loginPage(main); finish("login"); return; }
  if (path === "/" || path === "") { go(HOME[state.me.role] || "#/search"); return; }
  const found = ROUTES.find(([re]) => re.test(path));
  if (!found) { message(main, t("not_found"), path); finish("missing"); return; }
  const [re, mod, name, roles] = found;
  if (roles && !roles.includes(state.me.role)) { message(main, t("forbidden"), ""); finish("forbidden"); return; }
  const args = path.match(re).slice(1).map(decodeURIComponent);
  main.replaceChildren(h("p", { class: "muted" }, t("loading")));
  const view = h("div", {}); // rendered off-screen, shown only if still the current navigation
  try {
    const module = await import(`./pages/${mod}.js`);
    const ctx = { me: state.me, params, go, reload: route, onLeave: (fn) => { if (mine === generation) state.cleanup = fn; else fn(); } };
    await module[name](view, ctx, ...args);
    if (mine !== generation) return;
    main.replaceChildren(...view.childNodes);
    finish(name);
  } catch (err) {
    if (mine !== generation) return;
    if (err instanceof ApiError && err.status === 404) message(main, t("not_found"), t("not_found_doc"));
    else if (err instanceof ApiError && err.status === 403) message(main, t("forbidden"), err.message);
    else if (err instanceof ApiError && err.status === 401) { state.me = null; go("#/login"); return; }
    else { console.error(err); message(main, t("error"), err.message || String(err)); }
    finish("error");
  }
}

let renders = 0;

function finish(name) {
  main.setAttribute("aria-busy", "false");
  main.dataset.ready = name;
  main.dataset.renders = String(++renders); // counts finished screens: a test waits for the next one, not a stale flag
  main.dataset.readyMs = Math.round(performance.now()); // since the page's navigation started (tests/web/test_page_weight.py)
  const heading = main.querySelector("h1");
  if (heading && name !== "login") { heading.tabIndex = -1; heading.focus({ preventScroll: true }); }
}

window.addEventListener("sanchika:unauthorised", () => { if (state.me) { state.me = null; go("#/login"); } });
window.addEventListener("hashchange", route);
document.querySelector(".skip").textContent = t("skip");
route();
