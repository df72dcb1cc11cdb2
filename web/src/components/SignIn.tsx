import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api/client";
import { ApiError, resetCsrf } from "../api/http";

/**
 * Username and password; then, for an account with two-factor sign-in (the server answers two_factor_required), a second
 * step for the code from the authenticator app or a recovery code. The password is kept in memory for that step only.
 */
export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [askCode, setAskCode] = useState(false);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const codeField = useRef<HTMLInputElement>(null);
  // autofocus only acts when a page loads: the code step appears later, so focus moves to it here.
  useEffect(() => { if (askCode) codeField.current?.focus(); }, [askCode]);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError("");
    try {
      await api.signIn(username, password, askCode ? code.trim() : undefined);
      resetCsrf();
      onSignedIn();
    } catch (err) {
      if (err instanceof ApiError && err.code === "two_factor_required") {
        setAskCode(true);
      } else {
        setError(messageFor(err));
        setCode("");
      }
    } finally {
      setBusy(false);
    }
  };
  const back = () => { setAskCode(false); setCode(""); setPassword(""); setError(""); };
  return (
    <main class="signin">
      <form class="card stack" onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">{askCode ? "Two-factor sign-in" : "Sign in to Depot"}</h1>
        {askCode ? (
          <>
            <p class="muted" id="code-help">Enter the 6-digit code from your authenticator app for {username}, or one of your recovery codes.</p>
            <label>Authentication code
              <input ref={codeField} name="code" autoComplete="one-time-code" inputMode="text" required value={code} aria-describedby="code-help"
                onInput={(e) => setCode(e.currentTarget.value)} spellcheck={false} autoCapitalize="off" />
            </label>
          </>
        ) : (
          <>
            <label>Username<input name="username" autoComplete="username" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} autoFocus /></label>
            <label>Password<input name="password" type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} /></label>
          </>
        )}
        {error && <p class="error" role="alert">{error}</p>}
        <div class="signin-buttons">
          {askCode && <button type="button" onClick={back}>Back</button>}
          <button type="submit" class="primary" disabled={busy}>{askCode ? "Verify" : "Sign in"}</button>
        </div>
      </form>
    </main>
  );
}

function messageFor(err: unknown): string {
  if (err instanceof ApiError && err.code === "too_many_attempts") return "Too many attempts. Wait a moment and try again.";
  if (err instanceof ApiError && err.code === "invalid_two_factor_code") return "That code is wrong, expired or already used. Try the next code.";
  return (err as Error).message;
}
