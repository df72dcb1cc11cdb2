import { json, request } from "./http";
import type { AppPasswordInfo, CreatedAppPassword, CreatedToken, TwoFactorRequirement, TwoFactorSetup, TwoFactorStatus } from "./types";

// The caller's own account (docs/api.md "Me" and "Two-factor sign-in") and the admins' sign-in settings.
export const accountApi = {
  changePassword: (currentPassword: string, newPassword: string) => request("PUT", "/api/v1/me/password", { currentPassword, newPassword }),

  twoFactor: () => json<TwoFactorStatus>("GET", "/api/v1/me/two-factor"),
  startTwoFactor: () => json<TwoFactorSetup>("POST", "/api/v1/me/two-factor"),
  confirmTwoFactor: (code: string) => json<{ recoveryCodes: string[] }>("POST", "/api/v1/me/two-factor/confirm", { code }),
  disableTwoFactor: (password: string, code: string) => request("POST", "/api/v1/me/two-factor/disable", { password, code }),
  regenerateRecoveryCodes: (password: string, code: string) =>
    json<{ recoveryCodes: string[] }>("POST", "/api/v1/me/two-factor/recovery-codes", { password, code }),

  appPasswords: () => json<AppPasswordInfo[]>("GET", "/api/v1/me/app-passwords"),
  createAppPassword: (name: string) => json<CreatedAppPassword>("POST", "/api/v1/me/app-passwords", { name }),
  revokeAppPassword: (id: string) => request("DELETE", `/api/v1/me/app-passwords/${encodeURIComponent(id)}`),

  createToken: (name: string) => json<CreatedToken>("POST", "/api/v1/me/tokens", { name }),

  twoFactorRequirement: () => json<{ require: TwoFactorRequirement }>("GET", "/api/v1/settings/two-factor"),
  setTwoFactorRequirement: (require: TwoFactorRequirement) => json<{ require: TwoFactorRequirement }>("PUT", "/api/v1/settings/two-factor", { require }),
  resetTwoFactor: (username: string) => request("DELETE", `/api/v1/users/${encodeURIComponent(username)}/two-factor`),
};
