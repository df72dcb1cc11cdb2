import { useEffect, useState } from "preact/hooks";
import { sharingApi } from "../api/client";
import { ApiError } from "../api/http";
import type { NodeInfo, ShareInfo } from "../api/types";
import { toast } from "../util/toast";
import { ConfirmDialog } from "./ConfirmDialog";
import { Name } from "./Name";
import { ShareAddForm } from "./ShareAddForm";
import { ShareRow } from "./ShareRow";

/** The People tab: the item's shares (role, expiry, remove) and the form to add one. */
export function SharePeople({ item, isAdmin }: { item: NodeInfo; isAdmin?: boolean }) {
  const [shares, setShares] = useState<ShareInfo[] | null>(null);
  const [error, setError] = useState("");
  const [canShare, setCanShare] = useState(true);
  const [removing, setRemoving] = useState<ShareInfo | null>(null);
  const load = async () => {
    try {
      setShares(await sharingApi.shares(item.path));
      setError("");
    } catch (e) {
      setError((e as Error).message);
      // A viewer or editor cannot share: there is nothing to list or add, only the server's reason to show.
      if (e instanceof ApiError && e.code === "forbidden") setCanShare(false);
      setShares([]);
    }
  };
  useEffect(() => { void load(); }, [item.path]);
  const act = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      toast(done);
      setError("");
    } catch (e) {
      setError((e as Error).message);
    }
    await load();
  };
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
