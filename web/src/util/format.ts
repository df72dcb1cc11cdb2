// Binary units with their IEC names, the same rule as the CLI (`depot ls -h`): 1 KiB = 1024 bytes.
const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

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

// Versions saved in the same minute must still be told apart.
const instantFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
export const formatInstant = (iso: string) => instantFormat.format(new Date(iso));

// Tokens without an end carry the last representable instant; people read that as "never".
export const formatUntil = (iso: string) => (new Date(iso).getUTCFullYear() >= 9999 ? "Never" : formatDate(iso));

/** Bytes per second as "4.2 MiB/s", and a duration in seconds as "1 min 5 s" / "12 s". */
export const formatRate = (bytesPerSecond: number) => `${formatSize(Math.round(bytesPerSecond))}/s`;
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Sizes typed by an admin: "10GiB", "500 MB", "1024"; empty means unlimited (null). */
export function parseSize(text: string): number | null | undefined {
  const t = text.trim();
  if (t === "") return null;
  const m = /^(\d+(?:\.\d+)?)\s*([KMGT]?)(i?B)?$/i.exec(t);
  if (!m) return undefined;
  const power = " KMGT".indexOf(m[2].toUpperCase() || " ");
  return Math.round(parseFloat(m[1]) * Math.pow(1024, power));
}
