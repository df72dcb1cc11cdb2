import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import { groupsApi } from "../api/groups";
import type { GroupMemberInfo } from "../api/types";
import { formatDate } from "../util/format";
import { Dialog } from "./Dialog";
import { Name } from "./Name";
import { groupError } from "./groupErrors";

/** One group's members: remove any, add one by username with the accounts offered as suggestions. */
export function GroupMembersDialog({ group, onChanged, onClose }: { group: string; onChanged: () => void; onClose: () => void }) {
  const [members, setMembers] = useState<GroupMemberInfo[] | null>(null);
  const [users, setUsers] = useState<string[]>([]);
  const [username, setUsername] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const load = () => groupsApi.members(group).then(setMembers, (e) => setError(groupError(e, group)));
  useEffect(() => {
    void load();
    // Suggestions only: typing a name still works if the list cannot be loaded.
    api.users().then((all) => setUsers(all.map((u) => u.username)), () => setUsers([]));
  }, [group]);

  const change = async (work: () => Promise<unknown>, who: string) => {
    setBusy(true);
    setError("");
    try {
      await work();
      onChanged();
      await load();
      return true;
    } catch (e) {
      setError(groupError(e, group, who));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const add = async (e: Event) => {
    e.preventDefault();
    const name = username.trim();
    if (name && await change(() => groupsApi.addMember(group, name), name)) setUsername("");
  };

  const current = new Set((members ?? []).map((m) => m.username.toLowerCase()));
  return (
    <Dialog title={`Members of ${group}`} onClose={onClose}>
      <div class="stack">
        {members === null ? <p role="status">Loading…</p> : members.length === 0 ? <p class="muted">No members yet.</p> : (
          <ul class="members" aria-label="Members">
            {members.map((m) => (
              <li key={m.username} data-member={m.username}>
                <span class="member"><Name name={m.username} /><span class="muted">added {formatDate(m.addedAt)}</span></span>
                <button type="button" class="danger" disabled={busy} aria-label={`Remove ${m.username}`}
                  onClick={() => change(() => groupsApi.removeMember(group, m.username), m.username)}>Remove</button>
              </li>
            ))}
          </ul>
        )}
        <form class="add-member" onSubmit={add}>
          <label>Add a member
            <input list="group-member-suggestions" required autoComplete="off" placeholder="Username" value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
          </label>
          <datalist id="group-member-suggestions">
            {users.filter((u) => !current.has(u.toLowerCase())).map((u) => <option key={u} value={u} />)}
          </datalist>
          <button type="submit" class="primary" disabled={busy}>Add</button>
        </form>
        {error && <p class="error" role="alert">{error}</p>}
        <div class="buttons"><button type="button" onClick={onClose}>Done</button></div>
      </div>
    </Dialog>
  );
}
