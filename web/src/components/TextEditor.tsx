import { useEffect, useState } from "preact/hooks";
import { downloadUrl } from "../api/client";
import { ApiError, requestRaw } from "../api/http";
import { apiUrl, join, nameOf, numbered, parentOf } from "../api/paths";
import type { NodeInfo } from "../api/types";
import { visibleName } from "../util/names";
import { toast, toastError } from "../util/toast";

/**
 * Edits a text file in place. Saving is a PUT with If-Match on the ETag the text was read at, so a change made
 * elsewhere meanwhile is a conflict the user resolves (save a copy, or drop theirs and reload), never a silent loss.
 * Each save is a new version of the file, as any upload is.
 */
export function TextEditor({ item, onSaved, onClose, onCopied }: {
  item: NodeInfo; onSaved: () => void; onClose: () => void; onCopied: () => void;
}) {
  const [text, setText] = useState<string | null>(null);
  const [eTag, setETag] = useState("");
  const [dirty, setDirty] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const load = async () => {
    const response = await fetch(downloadUrl(item.path), { credentials: "same-origin" });
    if (!response.ok) throw new Error(`The file could not be read (${response.status}).`);
    setETag(response.headers.get("ETag") ?? "");
    setText(await response.text());
    setDirty(false);
    setConflict(false);
  };
  useEffect(() => { load().catch(toastError); }, [item.path]);

  const headers = (extra: Record<string, string>) => ({ ...(item.contentType ? { "Content-Type": item.contentType } : {}), ...extra });
  const save = async () => {
    setBusy(true);
    try {
      const response = await requestRaw("PUT", apiUrl("files", item.path), text ?? "", headers({ "If-Match": eTag }));
      setETag(response.headers.get("ETag") ?? eTag);
      setDirty(false);
      toast("Saved as a new version.");
      onSaved();
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) setConflict(true);
      else toastError(e);
    } finally {
      setBusy(false);
    }
  };
  const saveCopy = async () => {
    setBusy(true);
    try {
      for (let n = 1; ; n++) {
        const target = join(parentOf(item.path), numbered(nameOf(item.path), n));
        try {
          await requestRaw("PUT", apiUrl("files", target), text ?? "", headers({ "If-None-Match": "*" }));
          toast(`Your text was saved as ${visibleName(nameOf(target))}.`);
          onSaved();
          onCopied();
          return;
        } catch (e) {
          if (!(e instanceof ApiError && e.status === 412) || n >= 99) throw e;
        }
      }
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(false);
    }
  };

  if (text === null) return <p role="status">Loading…</p>;
  return (
    <div class="stack text-editor">
      <label>
        <span class="sr-only">Text of {visibleName(item.name)}</span>
        <textarea value={text} spellcheck={false} rows={18} onInput={(e) => { setText(e.currentTarget.value); setDirty(true); }} />
      </label>
      {conflict && (
        <div class="conflict" role="alert">
          <p>{visibleName(item.name)} was changed by someone else since you opened it. Your text is not lost:</p>
          <div class="buttons start">
            <button type="button" class="primary" disabled={busy} onClick={saveCopy}>Save mine as a copy</button>
            <button type="button" disabled={busy} onClick={() => load().catch(toastError)}>Discard mine and load theirs</button>
          </div>
        </div>
      )}
      <div class="buttons">
        <span class="muted" role="status">{dirty ? "Unsaved changes" : "No unsaved changes"}</span>
        <button type="button" onClick={onClose}>Close editor</button>
        <button type="button" class="primary" disabled={busy || !dirty || conflict} onClick={save}>Save</button>
      </div>
    </div>
  );
}
