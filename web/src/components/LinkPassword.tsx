import { useState } from "preact/hooks";
import { ApiError } from "../api/http";
import { unlockLink } from "../api/publicLinks";

/** The password of a protected link: traded once for a cookie that opens this link (and only it) for a while. */
export function LinkPassword({ token, onUnlocked, onDead }: { token: string; onUnlocked: () => void; onDead: () => void }) {
  const [password, setPassword] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError("");
    try {
      await unlockLink(token, password);
      onUnlocked();
    } catch (err) {
      if (err instanceof ApiError && err.code === "link_not_found") return onDead();
      setError(messageFor(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="link-card stack" onSubmit={submit} aria-labelledby="password-title">
      <h1 id="password-title">This link is protected</h1>
      <p>Enter the password you were given to open it.</p>
      <label>Password
        <input type="password" name="password" autoComplete="off" required autoFocus value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
      </label>
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit" class="primary" disabled={busy}>Open</button>
    </form>
  );
}

function messageFor(err: unknown): string {
  if (!(err instanceof ApiError)) return (err as Error).message;
  if (err.code === "invalid_credentials") return "Wrong password.";
  if (err.status === 429) {
    return `Too many wrong passwords. Wait ${err.retryAfter ? `${err.retryAfter} seconds` : "a moment"} and try again.`;
  }
  return err.message;
}
