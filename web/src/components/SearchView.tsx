import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import { parentOf } from "../api/paths";
import type { NodeInfo } from "../api/types";
import { navigate } from "../router";
import { formatDate, formatSize } from "../util/format";
import { toastError } from "../util/toast";
import { Icon } from "./Icon";
import { Name } from "./Name";
import { PreviewDialog } from "./PreviewDialog";

export function SearchView({ q }: { q: string }) {
  const [items, setItems] = useState<NodeInfo[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [preview, setPreview] = useState<NodeInfo | null>(null);
  useEffect(() => {
    setItems(null);
    if (!q) return setItems([]);
    api.search(q).then((r) => { setItems(r.items); setCursor(r.nextCursor ?? null); }, toastError);
  }, [q]);
  const more = () => api.search(q, cursor!).then((r) => { setItems([...(items ?? []), ...r.items]); setCursor(r.nextCursor ?? null); }, toastError);
  return (
    <section aria-labelledby="search-title" class="page">
      <h1 id="search-title">Results for “{q}”</h1>
      {items === null ? <p role="status">Searching…</p> : items.length === 0 ? <p class="empty">Nothing found.</p> : (
        <ul class="results">
          {items.map((i) => (
            <li key={i.id}>
              <button type="button" class="ghost result" onClick={() => (i.kind === "folder" ? navigate({ view: "files", path: i.path }) : setPreview(i))}>
                <Icon name={i.kind === "folder" ? "folder" : "file"} /> <Name name={i.name} />
              </button>
              <span class="muted">in <a href="#" onClick={(e) => { e.preventDefault(); navigate({ view: "files", path: parentOf(i.path) }); }}><Name name={parentOf(i.path)} /></a>
                {i.kind === "file" ? ` · ${formatSize(i.size)}` : ""} · {formatDate(i.modifiedAt)}</span>
            </li>
          ))}
        </ul>
      )}
      {cursor && <button type="button" onClick={more}>Show more</button>}
      {preview && <PreviewDialog item={preview} onClose={() => setPreview(null)} onVersions={() => navigate({ view: "files", path: parentOf(preview.path) })} />}
    </section>
  );
}
