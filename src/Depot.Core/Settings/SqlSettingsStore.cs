using Dapper;
using Depot.Core.Data;

namespace Depot.Core.Settings;

/// <summary>
/// <see cref="ISettingsStore"/> in portable SQL. Reads are cached for <see cref="CacheFor"/>: a setting is read on every
/// sign-in and token check, and an admin's change reaching the other nodes a few seconds later is acceptable.
/// </summary>
public sealed class SqlSettingsStore(IDatabase database, TimeProvider clock) : ISettingsStore
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, (StoredSetting? Value, DateTimeOffset ReadAt)> _cache = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public async Task<StoredSetting?> GetAsync(string name, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            if (_cache.TryGetValue(name, out var cached) && now - cached.ReadAt < CacheFor)
            {
                return cached.Value;
            }
        }

        await using var db = await database.OpenAsync(cancellationToken);
        var row = await db.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT value, updated_at AS updatedat FROM settings WHERE name = @name", new { name }, cancellationToken: cancellationToken));
        var value = row is null ? null : new StoredSetting(row.Value, DateTimeOffset.FromUnixTimeMilliseconds(row.UpdatedAt));
        lock (_lock)
        {
            _cache[name] = (value, now);
        }

        return value;
    }

    public async Task SetAsync(string name, string value, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        await using var tx = await database.BeginWriteAsync(db, [WriteScope.Accounts], cancellationToken);
        var now = clock.GetUtcNow();
        var at = now.ToUnixTimeMilliseconds();
        await db.ExecuteAsync(new CommandDefinition("DELETE FROM settings WHERE name = @name", new { name }, tx, cancellationToken: cancellationToken));
        await db.ExecuteAsync(new CommandDefinition("INSERT INTO settings (name, value, updated_at) VALUES (@name, @value, @at)",
            new { name, value, at }, tx, cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
        lock (_lock)
        {
            _cache[name] = (new StoredSetting(value, DateTimeOffset.FromUnixTimeMilliseconds(at)), now);
        }
    }

    private sealed class Row
    {
        public string Value { get; set; } = "";
        public long UpdatedAt { get; set; }
    }
}
