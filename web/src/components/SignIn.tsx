import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api/client";
import { ApiError, resetCsrf } from "../api/http";
import { passkeyMessage, passkeysApi, passkeysSupported } from "../api/passkeys";
import type { PasskeyCeremony } from "../api/types";

/** The second step of a sign-in: which second factors the account offers. */
type Second = { hasPasskey: boolean; ceremony: PasskeyCeremony | null; code: boolean };

/**
 * Username and password; then, for an account with a second factor (the server answers two_factor_required), a second
 * step: its passkey, or the code from the authenticator app or a recovery code. The password is kept in memory for that
 * step only. "Use a passkey" (not named "Sign in…", which the password button is) skips both: the browser offers the passkeys it holds for this site.
 */
export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [second, setSecond] = useState<Second | null>(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const codeField = useRef<HTMLInputElement>(null);
  const passkeyButton = useRef<HTMLButtonElement>(null);
  const supported = passkeysSupported();
  // autofocus only acts when a page loads: the second step appears later, so focus moves to it here.
  useEffect(() => {
    if (second?.code) codeField.current?.focus();
    else if (second?.hasPasskey) passkeyButton.current?.focus();
  }, [second]);
  const signedIn = () => { resetCsrf(); onSignedIn(); };

  // The ceremony for this account's passkeys, or null when it has none (then only a code will do).
  const secondFactorCeremony = async (): Promise<PasskeyCeremony | null> => {
    if (!supported) return null;
    try {
      return await passkeysApi.beginSecondFactor(username, password);
    } catch (err) {
      if (err instanceof ApiError && err.code === "passkey_not_found") return null;
      throw err;
    }
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError("");
    try {
      await api.signIn(username, password, second ? code.trim() : undefined);
      signedIn();
    } catch (err) {
      if (err instanceof ApiError && err.code === "two_factor_required") {
        try {
          const ceremony = await secondFactorCeremony();
          setSecond({ hasPasskey: ceremony !== null, ceremony, code: ceremony === null || ceremony.codeAccepted === true });
        } catch (inner) {
          setError(messageFor(inner));
        }
      } else {
        setError(messageFor(err));
        setCode("");
      }
    } finally {
      setBusy(false);
    }
  };

  const usePasskey = async () => {
    setBusy(true);
    setError("");
    try {
      // A ceremony is single-use: after a cancelled prompt, the next try asks the server for a fresh one.
      const ceremony = second?.ceremony ?? await secondFactorCeremony();
      setSecond((s) => (s ? { ...s, ceremony: null } : s));
      if (!ceremony) return;
      await passkeysApi.finishSignIn(ceremony);
      signedIn();
    } catch (err) {
      setError(messageFor(err));
    } finally {
      setBusy(false);
    }
  };

  const passwordless = async () => {
    setBusy(true);
    setError("");
    try {
      await passkeysApi.signIn();
      signedIn();
    } catch (err) {
      setError(messageFor(err));
    } finally {
      setBusy(false);
    }
  };

  const back = () => { setSecond(null); setCode(""); setPassword(""); setError(""); };
  return (
    <main class="signin">
      <form class="card stack" onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">{second ? "Two-factor sign-in" : "Sign in to Depot"}</h1>
        {second ? (
          <>
            {second.hasPasskey && (
              <>
                <p class="muted" id="passkey-help">Confirm it is you, {username}, with your passkey.</p>
                <button ref={passkeyButton} type="button" class={second.code ? "" : "primary"} onClick={usePasskey} disabled={busy}
                  aria-describedby="passkey-help" data-testid="use-passkey">Use your passkey</button>
              </>
            )}
            {second.code && (
              <>
                <p class="muted" id="code-help">{supported ? "Or enter" : "Enter"} the 6-digit code from your authenticator app for {username}, or one of your recovery codes.</p>
                <label>Authentication code
                  <input ref={codeField} name="code" autoComplete="one-time-code" inputMode="text" required value={code} aria-describedby="code-help"
                    onInput={(e) => setCode(e.currentTarget.value)} spellcheck={false} autoCapitalize="off" />
                </label>
              </>
            )}
          </>
        ) : (
          <>
            <label>Username<input name="username" autoComplete="username webauthn" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} autoFocus /></label>
            <label>Password<input name="password" type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} /></label>
          </>
        )}
        {error && <p class="error" role="alert">{error}</p>}
        <div class="signin-buttons">
          {second && <button type="button" onClick={back}>Back</button>}
          {(!second || second.code) && <button type="submit" class="primary" disabled={busy}>{second ? "Verify" : "Sign in"}</button>}
        </div>
        {!second && supported && (
          <div class="signin-passkey">
            <span class="muted" aria-hidden="true">or</span>
            <button type="button" onClick={passwordless} disabled={busy}>Use a passkey</button>
          </div>
        )}
      </form>
    </main>
  );
}

function messageFor(err: unknown): string {
  if (err instanceof ApiError && err.code === "too_many_attempts") return "Too many attempts. Wait a moment and try again.";
  if (err instanceof ApiError && err.code === "invalid_two_factor_code") return "That code is wrong, expired or already used. Try the next code.";
  if (err instanceof ApiError && err.code === "invalid_passkey") return "That passkey was not accepted. Try again, or use another way to sign in.";
  if (err instanceof ApiError && err.code === "invalid_passkey_challenge") return "The passkey request expired. Try again.";
  if (err instanceof ApiError) return err.message;
  return passkeyMessage(err);
}
