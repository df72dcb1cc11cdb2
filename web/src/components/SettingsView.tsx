import type { UserInfo } from "../api/types";
import { AppPasswordsSection } from "./AppPasswordsSection";
import { AppearanceSection } from "./AppearanceSection";
import { PasskeysSection } from "./PasskeysSection";
import { PasswordSection } from "./PasswordSection";
import { SignInPolicySection } from "./SignInPolicySection";
import { TokensSection } from "./TokensSection";
import { TwoFactorSection } from "./TwoFactorSection";
import "./settings.css";

/** The caller's account: password, two-factor sign-in, passkeys, app passwords for WebDAV, tokens and sessions, the theme. */
export function SettingsView({ me, onChanged, onSignedOut }: { me: UserInfo; onChanged: () => void; onSignedOut: () => void }) {
  return (
    <section aria-labelledby="settings-title" class="page settings">
      <h1 id="settings-title">Settings</h1>
      <TwoFactorSection onChanged={onChanged} />
      <PasskeysSection onChanged={onChanged} />
      <AppPasswordsSection />
      <PasswordSection />
      <TokensSection onSignedOut={onSignedOut} />
      <AppearanceSection />
      {me.isAdmin && <SignInPolicySection />}
    </section>
  );
}
