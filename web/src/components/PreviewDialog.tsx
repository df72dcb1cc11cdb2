import { useState } from "preact/hooks";
import { downloadUrl, inlineUrl } from "../api/client";
import type { NodeInfo } from "../api/types";
import { formatSize } from "../util/format";
import { previewKind, visibleName } from "../util/names";
import { Dialog } from "./Dialog";
import { Preview, textLimit } from "./Preview";
import { TextEditor } from "./TextEditor";

/** A file's preview (see Preview), its size, its versions, a download, and for text up to textLimit an editor. */
export function PreviewDialog({ item, onClose, onVersions, onShare, onSaved }: {
  item: NodeInfo; onClose: () => void; onVersions: () => void; onShare?: () => void; onSaved?: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [seen, setSeen] = useState(0);   // a new key after a save, so the preview reads the new text
  const editable = onSaved !== undefined && previewKind(item.name) === "text" && item.size <= textLimit;
  return (
    <Dialog title={visibleName(item.name)} onClose={onClose} wide>
      {editing
        ? <TextEditor item={item} onSaved={() => { setSeen((n) => n + 1); onSaved?.(); }} onClose={() => setEditing(false)} onCopied={onClose} />
        : <Preview key={seen} name={item.name} size={item.size} inlineUrl={inlineUrl(item.path)} downloadUrl={downloadUrl(item.path)} />}
      {!editing && (
        <div class="buttons">
          <span class="muted">{formatSize(item.size)}</span>
          {editable && <button type="button" onClick={() => setEditing(true)}>Edit</button>}
          <button type="button" onClick={onVersions}>Versions</button>
          {onShare && <button type="button" onClick={onShare}>Share</button>}
          <a class="button primary" href={downloadUrl(item.path)} download>Download</a>
        </div>
      )}
    </Dialog>
  );
}
