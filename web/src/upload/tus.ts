import { DetailedError, Upload, type HttpRequest } from "tus-js-client";
import { csrfToken, resetCsrf } from "../api/http";

// Large files go through tus (docs/tus.md) with tus-js-client: 8 MiB chunks, retries with backoff on network
// errors, 409, 423 and 5xx, and resume after a failure or a page reload. The upload URL is kept in localStorage
// under a fingerprint of the local file (name, type, size, lastModified) and its target (path, replace or not), so
// adding the same file to the same place again continues from the server's offset (HEAD) instead of starting over.
// The session cookie authenticates; every request carries the antiforgery header (HEAD does not need it, but
// it does no harm).

/** Files of at least this size use tus; smaller ones a single PUT (one request, faster). */
export const tusThreshold = 8 * 1024 * 1024;
export const tusChunkSize = 8 * 1024 * 1024;
export const tusEndpoint = "/api/v1/uploads";

export interface TusCallbacks {
  progress(loaded: number): void;
  done(): void;
  /** status 0: no HTTP answer (network); body: the problem document, if any. */
  failed(status: number, body: string, message: string): void;
}

const fingerprintOf = (file: File, path: string, overwrite: boolean) =>
  ["depot-tus", path, overwrite ? "replace" : "new", file.name, file.type, file.size, file.lastModified].join("|");

const latest = <T extends { creationTime: string }>(all: T[]) =>
  all.reduce((a, b) => (Date.parse(b.creationTime) > Date.parse(a.creationTime) ? b : a));

/** Starts (or resumes) a tus upload of file to path; returns a function that cancels and terminates it. */
export function uploadResumable(file: File, path: string, overwrite: boolean, on: TusCallbacks): () => void {
  const metadata: Record<string, string> = {
    path,
    filename: file.name,
    contentType: file.type || "application/octet-stream",
    parents: "true",
  };
  if (!overwrite) metadata.ifNoneMatch = "*";
  let stopped = false;
  const upload = new Upload(file, {
    endpoint: tusEndpoint,
    chunkSize: tusChunkSize,
    retryDelays: [0, 1000, 3000, 5000, 10000, 20000],
    metadata,
    fingerprint: () => Promise.resolve(fingerprintOf(file, path, overwrite)),
    storeFingerprintForResuming: true,
    removeFingerprintOnSuccess: true,
    async onBeforeRequest(req: HttpRequest) {
      if (req.getMethod() !== "HEAD") req.setHeader("X-CSRF-TOKEN", await csrfToken());
    },
    onShouldRetry(err: DetailedError, attempt: number) {
      const status = err.originalResponse?.getStatus() ?? 0;
      if (status === 403 && attempt === 0 && /antiforgery_failed/.test(err.originalResponse?.getBody() ?? "")) {
        resetCsrf(); // a token from before a new sign-in: fetch a fresh one once
        return true;
      }
      const online = typeof navigator === "undefined" || navigator.onLine !== false;
      // Not 507 (quota) or 501: those do not get better by waiting.
      const transient = status === 0 || status === 409 || status === 423 || (status >= 500 && status !== 501 && status !== 507);
      return transient && online;
    },
    onProgress: (sent) => {
      if (!stopped) on.progress(sent);
    },
    onSuccess: () => {
      if (!stopped) on.done();
    },
    onError: (err) => {
      if (stopped) return;
      const response = (err as DetailedError).originalResponse;
      on.failed(response?.getStatus() ?? 0, response?.getBody() ?? "", response ? err.message : "The connection failed. Add the file again to resume.");
    },
  });
  void upload
    .findPreviousUploads()
    .then((previous) => {
      if (stopped) return;
      if (previous.length > 0) upload.resumeFromPreviousUpload(latest(previous));
      upload.start();
    })
    .catch(() => {
      if (!stopped) upload.start();
    });
  return () => {
    stopped = true;
    // Cancel: stop and terminate the upload on the server (DELETE), which also forgets its stored URL.
    void upload.abort(true).catch(() => {});
  };
}
