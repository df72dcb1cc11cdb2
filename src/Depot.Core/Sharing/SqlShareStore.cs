using System.Data.Common;
using Dapper;
using Depot.Core.Access;
using Depot.Core.Changes;
using Depot.Core.Cluster;
using Depot.Core.Data;
using Depot.Protocol.Changes;

namespace Depot.Core.Sharing;

/// <summary>
/// The rows of <c>shares</c> and <c>mounts</c>, in portable SQL over <see cref="IDatabase"/>. Each change to a share is
/// written to the change feed in its transaction (<see cref="ChangeRecorder"/>): the owner and whoever mounted the item.
/// </summary>
public sealed class SqlShareStore(IDatabase database, ClusterSignal? signal = null, TimeProvider? clock = null)
{
    private const string Select =
        "SELECT s.id AS Id, s.node_id AS NodeId, s.owner_id AS OwnerId, o.username AS OwnerName, n.name AS ItemName, n.kind AS ItemKind, " +
        "s.grantee_kind AS IsGroup, s.grantee_id AS GranteeId, " +
        "COALESCE(gu.username, gg.name, '') AS GranteeName, s.role AS Role, s.created_by AS CreatedBy, s.created_at AS CreatedAt, " +
        "s.expires_at AS ExpiresAt FROM shares s JOIN nodes n ON n.id = s.node_id LEFT JOIN users o ON o.id = s.owner_id " +
        "LEFT JOIN users gu ON s.grantee_kind = 0 AND gu.id = s.grantee_id LEFT JOIN user_groups gg ON s.grantee_kind = 1 AND gg.id = s.grantee_id ";

