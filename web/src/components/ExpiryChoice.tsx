import { useState } from "preact/hooks";
import { endOfDay, today } from "../util/expiry";

export type Expiry = { choice: "never" | "day" | "week" | "month" | "date"; day: string };
export const noExpiry: Expiry = { choice: "never", day: "" };

/** The instant an expiry choice means, from now: a day, a week or a calendar month later, or the end of a chosen day. */
export function expiresAt(e: Expiry, now = new Date()): string | undefined {
  const at = new Date(now);
  switch (e.choice) {
    case "never": return undefined;
    case "day": at.setDate(at.getDate() + 1); return at.toISOString();
    case "week": at.setDate(at.getDate() + 7); return at.toISOString();
    case "month": at.setMonth(at.getMonth() + 1); return at.toISOString();
    case "date": return endOfDay(e.day);
  }
}

let ids = 0;

/** "Expires": never, in 1 day, 1 week, 1 month, or on a date (a date field appears for that choice). */
export function ExpiryChoice({ value, onChange }: { value: Expiry; onChange: (e: Expiry) => void }) {
  const [id] = useState(() => `expiry-${++ids}`);
  return (
    <div class="field expiry-choice">
      <label for={id}>Expires</label>
      <select id={id} value={value.choice} onChange={(e) => onChange({ ...value, choice: e.currentTarget.value as Expiry["choice"] })}>
        <option value="never">Never</option>
        <option value="day">In 1 day</option>
        <option value="week">In 1 week</option>
        <option value="month">In 1 month</option>
        <option value="date">On a date…</option>
      </select>
      {value.choice === "date" && (
        <input type="date" aria-label="Expiry date" required min={today()} value={value.day} onInput={(e) => onChange({ ...value, day: e.currentTarget.value })} />
      )}
    </div>
  );
}
