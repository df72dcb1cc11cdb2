import { useEffect, useState } from "preact/hooks";
import { ApiError } from "../api/http";
import { passkeyMessage, passkeysApi, passkeysSupported } from "../api/passkeys";
import type { PasskeyInfo } from "../api/types";
import { formatDate } from "../util/format";
import { toast, toastError } from "../util/toast";

type Editing = { kind: "none" } | { kind: "rename"; passkey: PasskeyInfo } | { kind: "remove"; passkey: PasskeyInfo };

/**
 * Passkeys: add one under a name (the browser asks the authenticator: phone, laptop, security key), see when each was
 * added and last used, rename one, remove one with the password. A passkey signs in without a password, or is the second
 * factor after it.
 */
export function PasskeysSection({ onChanged }: { onChanged: () => void }) {
  const [list, setList] = useState<PasskeyInfo[] | null>(null);
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [editing, setEditing] = useState<Editing>({ kind: "none" });
  const load = () => passkeysApi.list().then(setList, toastError);
  useEffect(() => { void load(); }, []);
  const add = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError("");
    try {
      const added = await passkeysApi.add(name.trim());
      toast(`Passkey “${added.name}” added.`);
      setName("");
      await load();
      onChanged();
    } catch (err) {
      setError(passkeyMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const done = async (message: string) => { toast(message); setEditing({ kind: "none" }); await load(); onChanged(); };
  return (
    <section class="settings-section" aria-labelledby="passkeys-title">
      <h2 id="passkeys-title">Passkeys</h2>
      <p class="muted">A passkey signs you in with your fingerprint, face or device PIN instead of a password, or confirms a sign-in after your password. It stays on your phone, computer or security key and cannot be phished.</p>
      {list === null ? <p role="status">Loading…</p> : list.length === 0 ? <p>No passkeys yet.</p> : (
        <table class="table" data-testid="passkeys">
          <thead><tr><th scope="col">Name</th><th scope="col">Added</th><th scope="col">Last used</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {list.map((p) => (
              <tr key={p.id} data-id={p.id}>
                <td>{p.name}</td>
                <td>{formatDate(p.createdAt)}</td>
                <td>{p.lastUsedAt ? formatDate(p.lastUsedAt) : "Never"}</td>
                <td class="actions">
                  <button type="button" onClick={() => setEditing({ kind: "rename", passkey: p })} aria-label={`Rename ${p.name}`}>Rename</button>
                  <button type="button" class="danger" onClick={() => setEditing({ kind: "remove", passkey: p })} aria-label={`Remove ${p.name}`}>Remove</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing.kind === "rename" && (
        <Rename passkey={editing.passkey} onDone={() => done("Passkey renamed.")} onCancel={() => setEditing({ kind: "none" })} />
      )}
      {editing.kind === "remove" && (
        <Remove passkey={editing.passkey} onDone={() => done(`Passkey “${editing.passkey.name}” removed.`)} onCancel={() => setEditing({ kind: "none" })} />
      )}
      {editing.kind !== "none" ? null : passkeysSupported() ? (
        <form class="inline-form" onSubmit={add}>
          <label class="grow">Passkey name<input name="passkey-name" required maxLength={100} value={name} placeholder="e.g. Work laptop"
            onInput={(e) => setName(e.currentTarget.value)} /></label>
          <button type="submit" class="primary" disabled={busy}>Add a passkey</button>
        </form>
      ) : (
        <p class="notice" role="note">This browser cannot use passkeys here: open Depot over https (or on localhost) in a current browser.</p>
      )}
      {error && <p class="error" role="alert">{error}</p>}
    </section>
  );
}

function Rename({ passkey, onDone, onCancel }: { passkey: PasskeyInfo; onDone: () => void; onCancel: () => void }) {
  const [name, setName] = useState(passkey.name);
  const [error, setError] = useState("");
  const submit = async (e: Event) => {
    e.preventDefault();
    setError("");
    try {
      await passkeysApi.rename(passkey.id, name.trim());
      onDone();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <form class="inline-form" onSubmit={submit} aria-label={`Rename passkey ${passkey.name}`}>
      <label class="grow">New name<input required maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} autoFocus /></label>
      <button type="button" onClick={onCancel}>Cancel</button>
      <button type="submit" class="primary">Save name</button>
      {error && <p class="error" role="alert">{error}</p>}
    </form>
  );
}

function Remove({ passkey, onDone, onCancel }: { passkey: PasskeyInfo; onDone: () => void; onCancel: () => void }) {
  const [password, setPassword] = useState("");
  const [error, setError] = useState("");
  const submit = async (e: Event) => {
    e.preventDefault();
    setError("");
    try {
      await passkeysApi.remove(passkey.id, password);
      onDone();
    } catch (err) {
      setError(err instanceof ApiError && err.code === "invalid_credentials" ? "That password is not right." : (err as Error).message);
    }
  };
  return (
    <form class="stack narrow" onSubmit={submit} aria-label={`Remove passkey ${passkey.name}`}>
      <p>Removing “{passkey.name}” means it can no longer sign you in. Confirm with your password.</p>
      <label>Password<input type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} autoFocus /></label>
      {error && <p class="error" role="alert">{error}</p>}
      <div class="buttons start"><button type="button" onClick={onCancel}>Cancel</button><button type="submit" class="danger">Remove passkey</button></div>
    </form>
  );
}
