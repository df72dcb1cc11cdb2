import { useRef, useState } from "preact/hooks";
import { ApiError } from "../api/http";
import { dropFile } from "../api/publicLinks";
import type { PublicLinkView } from "../api/types";
import { formatSize } from "../util/format";
import { Name } from "./Name";

interface Drop { id: number; file: File; loaded: number; status: "waiting" | "uploading" | "done" | "failed"; error?: string }

const labels: Record<Drop["status"], string> = { waiting: "Waiting", uploading: "Uploading", done: "Uploaded", failed: "Failed" };
let ids = 0;

/**
 * A drop box: visitors add files, one at a time in the order chosen, each with its own progress. It lists only what
 * this visitor sent from this page, never what is in the box (the server would not tell anyway).
 */
export function DropBoxPage({ token, view }: { token: string; view: PublicLinkView }) {
  const [drops, setDrops] = useState<Drop[]>([]);
  const [dragging, setDragging] = useState(false);
  const queue = useRef(Promise.resolve());
  const update = (id: number, patch: Partial<Drop>) => setDrops((all) => all.map((d) => (d.id === id ? { ...d, ...patch } : d)));

  const add = (files: FileList | null) => {
    const added = Array.from(files ?? []).map((file): Drop => ({ id: ++ids, file, loaded: 0, status: "waiting" }));
    setDrops((all) => [...all, ...added]);
    for (const drop of added) {
      queue.current = queue.current.then(async () => {
        update(drop.id, { status: "uploading" });
        try {
          await dropFile(token, drop.file, (loaded) => update(drop.id, { loaded }));
          update(drop.id, { status: "done", loaded: drop.file.size });
        } catch (e) {
          update(drop.id, { status: "failed", error: messageFor(e) });
        }
      });
    }
  };

  return (
    <section class="dropbox" aria-labelledby="dropbox-title">
      <h1 id="dropbox-title">Upload files to <Name name={view.name} /></h1>
      <p>Files you upload go to the owner of this box. Uploaders can't see what's in it, not even the files they sent.</p>
      <div class={dragging ? "dropzone dragging" : "dropzone"}
        onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => { e.preventDefault(); setDragging(false); add(e.dataTransfer?.files ?? null); }}>
        <p>Drag files here, or</p>
        <label class="button primary picker-button">Choose files
          <input type="file" multiple class="sr-only" onChange={(e) => { add(e.currentTarget.files); e.currentTarget.value = ""; }} />
        </label>
      </div>
      {drops.length > 0 && (
        <ul class="drops" aria-label="Your uploads">
          {drops.map((d) => (
            <li key={d.id} class={`drop ${d.status}`} data-status={d.status}>
              <span class="uname"><Name name={d.file.name} /></span>
              <progress max={d.file.size || 1} value={d.status === "done" ? d.file.size || 1 : d.loaded} aria-label={`Progress of ${d.file.name}`} />
              <span class="ustatus">{labels[d.status]}{d.status !== "failed" && ` · ${formatSize(d.file.size)}`}</span>
              {d.error && <span class="error" role="alert">{d.error}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function messageFor(e: unknown): string {
  if (!(e instanceof ApiError)) return (e as Error).message;
  if (e.status === 429 || e.status === 503) return `The server is busy. Try again in ${e.retryAfter ?? 30} seconds.`;
  if (e.status === 413 || e.code === "quota_exceeded") return "This file is too large for the box.";
  return e.message;
}
