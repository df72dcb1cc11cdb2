// Wire types of the public REST API (docs/api.md); the server's DTOs live in src/Depot.Protocol.
export interface NodeInfo {
  id: string;
  path: string;
  name: string;
  kind: "file" | "folder" | "mount";
  size: number;
  createdAt: string;
  modifiedAt: string;
  eTag: string;
  sha256?: string;
  contentType?: string;
  versionId?: string;
  /** Set on a mount (kind "mount"): what the shared item it points at is; null once it is no longer shared with you. */
  mountKind?: "file" | "folder" | null;
  /** Only from a listing asked with details=true: what the list shows beside the name. */
  details?: NodeDetails;
}
/** folderSize: a folder's files below it, trash excluded (null for files); shared/linked: by you; locked: by a WebDAV client. */
export interface NodeDetails { folderSize?: number | null; shared: boolean; linked: boolean; locked: boolean; favourite: boolean }
export interface FolderListing { folder: NodeInfo; items: NodeInfo[]; nextCursor?: string | null }
export interface SearchResults { items: NodeInfo[]; nextCursor?: string | null }
export interface TrashItem { id: string; name: string; kind: "file" | "folder"; originalPath: string; size: number; deletedAt: string; purgeAt: string }
export interface TrashListing { items: TrashItem[]; nextCursor?: string | null }
export interface VersionInfo { id: string; size: number; sha256: string; eTag: string; createdAt: string; current: boolean; author?: string | null }
export interface UserInfo {
  username: string; isAdmin: boolean; disabled: boolean; quotaBytes?: number | null; usedBytes: number; createdAt: string;
  twoFactorEnabled?: boolean; twoFactorRequired?: boolean;
}
export interface TwoFactorStatus { enabled: boolean; pending: boolean; required: boolean; recoveryCodesLeft: number }
export interface TwoFactorSetup { secret: string; uri: string; qrCodeUrl: string }
export type TwoFactorRequirement = "optional" | "admins" | "everyone";
export interface AppPasswordInfo { id: string; name: string; createdAt: string; lastUsedAt?: string | null; createdFrom?: string | null }
export interface CreatedAppPassword { username: string; password: string; info: AppPasswordInfo }
export interface CreatedToken { token: string; info: TokenInfo }
export interface TokenInfo { id: string; kind: string; name?: string; createdAt: string; expiresAt: string; lastUsedAt?: string; createdFrom?: string; current: boolean }
export type SortKey = "name" | "size" | "modified";
export interface GroupInfo { name: string; memberCount: number; createdAt: string }
export interface GroupMemberInfo { username: string; addedAt: string }
export type ShareRole = "viewer" | "editor" | "manager";
export interface ShareInfo {
  id: string; nodeId: string; name: string; kind: "file" | "folder"; path?: string | null; owner: string;
  granteeKind: "user" | "group"; grantee: string; role: ShareRole; createdAt: string; expiresAt?: string | null;
}
export interface LinkInfo {
  id: string; nodeId: string; name: string; kind: "file" | "folder"; path?: string | null; mode: "read" | "dropbox"; hasPassword: boolean;
  expiresAt?: string | null; maxDownloads?: number | null; downloads: number; createdAt: string;
}
export interface CreatedLinkInfo { link: LinkInfo; token: string; url: string }
/** PATCH /api/v1/links/{id}: only the fields to change; the clear… flags remove a password, expiry or limit. */
export interface UpdateLinkRequest {
  password?: string; clearPassword?: boolean; expiresAt?: string; clearExpiry?: boolean; maxDownloads?: number; clearMaxDownloads?: boolean;
}
// What a public link's visitor sees (GET /s/{token}[/{path}] with Accept: application/json).
export interface PublicItem { name: string; kind: "file" | "folder"; size: number; modifiedAt: string; contentType?: string | null }
export interface PublicLinkView {
  mode: "read" | "dropbox";
  name: string;
  kind: "file" | "folder";
  path: string;
  item: PublicItem;
  items?: PublicItem[] | null;
  nextCursor?: string | null;
  expiresAt?: string | null;
  downloadsLeft?: number | null;
}
export interface AuditEventInfo {
  id: string; at: string; action: string; actor?: string | null; address?: string | null; owner?: string | null; nodeId?: string | null; path?: string | null;
  details?: Record<string, string> | null;
}
export interface AuditListing { items: AuditEventInfo[]; nextCursor?: string | null }
export interface PasskeyInfo { id: string; name: string; createdAt: string; lastUsedAt?: string | null }
export interface PasskeyCeremony { challengeId: string; options: Record<string, any>; codeAccepted?: boolean | null }
