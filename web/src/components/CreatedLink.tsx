import { useEffect, useRef, useState } from "preact/hooks";
import type { CreatedLinkInfo } from "../api/types";

/**
 * A new link's full URL, shown this once: the server keeps only a hash of its token, so it cannot be shown again.
 * Copy uses the Clipboard API; where that is refused, the text is selected for the user to copy themselves.
 */
export function CreatedLink({ created, onDone }: { created: CreatedLinkInfo; onDone: () => void }) {
  const field = useRef<HTMLInputElement>(null);
  const [note, setNote] = useState("");
  const url = location.origin + created.url;
  useEffect(() => { field.current?.focus(); field.current?.select(); }, [created.token]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setNote("Copied.");
    } catch {
      field.current?.focus();
      field.current?.select();
      setNote("Selected: press Ctrl+C (⌘C on a Mac) to copy.");
    }
  };
  return (
    <section class="created-link" aria-labelledby="created-link-title">
      <h3 id="created-link-title">Link created</h3>
      <div class="copy-row">
        <label class="grow">
          <span class="sr-only">New link address</span>
          <input ref={field} readOnly value={url} data-testid="created-link-url" onFocus={(e) => e.currentTarget.select()} />
        </label>
        <button type="button" class="primary" onClick={copy}>Copy</button>
        <button type="button" onClick={onDone}>Done</button>
      </div>
      <p class="muted">Copy it now: it is shown only this once. Depot keeps only a fingerprint of it, so it cannot show it again.</p>
      <p class="muted" role="status">{note}</p>
    </section>
  );
}
