// Live refresh: one server-sent-events stream of the user's change feed (GET /api/v1/changes, docs/api.md "Changes")
// shared by everything on screen that wants to know. It opens with the first subscriber and closes with the last.
// EventSource reconnects by itself after a dropped connection or a node draining, resuming after the last change it
// saw (Last-Event-ID); a stream the server refused (signed out, cursor trimmed) is opened afresh a little later.

import { parentOf } from "./paths";

export interface Change { kind: string; path: string; oldPath?: string | null }

type Listener = (change: Change | null) => void; // null: changes may have been missed, refresh everything

const listeners = new Set<Listener>();
let source: EventSource | null = null;
let retry: ReturnType<typeof setTimeout> | null = null;
const reopenAfterMs = 15_000;

function open() {
  source = new EventSource("/api/v1/changes");
  source.addEventListener("change", (e) => {
    const change = JSON.parse((e as MessageEvent<string>).data) as Change;
    listeners.forEach((l) => l(change));
  });
  source.addEventListener("error", (e) => {
    const expired = (e as MessageEvent<string>).data === '"cursor_expired"';
    if (!expired && source?.readyState !== EventSource.CLOSED) return; // reconnecting by itself
    source?.close();
    source = null;
    if (expired) listeners.forEach((l) => l(null));
    retry = setTimeout(() => { retry = null; if (listeners.size > 0) open(); }, expired ? 0 : reopenAfterMs);
  });
}

/** Calls `listener` for each change to the user's files; returns the unsubscribe function. */
export function subscribeToChanges(listener: Listener): () => void {
  listeners.add(listener);
  if (!source && !retry) open();
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0) return;
    source?.close();
    source = null;
    if (retry) clearTimeout(retry);
    retry = null;
  };
}

const key = (path: string) => path.normalize("NFC").toLowerCase(); // names are unique case-insensitively

/** Whether a change can alter the listing of `folder`: an item in it, the folder itself, or a folder above it. */
export function touchesFolder(change: Change, folder: string): boolean {
  const open = key(folder);
  return [change.path, change.oldPath].some((p) => {
    if (!p) return false;
    const changed = key(p);
    return key(parentOf(p)) === open || changed === open || open.startsWith(changed === "/" ? "/" : changed + "/");
  });
}
