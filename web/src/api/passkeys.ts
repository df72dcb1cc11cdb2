import { json, request } from "./http";
import type { PasskeyCeremony, PasskeyInfo } from "./types";

// Passkeys (docs/api.md "Passkeys"): the server speaks WebAuthn's JSON forms (binary as base64url); the browser's
// navigator.credentials wants ArrayBuffers. These helpers convert both ways by hand rather than relying on
// PublicKeyCredential.parseCreationOptionsFromJSON/toJSON, which older browsers lack.

/** Whether this browser can use passkeys at all (and the page is a secure context). */
export const passkeysSupported = () => typeof window !== "undefined" && window.isSecureContext && "PublicKeyCredential" in window;

export const passkeysApi = {
  list: () => json<PasskeyInfo[]>("GET", "/api/v1/me/passkeys"),
  rename: (id: string, name: string) => json<PasskeyInfo>("PATCH", `/api/v1/me/passkeys/${encodeURIComponent(id)}`, { name }),
  remove: (id: string, password: string) => request("POST", `/api/v1/me/passkeys/${encodeURIComponent(id)}/remove`, { password }),

  /** Asks the authenticator for a new passkey and registers it under <name>. */
  add: async (name: string) => {
    const ceremony = await json<PasskeyCeremony>("POST", "/api/v1/me/passkeys/registration");
    const credential = await navigator.credentials.create({ publicKey: creationOptions(ceremony.options) });
    return json<PasskeyInfo>("POST", "/api/v1/me/passkeys", { challengeId: ceremony.challengeId, name, credential: toJson(credential) });
  },

  /** Passwordless sign-in: the browser offers the passkeys it has for this site. */
  signIn: async () => {
    const ceremony = await (await request("POST", "/api/v1/auth/passkeys/sign-in", undefined, {}, false)).json() as PasskeyCeremony;
    return finishSignIn(ceremony);
  },

  /** Checks the password and answers the ceremony for that account's passkeys (404 passkey_not_found when it has none). */
  beginSecondFactor: async (username: string, password: string) =>
    (await (await request("POST", "/api/v1/auth/passkeys/second-factor", { username, password }, {}, false)).json()) as PasskeyCeremony,

  finishSignIn: (ceremony: PasskeyCeremony) => finishSignIn(ceremony),
};

async function finishSignIn(ceremony: PasskeyCeremony) {
  const credential = await navigator.credentials.get({ publicKey: requestOptions(ceremony.options) });
  await request("POST", "/api/v1/auth/passkeys/session", { challengeId: ceremony.challengeId, credential: toJson(credential) }, {}, false);
}

type Json = Record<string, any>;

function creationOptions(o: Json): PublicKeyCredentialCreationOptions {
  return {
    ...o,
    challenge: fromBase64Url(o.challenge),
    user: { ...o.user, id: fromBase64Url(o.user.id) },
    excludeCredentials: (o.excludeCredentials ?? []).map((c: Json) => ({ ...c, id: fromBase64Url(c.id) })),
  } as PublicKeyCredentialCreationOptions;
}

function requestOptions(o: Json): PublicKeyCredentialRequestOptions {
  return {
    ...o,
    challenge: fromBase64Url(o.challenge),
    allowCredentials: (o.allowCredentials ?? []).map((c: Json) => ({ ...c, id: fromBase64Url(c.id) })),
  } as PublicKeyCredentialRequestOptions;
}

function toJson(credential: Credential | null): Json {
  if (!credential) throw new Error("No passkey was chosen.");
  const c = credential as PublicKeyCredential;
  const response: Json = { clientDataJSON: toBase64Url(c.response.clientDataJSON) };
  if (c.response instanceof AuthenticatorAttestationResponse) {
    const r = c.response;
    response.attestationObject = toBase64Url(r.attestationObject);
    response.transports = typeof r.getTransports === "function" ? r.getTransports() : [];
  } else {
    const r = c.response as AuthenticatorAssertionResponse;
    response.authenticatorData = toBase64Url(r.authenticatorData);
    response.signature = toBase64Url(r.signature);
    if (r.userHandle) response.userHandle = toBase64Url(r.userHandle);
  }
  return { id: c.id, rawId: toBase64Url(c.rawId), type: c.type, response, clientExtensionResults: c.getClientExtensionResults() };
}

function fromBase64Url(text: string): ArrayBuffer {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(text.length / 4) * 4, "=");
  const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
  return bytes.buffer;
}

function toBase64Url(buffer: ArrayBuffer): string {
  let binary = "";
  for (const b of new Uint8Array(buffer)) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** What went wrong with a passkey, in words: the browser's own errors are terse. */
export function passkeyMessage(err: unknown): string {
  const name = (err as Error)?.name;
  if (name === "NotAllowedError" || name === "AbortError") return "The passkey request was cancelled or timed out.";
  if (name === "InvalidStateError") return "This authenticator already holds a passkey for your account.";
  if (name === "SecurityError") return "Passkeys are not available at this address (it must be https, or localhost).";
  return (err as Error)?.message ?? String(err);
}
