import { useEffect, useState } from "preact/hooks";
import { api, sharingApi } from "../api/client";
import type { NodeInfo, ShareRole } from "../api/types";
import { ExpiryChoice, expiresAt, noExpiry, type Expiry } from "./ExpiryChoice";
import { roleHint, roleName, roles } from "../util/roles";
import { toast } from "../util/toast";

let ids = 0;

/**
 * Share with a user (typed by name, suggested among people the caller already shares with or is in a group with; only
 * admins may list every account, which is deliberate privacy) or a group (suggested from the caller's groups, or every
 * group for an admin). The server's refusal (user_not_found, role_too_high…) shows here.
 */
export function ShareAddForm({ item, isAdmin, onShared }: { item: NodeInfo; isAdmin?: boolean; onShared: () => void }) {
  const [kind, setKind] = useState<"user" | "group">("user");
  const [name, setName] = useState("");
  const [role, setRole] = useState<ShareRole>("viewer");
  const [expiry, setExpiry] = useState<Expiry>(noExpiry);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const [suggestions, setSuggestions] = useState<{ users: string[]; groups: string[] }>({ users: [], groups: [] });
  const [id] = useState(() => `share-add-${++ids}`);
  useEffect(() => {
    if (isAdmin === undefined) return;
    // Suggestions are a convenience: if they cannot be listed, names can still be typed.
    sharingApi.groupsFor(isAdmin).then((g) => setSuggestions((s) => ({ ...s, groups: g.map((x) => x.name) })), () => {});
    if (isAdmin) api.users().then((u) => setSuggestions((s) => ({ ...s, users: u.map((x) => x.username) })), () => {});
  }, [isAdmin]);
  // Others get people they already share with or are in a group with, as they type (GET /api/v1/contacts; no directory).
  useEffect(() => {
    const q = name.trim();
    if (isAdmin !== false || kind !== "user" || !q) return;
    const timer = setTimeout(() => {
      sharingApi.contacts(q).then((c) => setSuggestions((s) => ({ ...s, users: c.map((x) => x.username) })), () => {});
    }, 150);
    return () => clearTimeout(timer);
  }, [name, kind, isAdmin]);

  const submit = async (e: Event) => {
    e.preventDefault();
    const who = name.trim();
    if (!who) return;
    setBusy(true);
    try {
      await sharingApi.share({ path: item.path, ...(kind === "user" ? { user: who } : { group: who }), role, expiresAt: expiresAt(expiry) });
      toast(`Shared with ${who} as ${roleName[role].toLowerCase()}.`);
      setName("");
      setError("");
      onShared();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const options = kind === "group" ? suggestions.groups : suggestions.users;
  return (
    <form class="share-add stack" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Add people</h3>
      <fieldset class="segmented">
        <legend class="sr-only">Share with a</legend>
        <label class="inline"><input type="radio" name={`${id}-kind`} checked={kind === "user"} onChange={() => setKind("user")} /> User</label>
        <label class="inline"><input type="radio" name={`${id}-kind`} checked={kind === "group"} onChange={() => setKind("group")} /> Group</label>
      </fieldset>
      <div class="share-add-fields">
        <label>
          {kind === "group" ? "Group name" : "User name"}
          <input value={name} required autoComplete="off" list={options.length ? `${id}-names` : undefined} onInput={(e) => setName(e.currentTarget.value)}
            placeholder={kind === "group" ? "e.g. design-team" : "their user name"} />
        </label>
        <datalist id={`${id}-names`}>{options.map((n) => <option key={n} value={n} />)}</datalist>
        {/* Not wrapped in its label: a wrapped select's option text would become part of the control's own name. */}
        <div class="field">
          <label for={`${id}-role`}>Role</label>
          {/* Only the role's name in the box, so it fits; what it allows is said below it (and read with it). */}
          <select id={`${id}-role`} value={role} aria-describedby={`${id}-role-hint`} onChange={(e) => setRole(e.currentTarget.value as ShareRole)}>
            {roles.map((r) => <option key={r} value={r}>{roleName[r]}</option>)}
          </select>
          <span id={`${id}-role-hint`} class="hint">{roleName[role]} {roleHint[role]}.</span>
        </div>
        <ExpiryChoice value={expiry} onChange={setExpiry} />
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      <div class="buttons"><button type="submit" class="primary" disabled={busy}>Share</button></div>
    </form>
  );
}
