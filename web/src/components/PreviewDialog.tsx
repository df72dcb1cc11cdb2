import { useEffect, useState } from "preact/hooks";
import { downloadUrl, inlineUrl } from "../api/client";
import type { NodeInfo } from "../api/types";
import { formatSize } from "../util/format";
import { previewKind, visibleName } from "../util/names";
import { Dialog } from "./Dialog";

// Text previews read at most this much; the rest is a download away.
const textLimit = 512 * 1024;

/** The browser's own viewers for safe types (the server serves only those inline); text as text; others download. */
export function PreviewDialog({ item, onClose, onVersions, onShare }: { item: NodeInfo; onClose: () => void; onVersions: () => void; onShare?: () => void }) {
  const kind = previewKind(item.name);
  return (
    <Dialog title={visibleName(item.name)} onClose={onClose} wide>
      <div class="preview">
        {kind === "image" && <img src={inlineUrl(item.path)} alt={visibleName(item.name)} />}
        {kind === "video" && <video src={inlineUrl(item.path)} controls />}
        {kind === "audio" && <audio src={inlineUrl(item.path)} controls />}
        {kind === "pdf" && <p><a href={inlineUrl(item.path)} target="_blank" rel="noopener noreferrer">Open the PDF in the browser's viewer</a></p>}
        {kind === "text" && <TextPreview item={item} />}
        {kind === null && <p>No preview for this type of file.</p>}
      </div>
      <div class="buttons">
        <span class="muted">{formatSize(item.size)}</span>
        <button type="button" onClick={onVersions}>Versions</button>
        {onShare && <button type="button" onClick={onShare}>Share</button>}
        <a class="button primary" href={downloadUrl(item.path)} download>Download</a>
      </div>
    </Dialog>
  );
}

function TextPreview({ item }: { item: NodeInfo }) {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    fetch(downloadUrl(item.path), { credentials: "same-origin", headers: { Range: `bytes=0-${textLimit - 1}` }, signal: abort.signal })
      .then((r) => (r.ok ? r.text() : Promise.reject(new Error(r.statusText))))
      .then(setText, () => setText("The preview could not be loaded."));
    return () => abort.abort();
  }, [item.path]);
  if (text === null) return <p role="status">Loading…</p>;
  return <pre class="text-preview" tabIndex={0}>{text}{item.size > textLimit ? "\n…" : ""}</pre>;
}
