import { useState } from "preact/hooks";
import { accountApi } from "../api/account";
import { toast } from "../util/toast";

/** Change the account password; the server ends every other session when it changes. */
export function PasswordSection() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [again, setAgain] = useState("");
  const [error, setError] = useState("");
  const submit = async (e: Event) => {
    e.preventDefault();
    setError("");
    if (next !== again) return setError("The new passwords do not match.");
    try {
      await accountApi.changePassword(current, next);
      setCurrent(""); setNext(""); setAgain("");
      toast("Password changed. Other sessions were signed out.");
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <section class="settings-section" aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      <form class="stack narrow" onSubmit={submit}>
        <label>Current password<input type="password" autoComplete="current-password" required value={current} onInput={(e) => setCurrent(e.currentTarget.value)} /></label>
        <label>New password<input type="password" autoComplete="new-password" required value={next} onInput={(e) => setNext(e.currentTarget.value)} /></label>
        <label>Repeat new password<input type="password" autoComplete="new-password" required value={again} onInput={(e) => setAgain(e.currentTarget.value)} /></label>
        {error && <p class="error" role="alert">{error}</p>}
        <div class="buttons start"><button type="submit" class="primary">Change password</button></div>
      </form>
    </section>
  );
}
