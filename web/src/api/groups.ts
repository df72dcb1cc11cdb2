import { json, request } from "./http";
import type { GroupInfo, GroupMemberInfo } from "./types";

// Admin-only group management (docs/api.md "Groups"). Group names are ASCII, but encoded anyway like every segment.
const group = (name: string) => `/api/v1/groups/${encodeURIComponent(name)}`;

export const groupsApi = {
  list: () => json<GroupInfo[]>("GET", "/api/v1/groups"),
  create: (name: string) => json<GroupInfo>("POST", "/api/v1/groups", { name }),
  rename: (name: string, newName: string) => json<GroupInfo>("PATCH", group(name), { name: newName }),
  remove: (name: string) => request("DELETE", group(name)),
  members: (name: string) => json<GroupMemberInfo[]>("GET", `${group(name)}/members`),
  addMember: (name: string, username: string) => request("PUT", `${group(name)}/members/${encodeURIComponent(username)}`),
  removeMember: (name: string, username: string) => request("DELETE", `${group(name)}/members/${encodeURIComponent(username)}`),
};
