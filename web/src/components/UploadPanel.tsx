import { useRef, useState } from "preact/hooks";
import { uploads, type UploadItem } from "../upload/queue";
import { sampleRate, type RateSample } from "../upload/rate";
import { formatDuration, formatRate, formatSize } from "../util/format";
import { useStore } from "../util/useStore";
import { Dialog } from "./Dialog";
import { Name } from "./Name";

const labels: Record<UploadItem["status"], string> = {
  queued: "Waiting", uploading: "Uploading", conflict: "Name taken", done: "Done", error: "Failed", cancelled: "Cancelled", skipped: "Skipped",
};

/** Per-file and total progress with speed and time left, cancel, errors, and the name-conflict question. */
export function UploadPanel() {
  const items = useStore(uploads, () => uploads.items);
  const samples = useRef<RateSample[]>([]);
  if (items.length === 0) return null;
  const total = items.filter((i) => !["cancelled", "skipped"].includes(i.status)).reduce((s, i) => s + i.file.size, 0);
  const loaded = items.filter((i) => !["cancelled", "skipped"].includes(i.status)).reduce((s, i) => s + (i.status === "done" ? i.file.size : i.loaded), 0);
  const active = items.some((i) => ["queued", "uploading", "conflict"].includes(i.status));
  const conflict = items.find((i) => i.status === "conflict");
  const rate = active ? sampleRate(samples.current, performance.now(), loaded) : null;
  if (!active) samples.current = [];
  return (
    <section class="uploads" aria-label="Uploads">
      <header>
        <h2>Uploads</h2>
        <progress max={total || 1} value={loaded} aria-label="Total upload progress" />
        <span class="total">
          {formatSize(loaded)} of {formatSize(total)}
          {rate !== null && <span data-testid="upload-speed"> · {formatRate(rate)} · {formatDuration((total - loaded) / rate)} left</span>}
        </span>
        {active ? <button type="button" onClick={uploads.cancelAll}>Cancel all</button> : <button type="button" onClick={uploads.clearFinished}>Clear</button>}
      </header>
      <ul>
        {items.map((i) => (
          <li key={i.id} class={`upload ${i.status}`} data-status={i.status}>
            <span class="uname"><Name name={i.path} /></span>
            <progress max={i.file.size || 1} value={i.status === "done" ? i.file.size : i.loaded} aria-label={`Progress of ${i.path}`} />
            <span class="ustatus">{labels[i.status]}</span>
            {i.error && <span class="error" role="alert">{i.error}</span>}
            {["queued", "uploading", "conflict"].includes(i.status) && (
              <button type="button" class="ghost" aria-label={`Cancel ${i.path}`} onClick={() => uploads.cancel(i.id)}>✕</button>
            )}
          </li>
        ))}
      </ul>
      {conflict && <ConflictDialog item={conflict} more={items.filter((i) => i.status === "conflict").length > 1} />}
    </section>
  );
}

function ConflictDialog({ item, more }: { item: UploadItem; more: boolean }) {
  const [all, setAll] = useState(false);
  return (
    <Dialog title="A file with this name exists" onClose={() => uploads.resolve(item.id, "skip", all)}>
      <div class="stack">
        <p><Name name={item.path} /> already exists.</p>
        {more && <label class="inline"><input type="checkbox" checked={all} onChange={(e) => setAll(e.currentTarget.checked)} /> Do this for all conflicts</label>}
        <div class="buttons">
          <button type="button" onClick={() => uploads.resolve(item.id, "skip", all)}>Skip</button>
          <button type="button" onClick={() => uploads.resolve(item.id, "keep", all)}>Keep both</button>
          <button type="button" class="primary" autoFocus onClick={() => uploads.resolve(item.id, "replace", all)}>Replace</button>
        </div>
      </div>
    </Dialog>
  );
}
