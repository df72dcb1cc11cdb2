// A public link's page talks to /s/{token} (the view and the content) and unlocks password links; no session involved.
import { linkHref } from "../router";
import { ApiError, request, toError } from "./http";
import type { PublicLinkView } from "./types";

/** The file, or the folder as a zip: ?download picks the content whatever the browser's Accept says. */
export const linkDownloadUrl = (token: string, path: string) => `${linkHref(token, path)}?download`;

/** The same bytes for the page's preview, inline for the server's safe types only (never SVG or HTML). */
export const linkInlineUrl = (token: string, path: string) => `${linkHref(token, path)}?download&disposition=inline`;

/** An image's thumbnail inside the link; it counts no download. */
export const linkThumbnailUrl = (token: string, path: string, size: "small" | "large") => `${linkHref(token, path)}?thumbnail=${size}`;

export async function fetchLinkView(token: string, path: string, cursor?: string, signal?: AbortSignal): Promise<PublicLinkView> {
  const url = linkHref(token, path) + (cursor ? `?cursor=${encodeURIComponent(cursor)}` : "");
  const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", signal });
  if (!response.ok) throw await toError(response);
  return (await response.json()) as PublicLinkView;
}

// No antiforgery token: unlocking acts on no session; the cookie it sets stands in for the password on /s/{token} only.
export const unlockLink = (token: string, password: string) => request("POST", "/api/v1/links/unlock", { token, password }, {}, false);

/**
 * Puts one file into a drop box. XMLHttpRequest, not fetch: only it reports upload progress. No antiforgery token:
 * /s/ ignores sessions. The server never overwrites; a taken name silently gets a suffix (nothing in the box is revealed).
 */
export function dropFile(token: string, file: File, onProgress: (loaded: number) => void, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", linkHref(token, "/" + file.name));
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => (xhr.status === 201 ? resolve() : reject(problemOf(xhr)));
    xhr.onerror = () => reject(new ApiError(0, "network", "The connection failed."));
    xhr.onabort = () => reject(new ApiError(0, "aborted", "Cancelled."));
    signal?.addEventListener("abort", () => xhr.abort());
    xhr.send(file);
  });
}

function problemOf(xhr: XMLHttpRequest): ApiError {
  let code = "http_" + xhr.status;
  let message = xhr.statusText || "Upload failed";
  try {
    const problem = JSON.parse(xhr.responseText);
    code = problem.code ?? code;
    message = problem.detail ?? problem.title ?? message;
  } catch {
    /* not a problem document */
  }
  const error = new ApiError(xhr.status, code, message);
  const wait = Number(xhr.getResponseHeader("Retry-After"));
  if (wait > 0) error.retryAfter = wait;
  return error;
}
