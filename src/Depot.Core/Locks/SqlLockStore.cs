using System.Data.Common;
using Dapper;
using Depot.Core.Changes;
using Depot.Core.Cluster;
using Depot.Core.Data;
using Depot.Protocol.Changes;

namespace Depot.Core.Locks;

/// <summary>Locks in portable SQL (<c>locks</c>, migration 0003); taking and releasing one is in the change feed.</summary>
public sealed class SqlLockStore(IDatabase database, ClusterSignal? signal = null, TimeProvider? clock = null) : ILockStore
{
    internal const string Columns =
        "token AS Token, owner_id AS OwnerId, path_key AS PathKey, path AS Path, depth_infinite AS Infinite, exclusive AS Exclusive, " +
        "owner_xml AS OwnerXml, timeout_seconds AS TimeoutSeconds, expires_at AS ExpiresAt, created_by AS CreatedBy, created_at AS CreatedAt";

    /// <summary>Whether any live lock exists (index <c>locks_expiry</c>); shared with the file session's write path.</summary>
    internal const string AnySql = "SELECT 1 FROM locks WHERE expires_at > @now LIMIT 1";

    /// <summary>The live locks of the tree <c>@ownerId</c> (index <c>locks_owner</c>).</summary>
    internal const string ListSql = $"SELECT {Columns} FROM locks WHERE owner_id = @ownerId AND expires_at > @now";

    public async Task<bool> AnyAsync(long now, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        return await db.ExecuteScalarAsync<int?>(new CommandDefinition(AnySql, new { now }, cancellationToken: cancellationToken)) is not null;
    }

    public async Task<IReadOnlyList<LockRecord>> ListAsync(string ownerId, long now, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        return (await db.QueryAsync<LockRecord>(new CommandDefinition(ListSql, new { ownerId, now }, cancellationToken: cancellationToken))).AsList();
    }

    public async Task<Result<LockRecord>> CreateAsync(
        string ownerId, string createdBy, string? nodeId, long now, Func<IReadOnlyList<LockRecord>, int, Result<LockRecord>> decide,
        CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        await using var tx = await database.BeginWriteAsync(db, [WriteScope.Tree(ownerId)], cancellationToken);
        await db.ExecuteAsync(new CommandDefinition(
            "DELETE FROM locks WHERE owner_id = @ownerId AND expires_at <= @now", new { ownerId, now }, tx, cancellationToken: cancellationToken));
        var live = (await db.QueryAsync<LockRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM locks WHERE owner_id = @ownerId", new { ownerId }, tx, cancellationToken: cancellationToken))).AsList();
        var held = await db.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM locks WHERE created_by = @createdBy AND expires_at > @now", new { createdBy, now }, tx,
            cancellationToken: cancellationToken));
        var decided = decide(live, held);
        if (!decided.IsSuccess)
        {
            return decided;
        }

        var l = decided.Value;
        await db.ExecuteAsync(new CommandDefinition(
            "INSERT INTO locks (token, owner_id, path_key, path, depth_infinite, exclusive, owner_xml, timeout_seconds, expires_at, created_by, created_at) " +
            "VALUES (@Token, @OwnerId, @PathKey, @Path, @infinite, @exclusive, @OwnerXml, @TimeoutSeconds, @ExpiresAt, @CreatedBy, @CreatedAt)",
            new
            {
                l.Token, l.OwnerId, l.PathKey, l.Path, infinite = l.Infinite ? 1 : 0, exclusive = l.Exclusive ? 1 : 0, l.OwnerXml,
                l.TimeoutSeconds, l.ExpiresAt, l.CreatedBy, l.CreatedAt,
            },
            tx, cancellationToken: cancellationToken));
        await CommitAsync(db, tx, ChangeKinds.Locked, nodeId, now, cancellationToken);
        return l;
    }

    public async Task<bool> RefreshAsync(string token, long timeoutSeconds, long expiresAt, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        return await db.ExecuteAsync(new CommandDefinition(
            "UPDATE locks SET timeout_seconds = @timeoutSeconds, expires_at = @expiresAt WHERE token = @token",
            new { token, timeoutSeconds, expiresAt }, cancellationToken: cancellationToken)) > 0;
    }

    public async Task<bool> DeleteAsync(string ownerId, string token, string? nodeId, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        await using var tx = await database.BeginWriteAsync(db, [WriteScope.Tree(ownerId)], cancellationToken);
        var deleted = await db.ExecuteAsync(new CommandDefinition(
            "DELETE FROM locks WHERE owner_id = @ownerId AND token = @token", new { ownerId, token }, tx, cancellationToken: cancellationToken)) > 0;
        await CommitAsync(db, tx, deleted ? ChangeKinds.Unlocked : null, nodeId, (clock ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
        return deleted;
    }

    /// <summary>Commits, with the change on <paramref name="nodeId"/> in the feed (none without a kind or a node).</summary>
    private async Task CommitAsync(DbConnection db, DbTransaction tx, string? kind, string? nodeId, long now, CancellationToken cancellationToken)
    {
        IReadOnlyList<ChangeNotice> notices = [];
        if (kind is not null && nodeId is not null)
        {
            var changes = new ChangeRecorder();
            changes.Add(kind, nodeId);
            notices = await changes.FlushAsync(db, tx, now, cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        ChangeRecorder.AnnounceAfterCommit(signal, notices);
    }

    public async Task DeleteManyAsync(string ownerId, IReadOnlyCollection<string> tokens, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        foreach (var chunk in tokens.Chunk(500))
        {
            await db.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM locks WHERE owner_id = @ownerId AND {SqlLists.In(db, "token", "chunk")}", new { ownerId, chunk = SqlLists.Values(db, chunk) }, cancellationToken: cancellationToken));
        }
    }
}
