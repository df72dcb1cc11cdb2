import { csrfToken, resetCsrf } from "../api/http";
import { apiUrl, join, nameOf, numbered, parentOf } from "../api/paths";
import { uploadResumable, tusThreshold } from "./tus";

// The upload queue: a few files at a time, each a PUT of the raw file with progress and cancel; files of at least
// tusThreshold go through tus instead (./tus.ts: chunks, retries, resume after a reload). A first attempt never
// overwrites (If-None-Match: *); a name conflict (412) waits for the user: replace, keep both (a new name), or skip.

export type UploadStatus = "queued" | "uploading" | "conflict" | "done" | "error" | "cancelled" | "skipped";
export type Resolution = "replace" | "keep" | "skip";

export interface UploadItem {
  id: number;
  path: string;
  file: File;
  loaded: number;
  status: UploadStatus;
  error?: string;
  xhr?: XMLHttpRequest;
  /** Stops a tus upload; terminates it on the server (DELETE) unless the upload is to be kept for a resume. */
  abort?: () => void;
  overwrite?: boolean;
}

export interface PendingFile { path: string; file: File }

const parallel = 3;
let nextId = 1;
let items: UploadItem[] = [];
let applyToAll: Resolution | null = null;
const listeners = new Set<() => void>();
let onDone: (paths: string[]) => void = () => {};

const changed = () => listeners.forEach((l) => l());

export const uploads = {
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  get items() {
    return items;
  },
  onUploaded(handler: (paths: string[]) => void) {
    onDone = handler;
  },
  add(files: PendingFile[]) {
    applyToAll = null;
    items = [...items, ...files.map((f) => ({ id: nextId++, path: f.path, file: f.file, loaded: 0, status: "queued" as const }))];
    changed();
    pump();
  },
  cancel(id: number) {
    const item = items.find((i) => i.id === id);
    if (!item || ["done", "error", "cancelled", "skipped"].includes(item.status)) return;
    item.xhr?.abort();
    item.abort?.();
    update(item, { status: "cancelled", xhr: undefined, abort: undefined });
    pump();
  },
  cancelAll() {
    items.filter((i) => ["queued", "uploading", "conflict"].includes(i.status)).forEach((i) => uploads.cancel(i.id));
  },
  clearFinished() {
    items = items.filter((i) => ["queued", "uploading", "conflict"].includes(i.status));
    changed();
  },
  resolve(id: number, resolution: Resolution, all: boolean) {
    if (all) applyToAll = resolution;
    const item = items.find((i) => i.id === id);
    if (item) void settle(item, resolution);
    if (all) items.filter((i) => i.status === "conflict" && i.id !== id).forEach((i) => void settle(i, resolution));
  },
};

function update(item: UploadItem, patch: Partial<UploadItem>) {
  Object.assign(item, patch);
  items = [...items];
  changed();
}

async function settle(item: UploadItem, resolution: Resolution) {
  if (resolution === "skip") {
    update(item, { status: "skipped" });
  } else if (resolution === "replace") {
    update(item, { status: "queued", overwrite: true });
  } else {
    update(item, { status: "queued", path: await freeName(item.path) });
  }
  pump();
}

/** "a.txt" -> the first of "a (2).txt", "a (3).txt", … that is not taken; the PUT itself still uses If-None-Match. */
async function freeName(path: string): Promise<string> {
  for (let n = 2; n < 1000; n++) {
    const candidate = join(parentOf(path), numbered(nameOf(path), n));
    const response = await fetch(apiUrl("nodes", candidate), { credentials: "same-origin", method: "GET" });
    if (response.status === 404) return candidate;
  }
  return join(parentOf(path), numbered(nameOf(path), Date.now()));
}

function pump() {
  while (items.filter((i) => i.status === "uploading").length < parallel) {
    const next = items.find((i) => i.status === "queued");
    if (!next) break;
    void start(next);
  }
  if (!items.some((i) => ["queued", "uploading", "conflict"].includes(i.status))) {
    const done = items.filter((i) => i.status === "done").map((i) => i.path);
    if (done.length) onDone(done);
  }
}

async function start(item: UploadItem) {
  update(item, { status: "uploading", loaded: 0, error: undefined });
  let token: string;
  try {
    token = await csrfToken();
  } catch (e) {
    update(item, { status: "error", error: (e as Error).message });
    pump();
    return;
  }
  if (item.status !== "uploading") return; // cancelled meanwhile
  if (item.file.size >= tusThreshold) {
    startTus(item);
    return;
  }
  const xhr = new XMLHttpRequest();
  xhr.open("PUT", apiUrl("files", item.path, { parents: "true" }));
  xhr.setRequestHeader("X-CSRF-TOKEN", token);
  xhr.setRequestHeader("Content-Type", item.file.type || "application/octet-stream");
  if (!item.overwrite) xhr.setRequestHeader("If-None-Match", "*");
  xhr.upload.onprogress = (e) => update(item, { loaded: e.loaded });
  xhr.onload = () => {
    if (xhr.status === 200 || xhr.status === 201) {
      update(item, { status: "done", loaded: item.file.size, xhr: undefined });
    } else if (xhr.status === 412) {
      update(item, { status: "conflict", xhr: undefined });
      if (applyToAll) void settle(item, applyToAll);
    } else {
      if (xhr.status === 403) resetCsrf();
      update(item, { status: "error", error: describe(xhr), xhr: undefined });
    }
    pump();
  };
  xhr.onerror = () => {
    update(item, { status: "error", error: "The connection failed.", xhr: undefined });
    pump();
  };
  update(item, { xhr });
  xhr.send(item.file);
}

function startTus(item: UploadItem) {
  const abort = uploadResumable(item.file, item.path, item.overwrite === true, {
    progress: (loaded) => {
      if (item.status === "uploading") update(item, { loaded });
    },
    done: () => {
      update(item, { status: "done", loaded: item.file.size, abort: undefined });
      pump();
    },
    failed: (status, body, message) => {
      if (item.status !== "uploading") return;
      if (status === 412) {
        update(item, { status: "conflict", abort: undefined });
        if (applyToAll) void settle(item, applyToAll);
      } else {
        if (status === 403) resetCsrf();
        update(item, { status: "error", error: status ? describeStatus(status, "", body) : message, abort: undefined });
      }
      pump();
    },
  });
  update(item, { abort });
}

function describe(xhr: XMLHttpRequest): string {
  return describeStatus(xhr.status, xhr.statusText, xhr.responseText);
}

export function describeStatus(status: number, statusText: string, body: string): string {
  let code = "";
  let detail = statusText;
  try {
    const problem = JSON.parse(body);
    code = problem.code ?? "";
    detail = problem.detail ?? problem.title ?? detail;
  } catch {
    /* not JSON */
  }
  if (code === "quota_exceeded" || status === 507) return "Not enough space left in your quota. " + detail;
  if (code === "payload_too_large" || status === 413) return "The file is larger than the server accepts.";
  if (code === "invalid_name") return "The name is not allowed: " + detail;
  if (code === "upload_not_found") return "The upload expired or was removed on the server; add the file again to start over.";
  return detail || `Upload failed (${status}).`;
}
