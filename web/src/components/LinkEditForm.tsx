import { useState } from "preact/hooks";
import type { LinkInfo, UpdateLinkRequest } from "../api/types";
import { dateValue, endOfDay, today } from "../util/expiry";

/** Change a link's password, expiry or download limit; only what changed is sent, an emptied field removes the limit. */
export function LinkEditForm({ link, onSave, onCancel }: { link: LinkInfo; onSave: (patch: UpdateLinkRequest) => void; onCancel: () => void }) {
  const [password, setPassword] = useState("");
  const [dropPassword, setDropPassword] = useState(false);
  const [day, setDay] = useState(dateValue(link.expiresAt));
  const [limit, setLimit] = useState(link.maxDownloads != null ? String(link.maxDownloads) : "");
  const submit = (e: Event) => {
    e.preventDefault();
    const patch: UpdateLinkRequest = {};
    if (dropPassword) patch.clearPassword = true;
    else if (password) patch.password = password;
    if (day !== dateValue(link.expiresAt)) {
      if (day) patch.expiresAt = endOfDay(day);
      else patch.clearExpiry = true;
    }
    if (link.mode === "read" && limit !== (link.maxDownloads != null ? String(link.maxDownloads) : "")) {
      if (limit) patch.maxDownloads = Number(limit);
      else patch.clearMaxDownloads = true;
    }
    onSave(patch);
  };
  return (
    <form class="inline-edit link-edit-form" onSubmit={submit} aria-label="Edit link">
      <label>
        {link.hasPassword ? "New password (empty keeps it)" : "Password (optional)"}
        <input type="password" autoComplete="new-password" maxLength={1024} disabled={dropPassword} value={password}
          onInput={(e) => setPassword(e.currentTarget.value)} />
      </label>
      {link.hasPassword && (
        <label class="inline"><input type="checkbox" checked={dropPassword} onChange={(e) => setDropPassword(e.currentTarget.checked)} /> Remove the password</label>
      )}
      <label>
        Expires (empty: never)
        <input type="date" min={today()} value={day} onInput={(e) => setDay(e.currentTarget.value)} />
      </label>
      {link.mode === "read" && (
        <label>
          Download limit (empty: none)
          <input type="number" min={1} step={1} inputMode="numeric" value={limit} onInput={(e) => setLimit(e.currentTarget.value)} />
        </label>
      )}
      <div class="buttons">
        <button type="button" onClick={onCancel}>Cancel</button>
        <button type="submit" class="primary">Save</button>
      </div>
    </form>
  );
}
