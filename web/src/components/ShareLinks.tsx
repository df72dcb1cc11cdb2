import { useState } from "preact/hooks";
import { sharingApi } from "../api/client";
import type { CreatedLinkInfo, LinkInfo, NodeInfo, UpdateLinkRequest } from "../api/types";
import { ConfirmDialog } from "./ConfirmDialog";
import { CreatedLink } from "./CreatedLink";
import { LinkCreateForm } from "./LinkCreateForm";
import { LinkRow } from "./LinkRow";
import { useShareTab } from "./useShareTab";

/** The Links tab: the item's public links (mode, password, expiry, downloads; edit, revoke) and the form to make one. */
export function ShareLinks({ item, folder }: { item: NodeInfo; folder: boolean }) {
  const { items: links, error, setError, canShare, load, act } = useShareTab(() => sharingApi.links(item.path), item.path);
  const [created, setCreated] = useState<CreatedLinkInfo | null>(null);
  const [revoking, setRevoking] = useState<LinkInfo | null>(null);
  return (
    <div class="stack share-links">
      {error && <p class="error" role="alert">{error}</p>}
      {created && <CreatedLink created={created} onDone={() => setCreated(null)} />}
      {links === null ? <p role="status">Loading…</p> : links.length === 0 ? (canShare && <p class="muted">No links yet.</p>) : (
        <table class="table links" aria-label="Public links">
          <thead><tr><th scope="col">Kind</th><th scope="col">Password</th><th scope="col">Expires</th><th scope="col">Downloads</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {links.map((l) => (
              <LinkRow key={l.id} link={l} onRevoke={() => setRevoking(l)}
                onUpdate={(patch: UpdateLinkRequest) => act(() => sharingApi.updateLink(l.id, patch), "Link changed.")} />
            ))}
          </tbody>
        </table>
      )}
      {canShare && <LinkCreateForm item={item} folder={folder} onCreated={(c) => { setCreated(c); setError(""); void load(); }} />}
      {revoking && (
        <ConfirmDialog title="Revoke link" action="Revoke" danger onClose={() => setRevoking(null)}
          onConfirm={() => act(() => sharingApi.revokeLink(revoking.id), "Link revoked.")}>
          <p>Revoke this {revoking.mode === "dropbox" ? "drop box" : "read"} link? Anyone using it gets “not found” from now on.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
