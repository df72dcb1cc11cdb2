import { useEffect, useState } from "preact/hooks";
import { accountApi } from "../api/account";
import { ApiError } from "../api/http";
import type { TwoFactorSetup, TwoFactorStatus } from "../api/types";
import { toast, toastError } from "../util/toast";
import { RecoveryCodes } from "./RecoveryCodes";

type Step = { kind: "idle" } | { kind: "enrol"; setup: TwoFactorSetup } | { kind: "codes"; codes: string[]; renewed?: boolean } | { kind: "disable" }
  | { kind: "regenerate" };

/**
 * Two-factor sign-in: off → scan the QR code (drawn by the server) or type the key, confirm with a code → the recovery
 * codes, shown once → on, with a form to turn it off (password and a code).
 */
export function TwoFactorSection({ onChanged }: { onChanged: () => void }) {
  const [status, setStatus] = useState<TwoFactorStatus | null>(null);
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const load = () => accountApi.twoFactor().then(setStatus, toastError);
  useEffect(() => { void load(); }, []);
  const start = async () => {
    try {
      setStep({ kind: "enrol", setup: await accountApi.startTwoFactor() });
    } catch (e) {
      toastError(e);
    }
  };
  const finish = () => { setStep({ kind: "idle" }); void load(); onChanged(); };
  return (
    <section class="settings-section" aria-labelledby="twofactor-title">
      <h2 id="twofactor-title">Two-factor sign-in</h2>
      {status === null ? <p role="status">Loading…</p> : step.kind === "enrol" ? (
        <Enrol setup={step.setup} onConfirmed={(codes) => setStep({ kind: "codes", codes })} onCancel={() => setStep({ kind: "idle" })} />
      ) : step.kind === "codes" ? (
        <RecoveryCodes codes={step.codes} onDone={finish} renewed={step.renewed} />
      ) : step.kind === "regenerate" ? (
        <Regenerate onDone={(codes) => setStep({ kind: "codes", codes, renewed: true })} onCancel={() => setStep({ kind: "idle" })} />
      ) : step.kind === "disable" ? (
        <Disable onDone={() => { toast("Two-factor sign-in is off."); finish(); }} onCancel={() => setStep({ kind: "idle" })} />
      ) : status.enabled ? (
        <>
          <p><strong class="on">On.</strong> Signing in asks for a code from your authenticator app. {status.recoveryCodesLeft} of 10 recovery codes left.</p>
          <p class="muted">WebDAV clients (Finder, Explorer, rclone) now need an app password: your account password no longer works there.</p>
          {status.required && <p class="muted">An administrator requires two-factor sign-in for your account, so it cannot be turned off here.</p>}
          <div class="buttons start">
            <button type="button" onClick={() => setStep({ kind: "regenerate" })}>New recovery codes…</button>
            {!status.required && <button type="button" onClick={() => setStep({ kind: "disable" })}>Turn off…</button>}
          </div>
        </>
      ) : (
        <>
          {status.required && <p class="notice" role="note">An administrator requires two-factor sign-in for your account. Turn it on to continue.</p>}
          <p>Off. With it on, signing in also needs a 6-digit code from an authenticator app on your phone (such as Aegis, Google Authenticator or 1Password).</p>
          <div class="buttons start"><button type="button" class="primary" onClick={start}>Set up two-factor sign-in</button></div>
        </>
      )}
    </section>
  );
}

function Enrol({ setup, onConfirmed, onCancel }: { setup: TwoFactorSetup; onConfirmed: (codes: string[]) => void; onCancel: () => void }) {
  // A fresh URL per enrolment, so the browser never shows a cached image of an earlier key.
  const [nonce] = useState(() => Date.now().toString(36));
  const [code, setCode] = useState("");
  const [error, setError] = useState("");
  const submit = async (e: Event) => {
    e.preventDefault();
    setError("");
    try {
      onConfirmed((await accountApi.confirmTwoFactor(code.trim())).recoveryCodes);
    } catch (err) {
      setError(err instanceof ApiError && err.code === "invalid_two_factor_code" ? "That code is not right. Check the phone's time and try the next code." : (err as Error).message);
    }
  };
  return (
    <form class="enrol" onSubmit={submit} aria-label="Set up two-factor sign-in">
      <ol class="steps">
        <li>Scan this QR code with your authenticator app.
          <img class="qr" src={`${setup.qrCodeUrl}?n=${nonce}`} width={240} height={240} alt="QR code holding your new two-factor key" />
        </li>
        <li>Or type this key into the app by hand:
          <code class="secret" data-testid="totp-secret">{setup.secret.replace(/(.{4})/g, "$1 ").trim()}</code>
        </li>
        <li>
          <label>Code shown by the app
            <input name="code" autoComplete="one-time-code" inputMode="numeric" required value={code} onInput={(e) => setCode(e.currentTarget.value)} autoFocus />
          </label>
        </li>
      </ol>
      {error && <p class="error" role="alert">{error}</p>}
      <div class="buttons start"><button type="button" onClick={onCancel}>Cancel</button><button type="submit" class="primary">Turn on</button></div>
    </form>
  );
}

function Disable({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [error, setError] = useState("");
  const submit = async (e: Event) => {
    e.preventDefault();
    setError("");
    try {
      await accountApi.disableTwoFactor(password, code.trim());
      onDone();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <form class="stack narrow" onSubmit={submit} aria-label="Turn off two-factor sign-in">
      <label>Password<input type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} autoFocus /></label>
      <label>Code from the app, or a recovery code<input autoComplete="one-time-code" required value={code} onInput={(e) => setCode(e.currentTarget.value)} /></label>
      {error && <p class="error" role="alert">{error}</p>}
      <div class="buttons start"><button type="button" onClick={onCancel}>Cancel</button><button type="submit" class="danger">Turn off two-factor sign-in</button></div>
    </form>
  );
}

/** New recovery codes: the password and a current code from the app; every old code stops working. */
function Regenerate({ onDone, onCancel }: { onDone: (codes: string[]) => void; onCancel: () => void }) {
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [error, setError] = useState("");
  const submit = async (e: Event) => {
    e.preventDefault();
    setError("");
    try {
      onDone((await accountApi.regenerateRecoveryCodes(password, code.trim())).recoveryCodes);
    } catch (err) {
      setError(err instanceof ApiError && err.code === "invalid_credentials" ? "The password or the code is not right." : (err as Error).message);
    }
  };
  return (
    <form class="stack narrow" onSubmit={submit} aria-label="New recovery codes">
      <p>New codes replace all your old ones, used or not. Confirm with your password and a code from the app.</p>
      <label>Password<input type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} autoFocus /></label>
      <label>Code from the app<input name="code" autoComplete="one-time-code" inputMode="numeric" required value={code} onInput={(e) => setCode(e.currentTarget.value)} /></label>
      {error && <p class="error" role="alert">{error}</p>}
      <div class="buttons start"><button type="button" onClick={onCancel}>Cancel</button><button type="submit" class="primary">Make new codes</button></div>
    </form>
  );
}
