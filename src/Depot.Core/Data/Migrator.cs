using Dapper;

namespace Depot.Core.Data;

/// <summary>
/// Applies the embedded <c>Data/Migrations/*.sql</c> scripts in name order, each once, each in its own
/// transaction, recording them in <c>schema_migrations</c>. Upgrading Depot is "start the new version". The scripts are
/// portable SQL, the same on SQLite and PostgreSQL, except those named <c>NNNN_name.postgres.sql</c> or
/// <c>NNNN_name.sqlite.sql</c>: each runs on its backend only (what one planner needs and the other has no words for,
/// such as PostgreSQL collations), and is recorded there only. The whole run holds
/// <see cref="IDatabase.LockMigrationsAsync"/>.
/// </summary>
public sealed class Migrator(IDatabase database, TimeProvider clock)
{
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // Several nodes may start at once against one PostgreSQL: one migrates, the others wait, then find it done.
        await using var migrationLock = await database.LockMigrationsAsync(connection, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)",
            cancellationToken: cancellationToken));
        var applied = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT version FROM schema_migrations", cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);

        var count = 0;
        var backend = connection is Npgsql.NpgsqlConnection ? PostgresSuffix : SqliteSuffix;
        foreach (var (version, sql) in LoadScripts())
        {
            if (applied.Contains(version) || !ForBackend(version, backend))
            {
                continue;
            }

            await using var transaction = await database.BeginWriteAsync(connection, [], cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @at)",
                new { version, at = clock.GetUtcNow().ToUnixTimeMilliseconds() },
                transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            count++;
        }

        return count;
    }

    /// <summary>
    /// When this store was set up (its first migration), or null when it has none: a new, empty store. Start-up uses it to
    /// refuse a new store next to existing blobs, and maintenance to leave orphans alone while the store is young.
    /// </summary>
    public async Task<DateTimeOffset?> CreatedAtAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(database.TableExistsSql, new { table = "schema_migrations" },
                cancellationToken: cancellationToken)))
        {
            return null;
        }

        var first = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MIN(applied_at) FROM schema_migrations", cancellationToken: cancellationToken));
        return first is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    private const string PostgresSuffix = ".postgres";
    private const string SqliteSuffix = ".sqlite";

    private static bool ForBackend(string version, string backend) =>
        version.EndsWith(backend, StringComparison.Ordinal)
        || !(version.EndsWith(PostgresSuffix, StringComparison.Ordinal) || version.EndsWith(SqliteSuffix, StringComparison.Ordinal));

    /// <summary>
    /// The schema versions this build applies on one backend, in the order they apply (the scripts' names, e.g.
    /// <c>0009_data_protection_keys</c>, <c>0010_planner.postgres</c>).
    /// </summary>
    public static IReadOnlyList<string> KnownVersionsFor(bool postgres) =>
        [.. LoadScripts().Select(script => script.Version).Where(v => ForBackend(v, postgres ? PostgresSuffix : SqliteSuffix))];

    /// <summary>Whether <paramref name="version"/> runs on PostgreSQL only (so a SQLite database never records it).</summary>
    public static bool IsPostgresOnly(string version) => version.EndsWith(PostgresSuffix, StringComparison.Ordinal);

    private static IEnumerable<(string Version, string Sql)> LoadScripts()
    {
        var assembly = typeof(Migrator).Assembly;
        const string prefix = "Depot.Core.Data.Migrations.";
        foreach (var name in assembly.GetManifestResourceNames()
                     .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (name[prefix.Length..^4], reader.ReadToEnd());
        }
    }
}
