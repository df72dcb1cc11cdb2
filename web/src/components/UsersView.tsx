import { useEffect, useState } from "preact/hooks";
import { accountApi } from "../api/account";
import { api } from "../api/client";
import { ApiError } from "../api/http";
import type { UserInfo } from "../api/types";
import { formatSize, parseSize } from "../util/format";
import { toast, toastError } from "../util/toast";
import { AdminTabs } from "./AdminTabs";
import { ConfirmDialog } from "./ConfirmDialog";
import { Dialog } from "./Dialog";
import { Name } from "./Name";

type Edit = null | { kind: "create" } | { kind: "password"; user: UserInfo } | { kind: "quota"; user: UserInfo };

/** Admin: accounts. onChanged reloads the signed-in user, who may just have changed their own account. */
export function UsersView({ onChanged }: { onChanged: () => void }) {
  const [users, setUsers] = useState<UserInfo[] | null>(null);
  const [edit, setEdit] = useState<Edit>(null);
  const [error, setError] = useState("");
  const load = () => api.users().then(setUsers, toastError);
  useEffect(() => { void load(); }, []);
  // Refusals stay on the page (not a passing toast): the last active admin cannot be disabled or demoted.
  const update = async (u: UserInfo, patch: { disabled?: boolean; isAdmin?: boolean }) => {
    setError("");
    try {
      await api.updateUser(u.username, patch);
      toast("Saved.");
      onChanged();
    } catch (e) {
      setError(e instanceof ApiError && e.code === "last_admin"
        ? `${u.username} is the last active administrator, so they cannot be disabled or lose admin rights. Make another user an administrator first.`
        : (e as Error).message);
    }
    await load();
  };
  // For someone who lost both the phone and the recovery codes; the server audits it.
  const [resetting, setResetting] = useState<UserInfo | null>(null);
  const resetTwoFactor = async (u: UserInfo) => {
    try {
      await accountApi.resetTwoFactor(u.username);
      toast("Two-factor sign-in reset.");
    } catch (e) {
      toastError(e);
    }
    await load();
  };
  return (
    <section aria-labelledby="users-title" class="page">
      <AdminTabs current="users" />
      <div class="page-head">
        <h1 id="users-title">Users</h1>
        <button type="button" class="primary" onClick={() => setEdit({ kind: "create" })}>New user</button>
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      {users === null ? <p role="status">Loading…</p> : (
        <table class="table">
          <thead><tr><th scope="col">User</th><th scope="col">Used</th><th scope="col">Quota</th><th scope="col">Status</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.username} data-user={u.username}>
                <td><Name name={u.username} />{u.isAdmin && <span class="badge">admin</span>}{u.twoFactorEnabled && <span class="badge">2FA</span>}</td>
                <td>{formatSize(u.usedBytes)}</td>
                <td>{u.quotaBytes == null ? "Unlimited" : formatSize(u.quotaBytes)}</td>
                <td>{u.disabled ? "Disabled" : "Active"}</td>
                <td class="actions">
                  <button type="button" onClick={() => update(u, { disabled: !u.disabled })}>{u.disabled ? "Enable" : "Disable"}</button>
                  <button type="button" onClick={() => update(u, { isAdmin: !u.isAdmin })}>{u.isAdmin ? "Remove admin" : "Make admin"}</button>
                  <button type="button" onClick={() => setEdit({ kind: "password", user: u })}>Reset password</button>
                  <button type="button" onClick={() => setEdit({ kind: "quota", user: u })}>Quota</button>
                  {u.twoFactorEnabled && <button type="button" onClick={() => setResetting(u)}>Reset two-factor</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {resetting && (
        <ConfirmDialog title={`Reset two-factor sign-in of ${resetting.username}`} action="Reset two-factor" danger
          onConfirm={() => resetTwoFactor(resetting)} onClose={() => setResetting(null)}>
          <p>They can then sign in with their password alone, and set two-factor sign-in up again.</p>
        </ConfirmDialog>
      )}
      {edit && <UserForm edit={edit} onDone={() => { setEdit(null); void load(); }} onClose={() => setEdit(null)} />}
    </section>
  );
}

function UserForm({ edit, onDone, onClose }: { edit: NonNullable<Edit>; onDone: () => void; onClose: () => void }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [quota, setQuota] = useState(edit.kind === "quota" && edit.user.quotaBytes != null ? String(edit.user.quotaBytes) : "");
  const [admin, setAdmin] = useState(false);
  const [error, setError] = useState("");
  const submit = async (e: Event) => {
    e.preventDefault();
    const bytes = parseSize(quota);
    if (bytes === undefined) return setError("Write the quota as bytes or with a unit, such as 10GiB; leave it empty for unlimited.");
    try {
      if (edit.kind === "create") await api.createUser(username, password, admin, bytes);
      if (edit.kind === "password") await api.setPassword(edit.user.username, password);
      if (edit.kind === "quota") await api.setQuota(edit.user.username, bytes);
      toast("Saved.");
      onDone();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const title = edit.kind === "create" ? "New user" : edit.kind === "password" ? `Reset password of ${edit.user.username}` : `Quota of ${edit.user.username}`;
  return (
    <Dialog title={title} onClose={onClose}>
      <form class="stack" onSubmit={submit}>
        {edit.kind === "create" && <label>Username<input required value={username} onInput={(e) => setUsername(e.currentTarget.value)} autoFocus /></label>}
        {edit.kind !== "quota" && <label>Password<input type="password" autoComplete="new-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} /></label>}
        {edit.kind !== "password" && <label>Quota (empty for unlimited)<input value={quota} placeholder="e.g. 10GiB" onInput={(e) => setQuota(e.currentTarget.value)} /></label>}
        {edit.kind === "create" && <label class="inline"><input type="checkbox" checked={admin} onChange={(e) => setAdmin(e.currentTarget.checked)} /> Administrator</label>}
        {edit.kind === "quota" && <p class="muted">Currently {edit.user.quotaBytes == null ? "unlimited" : formatSize(edit.user.quotaBytes)}.</p>}
        {error && <p class="error" role="alert">{error}</p>}
        <div class="buttons"><button type="button" onClick={onClose}>Cancel</button><button type="submit" class="primary">Save</button></div>
      </form>
    </Dialog>
  );
}
