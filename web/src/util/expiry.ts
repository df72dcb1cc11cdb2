// Expiry is chosen as a calendar day (<input type="date">) and means "until the end of that day" in the browser's zone.

const pad = (n: number) => String(n).padStart(2, "0");
const day = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** "2026-05-01" → the ISO instant of 23:59:59.999 local time that day; "" → undefined. */
export function endOfDay(value: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59, 999).toISOString();
}

/** The date input's value for an instant (its local day). */
export const dateValue = (iso: string | null | undefined) => (iso ? day(new Date(iso)) : "");

/** The earliest day a date input offers: today (the server refuses expiries in the past). */
export const today = () => day(new Date());

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
export const formatExpiry = (iso: string | null | undefined) => (iso ? dayFormat.format(new Date(iso)) : "Never");
