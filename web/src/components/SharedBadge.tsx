import { useEffect, useState } from "preact/hooks";
import { sharingApi } from "../api/client";
import { sharedSeenAt } from "../util/sharedSeen";

/**
 * The number of shares made with the user since they last opened "Shared with me", beside that link. A sibling of the
 * link (its description, not part of its name), so the link's name stays "Shared with me".
 */
export function SharedBadge({ username, id, refresh }: { username: string; id: string; refresh: unknown }) {
  const [count, setCount] = useState(0);
  useEffect(() => {
    let stale = false;
    const load = () => sharingApi.incoming().then((shares) => {
      const seen = sharedSeenAt(username);
      if (!stale) setCount(shares.filter((s) => Date.parse(s.createdAt) > seen).length);
    }, () => {});
    void load();
    addEventListener("depot:shared-seen", load);
    return () => { stale = true; removeEventListener("depot:shared-seen", load); };
  }, [username, refresh]);
  if (count === 0) return null;
  return <span id={id} class="nav-badge">{count}<span class="sr-only"> new</span></span>;
}
