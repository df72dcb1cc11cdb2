namespace Depot.Core.Accounts;

/// <summary>
/// Slows down guessing of any secret. Each key (<c>account:alice</c>, <c>address:203.0.113.9</c>) counts
/// recent failures; past the free allowance every further attempt waits an exponentially growing delay
/// after the last failure. Checked before the secret is verified, so a blocked guess costs no hashing.
/// The counts live in an <see cref="IThrottleStore"/>: this process's memory for an embedded installation, the
/// metadata store when several nodes share it (so the limit holds however the guesses are spread over the nodes).
/// </summary>
public sealed class SecretThrottle(IThrottleStore store, ThrottleOptions options, TimeProvider clock)
{
    /// <summary>How long the caller must wait before the next attempt on any of these keys; zero when free.</summary>
    public async Task<TimeSpan> RetryAfterAsync(IReadOnlyList<ThrottleKey> keys, CancellationToken cancellationToken) =>
        Wait(keys, await store.ReadAsync(Names(keys), cancellationToken), clock.GetUtcNow());

    /// <summary>Counts a failure on each key; answers the wait the failure leaves (as <see cref="RetryAfterAsync"/> would).</summary>
    public async Task<TimeSpan> RecordFailureAsync(IReadOnlyList<ThrottleKey> keys, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return Wait(keys, await store.AddFailureAsync(Names(keys), now, options.Window, cancellationToken), now);
    }

    public Task ResetAsync(ThrottleKey key, CancellationToken cancellationToken) => store.ResetAsync(key.Value, cancellationToken);

    private static string[] Names(IReadOnlyList<ThrottleKey> keys) => [.. keys.Select(k => k.Value)];

    private TimeSpan Wait(IReadOnlyList<ThrottleKey> keys, IReadOnlyList<ThrottleCount> counts, DateTimeOffset now)
    {
        var wait = TimeSpan.Zero;
        foreach (var count in counts)
        {
            var isAddress = keys.Any(k => k.IsAddress && k.Value == count.Key);
            var remaining = BlockedUntil(count, isAddress ? options.FreeFailuresPerAddress : options.FreeFailuresPerAccount) - now;
            if (remaining > wait)
            {
                wait = remaining;
            }
        }

        return wait;
    }

    private DateTimeOffset BlockedUntil(ThrottleCount count, int free)
    {
        var excess = count.Failures - free;
        if (excess <= 0)
        {
            return DateTimeOffset.MinValue;
        }

        var ticks = options.FirstDelay.Ticks * Math.Pow(2, Math.Min(excess - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(ticks, options.MaxDelay.Ticks));
        return count.LastFailure + delay;
    }
}
