import { useState } from "preact/hooks";
import { sharingApi } from "../api/client";
import type { NodeInfo, ShareInfo } from "../api/types";
import { ConfirmDialog } from "./ConfirmDialog";
import { Name } from "./Name";
import { ShareAddForm } from "./ShareAddForm";
import { ShareRow } from "./ShareRow";
import { useShareTab } from "./useShareTab";

/** The People tab: the item's shares (role, expiry, remove) and the form to add one. */
export function SharePeople({ item, isAdmin }: { item: NodeInfo; isAdmin?: boolean }) {
  const { items: shares, error, canShare, load, act } = useShareTab(() => sharingApi.shares(item.path), item.path);
  const [removing, setRemoving] = useState<ShareInfo | null>(null);
  return (
    <div class="stack share-people">
      {error && <p class="error" role="alert">{error}</p>}
      {shares === null ? <p role="status">Loading…</p> : shares.length === 0 ? (canShare && <p class="muted">Not shared with anyone yet.</p>) : (
        <table class="table shares" aria-label="People with access">
          <thead><tr><th scope="col">Shared with</th><th scope="col">Role</th><th scope="col">Expires</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {shares.map((s) => (
              <ShareRow key={s.id} share={s} onRemove={() => setRemoving(s)}
                onUpdate={(patch, done) => act(() => sharingApi.updateShare(s.id, patch), done)} />
            ))}
          </tbody>
        </table>
      )}
      {canShare && <ShareAddForm item={item} isAdmin={isAdmin} onShared={load} />}
      {removing && (
        <ConfirmDialog title="Stop sharing" action="Remove" danger onClose={() => setRemoving(null)}
          onConfirm={() => act(() => sharingApi.revokeShare(removing.id), "Access removed.")}>
          <p>Remove access for {removing.granteeKind} <Name name={removing.grantee} />? They lose it on their next request.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
