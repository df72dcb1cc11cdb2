import { useEffect, useState } from "preact/hooks";
import { sharingApi } from "../api/client";
import { parentOf } from "../api/paths";
import type { LinkInfo, ShareInfo } from "../api/types";
import { navigate } from "../router";
import { formatExpiry } from "../util/expiry";
import { visibleName } from "../util/names";
import { roleName } from "../util/roles";
import { toast, toastError } from "../util/toast";
import { ConfirmDialog } from "./ConfirmDialog";
import { Icon } from "./Icon";
import { Name } from "./Name";

/** One row of "Shared by me": a share with a person or group, or a public link. */
type Grant = { kind: "share"; share: ShareInfo } | { kind: "link"; link: LinkInfo };
const itemOf = (g: Grant) => (g.kind === "share" ? g.share : g.link);
const keyOf = (g: Grant) => `${g.kind}-${itemOf(g).id}`;

/**
 * "Shared by me": every share and public link the user made, on any item, in one table ordered by the item's path,
 * with a way to the item and Revoke. GET /api/v1/shares and /api/v1/links without a path list them all.
 */
export function SharedByMeView() {
  const [grants, setGrants] = useState<Grant[] | null>(null);
  const [revoking, setRevoking] = useState<Grant | null>(null);
  const load = async () => {
    const [shares, links] = await Promise.all([sharingApi.allShares(), sharingApi.allLinks()]);
    const all: Grant[] = [...shares.map((share) => ({ kind: "share" as const, share })), ...links.map((link) => ({ kind: "link" as const, link }))];
    const where = (g: Grant) => itemOf(g).path ?? itemOf(g).name;
    setGrants(all.sort((a, b) => where(a).localeCompare(where(b)) || (a.kind === "share" ? 0 : 1) - (b.kind === "share" ? 0 : 1)));
  };
  useEffect(() => { load().catch((e) => { setGrants([]); toastError(e); }); }, []);

  const revoke = async (g: Grant) => {
    try {
      await (g.kind === "share" ? sharingApi.revokeShare(g.share.id) : sharingApi.revokeLink(g.link.id));
      toast(g.kind === "share" ? "Share removed." : "Link revoked.");
    } catch (e) {
      toastError(e);
    }
    await load().catch(toastError);
  };
  // A folder opens itself; a file opens the folder it is in.
  const open = (g: Grant) => {
    const item = itemOf(g);
    if (item.path) navigate({ view: "files", path: item.kind === "folder" ? item.path : parentOf(item.path) });
  };

  return (
    <section aria-labelledby="shared-by-me-title" class="page">
      <h1 id="shared-by-me-title">Shared by me</h1>
      {grants === null ? <p role="status">Loading…</p> : grants.length === 0 ? <p class="empty">You have not shared anything yet. Use Share on a file or folder.</p> : (
        <table class="table shared-by-me">
          <thead><tr><th scope="col">Item</th><th scope="col">With</th><th scope="col">Access</th><th scope="col">Expires</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {grants.map((g) => <GrantRow key={keyOf(g)} grant={g} onOpen={() => open(g)} onRevoke={() => setRevoking(g)} />)}
          </tbody>
        </table>
      )}
      {revoking && (
        <ConfirmDialog title={revoking.kind === "share" ? "Stop sharing" : "Revoke link"} action={revoking.kind === "share" ? "Stop sharing" : "Revoke"} danger
          onClose={() => setRevoking(null)} onConfirm={() => void revoke(revoking)}>
          <p>{revoking.kind === "share"
            ? `Stop sharing ${visibleName(revoking.share.name)} with ${visibleName(revoking.share.grantee)}? They lose access at once.`
            : `Revoke this link to ${visibleName(revoking.link.name)}? Anyone using it gets “not found” from now on.`}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function GrantRow({ grant, onOpen, onRevoke }: { grant: Grant; onOpen: () => void; onRevoke: () => void }) {
  const item = itemOf(grant);
  const what = grant.kind === "share" ? `share of ${visibleName(item.name)} with ${visibleName(grant.share.grantee)}` : `link to ${visibleName(item.name)}`;
  return (
    <tr data-name={item.name} data-kind={grant.kind}>
      <td class="name-cell" title={item.path ?? undefined}>
        <Icon name={item.kind === "folder" ? "folder" : "file"} label={item.kind === "folder" ? "Folder" : "File"} /> <Name name={item.path ?? item.name} />
      </td>
      {grant.kind === "share" ? (
        <>
          <td><span class="grantee"><Icon name={grant.share.granteeKind === "group" ? "group" : "user"} /> <Name name={grant.share.grantee} />
            {grant.share.granteeKind === "group" && <span class="badge">Group</span>}</span></td>
          <td>{roleName[grant.share.role]}</td>
        </>
      ) : (
        <>
          <td><span class="grantee"><Icon name="link" /> Anyone with the link{grant.link.hasPassword ? " and password" : ""}</span></td>
          <td>{grant.link.mode === "dropbox" ? "Drop box (upload only)" : "Download"}</td>
        </>
      )}
      <td>{formatExpiry(item.expiresAt)}</td>
      <td class="actions">
        {item.path && <button type="button" aria-label={`Show ${visibleName(item.name)} in its folder`} onClick={onOpen}>Show</button>}
        <button type="button" class="danger" aria-label={`Revoke ${what}`} onClick={onRevoke}>Revoke</button>
      </td>
    </tr>
  );
}
