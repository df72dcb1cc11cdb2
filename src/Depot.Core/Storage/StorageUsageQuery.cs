using Dapper;
using Depot.Core.Data;

namespace Depot.Core.Storage;

/// <summary>
/// Measures <see cref="StorageUsage"/> in portable SQL. Each figure is a scan (of blobs, users, nodes, versions), so it
/// runs on a timer, never per scrape. Trash is every node under a trashed top node (only the top carries
/// <c>trashed_at</c>); UNION, not UNION ALL, because an item trashed on its own may later sit under a trashed folder.
/// </summary>
public sealed class StorageUsageQuery(IDatabase database)
{
    private const string Trashed =
        "WITH RECURSIVE trashed(id) AS (SELECT id FROM nodes WHERE trashed_at IS NOT NULL " +
        "UNION SELECT n.id FROM nodes n JOIN trashed t ON n.parent_id = t.id) ";

    public async Task<StorageUsage> MeasureAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var blobs = await connection.QuerySingleAsync<(long Count, long Bytes)>(new CommandDefinition(
            "SELECT COUNT(*), CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM blobs", cancellationToken: cancellationToken));
        var users = await connection.QuerySingleAsync<(long Count, long Bytes)>(new CommandDefinition(
            "SELECT COUNT(*), CAST(COALESCE(SUM(used_bytes), 0) AS BIGINT) FROM users", cancellationToken: cancellationToken));
        var files = await connection.QuerySingleAsync<(long Live, long Trashed)>(new CommandDefinition(
            Trashed + "SELECT CAST(COALESCE(SUM(CASE WHEN t.id IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT), " +
            "CAST(COALESCE(SUM(CASE WHEN t.id IS NULL THEN 0 ELSE 1 END), 0) AS BIGINT) " +
            "FROM nodes n LEFT JOIN trashed t ON t.id = n.id WHERE n.kind = 1", cancellationToken: cancellationToken));
        var bytes = await connection.QuerySingleAsync<(long Current, long Versions, long Trash)>(new CommandDefinition(
            Trashed + "SELECT " +
            "CAST(COALESCE(SUM(CASE WHEN t.id IS NULL AND v.id = n.current_version_id THEN v.size ELSE 0 END), 0) AS BIGINT), " +
            "CAST(COALESCE(SUM(CASE WHEN t.id IS NULL AND v.id <> n.current_version_id THEN v.size ELSE 0 END), 0) AS BIGINT), " +
            "CAST(COALESCE(SUM(CASE WHEN t.id IS NULL THEN 0 ELSE v.size END), 0) AS BIGINT) " +
            "FROM versions v JOIN nodes n ON n.id = v.node_id LEFT JOIN trashed t ON t.id = n.id", cancellationToken: cancellationToken));
        return new StorageUsage(blobs.Count, blobs.Bytes, users.Count, users.Bytes, files.Live, files.Trashed, bytes.Current, bytes.Versions, bytes.Trash);
    }
}
