import { api } from "../api/client";
import { resetCsrf } from "../api/http";
import { toastError } from "../util/toast";
import { PasskeysSection } from "./PasskeysSection";
import { TwoFactorSection } from "./TwoFactorSection";
import "./settings.css";

/** Shown instead of the app when an admin requires two-factor sign-in and this account has not set it up yet. */
export function EnrolRequired({ onDone, onSignedOut }: { onDone: () => void; onSignedOut: () => void }) {
  const signOut = async () => {
    try {
      await api.signOut();
    } catch (e) {
      toastError(e);
    }
    resetCsrf();
    onSignedOut();
  };
  return (
    <main class="enrol-required" aria-labelledby="enrol-required-title">
      <h1 id="enrol-required-title">Set up two-factor sign-in</h1>
      <TwoFactorSection onChanged={onDone} />
      <PasskeysSection onChanged={onDone} />
      <div class="buttons start"><button type="button" onClick={signOut}>Sign out</button></div>
    </main>
  );
}
