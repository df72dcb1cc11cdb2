using System.Collections.Concurrent;

namespace Depot.Core.Accounts;

/// <summary>
/// Slows down guessing of any secret. Each key (<c>account:alice</c>, <c>address:203.0.113.9</c>) counts
/// recent failures; past the free allowance every further attempt waits an exponentially growing delay
/// after the last failure. Checked before the secret is verified, so a blocked guess costs no hashing.
/// Per-node memory for the embedded default; with several nodes the counters move to the shared store.
/// </summary>
public sealed class SecretThrottle(ThrottleOptions options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>How long the caller must wait before the next attempt on any of these keys; zero when free.</summary>
    public TimeSpan RetryAfter(params ReadOnlySpan<ThrottleKey> keys)
    {
        var now = clock.GetUtcNow();
        var wait = TimeSpan.Zero;
        foreach (var key in keys)
        {
            if (_entries.TryGetValue(key.Value, out var entry))
            {
                var remaining = entry.BlockedUntil(options, FreeFailures(key)) - now;
                if (remaining > wait)
                {
                    wait = remaining;
                }
            }
        }

        return wait;
    }

    public void RecordFailure(params ReadOnlySpan<ThrottleKey> keys)
    {
        var now = clock.GetUtcNow();
        foreach (var key in keys)
        {
            _entries.AddOrUpdate(key.Value, _ => new Entry(1, now),
                (_, e) => now - e.LastFailure > options.Window ? new Entry(1, now) : new Entry(e.Failures + 1, now));
        }

        if (_entries.Count > 100_000)
        {
            Sweep(now);
        }
    }

    public void Reset(ThrottleKey key) => _entries.TryRemove(key.Value, out _);

    private int FreeFailures(ThrottleKey key) =>
        key.IsAddress ? options.FreeFailuresPerAddress : options.FreeFailuresPerAccount;

    // Bounded memory under a spray of addresses: forget entries whose window has passed.
    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries)
        {
            if (now - entry.LastFailure > options.Window)
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    private sealed record Entry(int Failures, DateTimeOffset LastFailure)
    {
        public DateTimeOffset BlockedUntil(ThrottleOptions options, int free)
        {
            var excess = Failures - free;
            if (excess <= 0)
            {
                return DateTimeOffset.MinValue;
            }

            var ticks = options.FirstDelay.Ticks * Math.Pow(2, Math.Min(excess - 1, 30));
            var delay = TimeSpan.FromTicks((long)Math.Min(ticks, options.MaxDelay.Ticks));
            return LastFailure + delay;
        }
    }
}
