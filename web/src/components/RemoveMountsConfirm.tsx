import type { NodeInfo } from "../api/types";
import { isMount } from "../util/nodes";
import { ConfirmDialog } from "./ConfirmDialog";
import { Name } from "./Name";

/**
 * Deleting a mount only takes the shared item out of your files (the server's DELETE on a mount unmounts it): the
 * owner's item is untouched, which the plain "Move to trash" wording would get wrong.
 */
export function RemoveMountsConfirm({ items, onConfirm, onClose }: { items: NodeInfo[]; onConfirm: () => void; onClose: () => void }) {
  const mounts = items.filter(isMount);
  const own = items.length - mounts.length;
  const only = items.length === 1 ? mounts[0] : null;
  return (
    <ConfirmDialog title="Remove from my files" action={own ? "Remove and move to trash" : "Remove from my files"} danger onConfirm={onConfirm} onClose={onClose}>
      <p>
        {only ? <>Remove <Name name={only.name} /> from your files?</> : <>Remove {mounts.length} shared item{mounts.length === 1 ? "" : "s"} from your files?</>}
        {" "}The owner's {mounts.length === 1 ? "item stays" : "items stay"} untouched, and you can add {mounts.length === 1 ? "it" : "them"} again from “Shared with me” while shared with you.
      </p>
      {own > 0 && <p>Your own {own} item{own === 1 ? "" : "s"} in the selection go{own === 1 ? "es" : ""} to the trash.</p>}
    </ConfirmDialog>
  );
}