    public async Task<ShareRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        return await db.QuerySingleOrDefaultAsync<ShareRecord>(new CommandDefinition($"{Select}WHERE s.id = @id", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>Shares on items the user owns or that the user created (as a manager).</summary>
    public async Task<IReadOnlyList<ShareRecord>> ListOutgoingAsync(string userId, string? nodeId, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        var rows = await db.QueryAsync<ShareRecord>(new CommandDefinition(
            $"{Select}WHERE (s.owner_id = @userId OR s.created_by = @userId) AND (@nodeId IS NULL OR s.node_id = @nodeId) ORDER BY s.created_at, s.id",
            new { userId, nodeId }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Unexpired shares naming the user or one of the user's groups, on items not in the trash.</summary>
    public async Task<IReadOnlyList<ShareRecord>> ListIncomingAsync(string userId, long now, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        var rows = await db.QueryAsync<ShareRecord>(new CommandDefinition(
            $"{Select}WHERE (s.expires_at IS NULL OR s.expires_at > @now) AND n.trashed_at IS NULL AND s.owner_id <> @userId AND " +
            "((s.grantee_kind = 0 AND s.grantee_id = @userId) OR " +
            "(s.grantee_kind = 1 AND s.grantee_id IN (SELECT g.group_id FROM group_members g WHERE g.user_id = @userId))) " +
            "ORDER BY s.created_at, s.id",
            new { userId, now }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Creates the share, or changes role and expiry of the grantee's existing share on the node. Returns its id.</summary>
    public async Task<(string Id, bool Created, Role? Previous)> UpsertAsync(
        string id, string nodeId, string ownerId, bool isGroup, string granteeId, Role role, string createdBy, long now, long? expiresAt,
        CancellationToken cancellationToken)
    {
        try
        {
            return await UpsertOnceAsync(id, nodeId, ownerId, isGroup, granteeId, role, createdBy, now, expiresAt, cancellationToken);
        }
        catch (DbException e) when (DatabaseFaults.IsUniqueViolation(e))
        {
            // Another node created this grantee's share between the look-up and the insert (possible under any write
            // isolation weaker than one writer at a time; the unique index refused ours): it exists now, so the second
            // attempt finds and updates it, as if the two had come one after the other.
            return await UpsertOnceAsync(id, nodeId, ownerId, isGroup, granteeId, role, createdBy, now, expiresAt, cancellationToken);
        }
    }

    private async Task<(string Id, bool Created, Role? Previous)> UpsertOnceAsync(
        string id, string nodeId, string ownerId, bool isGroup, string granteeId, Role role, string createdBy, long now, long? expiresAt,
        CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        await using var tx = await database.BeginWriteAsync(db, [WriteScope.Tree(ownerId)], cancellationToken);
        var existing = await db.QuerySingleOrDefaultAsync<(string Id, long Role)?>(new CommandDefinition(
            "SELECT id, role FROM shares WHERE node_id = @nodeId AND grantee_kind = @kind AND grantee_id = @granteeId",
            new { nodeId, kind = isGroup ? 1 : 0, granteeId }, tx, cancellationToken: cancellationToken));
        if (existing is { } row)
        {
            await db.ExecuteAsync(new CommandDefinition("UPDATE shares SET role = @role, expires_at = @expiresAt WHERE id = @id",
                new { id = row.Id, role = (int)role, expiresAt }, tx, cancellationToken: cancellationToken));
        }
        else
        {
            await db.ExecuteAsync(new CommandDefinition(
                "INSERT INTO shares (id, node_id, owner_id, grantee_kind, grantee_id, role, created_by, created_at, expires_at) " +
                "VALUES (@id, @nodeId, @ownerId, @kind, @granteeId, @role, @createdBy, @now, @expiresAt)",
                new { id, nodeId, ownerId, kind = isGroup ? 1 : 0, granteeId, role = (int)role, createdBy, now, expiresAt }, tx,
                cancellationToken: cancellationToken));
        }

        await CommitAsync(db, tx, ChangeKinds.Shared, nodeId, cancellationToken);
        return existing is { } found ? (found.Id, false, (Role)found.Role) : (id, true, null);
    }

    /// <summary>The role of the grantee's existing share on the node, or null.</summary>
    public async Task<Role?> FindRoleAsync(string nodeId, bool isGroup, string granteeId, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        var role = await db.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT role FROM shares WHERE node_id = @nodeId AND grantee_kind = @kind AND grantee_id = @granteeId",
            new { nodeId, kind = isGroup ? 1 : 0, granteeId }, cancellationToken: cancellationToken));
        return role is { } value ? (Role)value : null;
    }

    public async Task UpdateAsync(string id, Role role, long? expiresAt, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        await using var tx = await database.BeginWriteAsync(db, [], cancellationToken);
        var nodeId = await db.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "UPDATE shares SET role = @role, expires_at = @expiresAt WHERE id = @id RETURNING node_id",
            new { id, role = (int)role, expiresAt }, tx, cancellationToken: cancellationToken));
        await CommitAsync(db, tx, nodeId is null ? null : ChangeKinds.Shared, nodeId, cancellationToken);
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        await using var tx = await database.BeginWriteAsync(db, [], cancellationToken);
        var nodeId = await db.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT node_id FROM shares WHERE id = @id", new { id }, tx, cancellationToken: cancellationToken));
        // Who sees the item is read while the share still exists, so its grantee, who saw the item through it, hears that
        // it went; the rows are written after the DELETE, so the counters stay the last locks taken (ChangeRecorder).
        var changes = new ChangeRecorder();
        if (nodeId is not null)
        {
            changes.Add(ChangeKinds.Unshared, nodeId);
        }

        var (statements, notices) = await changes.PrepareAsync(db, tx, Now, cancellationToken);
        var deleted = await db.ExecuteAsync(new CommandDefinition("DELETE FROM shares WHERE id = @id", new { id }, tx, cancellationToken: cancellationToken));
        await ChangeRecorder.ExecuteAsync(db, tx, statements, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        ChangeRecorder.AnnounceAfterCommit(signal, notices);
        return deleted > 0;
    }

    private async Task CommitAsync(DbConnection db, DbTransaction tx, string? kind, string? nodeId, CancellationToken cancellationToken)
    {
        var notices = await FlushAsync(db, tx, kind, nodeId, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        ChangeRecorder.AnnounceAfterCommit(signal, notices);
    }

    private async Task<IReadOnlyList<ChangeNotice>> FlushAsync(
        DbConnection db, DbTransaction tx, string? kind, string? nodeId, CancellationToken cancellationToken)
    {
        if (kind is null || nodeId is null)
        {
            return [];
        }

        var changes = new ChangeRecorder();
        changes.Add(kind, nodeId);
        return await changes.FlushAsync(db, tx, Now, cancellationToken);
    }

    private long Now => (clock ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds();
}
