import type { NodeInfo } from "../api/types";
import { thumbnailUrl } from "../api/client";
import { fileIcon, hasThumbnail } from "./names";

// A mount (an item shared with you, placed in your files) acts as what it points at; a dangling one (the share ended)
// has no mountKind and can only be removed.
export const isMount = (item: NodeInfo) => item.kind === "mount";
export const isFolderLike = (item: NodeInfo) => item.kind === "folder" || item.mountKind === "folder";
export const isFileLike = (item: NodeInfo) => item.kind === "file" || item.mountKind === "file";

export function iconOf(item: NodeInfo): string {
  if (!isMount(item)) return item.kind === "folder" ? "folder" : fileIcon(item.name);
  return item.mountKind === "folder" ? "shared-folder" : item.mountKind === "file" ? "shared-file" : "shared-gone";
}

/** Said after the name to screen readers, since the icon only shows it. */
export function mountLabel(item: NodeInfo): string {
  if (item.mountKind === "folder") return "shared folder";
  if (item.mountKind === "file") return "shared file";
  return "shared item, no longer available";
}

/** The thumbnail of an image file (null for anything else), pinned to its content so the browser caches it for good. */
export const thumbOf = (item: NodeInfo, size: "small" | "large") =>
  isFileLike(item) && hasThumbnail(item.name) ? thumbnailUrl(item.path, size, item.sha256) : null;

/** Whether opening the item shows it in the gallery (an image) rather than the preview. */
export const isImage = (item: NodeInfo) => isFileLike(item) && hasThumbnail(item.name);
