import { downloadUrl, inlineUrl } from "../api/client";
import type { NodeInfo } from "../api/types";
import { formatSize } from "../util/format";
import { visibleName } from "../util/names";
import { Dialog } from "./Dialog";
import { Preview } from "./Preview";

/** A file's preview (see Preview), its size, its versions and a download. */
export function PreviewDialog({ item, onClose, onVersions, onShare }: { item: NodeInfo; onClose: () => void; onVersions: () => void; onShare?: () => void }) {
  return (
    <Dialog title={visibleName(item.name)} onClose={onClose} wide>
      <Preview name={item.name} size={item.size} inlineUrl={inlineUrl(item.path)} downloadUrl={downloadUrl(item.path)} />
      <div class="buttons">
        <span class="muted">{formatSize(item.size)}</span>
        <button type="button" onClick={onVersions}>Versions</button>
        {onShare && <button type="button" onClick={onShare}>Share</button>}
        <a class="button primary" href={downloadUrl(item.path)} download>Download</a>
      </div>
    </Dialog>
  );
}
