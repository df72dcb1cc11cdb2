import { useEffect, useRef, useState } from "preact/hooks";
import { renderMarkdown } from "../util/markdown";
import { previewKind, visibleName } from "../util/names";

// Text previews read at most this much; the rest is a download away. Files up to this size can be edited in place.
export const textLimit = 512 * 1024;

const isMarkdown = (name: string) => /\.(md|markdown)$/i.test(name);

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
      {kind === "pdf" && <iframe class="pdf-frame" src={inlineUrl} title={`PDF: ${visibleName(name)}`} />}
      {kind === "text" && <TextPreview url={downloadUrl} size={size} markdown={isMarkdown(name)} />}
      {kind === null && <p>No preview for this type of file.</p>}
    </div>
  );
}

function TextPreview({ url, size, markdown }: { url: string; size: number; markdown: boolean }) {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    fetch(url, { credentials: "same-origin", headers: { Range: `bytes=0-${textLimit - 1}` }, signal: abort.signal })
      .then((r) => (r.ok ? r.text() : Promise.reject(new Error(r.statusText))))
      .then(setText, () => setText("The preview could not be loaded."));
    return () => abort.abort();
  }, [url]);
  if (text === null) return <p role="status">Loading…</p>;
  if (markdown) return <MarkdownView source={text} />;
  return <pre class="text-preview" tabIndex={0}>{text}{size > textLimit ? "\n…" : ""}</pre>;
}

function MarkdownView({ source }: { source: string }) {
  const target = useRef<HTMLDivElement>(null);
  useEffect(() => { if (target.current) renderMarkdown(target.current, source); }, [source]);
  return <div ref={target} class="markdown" tabIndex={0} data-testid="markdown" />;
}
