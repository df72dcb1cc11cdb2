import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import { parentOf } from "../api/paths";
import type { NodeInfo } from "../api/types";
import { navigate } from "../router";
import { formatDate, formatSize } from "../util/format";
import { visibleName } from "../util/names";
import { iconOf, isFolderLike } from "../util/nodes";
import { toast, toastError } from "../util/toast";
import { Icon } from "./Icon";
import { Name } from "./Name";

/**
 * Favourites (what you starred, newest star first) or Recent (your files, most recently changed first): a table of
 * items with where they are; Show opens the folder (a folder itself, a file's parent).
 */
export function StarredView({ kind }: { kind: "favourites" | "recent" }) {
  const [items, setItems] = useState<NodeInfo[] | null>(null);
  const load = () => (kind === "favourites" ? api.favourites() : api.recent()).then(setItems, (e) => { setItems([]); toastError(e); });
  useEffect(() => { setItems(null); void load(); }, [kind]);
  const title = kind === "favourites" ? "Favourites" : "Recent";
  const show = (item: NodeInfo) => navigate({ view: "files", path: isFolderLike(item) ? item.path : parentOf(item.path) });
  const unstar = async (item: NodeInfo) => {
    try { await api.unstar(item.path); toast(`Removed ${visibleName(item.name)} from favourites.`); } catch (e) { toastError(e); }
    await load();
  };
  return (
    <section aria-labelledby="starred-title" class="page">
      <h1 id="starred-title">{title}</h1>
      {items === null ? <p role="status">Loading…</p> : items.length === 0 ? (
        <p class="empty">{kind === "favourites" ? "No favourites yet. Star a file or folder from its menu (⋯ or right-click)." : "No files yet."}</p>
      ) : (
        <table class={`table starred ${kind}`}>
          <thead><tr><th scope="col">Name</th><th scope="col">Folder</th><th scope="col">Size</th><th scope="col">Modified</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id} data-name={item.name}>
                <td class="name-cell"><Icon name={iconOf(item)} /> <Name name={item.name} /></td>
                <td><Name name={parentOf(item.path)} /></td>
                <td>{isFolderLike(item) ? "—" : formatSize(item.size)}</td>
                <td>{formatDate(item.modifiedAt)}</td>
                <td class="actions">
                  <button type="button" aria-label={`Show ${visibleName(item.name)} in its folder`} onClick={() => show(item)}>Show</button>
                  {kind === "favourites" && <button type="button" aria-label={`Remove ${visibleName(item.name)} from favourites`} onClick={() => void unstar(item)}>Remove</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
