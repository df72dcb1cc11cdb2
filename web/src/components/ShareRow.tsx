import { useState } from "preact/hooks";
import type { ShareInfo, ShareRole } from "../api/types";
import { dateValue, endOfDay, formatExpiry, today } from "../util/expiry";
import { roleName, roles } from "../util/roles";
import { Icon } from "./Icon";
import { Name } from "./Name";

type Patch = { role?: ShareRole; expiresAt?: string; clearExpiry?: boolean };

/** One grantee: kind and name, a role select that saves on change, the expiry with an inline editor, remove. */
export function ShareRow({ share, onUpdate, onRemove }: {
  share: ShareInfo; onUpdate: (patch: Patch, done: string) => Promise<unknown>; onRemove: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [day, setDay] = useState(dateValue(share.expiresAt));
  const who = `${share.granteeKind} ${share.grantee}`;
  const saveExpiry = async (e: Event) => {
    e.preventDefault();
    const at = endOfDay(day);   // an emptied date field means "no expiry"
    await onUpdate(at ? { expiresAt: at } : { clearExpiry: true }, at ? "Expiry set." : "Expiry removed.");
    setEditing(false);
  };
  return (
    <tr data-grantee={share.grantee} data-kind={share.granteeKind}>
      <td>
        <span class="grantee">
          <Icon name={share.granteeKind === "group" ? "group" : "user"} />
          <Name name={share.grantee} />
          <span class="badge">{share.granteeKind === "group" ? "Group" : "User"}</span>
        </span>
      </td>
      <td>
        <select aria-label={`Role of ${who}`} value={share.role}
          onChange={(e) => onUpdate({ role: e.currentTarget.value as ShareRole }, "Role changed.")}>
          {roles.map((r) => <option key={r} value={r}>{roleName[r]}</option>)}
        </select>
      </td>
      <td>
        {editing ? (
          <form class="inline-edit" onSubmit={saveExpiry}>
            <input type="date" aria-label={`Expiry of ${who}`} min={today()} value={day} onInput={(e) => setDay(e.currentTarget.value)} />
            <button type="submit">Save</button>
            {share.expiresAt && <button type="button" onClick={() => onUpdate({ clearExpiry: true }, "Expiry removed.").then(() => setEditing(false))}>No expiry</button>}
            <button type="button" class="ghost" onClick={() => { setDay(dateValue(share.expiresAt)); setEditing(false); }}>Cancel</button>
          </form>
        ) : (
          <span class="expiry">
            {formatExpiry(share.expiresAt)}
            <button type="button" class="ghost" aria-label={`Change expiry of ${who}`} onClick={() => setEditing(true)}>Change</button>
          </span>
        )}
      </td>
      <td class="actions"><button type="button" class="danger" aria-label={`Remove ${who}`} onClick={onRemove}>Remove</button></td>
    </tr>
  );
}
