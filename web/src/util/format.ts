const units = ["B", "KB", "MB", "GB", "TB"];

export function formatSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
export const formatDate = (iso: string) => dateFormat.format(new Date(iso));

/** Sizes typed by an admin: "10GiB", "500 MB", "1024"; empty means unlimited (null). */
export function parseSize(text: string): number | null | undefined {
  const t = text.trim();
  if (t === "") return null;
  const m = /^(\d+(?:\.\d+)?)\s*([KMGT]?)(i?B)?$/i.exec(t);
  if (!m) return undefined;
  const power = " KMGT".indexOf(m[2].toUpperCase() || " ");
  return Math.round(parseFloat(m[1]) * Math.pow(1024, power));
}
