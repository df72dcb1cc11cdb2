import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import { resetCsrf } from "../api/http";
import type { TokenInfo } from "../api/types";
import { toastError } from "../util/toast";
import { TokenTable } from "./TokenTable";

/** The caller's sessions and tokens; revoking the current one signs out. Also a section of Settings (heading level 2). */
export function SessionsView({ onSignedOut, section, reload = 0 }: { onSignedOut: () => void; section?: boolean; reload?: number }) {
  const [tokens, setTokens] = useState<TokenInfo[] | null>(null);
  const load = () => api.tokens().then(setTokens, toastError);
  useEffect(() => { void load(); }, [reload]);
  const revoke = async (t: TokenInfo) => {
    try {
      await api.revokeToken(t.id);
      if (t.current) { resetCsrf(); onSignedOut(); return; }
      await load();
    } catch (e) {
      toastError(e);
    }
  };
  const list = tokens === null ? <p role="status">Loading…</p> : <TokenTable tokens={tokens} onRevoke={revoke} />;
  if (section) return <div class="table-wrap">{list}</div>;
  return (
    <section aria-labelledby="sessions-title" class="page">
      <h1 id="sessions-title">Sessions and tokens</h1>
      {list}
    </section>
  );
}
