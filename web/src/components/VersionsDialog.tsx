import { useEffect, useState } from "preact/hooks";
import { api, downloadUrl } from "../api/client";
import type { NodeInfo, VersionInfo } from "../api/types";
import { formatInstant, formatSize } from "../util/format";
import { toast, toastError } from "../util/toast";
import { visibleName } from "../util/names";
import { Dialog } from "./Dialog";

export function VersionsDialog({ item, onChanged, onClose }: { item: NodeInfo; onChanged: () => void; onClose: () => void }) {
  const [versions, setVersions] = useState<VersionInfo[] | null>(null);
  const load = () => api.versions(item.path).then(setVersions, toastError);
  useEffect(() => { void load(); }, [item.path]);
  const restore = async (v: VersionInfo) => {
    try {
      await api.restoreVersion(item.path, v.id);
      toast("Version restored.");
      onChanged();
      await load();
    } catch (e) {
      toastError(e);
    }
  };
  return (
    <Dialog title={`Versions of ${visibleName(item.name)}`} onClose={onClose} wide>
      {versions === null ? <p role="status">Loading…</p> : (
        <table class="table">
          <thead><tr><th scope="col">Saved</th><th scope="col">By</th><th scope="col">Size</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.id} data-version={v.id}>
                <td><time dateTime={v.createdAt}>{formatInstant(v.createdAt)}</time>{v.current && <strong> (current)</strong>}</td>
                <td>{v.author ?? "—"}</td>
                <td>{formatSize(v.size)}</td>
                <td class="actions">
                  <a class="button" href={downloadUrl(item.path, v.id)} download aria-label={`Download the version of ${formatInstant(v.createdAt)}`}>Download</a>
                  {!v.current && <button type="button" onClick={() => restore(v)} aria-label={`Restore the version of ${formatInstant(v.createdAt)}`}>Restore</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Dialog>
  );
}
