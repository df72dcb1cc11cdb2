import type { NodeInfo } from "../api/types";

// A mount (an item shared with you, placed in your files) acts as what it points at; a dangling one (the share ended)
// has no mountKind and can only be removed.
export const isMount = (item: NodeInfo) => item.kind === "mount";
export const isFolderLike = (item: NodeInfo) => item.kind === "folder" || item.mountKind === "folder";
export const isFileLike = (item: NodeInfo) => item.kind === "file" || item.mountKind === "file";

export function iconOf(item: NodeInfo): string {
  if (!isMount(item)) return item.kind === "folder" ? "folder" : "file";
  return item.mountKind === "folder" ? "shared-folder" : item.mountKind === "file" ? "shared-file" : "shared-gone";
}

/** Said after the name to screen readers, since the icon only shows it. */
export function mountLabel(item: NodeInfo): string {
  if (item.mountKind === "folder") return "shared folder";
  if (item.mountKind === "file") return "shared file";
  return "shared item, no longer available";
}
