import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, sharingApi } from "../api/client";
import type { AuditEventInfo, NodeInfo, ShareInfo } from "../api/types";
import { formatDate } from "../util/format";
import { roleName } from "../util/roles";
import { toastError } from "../util/toast";
import { Icon } from "./Icon";
import { Name } from "./Name";

interface Entry { key: string; at: string; icon: string; text: ComponentChildren }

// What happened to the user's items, in words, from the audit log (uploads and edits are not audited: they come from
// the recent files). Account events (sign-ins, tokens) are left to Sessions and Settings.
const phrases: Record<string, string> = {
  "file.delete": "moved to the trash", "trash.restore": "restored from the trash", "trash.purge": "deleted for good",
  "version.restore": "restored an earlier version of", "share.create": "shared", "share.update": "changed the sharing of",
  "share.revoke": "stopped sharing", "share.mount": "added to their files", "share.unmount": "removed from their files",
  "link.create": "made a public link to", "link.update": "changed the public link to", "link.revoke": "revoked the public link to",
  "link.download": "downloaded through a link", "link.upload": "uploaded through a drop box into", "link.password_failed": "tried a wrong link password for",
};

/**
 * Activity: one timeline, newest first, of what changed in the user's files (recent changes and the audit log's events
 * on their items, by whoever did them) and what others shared with them.
 */
export function ActivityView({ username }: { username: string }) {
  const [entries, setEntries] = useState<Entry[] | null>(null);
  useEffect(() => {
    Promise.all([api.recent(), sharingApi.incoming(), api.audit()]).then(([recent, incoming, audit]) => {
      const all = [...recent.map(changed), ...incoming.map(shared), ...audit.items.filter((e) => e.owner === username && phrases[e.action]).map((e) => event(e, username))];
      setEntries(all.sort((a, b) => Date.parse(b.at) - Date.parse(a.at)).slice(0, 100));
    }, (e) => { setEntries([]); toastError(e); });
  }, [username]);
  return (
    <section aria-labelledby="activity-title" class="page">
      <h1 id="activity-title">Activity</h1>
      {entries === null ? <p role="status">Loading…</p> : entries.length === 0 ? <p class="empty">Nothing has happened yet.</p> : (
        <ol class="activity">
          {entries.map((e) => (
            <li key={e.key}><Icon name={e.icon} /><span class="what">{e.text}</span><time dateTime={e.at}>{formatDate(e.at)}</time></li>
          ))}
        </ol>
      )}
    </section>
  );
}

const changed = (n: NodeInfo): Entry => ({ key: `c-${n.id}`, at: n.modifiedAt, icon: "file", text: <><Name name={n.path} /> changed</> });

const shared = (s: ShareInfo): Entry => ({
  key: `s-${s.id}`, at: s.createdAt, icon: s.kind === "folder" ? "shared-folder" : "shared-file",
  text: <><Name name={s.owner} /> shared <Name name={s.name} /> with {s.granteeKind === "group" ? <>your group <Name name={s.grantee} /></> : "you"} ({roleName[s.role]})</>,
});

const event = (e: AuditEventInfo, me: string): Entry => ({
  key: `a-${e.id}`, at: e.at, icon: e.action.startsWith("link.") ? "link" : e.action.startsWith("share.") ? "group" : "file",
  text: <>{e.actor === me ? "You" : e.actor ? <Name name={e.actor} /> : "A visitor"} {phrases[e.action]} {e.path ? <Name name={e.path} /> : "an item"}</>,
});
