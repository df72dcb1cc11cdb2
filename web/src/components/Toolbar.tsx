import { useRef } from "preact/hooks";
import type { NodeInfo } from "../api/types";
import { fromFileList } from "../upload/collect";
import { uploads } from "../upload/queue";
import { isFileLike } from "../util/nodes";

export type ToolbarAction = "mkdir" | "rename" | "move" | "copy" | "delete" | "versions" | "download" | "clear" | "share";

export function Toolbar({ path, chosen, onAction }: { path: string; chosen: NodeInfo[]; onAction: (a: ToolbarAction) => void }) {
  const files = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement>(null);
  const pick = (input: HTMLInputElement) => {
    if (input.files?.length) uploads.add(fromFileList(input.files, path));
    input.value = "";
  };
  const n = chosen.length;
  const oneFile = n === 1 && isFileLike(chosen[0]);
  return (
    <div class={n > 0 ? "toolbar selecting" : "toolbar"} role="toolbar" aria-label="File actions">
      <input ref={files} type="file" multiple hidden aria-label="Choose files to upload" onChange={(e) => pick(e.currentTarget)} data-testid="file-input" />
      <input ref={folder} type="file" hidden aria-label="Choose a folder to upload" {...{ webkitdirectory: true }} onChange={(e) => pick(e.currentTarget)} data-testid="folder-input" />
      <button type="button" class="primary create" onClick={() => files.current?.click()}>Upload files</button>
      <button type="button" class="create" onClick={() => folder.current?.click()}>Upload folder</button>
      <button type="button" class="create" onClick={() => onAction("mkdir")}>New folder</button>
      {n > 0 && (
        <span class="selection-actions">
          <button type="button" onClick={() => onAction("download")}>{oneFile ? "Download" : "Download zip"}</button>
          <button type="button" disabled={n !== 1} onClick={() => onAction("rename")}>Rename</button>
          <button type="button" onClick={() => onAction("move")}>Move</button>
          <button type="button" onClick={() => onAction("copy")}>Copy</button>
          {oneFile && <button type="button" onClick={() => onAction("versions")}>Versions</button>}
          {n === 1 && <button type="button" onClick={() => onAction("share")}>Share</button>}
          <button type="button" class="danger" onClick={() => onAction("delete")}>Delete</button>
          {/* Named by its content, not aria-label, so the name holds the visible count (WCAG 2.5.3 label in name). */}
          <button type="button" class="ghost" onClick={() => onAction("clear")}>
            <span aria-hidden="true">✕</span><span class="sr-only">Clear selection, </span>{n}<span class="sr-only"> selected</span>
          </button>
        </span>
      )}
    </div>
  );
}
