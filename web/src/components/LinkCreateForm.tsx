import { useState } from "preact/hooks";
import { sharingApi } from "../api/client";
import type { CreatedLinkInfo, LinkInfo, NodeInfo } from "../api/types";
import { ExpiryChoice, expiresAt, noExpiry, type Expiry } from "./ExpiryChoice";

let ids = 0;

/** A new public link: read (download) or, for a folder, a drop box (upload only); optional password, expiry, download limit. */
export function LinkCreateForm({ item, folder, onCreated }: { item: NodeInfo; folder: boolean; onCreated: (c: CreatedLinkInfo) => void }) {
  const [mode, setMode] = useState<LinkInfo["mode"]>("read");
  const [password, setPassword] = useState("");
  const [expiry, setExpiry] = useState<Expiry>(noExpiry);
  const [limit, setLimit] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const [id] = useState(() => `link-new-${++ids}`);
  // Drop boxes take uploads, never count downloads: the limit applies to read links only.
  const read = mode === "read";
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      const created = await sharingApi.createLink({
        path: item.path, mode, password: password || undefined, expiresAt: expiresAt(expiry),
        maxDownloads: read && limit ? Number(limit) : undefined,
      });
      setPassword("");
      setLimit("");
      setExpiry(noExpiry);
      setError("");
      onCreated(created);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="link-add stack" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>New link</h3>
      {!folder && <p class="muted">Anyone with the link can download this file.</p>}
      {folder && (
        <fieldset class="segmented">
          <legend class="sr-only">Kind of link</legend>
          <label class="inline"><input type="radio" name={`${id}-mode`} checked={read} onChange={() => setMode("read")} /> Read: anyone with it can download</label>
          <label class="inline"><input type="radio" name={`${id}-mode`} checked={!read} onChange={() => setMode("dropbox")} /> Drop box: anyone with it can upload, but not see</label>
        </fieldset>
      )}
      <div class="share-add-fields">
        <label>
          Password (optional)
          <input type="password" autoComplete="new-password" maxLength={1024} value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        <ExpiryChoice value={expiry} onChange={setExpiry} />
        {read && (
          <label>
            Download limit (optional)
            <input type="number" min={1} step={1} inputMode="numeric" value={limit} onInput={(e) => setLimit(e.currentTarget.value)} />
          </label>
        )}
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      <div class="buttons"><button type="submit" class="primary" disabled={busy}>Create link</button></div>
    </form>
  );
}
