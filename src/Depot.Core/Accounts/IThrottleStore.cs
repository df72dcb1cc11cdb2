namespace Depot.Core.Accounts;

/// <summary>
/// Where <see cref="SecretThrottle"/> keeps its failure counts: <see cref="MemoryThrottleStore"/> in the one process of an
/// embedded (SQLite) installation, <see cref="SqlThrottleStore"/> in the metadata store when several nodes share it.
/// </summary>
public interface IThrottleStore
{
    /// <summary>The counts of those of <paramref name="keys"/> that have any (one indexed read).</summary>
    Task<IReadOnlyList<ThrottleCount>> ReadAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken);

    /// <summary>
    /// Counts one failure on each of <paramref name="keys"/> at <paramref name="now"/>, starting a key over at one when
    /// its last failure is more than <paramref name="window"/> old; returns the counts after it.
    /// </summary>
    Task<IReadOnlyList<ThrottleCount>> AddFailureAsync(
        IReadOnlyList<string> keys, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken);

    /// <summary>Forgets a key's failures (a correct secret ends an account's streak).</summary>
    Task ResetAsync(string key, CancellationToken cancellationToken);
}
