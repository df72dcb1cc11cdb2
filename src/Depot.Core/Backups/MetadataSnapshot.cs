using System.Data.Common;
using Dapper;
using Depot.Core.Data;
using Microsoft.Data.Sqlite;

namespace Depot.Core.Backups;

/// <summary>
/// The SQLite side of backup and restore: a consistent copy of a live database taken with <c>VACUUM INTO</c> (one read
/// transaction, so one point in time, while the server keeps writing), made a stand-alone file (rollback journal, no
/// <c>-wal</c> beside it), counted, and checked with <c>PRAGMA integrity_check</c>.
/// </summary>
public static class MetadataSnapshot
{
    /// <summary>Copies the database at <paramref name="livePath"/> into the new file <paramref name="target"/>.</summary>
    public static async Task TakeAsync(string livePath, string target, CancellationToken cancellationToken)
    {
        await using var connection = Open(livePath, SqliteOpenMode.ReadWrite);
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA busy_timeout=30000", cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("VACUUM INTO @target", new { target }, cancellationToken: cancellationToken));
    }

    /// <summary>Makes the file stand alone (a database opened by the server's pool was switched to WAL).</summary>
    public static async Task CloseJournalAsync(string path, CancellationToken cancellationToken)
    {
        await using var connection = Open(path, SqliteOpenMode.ReadWrite);
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode=DELETE", cancellationToken: cancellationToken));
    }

    /// <summary>"ok", or what <c>PRAGMA integrity_check</c> and <c>PRAGMA foreign_key_check</c> found, one problem a line.</summary>
    public static async Task<string> CheckAsync(string path, CancellationToken cancellationToken)
    {
        await using var connection = Open(path, SqliteOpenMode.ReadOnly);
        var integrity = (await connection.QueryAsync<string>(new CommandDefinition("PRAGMA integrity_check", cancellationToken: cancellationToken))).AsList();
        var foreignKeys = (await connection.QueryAsync(new CommandDefinition("PRAGMA foreign_key_check", cancellationToken: cancellationToken))).AsList();
        var problems = integrity is ["ok"] ? [] : integrity;
        problems.AddRange(foreignKeys.Select(row => $"foreign key: {string.Join(' ', ((IDictionary<string, object?>)row).Values)}"));
        return problems.Count == 0 ? "ok" : string.Join('\n', problems);
    }

    public static async Task<SnapshotCounts> CountAsync(string path, CancellationToken cancellationToken)
    {
        await using var connection = Open(path, SqliteOpenMode.ReadOnly);
        return await CountAsync(connection, cancellationToken);
    }

    /// <summary>The counts of a live store (PostgreSQL backups, whose snapshot is pg_dump's file).</summary>
    public static async Task<SnapshotCounts> CountAsync(IDatabase database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await CountAsync(connection, cancellationToken);
    }

    private static Task<SnapshotCounts> CountAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection.QuerySingleAsync<SnapshotCounts>(new CommandDefinition(
            "SELECT (SELECT COUNT(*) FROM users) AS Users, (SELECT COUNT(*) FROM nodes WHERE kind = 1) AS Files, " +
            "(SELECT COUNT(*) FROM nodes WHERE kind = 0) AS Folders, (SELECT COUNT(*) FROM versions) AS Versions, " +
            "(SELECT COUNT(*) FROM blobs) AS Blobs, (SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM blobs) AS BlobBytes",
            cancellationToken: cancellationToken));

    /// <summary>A connection of its own (no pool) to the metadata file at <paramref name="path"/>; a backup's is opened read-only.</summary>
    internal static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        SqliteDatabase.InitialiseNative();
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
