import { archiveUrl, downloadUrl } from "../api/client";
import { request } from "../api/http";
import type { NodeInfo } from "../api/types";
import { isFileLike } from "../util/nodes";

function save(url: string, name?: string) {
  const a = document.createElement("a");
  a.href = url;
  if (name) a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
}

/**
 * One file: a plain link. One folder: the GET archive link, which the browser streams to disk. Several items: the
 * POST archive (a selection does not fit a URL), saved from a blob.
 */
export async function downloadSelection(items: NodeInfo[]) {
  if (items.length === 1) {
    const item = items[0];
    return save(isFileLike(item) ? downloadUrl(item.path) : archiveUrl(item.path));
  }
  const response = await request("POST", "/api/v1/archives", { paths: items.map((i) => i.path) });
  const url = URL.createObjectURL(await response.blob());
  save(url, "depot.zip");
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
