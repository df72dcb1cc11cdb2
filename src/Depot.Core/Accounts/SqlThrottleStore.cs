using Dapper;
using Depot.Core.Data;

namespace Depot.Core.Accounts;

/// <summary>
/// Failure counts in the metadata store (table <c>secret_failures</c>), shared by every node on it: a check is one
/// indexed read, a failure one upsert that starts the window over in SQL and returns the new counts, a success one
/// delete. The same SQL on SQLite and PostgreSQL; the server uses it with PostgreSQL (see <see cref="MemoryThrottleStore"/>).
/// </summary>
public sealed class SqlThrottleStore(IDatabase database) : IThrottleStore
{
    // One failure in this many (per process) also prunes the rows whose window has passed, through the index on
    // last_failure: the table holds the keys that failed within the window, plus at most this many failures' worth.
    private const int PruneEvery = 256;

    private long _failures;

    public async Task<IReadOnlyList<ThrottleCount>> ReadAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        var rows = await db.QueryAsync<Row>(new CommandDefinition(
            $"SELECT name, failures, last_failure AS lastfailure FROM secret_failures WHERE {SqlLists.In(db, "name", "keys")}",
            new { keys = SqlLists.Values(db, keys) }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToCount())];
    }

    public async Task<IReadOnlyList<ThrottleCount>> AddFailureAsync(
        IReadOnlyList<string> keys, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken)
    {
        // Sorted and distinct: one statement may not update a row twice, and two nodes upserting the same keys lock
        // their rows in one order, so they queue instead of deadlocking.
        var distinct = keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var parameters = new DynamicParameters(new { now = now.ToUnixTimeMilliseconds(), reset = (now - window).ToUnixTimeMilliseconds() });
        for (var i = 0; i < distinct.Length; i++)
        {
            parameters.Add("k" + i, distinct[i]);
        }

        var values = string.Join(", ", distinct.Select((_, i) => $"(@k{i}, 1, @now)"));
        await using var db = await database.OpenAsync(cancellationToken);
        var rows = await db.QueryAsync<Row>(new CommandDefinition(
            $"""
            INSERT INTO secret_failures (name, failures, last_failure) VALUES {values}
            ON CONFLICT (name) DO UPDATE SET
                failures = CASE WHEN secret_failures.last_failure < @reset THEN 1 ELSE secret_failures.failures + 1 END,
                last_failure = @now
            RETURNING name, failures, last_failure AS lastfailure
            """,
            parameters, cancellationToken: cancellationToken));
        var counts = rows.Select(r => r.ToCount()).ToList();

        if (Interlocked.Increment(ref _failures) % PruneEvery == 0)
        {
            await db.ExecuteAsync(new CommandDefinition(
                "DELETE FROM secret_failures WHERE last_failure < @reset", new { reset = (now - window).ToUnixTimeMilliseconds() },
                cancellationToken: cancellationToken));
        }

        return counts;
    }

    public async Task ResetAsync(string key, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        await db.ExecuteAsync(new CommandDefinition(
            "DELETE FROM secret_failures WHERE name = @key", new { key }, cancellationToken: cancellationToken));
    }

    private sealed class Row
    {
        public string Name { get; set; } = "";
        public long Failures { get; set; }
        public long LastFailure { get; set; }

        public ThrottleCount ToCount() => new(Name, Failures, DateTimeOffset.FromUnixTimeMilliseconds(LastFailure));
    }
}
