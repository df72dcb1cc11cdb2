import { json, request } from "./http";
import { apiUrl } from "./paths";
import type { CreatedLinkInfo, GroupInfo, LinkInfo, ShareInfo, ShareRole, UpdateLinkRequest } from "./types";
import type { AuditListing, FolderListing, NodeInfo, SearchResults, SortKey, TokenInfo, TrashListing, UserInfo, VersionInfo } from "./types";

export const api = {
  // Signing in needs no antiforgery token (there is no session yet to protect).
  signIn: (username: string, password: string, code?: string) => request("POST", "/api/v1/auth/session", { username, password, code }, {}, false),
  signOut: () => request("DELETE", "/api/v1/auth/session"),
  me: () => json<UserInfo>("GET", "/api/v1/me"),
  tokens: () => json<TokenInfo[]>("GET", "/api/v1/me/tokens"),
  revokeToken: (id: string) => request("DELETE", `/api/v1/me/tokens/${encodeURIComponent(id)}`),

  // Folders first and each item's details (folder sizes, sharing and lock marks): what the file list shows.
  // (details cost a walk under every listed folder: the folder picker, which shows names only, leaves them out).
  list: (path: string, sort: SortKey, desc: boolean, cursor?: string, details = true) =>
    json<FolderListing>("GET", apiUrl("folders", path, { sort, order: desc ? "desc" : "asc", limit: "1000", cursor, folders: "first", details: details ? "true" : undefined })),
  stat: (path: string) => json<NodeInfo>("GET", apiUrl("nodes", path)),
  mkdir: (path: string, parents = false) => json<NodeInfo>("POST", apiUrl("folders", path, { parents: parents ? "true" : undefined })),
  move: (from: string, to: string) => json<NodeInfo>("POST", "/api/v1/moves", { from, to }),
  copy: (from: string, to: string) => json<NodeInfo>("POST", "/api/v1/copies", { from, to }),
  remove: (path: string) => request("DELETE", apiUrl("files", path)),
  search: (q: string, cursor?: string) => json<SearchResults>("GET", `/api/v1/search?${new URLSearchParams({ q, limit: "100", ...(cursor ? { cursor } : {}) })}`),

  favourites: () => json<NodeInfo[]>("GET", "/api/v1/favourites"),
  star: (path: string) => json<NodeInfo>("PUT", apiUrl("favourites", path)),
  unstar: (path: string) => request("DELETE", apiUrl("favourites", path)),
  audit: () => json<AuditListing>("GET", "/api/v1/audit?limit=200"),
  recent: () => json<NodeInfo[]>("GET", "/api/v1/recent?limit=50"),

  trash: (cursor?: string) => json<TrashListing>("GET", `/api/v1/trash?limit=500${cursor ? "&cursor=" + encodeURIComponent(cursor) : ""}`),
  restore: (id: string) => json<NodeInfo>("POST", `/api/v1/trash/${encodeURIComponent(id)}/restore`, {}),
  purge: (id: string) => request("DELETE", `/api/v1/trash/${encodeURIComponent(id)}`),
  emptyTrash: () => request("DELETE", "/api/v1/trash"),

  versions: (path: string) => json<VersionInfo[]>("GET", apiUrl("versions", path)),
  restoreVersion: (path: string, versionId: string) => json<NodeInfo>("POST", apiUrl("versions", path), { versionId }),

  users: () => json<UserInfo[]>("GET", "/api/v1/users"),
  createUser: (username: string, password: string, isAdmin: boolean, quotaBytes: number | null) =>
    json<UserInfo>("POST", "/api/v1/users", { username, password, isAdmin, quotaBytes }),
  updateUser: (username: string, patch: { disabled?: boolean; isAdmin?: boolean }) =>
    json<UserInfo>("PATCH", `/api/v1/users/${encodeURIComponent(username)}`, patch),
  setPassword: (username: string, password: string) => request("PUT", `/api/v1/users/${encodeURIComponent(username)}/password`, { password }),
  setQuota: (username: string, quotaBytes: number | null) =>
    json<UserInfo>("PUT", `/api/v1/users/${encodeURIComponent(username)}/quota`, { quotaBytes }),
};

export const downloadUrl = (path: string, version?: string) => apiUrl("files", path, { version });
export const inlineUrl = (path: string) => apiUrl("files", path, { disposition: "inline" });
/** A WebP thumbnail (docs/api.md "Thumbnails"); naming the content's SHA-256 lets the browser cache it for good. */
export const thumbnailUrl = (path: string, size: "small" | "large", sha256?: string) => apiUrl("thumbnails", path, { size, v: sha256 });
export const archiveUrl = (path: string) => apiUrl("archives", path);

// Sharing (docs/api.md "Sharing"): its own object, so these names cannot collide with additions to `api`.
const query = (path: string) => new URLSearchParams({ path }).toString();
export const sharingApi = {
  shares: (path: string) => json<ShareInfo[]>("GET", `/api/v1/shares?${query(path)}`),
  share: (body: { path: string; user?: string; group?: string; role: ShareRole; expiresAt?: string }) => json<ShareInfo>("POST", "/api/v1/shares", body),
  updateShare: (id: string, patch: { role?: ShareRole; expiresAt?: string; clearExpiry?: boolean }) =>
    json<ShareInfo>("PATCH", `/api/v1/shares/${encodeURIComponent(id)}`, patch),
  revokeShare: (id: string) => request("DELETE", `/api/v1/shares/${encodeURIComponent(id)}`),
  // Without a path: every share / link the caller made ("Shared by me").
  allShares: () => json<ShareInfo[]>("GET", "/api/v1/shares"),
  allLinks: () => json<LinkInfo[]>("GET", "/api/v1/links"),
  incoming: () => json<ShareInfo[]>("GET", "/api/v1/shares/incoming"),
  mount: (nodeId: string, path: string) => json<NodeInfo>("POST", "/api/v1/mounts", { nodeId, path }),
  links: (path: string) => json<LinkInfo[]>("GET", `/api/v1/links?${query(path)}`),
  createLink: (body: { path: string; mode: LinkInfo["mode"]; password?: string; expiresAt?: string; maxDownloads?: number }) =>
    json<CreatedLinkInfo>("POST", "/api/v1/links", body),
  updateLink: (id: string, patch: UpdateLinkRequest) => json<LinkInfo>("PATCH", `/api/v1/links/${encodeURIComponent(id)}`, patch),
  revokeLink: (id: string) => request("DELETE", `/api/v1/links/${encodeURIComponent(id)}`),
  contacts: (q: string) => json<{ username: string }[]>("GET", `/api/v1/contacts?${new URLSearchParams({ q })}`),
  // Group names to suggest: admins may list every group; others only their own (users are never listed to non-admins).
  groupsFor: (isAdmin: boolean) => json<GroupInfo[]>("GET", isAdmin ? "/api/v1/groups" : "/api/v1/me/groups"),
};
