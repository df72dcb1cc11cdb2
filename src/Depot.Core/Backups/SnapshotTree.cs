using Dapper;
using Microsoft.Data.Sqlite;

namespace Depot.Core.Backups;

/// <summary>
/// Reads one user's tree out of a backup's metadata file (read-only: the backup is never changed), for restoring a
/// folder as it was. Only live items count (what was in the trash at the backup is not restored); shares and mounts of
/// other users' items are not part of a user's own tree.
/// </summary>
public static class SnapshotTree
{
    // Names joined from the root down; kinds 0 (folder) and 1 (file) only.
    private const string TreeSql =
        "WITH RECURSIVE t(id, kind, path, current_version_id) AS (" +
        "SELECT n.id, n.kind, '', n.current_version_id FROM nodes n JOIN users u ON u.root_id = n.id WHERE u.username_key = @key " +
        "UNION ALL SELECT c.id, c.kind, t.path || '/' || c.name, c.current_version_id FROM nodes c JOIN t ON c.parent_id = t.id " +
        "WHERE c.trashed_at IS NULL AND c.kind IN (0, 1)) " +
        "SELECT t.path AS Path, t.kind AS Kind, v.blob_id AS BlobId, COALESCE(v.size, 0) AS Size, v.sha256 AS Sha256 " +
        "FROM t LEFT JOIN versions v ON v.id = t.current_version_id WHERE t.path <> '' ORDER BY t.path";

    /// <summary>
    /// The entries of <paramref name="username"/>'s tree at or under <paramref name="under"/> ("/" for all), or null when the
    /// backup has no such user.
    /// </summary>
    public static async Task<IReadOnlyList<SnapshotEntry>?> ReadAsync(string metadataFile, string username, string under,
        CancellationToken cancellationToken)
    {
        await using var connection = MetadataSnapshot.Open(metadataFile, SqliteOpenMode.ReadOnly);
        var key = username.ToLowerInvariant();
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM users WHERE username_key = @key", new { key }, cancellationToken: cancellationToken)) == 0)
        {
            return null;
        }

        var rows = await connection.QueryAsync<Row>(new CommandDefinition(TreeSql, new { key }, cancellationToken: cancellationToken));
        var prefix = under.TrimEnd('/');
        return [.. rows
            .Where(r => prefix.Length == 0 || r.Path == prefix || r.Path.StartsWith(prefix + "/", StringComparison.Ordinal))
            .Select(r => new SnapshotEntry(r.Path, r.Kind == 0, r.BlobId, r.Size, r.Sha256))];
    }

    private sealed class Row
    {
        public string Path { get; init; } = "";

        public long Kind { get; init; }

        public string? BlobId { get; init; }

        public long Size { get; init; }

        public string? Sha256 { get; init; }
    }
}
