import { ApiError } from "../api/http";

/** The server's problem detail, reworded for the codes an admin meets here, so the message says what to do next. */
export function groupError(e: unknown, group: string, username?: string): string {
  const code = e instanceof ApiError ? e.code : "";
  if (code === "group_exists") return `A group named “${group}” already exists (names are compared ignoring case). Choose another name.`;
  if (code === "user_not_found") return `There is no user named “${username ?? ""}”. Pick a name from the suggestions.`;
  if (code === "group_not_found") return `The group “${group}” no longer exists; another admin may have renamed or deleted it.`;
  return e instanceof Error ? e.message : String(e);
}
