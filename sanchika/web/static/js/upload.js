// Resumable chunked uploads: POST /api/uploads, then PUT /api/uploads/{id}?offset=N per chunk
// (XHR, for upload progress). After a dropped connection it asks GET /api/uploads/{id} how many
// bytes arrived and goes on from there; the upload id is remembered per file (name, size, date)
// so choosing the same file again after a reload resumes too.

export const CHUNK_BYTES = 2 * 1024 * 1024;
const MAX_TRIES = 8;
const REMEMBER = "sanchika.uploads";

function remembered() {
  try { return JSON.parse(localStorage.getItem(REMEMBER) || "{}"); } catch { return {}; }
}
function fileKey(name, file) { return `${name}|${file.size}|${file.lastModified}`; }
function remember(key, id) {
  const all = remembered();
  if (id) all[key] = id; else delete all[key];
  localStorage.setItem(REMEMBER, JSON.stringify(all));
}

async function json(method, url, body) {
  const r = await fetch(url, {
    method, credentials: "same-origin",
    headers: body ? { "Content-Type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!r.ok) {
    let message = r.statusText;
    try { message = (await r.json()).error.message; } catch { /* not JSON */ }
    const err = new Error(message);
    err.status = r.status;
    throw err;
  }
  return r.json();
}

function putChunk(id, offset, blob, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", `/api/uploads/${id}?offset=${offset}`);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(JSON.parse(xhr.responseText));
      else {
        const err = new Error(xhr.statusText || "HTTP " + xhr.status);
        try { err.message = JSON.parse(xhr.responseText).error.message; } catch { /* keep */ }
        err.status = xhr.status;
        reject(err);
      }
    };
    xhr.onerror = () => { const e = new Error("network"); e.network = true; reject(e); };
    xhr.ontimeout = xhr.onerror;
    xhr.send(blob);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Upload one file; calls onState({sent, total, state: "uploading"|"retrying"|"done"}). Returns the upload id.
export async function uploadFile(file, name, onState, { chunkBytes = Number(localStorage.getItem("sanchika.chunkBytes")) || CHUNK_BYTES } = {}) {
  const key = fileKey(name, file);
  let id = remembered()[key];
  let received = 0;
  if (id) {
    try { received = (await json("GET", `/api/uploads/${id}`)).received; } catch { id = null; }
  }
  if (!id) {
    id = (await json("POST", "/api/uploads", { name, size: file.size })).id;
    remember(key, id);
  }
  let tries = 0;
  while (received < file.size) {
    const end = Math.min(file.size, received + chunkBytes);
    onState({ sent: received, total: file.size, state: "uploading" });
    try {
      const at = received;
      const state = await putChunk(id, at, file.slice(at, end), (loaded) => onState({ sent: at + loaded, total: file.size, state: "uploading" }));
      received = state.received;
      tries = 0;
    } catch (err) {
      if (!err.network && err.status && err.status < 500 && err.status !== 400) throw err;
      tries += 1;
      if (tries > MAX_TRIES) throw err;
      onState({ sent: received, total: file.size, state: "retrying" });
      await sleep(Math.min(15000, 500 * 2 ** tries));
      try { received = (await json("GET", `/api/uploads/${id}`)).received; } catch { /* still offline: try again */ }
    }
  }
  onState({ sent: file.size, total: file.size, state: "done" });
  return { id, forget: () => remember(key, null) };
}

export async function createBatch(uploadIds, { name, department, fileNumber, location }) {
  return json("POST", "/api/batches/from-uploads", {
    upload_ids: uploadIds, name: name || null, department: department || null, file_number: fileNumber || null,
    location: location || null,
  });
}

// Files from a drop: plain files, and folders walked with webkitGetAsEntry (relative paths kept).
export async function filesFromDrop(dataTransfer) {
  const out = [];
  const entries = [...dataTransfer.items].map((i) => (i.webkitGetAsEntry ? i.webkitGetAsEntry() : null));
  if (!entries.some(Boolean)) {
    for (const f of dataTransfer.files) out.push({ file: f, name: f.name });
    return out;
  }
  async function walk(entry, prefix) {
    if (!entry) return;
    if (entry.isFile) {
      const file = await new Promise((res, rej) => entry.file(res, rej));
      out.push({ file, name: prefix + file.name });
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((res, rej) => reader.readEntries(res, rej));
        if (!batch.length) break;
        for (const e of batch) await walk(e, prefix + entry.name + "/");
      }
    }
  }
  for (const e of entries) await walk(e, "");
  return out.filter((f) => !f.name.split("/").some((p) => p.startsWith(".")));
}
