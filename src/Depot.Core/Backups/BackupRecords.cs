using Dapper;
using Depot.Core.Data;

namespace Depot.Core.Backups;

/// <summary>
/// The <c>backups</c> table (migration 0020): a running backup's lease, which holds garbage collection's blob deletions
/// (<see cref="Files.IFileSession.DeleteUnreferencedBlobsAsync"/>) while it is live, and the record of finished backups
/// for the metrics. A lease lasts <see cref="LeaseDuration"/> and the running backup renews it every
/// <see cref="RenewInterval"/>, so a backup killed mid-copy holds collection for ten minutes at most.
/// </summary>
public sealed class BackupRecords(IDatabase database, TimeProvider clock)
{
    public const string Ok = "ok";

    /// <summary>Long enough that a few missed renewals (a paused VM, a slow disk) do not lapse a live backup.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(10);

    public static readonly TimeSpan RenewInterval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The SQL condition, over nothing, that no backup lease is live at <c>@now</c>: garbage collection deletes blob rows
    /// only under it.
    /// </summary>
    internal const string NoLiveLeaseSql =
        "NOT EXISTS (SELECT 1 FROM backups k WHERE k.finished_at IS NULL AND k.lease_expires_at > @now)";

    /// <summary>
    /// Takes a lease and returns its id. Committed before the caller snapshots the metadata: on PostgreSQL the insert waits
    /// for every collecting transaction that holds <c>backups</c> in share mode, so each of them is either in the snapshot
    /// or saw the lease.
    /// </summary>
    public async Task<string> StartAsync(string destination, CancellationToken cancellationToken)
    {
        var id = Ids.New(clock);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await WriteAsync(
            "INSERT INTO backups (id, destination, started_at, lease_expires_at) VALUES (@id, @destination, @now, @expires)",
            new { id, destination, now, expires = now + (long)LeaseDuration.TotalMilliseconds }, cancellationToken);
        return id;
    }

    /// <summary>Extends the lease by <see cref="LeaseDuration"/> from now.</summary>
    public Task RenewAsync(string id, CancellationToken cancellationToken) => WriteAsync(
        "UPDATE backups SET lease_expires_at = @expires WHERE id = @id AND finished_at IS NULL",
        new { id, expires = clock.GetUtcNow().ToUnixTimeMilliseconds() + (long)LeaseDuration.TotalMilliseconds }, cancellationToken);

    /// <summary>Ends the lease and records the outcome (<see cref="Ok"/> or a sentence saying what failed).</summary>
    public Task FinishAsync(string id, string result, long blobs, long bytes, CancellationToken cancellationToken) => WriteAsync(
        "UPDATE backups SET finished_at = @now, result = @result, blobs = @blobs, bytes = @bytes WHERE id = @id",
        new { id, now = clock.GetUtcNow().ToUnixTimeMilliseconds(), result, blobs, bytes }, cancellationToken);

    /// <summary>Whether a lease is live now (garbage collection holds blob deletions).</summary>
    public async Task<bool> AnyLiveAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT CASE WHEN {NoLiveLeaseSql} THEN 0 ELSE 1 END", new { now = clock.GetUtcNow().ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>The most recently finished backup, or null when none has finished.</summary>
    public Task<BackupRecord?> LastAsync(CancellationToken cancellationToken) => LatestAsync("", cancellationToken);

    /// <summary>The most recent backup that succeeded, or null when none has.</summary>
    public Task<BackupRecord?> LastSucceededAsync(CancellationToken cancellationToken) =>
        LatestAsync($"AND result = '{Ok}'", cancellationToken);

    private async Task<BackupRecord?> LatestAsync(string condition, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<BackupRecord>(new CommandDefinition(
            "SELECT id AS Id, destination AS Destination, started_at AS StartedAt, finished_at AS FinishedAt, result AS Result, " +
            $"blobs AS Blobs, bytes AS Bytes FROM backups WHERE finished_at IS NOT NULL {condition} ORDER BY finished_at DESC LIMIT 1",
            cancellationToken: cancellationToken));
    }

    /// <summary>
    /// What a collecting transaction runs before it deletes blob rows on PostgreSQL: share mode conflicts with the lease's
    /// insert, so a backup starting meanwhile waits for this transaction's commit (SQLite's one writer orders them anyway).
    /// </summary>
    internal const string HoldOffNewLeasesSql = "LOCK TABLE backups IN SHARE MODE";

    private async Task WriteAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, [], cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }
}
