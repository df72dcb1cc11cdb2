import type { ShareRole } from "../api/types";

export const roles: ShareRole[] = ["viewer", "editor", "manager"];

export const roleName: Record<ShareRole, string> = { viewer: "Viewer", editor: "Editor", manager: "Manager" };

// One line each, as the add form shows them; the server's AccessPolicy is what actually decides (docs/api.md "Sharing").
export const roleHint: Record<ShareRole, string> = {
  viewer: "can open and download",
  editor: "can also add, change and delete",
  manager: "can also share with others",
};
