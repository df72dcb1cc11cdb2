import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import { resetCsrf, setUnauthenticatedHandler } from "../api/http";
import type { UserInfo } from "../api/types";
import { useRoute } from "../router";
import { FileBrowser } from "./FileBrowser";
import { GroupsView } from "./GroupsView";
import { PublicLinkPage } from "./PublicLinkPage";
import { SearchView } from "./SearchView";
import { EnrolRequired } from "./EnrolRequired";
import { SessionsView } from "./SessionsView";
import { SettingsView } from "./SettingsView";
import { SharedByMeView } from "./SharedByMeView";
import { StarredView } from "./StarredView";
import { ActivityView } from "./ActivityView";
import { SharedView } from "./SharedView";
import { Shell } from "./Shell";
import { SignIn } from "./SignIn";
import { Toasts } from "./Toasts";
import { TrashView } from "./TrashView";
import { UsersView } from "./UsersView";

// A link's visitor is anonymous: the link page renders without /api/v1/me (signed in or not, it is the same page).
// A page under /s/ stays there (it navigates only within the link), so the choice is made once.
export const App = () => (location.pathname.startsWith("/s/") ? <PublicLinkPage /> : <Workspace />);

/** The signed-in app: sign-in when there is no session, else the shell and the current view. */
function Workspace() {
  const [me, setMe] = useState<UserInfo | null | undefined>(undefined);
  const route = useRoute();
  const load = () => api.me().then(setMe, () => setMe(null));
  useEffect(() => {
    setUnauthenticatedHandler(() => { resetCsrf(); setMe(null); });
    void load();
  }, []);

  if (me === undefined) return <p class="loading" role="status">Loading…</p>;
  if (me === null) return <><SignIn onSignedIn={load} /><Toasts /></>;
  // An admin requires two-factor sign-in of this account: the server answers nothing else until it is on.
  if (me.twoFactorRequired && !me.twoFactorEnabled) return <><EnrolRequired onDone={load} onSignedOut={() => setMe(null)} /><Toasts /></>;
  return (
    <>
      <Shell me={me} route={route} onSignedOut={() => setMe(null)}>
        {route.view === "files" && <FileBrowser path={route.path} onChanged={load} />}
        {route.view === "trash" && <TrashView onChanged={load} />}
        {route.view === "shared" && <SharedView username={me.username} />}
        {route.view === "sharedByMe" && <SharedByMeView />}
        {route.view === "activity" && <ActivityView username={me.username} />}
        {(route.view === "favourites" || route.view === "recent") && <StarredView kind={route.view} />}
        {route.view === "search" && <SearchView q={route.q} />}
        {route.view === "sessions" && <SessionsView onSignedOut={() => setMe(null)} />}
        {route.view === "settings" && <SettingsView me={me} onChanged={load} onSignedOut={() => setMe(null)} />}
        {route.view === "users" && me.isAdmin && <UsersView onChanged={load} />}
        {route.view === "groups" && me.isAdmin && <GroupsView />}
      </Shell>
      <Toasts />
    </>
  );
}
