import { useEffect, useState } from "preact/hooks";
import { accountApi } from "../api/account";
import type { AppPasswordInfo, CreatedAppPassword } from "../api/types";
import { formatDate } from "../util/format";
import { toastError } from "../util/toast";
import { Name } from "./Name";
import { SecretReveal } from "./SecretReveal";

/**
 * App passwords for WebDAV clients (Finder, Explorer, GNOME Files, rclone): a new one is shown once, beside the WebDAV
 * address and the user name, which is all a web-only user needs to connect a device.
 */
export function AppPasswordsSection() {
  const [list, setList] = useState<AppPasswordInfo[] | null>(null);
  const [name, setName] = useState("");
  const [created, setCreated] = useState<CreatedAppPassword | null>(null);
  const load = () => accountApi.appPasswords().then(setList, toastError);
  useEffect(() => { void load(); }, []);
  const create = async (e: Event) => {
    e.preventDefault();
    try {
      setCreated(await accountApi.createAppPassword(name.trim()));
      setName("");
      await load();
    } catch (err) {
      toastError(err);
    }
  };
  const revoke = async (p: AppPasswordInfo) => {
    try {
      await accountApi.revokeAppPassword(p.id);
      await load();
    } catch (err) {
      toastError(err);
    }
  };
  const davUrl = `${location.origin}/dav/`;
  return (
    <section class="settings-section" aria-labelledby="apppasswords-title">
      <h2 id="apppasswords-title">App passwords</h2>
      <p class="muted">For file managers and sync tools that connect over WebDAV. Each device gets its own password, which you can revoke alone.</p>
      <form class="inline-form" onSubmit={create}>
        <label class="grow">Device name<input required maxLength={100} value={name} placeholder="e.g. Work laptop Finder" onInput={(e) => setName(e.currentTarget.value)} /></label>
        <button type="submit" class="primary">Create app password</button>
      </form>
      {created && (
        <div class="created-secret" role="group" aria-labelledby="created-apppassword-title" data-testid="created-app-password">
          <h3 id="created-apppassword-title">Connect “{created.info.name}”</h3>
          <SecretReveal label="WebDAV address" value={davUrl} testId="dav-url" />
          <SecretReveal label="User name" value={created.username} testId="dav-username" />
          <SecretReveal label="App password" value={created.password} testId="app-password" />
          <p class="muted">Copy the password now: it is shown only this once. In Finder use Go → Connect to Server; in Windows Explorer, Map network drive; in rclone, a “webdav” remote.</p>
          <div class="buttons start"><button type="button" onClick={() => setCreated(null)}>Done</button></div>
        </div>
      )}
      {list === null ? <p role="status">Loading…</p> : list.length === 0 ? <p class="muted">No app passwords yet.</p> : (
        <div class="table-wrap"><table class="table">
          <thead><tr><th scope="col">Device</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {list.map((p) => (
              <tr key={p.id} data-app-password={p.name}>
                <td><Name name={p.name} /></td>
                <td>{formatDate(p.createdAt)}</td>
                <td>{p.lastUsedAt ? formatDate(p.lastUsedAt) : "Never"}</td>
                <td class="actions"><button type="button" class="danger" onClick={() => revoke(p)} aria-label={`Revoke ${p.name}`}>Revoke</button></td>
              </tr>
            ))}
          </tbody>
        </table></div>
      )}
    </section>
  );
}
