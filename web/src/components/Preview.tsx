import { useEffect, useState } from "preact/hooks";
import { previewKind, visibleName } from "../util/names";

// Text previews read at most this much; the rest is a download away.
const textLimit = 512 * 1024;

/**
 * The browser's own viewers for safe types (the server serves only those inline); text as text; others nothing.
 * `inlineUrl` serves the bytes inline, `downloadUrl` as an attachment: text is fetched from it and rendered as text,
 * so markup and SVG never become a document.
 */
export function Preview({ name, size, inlineUrl, downloadUrl }: { name: string; size: number; inlineUrl: string; downloadUrl: string }) {
  const kind = previewKind(name);
  return (
    <div class="preview">
      {kind === "image" && <img src={inlineUrl} alt={visibleName(name)} />}
      {kind === "video" && <video src={inlineUrl} controls />}
      {kind === "audio" && <audio src={inlineUrl} controls />}
      {kind === "pdf" && <p><a href={inlineUrl} target="_blank" rel="noopener noreferrer">Open the PDF in the browser's viewer</a></p>}
      {kind === "text" && <TextPreview url={downloadUrl} size={size} />}
      {kind === null && <p>No preview for this type of file.</p>}
    </div>
  );
}

function TextPreview({ url, size }: { url: string; size: number }) {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    fetch(url, { credentials: "same-origin", headers: { Range: `bytes=0-${textLimit - 1}` }, signal: abort.signal })
      .then((r) => (r.ok ? r.text() : Promise.reject(new Error(r.statusText))))
      .then(setText, () => setText("The preview could not be loaded."));
    return () => abort.abort();
  }, [url]);
  if (text === null) return <p role="status">Loading…</p>;
  return <pre class="text-preview" tabIndex={0}>{text}{size > textLimit ? "\n…" : ""}</pre>;
}
