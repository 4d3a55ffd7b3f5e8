// The web API, with the session cookie (POST /api/login sets it HTTP-only).
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export async function api(path, { method = "GET", body, params, raw = false } = {}) {
  let url = "/api" + path;
  if (params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, v);
    const s = q.toString();
    if (s) url += "?" + s;
  }
  const init = { method, credentials: "same-origin", headers: {} };
  if (body instanceof FormData) {
    init.body = body; // multipart: the browser sets the Content-Type with its boundary
  } else if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const r = await fetch(url, init);
  if (r.status === 204) return null;
  if (!r.ok) {
    let code = "http", message = r.statusText;
    try { const e = (await r.json()).error; code = e.code; message = e.message; } catch { /* not JSON */ }
    if (r.status === 401 && path !== "/login") window.dispatchEvent(new CustomEvent("sanchika:unauthorised"));
    throw new ApiError(r.status, code, message);
  }
  return raw ? r : r.json();
}

let departmentsCache = null;
export async function departments() {
  if (!departmentsCache) departmentsCache = api("/departments");
  return departmentsCache;
}
