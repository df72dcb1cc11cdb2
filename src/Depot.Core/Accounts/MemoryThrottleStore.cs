using System.Collections.Concurrent;

namespace Depot.Core.Accounts;

/// <summary>
/// Failure counts in this process's memory: exact for an embedded installation, where one process answers every
/// request, and free (no write through SQLite's single writer on a failed or successful sign-in).
/// </summary>
public sealed class MemoryThrottleStore : IThrottleStore
{
    // Past this many keys (a spray of addresses) the entries whose window has passed are swept.
    private const int SweepAbove = 100_000;

    private readonly ConcurrentDictionary<string, ThrottleCount> _entries = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<ThrottleCount>> ReadAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var found = new List<ThrottleCount>(keys.Count);
        foreach (var key in keys)
        {
            if (_entries.TryGetValue(key, out var count))
            {
                found.Add(count);
            }
        }

        return Task.FromResult<IReadOnlyList<ThrottleCount>>(found);
    }

    public Task<IReadOnlyList<ThrottleCount>> AddFailureAsync(
        IReadOnlyList<string> keys, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken)
    {
        var counts = new List<ThrottleCount>(keys.Count);
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            counts.Add(_entries.AddOrUpdate(key, k => new ThrottleCount(k, 1, now),
                (k, e) => now - e.LastFailure > window ? new ThrottleCount(k, 1, now) : new ThrottleCount(k, e.Failures + 1, now)));
        }

        if (_entries.Count > SweepAbove)
        {
            foreach (var (key, entry) in _entries)
            {
                if (now - entry.LastFailure > window)
                {
                    _entries.TryRemove(key, out _);
                }
            }
        }

        return Task.FromResult<IReadOnlyList<ThrottleCount>>(counts);
    }

    public Task ResetAsync(string key, CancellationToken cancellationToken)
    {
        _entries.TryRemove(key, out _);
        return Task.CompletedTask;
    }
}
