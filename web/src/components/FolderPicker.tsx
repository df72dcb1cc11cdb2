import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import { isSameOrUnder, join, nameOf, parentOf } from "../api/paths";
import type { NodeInfo } from "../api/types";
import { Dialog } from "./Dialog";
import { Icon } from "./Icon";
import { Name } from "./Name";

/** Browse folders to choose a destination (move, copy). Folders being moved, and what is inside them, are not offered. */
export function FolderPicker({ title, action, start, exclude, onPick, onClose }: {
  title: string; action: string; start: string; exclude: string[]; onPick: (folder: string) => void; onClose: () => void;
}) {
  const [at, setAt] = useState(start);
  const [folders, setFolders] = useState<NodeInfo[]>([]);
  const [error, setError] = useState("");
  useEffect(() => {
    setError("");
    api.list(at, "name", false, undefined, false).then((l) => setFolders(l.items.filter((i) => i.kind === "folder")), (e) => setError((e as Error).message));
  }, [at]);
  const blocked = exclude.some((x) => isSameOrUnder(at, x));
  return (
    <Dialog title={title} onClose={onClose}>
      <div class="stack">
        <p class="where">In: <strong>{at === "/" ? "Files" : <Name name={at} />}</strong></p>
        {at !== "/" && <button type="button" class="ghost" onClick={() => setAt(parentOf(at))}><Icon name="up" /> Up to {parentOf(at) === "/" ? "Files" : nameOf(parentOf(at))}</button>}
        <ul class="picker" aria-label="Folders">
          {folders.filter((f) => !exclude.includes(f.path)).map((f) => (
            <li key={f.id}><button type="button" class="ghost" onClick={() => setAt(join(at, f.name))}><Icon name="folder" /> <Name name={f.name} /></button></li>
          ))}
          {folders.length === 0 && <li class="muted">No folders here.</li>}
        </ul>
        {error && <p class="error" role="alert">{error}</p>}
        <div class="buttons">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="button" class="primary" disabled={blocked} onClick={() => { onPick(at); onClose(); }}>{action}</button>
        </div>
      </div>
    </Dialog>
  );
}
