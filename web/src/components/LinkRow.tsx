import { useState } from "preact/hooks";
import type { LinkInfo, UpdateLinkRequest } from "../api/types";
import { formatExpiry } from "../util/expiry";
import { LinkEditForm } from "./LinkEditForm";

const modeName = { read: "Read", dropbox: "Drop box" } as const;

/** One public link (never its token: that was shown once, at creation), with an inline editor below it. */
export function LinkRow({ link, onUpdate, onRevoke }: {
  link: LinkInfo; onUpdate: (patch: UpdateLinkRequest) => Promise<boolean>; onRevoke: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const what = `${modeName[link.mode].toLowerCase()} link`;
  return (
    <>
      <tr data-link={link.id} data-mode={link.mode}>
        <td>{modeName[link.mode]}</td>
        <td>{link.hasPassword ? "Yes" : "No"}</td>
        <td>{formatExpiry(link.expiresAt)}</td>
        <td class="downloads">{link.mode === "dropbox" ? "—" : link.maxDownloads != null ? `${link.downloads} of ${link.maxDownloads}` : `${link.downloads}`}</td>
        <td class="actions">
          <button type="button" aria-expanded={editing} aria-label={`Edit ${what}`} onClick={() => setEditing(!editing)}>Edit</button>
          <button type="button" class="danger" aria-label={`Revoke ${what}`} onClick={onRevoke}>Revoke</button>
        </td>
      </tr>
      {editing && (
        <tr class="link-edit">
          <td colSpan={5}>
            <LinkEditForm link={link} onSave={async (patch) => { if (await onUpdate(patch)) setEditing(false); }} onCancel={() => setEditing(false)} />
          </td>
        </tr>
      )}
    </>
  );
}
