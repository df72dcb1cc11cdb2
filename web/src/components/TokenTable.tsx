import type { TokenInfo } from "../api/types";
import { formatDate, formatUntil } from "../util/format";

const kinds: Record<string, string> = { web: "Browser session", session: "App sign-in", personal: "Personal access token", "app-password": "App password" };

/** Sessions and personal tokens with a revoke button each (the current session's signs out). */
export function TokenTable({ tokens, onRevoke }: { tokens: TokenInfo[]; onRevoke: (t: TokenInfo) => void }) {
  return (
    <table class="table">
      <thead><tr><th scope="col">Kind</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">From</th><th scope="col">Expires</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
      <tbody>
        {tokens.map((t) => (
          <tr key={t.id} data-kind={t.kind} data-id={t.id}>
            <td>{kinds[t.kind] ?? t.kind}{t.name ? `: ${t.name}` : ""}{t.current && <strong> (this session)</strong>}</td>
            <td>{formatDate(t.createdAt)}</td>
            <td>{t.lastUsedAt ? formatDate(t.lastUsedAt) : "—"}</td>
            <td>{t.createdFrom ?? "—"}</td>
            <td>{formatUntil(t.expiresAt)}</td>
            <td class="actions"><button type="button" class="danger" onClick={() => onRevoke(t)}>{t.current ? "Sign out" : "Revoke"}</button></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
