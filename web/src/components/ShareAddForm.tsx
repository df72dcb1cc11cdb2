import { useEffect, useState } from "preact/hooks";
import { api, sharingApi } from "../api/client";
import type { NodeInfo, ShareRole } from "../api/types";
import { endOfDay, today } from "../util/expiry";
import { roleHint, roleName, roles } from "../util/roles";
import { toast } from "../util/toast";

let ids = 0;

/**
 * Share with a user (typed by name: only admins may list accounts, which is deliberate privacy) or a group (suggested
 * from the caller's groups, or every group for an admin). The server's refusal (user_not_found, role_too_high…) shows here.
 */
export function ShareAddForm({ item, isAdmin, onShared }: { item: NodeInfo; isAdmin?: boolean; onShared: () => void }) {
  const [kind, setKind] = useState<"user" | "group">("user");
  const [name, setName] = useState("");
  const [role, setRole] = useState<ShareRole>("viewer");
  const [day, setDay] = useState("");
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

  const submit = async (e: Event) => {
    e.preventDefault();
    const who = name.trim();
    if (!who) return;
    setBusy(true);
    try {
      await sharingApi.share({ path: item.path, ...(kind === "user" ? { user: who } : { group: who }), role, expiresAt: endOfDay(day) });
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
            placeholder={kind === "group" ? "e.g. design-team" : "their exact user name"} />
        </label>
        <datalist id={`${id}-names`}>{options.map((n) => <option key={n} value={n} />)}</datalist>
        {/* Not wrapped in its label: a wrapped select's option text would become part of the control's own name. */}
        <div class="field">
          <label for={`${id}-role`}>Role</label>
          <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.currentTarget.value as ShareRole)}>
            {roles.map((r) => <option key={r} value={r}>{roleName[r]}: {roleHint[r]}</option>)}
          </select>
        </div>
        <label>
          Expires (optional)
          <input type="date" min={today()} value={day} onInput={(e) => setDay(e.currentTarget.value)} />
        </label>
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      <div class="buttons"><button type="submit" class="primary" disabled={busy}>Share</button></div>
    </form>
  );
}
