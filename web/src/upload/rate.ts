// Transfer speed over a sliding window, so one stalled or bursting progress event does not swing the estimate.
const windowMs = 5000;

export interface RateSample { at: number; bytes: number }

/** Adds `bytes` (a running total) at `at` ms to `samples`, keeping the last few seconds; returns the window's bytes/s or null. */
export function sampleRate(samples: RateSample[], at: number, bytes: number): number | null {
  const last = samples[samples.length - 1];
  if (last && bytes < last.bytes) samples.length = 0;   // a restart (cancel all, new batch): start measuring again
  samples.push({ at, bytes });
  while (samples.length > 2 && at - samples[0].at > windowMs) samples.shift();
  const first = samples[0];
  const elapsed = (at - first.at) / 1000;
  return elapsed >= 1 && bytes > first.bytes ? (bytes - first.bytes) / elapsed : null;
}
