// Small DOM helpers: h() builds elements (text is always text: no HTML injection).
import { getLang, t } from "./i18n.js";

export function h(tag, attrs = {}, ...children) {
  const el = tag === "svg" || attrs.svg ? document.createElementNS("http://www.w3.org/2000/svg", tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false || k === "svg") continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "class") el.setAttribute("class", v);
    else if (k === "text") el.textContent = v;
    else if (k in el && !(el instanceof SVGElement) && typeof v !== "string") el[k] = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

export function s(tag, attrs = {}, ...children) { return h(tag, { ...attrs, svg: true }, ...children); }

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

// A search snippet with « » around matches: <mark> for each match.
export function marked(snippet) {
  const out = [];
  const re = /«([^»]*)»/g;
  let last = 0, m;
  while ((m = re.exec(snippet))) {
    if (m.index > last) out.push(snippet.slice(last, m.index));
    out.push(h("mark", {}, m[1]));
    last = re.lastIndex;
  }
  if (last < snippet.length) out.push(snippet.slice(last));
  return out;
}

// Text with every occurrence of the query's words marked (document view).
export function highlight(text, query) {
  const words = (query || "").normalize("NFC").split(/[\s,;:।]+/).filter((w) => w.length > 1);
  if (!words.length || !text) return [text || ""];
  const esc = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const re = new RegExp("(" + esc.join("|") + ")", "giu");
  return text.normalize("NFC").split(re).map((part, i) => (i % 2 ? h("mark", {}, part) : part));
}

export function fmtDate(value) {
  if (!value) return "—";
  const d = new Date(value);
  return d.toLocaleString(getLang() === "hi" ? "hi-IN" : "en-IN", { dateStyle: "medium", timeStyle: "short" });
}

export function fmtNumber(n) {
  return (n ?? 0).toLocaleString(getLang() === "hi" ? "hi-IN" : "en-IN");
}

export function fmtPct(x) { return Math.round((x || 0) * 100) + "%"; }

export function badge(status, label) { return h("span", { class: "badge st-" + status }, label); }

export function field(id, label, input) {
  input.id = id;
  return h("div", { class: "field" }, h("label", { for: id }, label), input);
}

export function pager(offset, limit, count, go) {
  const prev = h("button", { type: "button", disabled: offset <= 0, onclick: () => go(Math.max(0, offset - limit)) }, "← " + t("prev"));
  const next = h("button", { type: "button", disabled: count < limit, onclick: () => go(offset + limit) }, t("next") + " →");
  return h("nav", { class: "pager", "aria-label": t("page_n") }, prev, h("span", {}, `${offset + 1}–${offset + count}`), next);
}

// A bar chart in inline SVG (no chart library). bars: [{label, value, title}]
export function barChart(bars, { height = 200, label = "", color = "var(--accent)" } = {}) {
  const w = 640, top = 14, bottom = 28, left = 36;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const bw = (w - left) / Math.max(1, bars.length);
  const svg = s("svg", { viewBox: `0 0 ${w} ${height}`, class: "chart", role: "img", "aria-label": label });
  svg.append(s("title", {}, label));
  for (const f of [0, 0.5, 1]) {
    const y = top + (height - top - bottom) * (1 - f);
    svg.append(s("line", { x1: left, x2: w, y1: y, y2: y, class: "grid" }));
    svg.append(s("text", { x: left - 4, y: y + 4, "text-anchor": "end", class: "axis" }, String(Math.round(max * f))));
  }
  bars.forEach((b, i) => {
    const bh = ((height - top - bottom) * b.value) / max;
    const x = left + i * bw + 2;
    const rect = s("rect", { x, y: height - bottom - bh, width: Math.max(1, bw - 4), height: bh, fill: color });
    rect.append(s("title", {}, b.title || `${b.label}: ${b.value}`));
    svg.append(rect);
    if (b.label && (bars.length <= 16 || i % Math.ceil(bars.length / 12) === 0)) {
      svg.append(s("text", { x: x + bw / 2 - 2, y: height - bottom + 14, "text-anchor": "middle", class: "axis" }, b.label));
    }
  });
  return h("figure", { class: "chart-box" }, svg);
}

export function depName(deps, key) {
  if (!key || key === "unknown") return t("unknown");
  const d = deps.find((x) => x.key === key);
  return d ? (getLang() === "hi" ? d.name_hi : d.name_en) : key;
}

export function departmentSelect(deps, { value = "", empty = null, only = null } = {}) {
  const sel = h("select", {});
  if (empty !== null) sel.append(h("option", { value: "" }, empty));
  for (const d of deps) {
    if (only && !only.includes(d.key)) continue;
    sel.append(h("option", { value: d.key, selected: d.key === value }, getLang() === "hi" ? `${d.name_hi} (${d.name_en})` : `${d.name_en} (${d.name_hi})`));
  }
  return sel;
}

// A table that reflows on a phone (CSS table.stack): each cell is labelled with its column's
// heading (data-label), shown before the value once the cells are stacked.
export function stacked(table) {
  table.classList.add("stack");
  const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
  for (const tr of table.querySelectorAll("tbody tr")) {
    [...tr.children].forEach((td, i) => { if (!td.hasAttribute("data-label") && heads[i]) td.setAttribute("data-label", heads[i]); });
  }
  return table;
}
