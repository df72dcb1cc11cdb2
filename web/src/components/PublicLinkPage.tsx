import { useEffect, useState } from "preact/hooks";
import { ApiError } from "../api/http";
import { fetchLinkView } from "../api/publicLinks";
import type { PublicLinkView } from "../api/types";
import { useRoute } from "../router";
import { DropBoxPage } from "./DropBoxPage";
import { LinkPassword } from "./LinkPassword";
import { PublicFile } from "./PublicFile";
import { PublicFolder } from "./PublicFolder";
import { ThemeToggle } from "./ThemeToggle";
import { Toasts } from "./Toasts";
import "./PublicLinkPage.css";

type State =
  | { kind: "loading" }
  | { kind: "view"; view: PublicLinkView }
  | { kind: "password" }
  | { kind: "dead" }
  | { kind: "error"; message: string };

/**
 * What a visitor of /s/{token}/… sees: a file, a folder to browse, or a drop box to upload to; a password form first
 * when the link has one. Anonymous: no session, no navigation, no search. The server decides everything the view shows.
 */
export function PublicLinkPage() {
  const route = useRoute();
  const [token, path] = route.view === "link" ? [route.token, route.path] : ["", "/"];
  const [state, setState] = useState<State>({ kind: "loading" });
  const [unlocked, setUnlocked] = useState(0);

  useEffect(() => {
    if (!token) {
      setState({ kind: "dead" });
      return;
    }
    setState({ kind: "loading" });
    const abort = new AbortController();
    fetchLinkView(token, path, undefined, abort.signal).then(
      (view) => setState({ kind: "view", view }),
      (e) => {
        if (abort.signal.aborted) return;
        if (e instanceof ApiError && e.status === 401) setState({ kind: "password" });
        else if (e instanceof ApiError && e.status === 404) setState({ kind: "dead" });
        else setState({ kind: "error", message: e instanceof ApiError && e.retryAfter ? `${e.message} Try again in ${e.retryAfter} s.` : (e as Error).message });
      });
    return () => abort.abort();
  }, [token, path, unlocked]);

  useEffect(() => {
    document.title = state.kind === "view" ? `${state.view.name} · Depot` : "Shared with you · Depot";
  }, [state]);

  return (
    <div class="linkpage">
      <header class="link-top">
        <span class="brand">Depot</span>
        <ThemeToggle />
      </header>
      <main class="link-main" id="main">
        {state.kind === "loading" && <p role="status">Loading…</p>}
        {state.kind === "password" && <LinkPassword token={token} onUnlocked={() => setUnlocked((n) => n + 1)} onDead={() => setState({ kind: "dead" })} />}
        {state.kind === "dead" && <Dead />}
        {state.kind === "error" && <p class="error" role="alert">{state.message}</p>}
        {state.kind === "view" && state.view.mode === "dropbox" && <DropBoxPage token={token} view={state.view} />}
        {state.kind === "view" && state.view.mode === "read" && state.view.item.kind === "file" && <PublicFile token={token} view={state.view} />}
        {state.kind === "view" && state.view.mode === "read" && state.view.item.kind === "folder" && <PublicFolder token={token} view={state.view} />}
      </main>
      <Toasts />
    </div>
  );
}

function Dead() {
  return (
    <section class="link-card" aria-labelledby="dead-title">
      <h1 id="dead-title">Link not available</h1>
      <p>This link does not exist, has expired or was revoked.</p>
      <p class="muted">Ask the person who sent it for a new one.</p>
    </section>
  );
}
