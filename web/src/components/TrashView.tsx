import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import type { TrashItem } from "../api/types";
import { formatDate, formatSize } from "../util/format";
import { toast, toastError } from "../util/toast";
import { ConfirmDialog } from "./ConfirmDialog";
import { Icon } from "./Icon";
import { Name } from "./Name";

export function TrashView({ onChanged }: { onChanged: () => void }) {
  const [items, setItems] = useState<TrashItem[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<null | { item?: TrashItem }>(null);
  const load = async () => {
    const page = await api.trash();
    setItems(page.items);
    setCursor(page.nextCursor ?? null);
  };
  useEffect(() => { load().catch(toastError); }, []);
  const act = async (work: () => Promise<unknown>, message: string) => {
    try {
      await work();
      toast(message);
      onChanged();
      await load();
    } catch (e) {
      toastError(e);
    }
  };
  const more = async () => {
    const page = await api.trash(cursor!);
    setItems([...(items ?? []), ...page.items]);
    setCursor(page.nextCursor ?? null);
  };
  return (
    <section aria-labelledby="trash-title" class="page">
      <div class="page-head">
        <h1 id="trash-title">Trash</h1>
        <button type="button" class="danger" disabled={!items?.length} onClick={() => setConfirm({})}>Empty trash</button>
      </div>
      {items === null ? <p role="status">Loading…</p> : items.length === 0 ? <p class="empty">The trash is empty.</p> : (
        <table class="table">
          <thead><tr><th scope="col">Name</th><th scope="col">Was in</th><th scope="col">Size</th><th scope="col">Deleted</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {items.map((t) => (
              <tr key={t.id} data-name={t.name}>
                <td class="name-cell"><Icon name={t.kind === "folder" ? "folder" : "file"} /> <Name name={t.name} /></td>
                <td><Name name={t.originalPath} /></td>
                <td>{t.kind === "file" ? formatSize(t.size) : "—"}</td>
                <td>{formatDate(t.deletedAt)}</td>
                <td class="actions">
                  <button type="button" onClick={() => act(() => api.restore(t.id), "Restored.")}>Restore</button>
                  <button type="button" class="danger" onClick={() => setConfirm({ item: t })}>Delete forever</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor && <button type="button" onClick={() => more().catch(toastError)}>Show more</button>}
      {confirm && (
        <ConfirmDialog title={confirm.item ? "Delete forever" : "Empty trash"} action="Delete forever" danger onClose={() => setConfirm(null)}
          onConfirm={() => act(() => (confirm.item ? api.purge(confirm.item.id) : api.emptyTrash()), "Deleted forever.")}>
          <p>{confirm.item ? <>Delete <Name name={confirm.item.name} /> forever? This cannot be undone.</> : "Delete everything in the trash forever? This cannot be undone."}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
