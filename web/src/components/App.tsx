import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import { resetCsrf, setUnauthenticatedHandler } from "../api/http";
import type { UserInfo } from "../api/types";
import { useRoute } from "../router";
import { FileBrowser } from "./FileBrowser";
import { GroupsView } from "./GroupsView";
import { SearchView } from "./SearchView";
import { SessionsView } from "./SessionsView";
import { SharedView } from "./SharedView";
import { Shell } from "./Shell";
import { SignIn } from "./SignIn";
import { Toasts } from "./Toasts";
import { TrashView } from "./TrashView";
import { UsersView } from "./UsersView";

export function App() {
  const [me, setMe] = useState<UserInfo | null | undefined>(undefined);
  const route = useRoute();
  const load = () => api.me().then(setMe, () => setMe(null));
  useEffect(() => {
    setUnauthenticatedHandler(() => { resetCsrf(); setMe(null); });
    void load();
  }, []);

  if (me === undefined) return <p class="loading" role="status">Loading…</p>;
  if (me === null) return <><SignIn onSignedIn={load} /><Toasts /></>;
  return (
    <>
      <Shell me={me} route={route} onSignedOut={() => setMe(null)}>
        {route.view === "files" && <FileBrowser path={route.path} onChanged={load} />}
        {route.view === "trash" && <TrashView onChanged={load} />}
        {route.view === "shared" && <SharedView />}
        {route.view === "search" && <SearchView q={route.q} />}
        {route.view === "sessions" && <SessionsView onSignedOut={() => setMe(null)} />}
        {route.view === "users" && me.isAdmin && <UsersView onChanged={load} />}
        {route.view === "groups" && me.isAdmin && <GroupsView />}
      </Shell>
      <Toasts />
    </>
  );
}
