import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import { resetCsrf } from "../api/http";
import type { TokenInfo } from "../api/types";
import { formatDate } from "../util/format";
import { toastError } from "../util/toast";

const kinds: Record<string, string> = { web: "Browser session", session: "App sign-in", personal: "Personal access token" };

export function SessionsView({ onSignedOut }: { onSignedOut: () => void }) {
  const [tokens, setTokens] = useState<TokenInfo[] | null>(null);
  const load = () => api.tokens().then(setTokens, toastError);
  useEffect(() => { void load(); }, []);
  const revoke = async (t: TokenInfo) => {
    try {
      await api.revokeToken(t.id);
      if (t.current) { resetCsrf(); onSignedOut(); return; }
      await load();
    } catch (e) {
      toastError(e);
    }
  };
  return (
    <section aria-labelledby="sessions-title" class="page">
      <h1 id="sessions-title">Sessions and tokens</h1>
      {tokens === null ? <p role="status">Loading…</p> : (
        <table class="table">
          <thead><tr><th scope="col">Kind</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">From</th><th scope="col">Expires</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id} data-kind={t.kind} data-id={t.id}>
                <td>{kinds[t.kind] ?? t.kind}{t.name ? `: ${t.name}` : ""}{t.current && <strong> (this session)</strong>}</td>
                <td>{formatDate(t.createdAt)}</td>
                <td>{t.lastUsedAt ? formatDate(t.lastUsedAt) : "—"}</td>
                <td>{t.createdFrom ?? "—"}</td>
                <td>{formatDate(t.expiresAt)}</td>
                <td class="actions"><button type="button" class="danger" onClick={() => revoke(t)}>{t.current ? "Sign out" : "Revoke"}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
