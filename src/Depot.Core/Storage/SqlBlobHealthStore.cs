using Dapper;
using Depot.Core.Data;

namespace Depot.Core.Storage;

/// <summary><see cref="IBlobHealthStore"/> in portable SQL over <see cref="IDatabase"/> (migration 0008's <c>blobs.damaged_at</c>).</summary>
public sealed class SqlBlobHealthStore(IDatabase database) : IBlobHealthStore
{
    // The ancestors of a node, nearest last: the path is their names from the root down (the root's name is empty).
    private const string PathSql =
        "WITH RECURSIVE up(id, parent_id, name, trashed_at, depth) AS (" +
        "SELECT id, parent_id, name, trashed_at, 0 FROM nodes WHERE id = @nodeId " +
        "UNION ALL SELECT p.id, p.parent_id, p.name, p.trashed_at, up.depth + 1 FROM nodes p JOIN up ON p.id = up.parent_id) " +
        "SELECT name AS Name, trashed_at AS TrashedAt FROM up ORDER BY depth DESC";

    public async Task<IReadOnlyList<BlobRecord>> ListAsync(string? afterId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<BlobRecord>(new CommandDefinition(
            "SELECT id AS Id, size AS Size, sha256 AS Sha256, damaged_at AS DamagedAt FROM blobs " +
            "WHERE id > @afterId ORDER BY id LIMIT @limit",
            new { afterId = afterId ?? "", limit }, cancellationToken: cancellationToken))).AsList();
    }

    public async Task<bool> MarkDamagedAsync(string blobId, long at, CancellationToken cancellationToken) =>
        await ExecuteAsync("UPDATE blobs SET damaged_at = @at WHERE id = @blobId AND damaged_at IS NULL", new { blobId, at }, cancellationToken) &&
        await ReleaseOwnedTreesAsync(blobId, cancellationToken);

    public async Task<bool> ClearDamagedAsync(string blobId, CancellationToken cancellationToken) =>
        await ExecuteAsync("UPDATE blobs SET damaged_at = NULL WHERE id = @blobId AND damaged_at IS NOT NULL", new { blobId }, cancellationToken) &&
        await ReleaseOwnedTreesAsync(blobId, cancellationToken);

    // A walk carries its file's damage mark, and this write takes no tree's lock: the nodes that own the trees holding the
    // blob are asked to let go of them, so their next walks read the mark. Not waited for: a download that raced the mark
    // was already free to miss it.
    private async Task<bool> ReleaseOwnedTreesAsync(string blobId, CancellationToken cancellationToken)
    {
        if (database is PostgresDatabase postgres)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            var owners = await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT DISTINCT n.owner_id FROM versions v JOIN nodes n ON n.id = v.node_id WHERE v.blob_id = @blobId",
                new { blobId }, cancellationToken: cancellationToken));
            await postgres.RequestOwnershipReleaseAsync([.. owners.Select(o => WriteScope.Tree(o).OwnershipKey)], cancellationToken);
        }

        return true;
    }

    public async Task<bool> IsReferencedAsync(string blobId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM versions WHERE blob_id = @blobId", new { blobId }, cancellationToken: cancellationToken)) > 0;
    }

    public async Task<IReadOnlyList<BlobLocation>> LocateAsync(string blobId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var versions = await connection.QueryAsync<(string VersionId, string NodeId, string? CurrentVersionId, string Owner)>(new CommandDefinition(
            "SELECT v.id, n.id, n.current_version_id, u.username FROM versions v JOIN nodes n ON n.id = v.node_id " +
            "JOIN users u ON u.id = n.owner_id WHERE v.blob_id = @blobId ORDER BY u.username, v.id LIMIT @limit",
            new { blobId, limit }, cancellationToken: cancellationToken));
        var locations = new List<BlobLocation>();
        foreach (var (versionId, nodeId, currentVersionId, owner) in versions)
        {
            var steps = (await connection.QueryAsync<(string Name, long? TrashedAt)>(new CommandDefinition(
                PathSql, new { nodeId }, cancellationToken: cancellationToken))).AsList();
            var path = "/" + string.Join('/', steps.Where(s => s.Name.Length > 0).Select(s => s.Name));
            locations.Add(new BlobLocation(owner, path, versionId, versionId == currentVersionId, steps.Any(s => s.TrashedAt is not null)));
        }

        return locations;
    }

    private async Task<bool> ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)) > 0;
    }
}
