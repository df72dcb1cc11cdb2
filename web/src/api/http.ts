// One fetch wrapper: same-origin cookie session, problem+json errors, and the antiforgery header on every
// state-changing request (the server refuses cookie-authenticated writes without it).

export class ApiError extends Error {
  /** Seconds to wait before trying again (Retry-After on a 429 or 503), when the server said. */
  retryAfter?: number;

  constructor(public status: number, public code: string, message: string) {
    super(message);
  }
}

const unsafe = (method: string) => !["GET", "HEAD"].includes(method);
let csrf: Promise<string> | null = null;
let onUnauthenticated: () => void = () => {};

export function setUnauthenticatedHandler(handler: () => void) {
  onUnauthenticated = handler;
}

export function resetCsrf() {
  csrf = null;
}

export function csrfToken(): Promise<string> {
  csrf ??= fetch("/api/v1/auth/antiforgery", { credentials: "same-origin" }).then(async (r) => {
    if (!r.ok) throw await toError(r);
    return ((await r.json()) as { token: string }).token;
  });
  csrf.catch(() => (csrf = null));
  return csrf;
}

export async function toError(response: Response): Promise<ApiError> {
  let code = "http_" + response.status;
  let message = response.statusText || "Request failed";
  try {
    const problem = await response.json();
    code = problem.code ?? code;
    message = problem.detail ?? problem.title ?? message;
  } catch {
    /* not a problem document */
  }
  // Only a session that is gone signs the app out: a wrong password or code typed to confirm something (removing a
  // passkey, turning two-factor off) is a 401 too, with its own code, and the session is still good.
  if (response.status === 401 && (code === "http_401" || code === "unauthenticated")) onUnauthenticated();
  const error = new ApiError(response.status, code, message);
  const wait = Number(response.headers.get("Retry-After"));
  if (wait > 0) error.retryAfter = wait;
  return error;
}

export async function request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}, csrf = true): Promise<Response> {
  const init: RequestInit = { method, credentials: "same-origin", headers: { ...headers } };
  if (body !== undefined) {
    (init.headers as Record<string, string>)["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  return send(method, url, init, csrf);
}

/** A request whose body is sent as it is (a file's new content), with the same antiforgery and error handling. */
export function requestRaw(method: string, url: string, body: BodyInit, headers: Record<string, string>): Promise<Response> {
  return send(method, url, { method, credentials: "same-origin", headers: { ...headers }, body }, true);
}

async function send(method: string, url: string, init: RequestInit, csrf: boolean): Promise<Response> {
  if (csrf && unsafe(method)) (init.headers as Record<string, string>)["X-CSRF-TOKEN"] = await csrfToken();
  let response = await fetch(url, init);
  if (response.status === 403 && csrf && unsafe(method)) {
    // A token from before a new sign-in: fetch a fresh one once.
    const copy = response.clone();
    const problem = await copy.json().catch(() => ({}));
    if (problem.code === "antiforgery_failed") {
      resetCsrf();
      (init.headers as Record<string, string>)["X-CSRF-TOKEN"] = await csrfToken();
      response = await fetch(url, init);
    }
  }
  if (!response.ok) throw await toError(response);
  return response;
}

export async function json<T>(method: string, url: string, body?: unknown): Promise<T> {
  const response = await request(method, url, body);
  return (await response.json()) as T;
}
