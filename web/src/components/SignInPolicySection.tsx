import { useEffect, useState } from "preact/hooks";
import { accountApi } from "../api/account";
import type { TwoFactorRequirement } from "../api/types";
import { toast, toastError } from "../util/toast";

const choices: [TwoFactorRequirement, string][] = [
  ["optional", "Optional: each user decides"],
  ["admins", "Required for administrators"],
  ["everyone", "Required for everyone"],
];

/** Admins: who must use two-factor sign-in. New sign-ins of those accounts must enrol before anything else. */
export function SignInPolicySection() {
  const [require, setRequire] = useState<TwoFactorRequirement | null>(null);
  useEffect(() => { accountApi.twoFactorRequirement().then((s) => setRequire(s.require), toastError); }, []);
  const change = async (value: TwoFactorRequirement) => {
    try {
      setRequire((await accountApi.setTwoFactorRequirement(value)).require);
      toast("Saved.");
    } catch (err) {
      toastError(err);
    }
  };
  return (
    <section class="settings-section" aria-labelledby="policy-title">
      <h2 id="policy-title">Sign-in policy <span class="badge">admin</span></h2>
      {require === null ? <p role="status">Loading…</p> : (
        <fieldset class="choices">
          <legend>Two-factor sign-in</legend>
          {choices.map(([value, label]) => (
            <label class="inline" key={value}>
              <input type="radio" name="require" value={value} checked={require === value} onChange={() => change(value)} /> {label}
            </label>
          ))}
        </fieldset>
      )}
      <p class="muted">Sessions already open keep working; the next sign-in of an account that must use it asks to set it up first. To help someone who lost their phone, use Reset two-factor on the Users page.</p>
    </section>
  );
}
