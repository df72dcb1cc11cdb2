import { useState } from "preact/hooks";
import { api } from "../api/client";
import { ApiError, resetCsrf } from "../api/http";

export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError("");
    try {
      await api.signIn(username, password);
      resetCsrf();
      onSignedIn();
    } catch (err) {
      setError(err instanceof ApiError && err.code === "too_many_attempts" ? "Too many attempts. Wait a moment and try again." : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="signin">
      <form class="card stack" onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in to Depot</h1>
        <label>Username<input name="username" autoComplete="username" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} autoFocus /></label>
        <label>Password<input name="password" type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} /></label>
        {error && <p class="error" role="alert">{error}</p>}
        <button type="submit" class="primary" disabled={busy}>Sign in</button>
      </form>
    </main>
  );
}
