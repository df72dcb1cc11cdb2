import { useEffect, useState } from "preact/hooks";
import { sharingApi } from "../api/client";
import { parentOf } from "../api/paths";
import type { NodeInfo, ShareInfo } from "../api/types";
import { navigate } from "../router";
import { formatExpiry } from "../util/expiry";
import { visibleName } from "../util/names";
import { roleName } from "../util/roles";
import { markSharedSeen } from "../util/sharedSeen";
import { toast, toastError } from "../util/toast";
import { Icon } from "./Icon";
import { Name } from "./Name";
import { NameDialog } from "./NameDialog";

/**
 * "Shared with me": items other people shared with you or your groups. "Add to my files" mounts one in your own tree
 * (a mount: a pointer, not a copy), after which it opens like your own folder or file with your role.
 */
export function SharedView({ username }: { username: string }) {
  const [shares, setShares] = useState<ShareInfo[] | null>(null);
  const [adding, setAdding] = useState<ShareInfo | null>(null);
  const [added, setAdded] = useState<Record<string, NodeInfo>>({});
  // Opening this view counts as seeing what is new here: the badge beside "Shared with me" clears.
  useEffect(() => {
    sharingApi.incoming().then((s) => { setShares(s); markSharedSeen(username); }, (e) => { setShares([]); toastError(e); });
  }, []);
  const mount = async (share: ShareInfo, path: string) => {
    const node = await sharingApi.mount(share.nodeId, path.startsWith("/") ? path : "/" + path);
    setAdded({ ...added, [share.id]: node });
    toast(`Added ${share.name} to your files.`);
  };
  // A folder opens in place; a file shows in the folder it was added to.
  const open = (node: NodeInfo, share: ShareInfo) => navigate({ view: "files", path: share.kind === "folder" ? node.path : parentOf(node.path) });
  return (
    <section aria-labelledby="shared-title" class="page">
      <h1 id="shared-title">Shared with me</h1>
      {shares === null ? <p role="status">Loading…</p> : shares.length === 0 ? <p class="empty">Nothing is shared with you yet.</p> : (
        <table class="table shared">
          <thead><tr><th scope="col">Name</th><th scope="col">Owner</th><th scope="col">Your role</th><th scope="col">Expires</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {shares.map((s) => (
              <tr key={s.id} data-name={s.name}>
                <td class="name-cell"><Icon name={s.kind === "folder" ? "folder" : "file"} label={s.kind === "folder" ? "Folder" : "File"} /> <Name name={s.name} /></td>
                <td><Name name={s.owner} /></td>
                <td>{roleName[s.role]}{s.granteeKind === "group" && <span class="muted"> (via group <Name name={s.grantee} />)</span>}</td>
                <td>{formatExpiry(s.expiresAt)}</td>
                <td class="actions">
                  {added[s.id]
                    ? <button type="button" onClick={() => open(added[s.id], s)}>Open <span class="sr-only"><Name name={s.name} /></span></button>
                    : <button type="button" onClick={() => setAdding(s)}>Add to my files <span class="sr-only"><Name name={s.name} /></span></button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {adding && <NameDialog title={`Add ${visibleName(adding.name)} to my files`} label="Path in your files" initial={"/" + adding.name} action="Add"
        onSubmit={(path) => mount(adding, path)} onClose={() => setAdding(null)} />}
    </section>
  );
}
