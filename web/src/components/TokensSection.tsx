import { useState } from "preact/hooks";
import { accountApi } from "../api/account";
import type { CreatedToken } from "../api/types";
import { toastError } from "../util/toast";
import { SecretReveal } from "./SecretReveal";
import { SessionsView } from "./SessionsView";

/** Personal access tokens for scripts and the REST API (Authorization: Bearer), and every open session, to revoke. */
export function TokensSection({ onSignedOut }: { onSignedOut: () => void }) {
  const [name, setName] = useState("");
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [reload, setReload] = useState(0);
  const create = async (e: Event) => {
    e.preventDefault();
    try {
      setCreated(await accountApi.createToken(name.trim()));
      setName("");
      setReload(reload + 1);
    } catch (err) {
      toastError(err);
    }
  };
  return (
    <section class="settings-section" aria-labelledby="tokens-title">
      <h2 id="tokens-title">Sessions and personal tokens</h2>
      <p class="muted">A personal token lets a script use the API as you: send it as <code>Authorization: Bearer …</code>.</p>
      <form class="inline-form" onSubmit={create}>
        <label class="grow">Token name<input required maxLength={100} value={name} placeholder="e.g. backup script" onInput={(e) => setName(e.currentTarget.value)} /></label>
        <button type="submit" class="primary">Create token</button>
      </form>
      {created && (
        <div class="created-secret" role="group" aria-label="New personal token">
          <SecretReveal label="Personal token" value={created.token} testId="personal-token" />
          <p class="muted">Copy it now: it is shown only this once.</p>
          <div class="buttons start"><button type="button" onClick={() => setCreated(null)}>Done</button></div>
        </div>
      )}
      <SessionsView section reload={reload} onSignedOut={onSignedOut} />
    </section>
  );
}
