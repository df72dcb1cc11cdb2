using System.Data.Common;
using System.Globalization;
using Depot.Core.Data;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Depot.Testing;

/// <summary>
/// Recomputes what the metadata store keeps as running totals and compares: every user's <c>used_bytes</c> must be
/// the sum of the sizes of the versions of the nodes they own, trash included (the quota model: every kept version
/// counts, copies count their own size though they share blobs; reservations of unfinished uploads are kept apart in
/// <c>uploads</c>), and every node must belong to its parent's owner (a node lives in its owner's tree). Reads the
/// rows with plain SQL, not through Depot's stores, so a bug in the stores cannot hide itself.
/// </summary>
public static class StorageInvariants
{
    private const string UsageSql =
        "SELECT u.username, u.used_bytes, COALESCE((SELECT SUM(v.size) FROM versions v JOIN nodes n ON n.id = v.node_id " +
        "WHERE n.owner_id = u.id), 0) FROM users u ORDER BY u.username";

    private const string OwnerSql =
        "SELECT c.id, c.name, c.owner_id, p.owner_id FROM nodes c JOIN nodes p ON p.id = c.parent_id WHERE c.owner_id <> p.owner_id";

    /// <summary>Every violation found, one line each (empty when the store is consistent), and how many users were checked.</summary>
    public static async Task<(IReadOnlyList<string> Violations, int Users)> CheckAsync(IDatabase database, CancellationToken cancellationToken = default)
    {
        var violations = new List<string>();
        var users = 0;
        await using var connection = await database.OpenAsync(cancellationToken);
        await foreach (var row in ReadAsync(connection, UsageSql, cancellationToken))
        {
            users++;
            var (username, stored, computed) = (row.GetString(0), row.GetInt64(1), row.GetInt64(2));
            if (stored != computed)
            {
                violations.Add(string.Create(CultureInfo.InvariantCulture,
                    $"user {username}: used_bytes is {stored}, the versions they own sum to {computed}"));
            }
        }

        await foreach (var row in ReadAsync(connection, OwnerSql, cancellationToken))
        {
            violations.Add($"node {row.GetString(0)} ('{row.GetString(1)}') belongs to {row.GetString(2)}, its parent to {row.GetString(3)}");
        }

        return (violations, users);
    }

    /// <summary>Fails the test with every violation when the server's store is inconsistent.</summary>
    public static async Task AssertHoldAsync(DepotServer server, CancellationToken cancellationToken = default)
    {
        var (violations, _) = await CheckAsync(server.Services.GetRequiredService<IDatabase>(), cancellationToken);
        Assert.True(violations.Count == 0, "Storage invariants violated:" + Environment.NewLine + string.Join(Environment.NewLine, violations));
    }

    private static async IAsyncEnumerable<DbDataReader> ReadAsync(DbConnection connection, string sql,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return reader;
        }
    }
}
