// Depot paths ("/a/b.txt") to URLs: every segment percent-encoded separately, as docs/api.md asks.

export const encodePath = (path: string) =>
  path.split("/").filter((s) => s.length > 0).map(encodeURIComponent).join("/");

export const apiUrl = (prefix: string, path: string, query?: Record<string, string | undefined>) => {
  const encoded = encodePath(path);
  const url = `/api/v1/${prefix}${encoded ? "/" + encoded : ""}`;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) params.set(k, v);
  const q = params.toString();
  return q ? `${url}?${q}` : url;
};

export const join = (folder: string, name: string) => (folder === "/" ? "/" + name : folder + "/" + name);

export const parentOf = (path: string) => {
  const i = path.lastIndexOf("/");
  return i <= 0 ? "/" : path.slice(0, i);
};

export const nameOf = (path: string) => path.slice(path.lastIndexOf("/") + 1);

export const segments = (path: string) => path.split("/").filter((s) => s.length > 0);

/** "report.pdf" -> "report (2).pdf"; folders and names without extension get the suffix at the end. */
export function numbered(name: string, n: number, isFolder = false) {
  const dot = name.lastIndexOf(".");
  if (isFolder || dot <= 0) return `${name} (${n})`;
  return `${name.slice(0, dot)} (${n})${name.slice(dot)}`;
}

export const isSameOrUnder = (path: string, folder: string) => path === folder || path.startsWith(folder === "/" ? "/" : folder + "/");
