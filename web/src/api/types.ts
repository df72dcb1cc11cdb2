// Wire types of the public REST API (docs/api.md); the server's DTOs live in src/Depot.Protocol.
export interface NodeInfo {
  id: string;
  path: string;
  name: string;
  kind: "file" | "folder";
  size: number;
  createdAt: string;
  modifiedAt: string;
  eTag: string;
  sha256?: string;
  contentType?: string;
  versionId?: string;
}
export interface FolderListing { folder: NodeInfo; items: NodeInfo[]; nextCursor?: string | null }
export interface SearchResults { items: NodeInfo[]; nextCursor?: string | null }
export interface TrashItem { id: string; name: string; kind: "file" | "folder"; originalPath: string; size: number; deletedAt: string; purgeAt: string }
export interface TrashListing { items: TrashItem[]; nextCursor?: string | null }
export interface VersionInfo { id: string; size: number; sha256: string; eTag: string; createdAt: string; current: boolean }
export interface UserInfo { username: string; isAdmin: boolean; disabled: boolean; quotaBytes?: number | null; usedBytes: number; createdAt: string }
export interface TokenInfo { id: string; kind: string; name?: string; createdAt: string; expiresAt: string; lastUsedAt?: string; createdFrom?: string; current: boolean }
export type SortKey = "name" | "size" | "modified";
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
