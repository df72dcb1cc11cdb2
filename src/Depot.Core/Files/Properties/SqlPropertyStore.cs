using Dapper;
using Depot.Core.Data;

namespace Depot.Core.Files.Properties;

/// <summary>Dead properties in portable SQL (<c>node_properties</c>, migration 0003).</summary>
public sealed class SqlPropertyStore(IDatabase database) : IPropertyStore
{
    private const int ReadChunk = 1000;

    // Most installations store no dead property at all (only Windows' WebDAV client sets them on every file): then a
    // PROPFIND page need not probe the primary key once for each of its 1,000 entries, 1 µs each. Neither planner
    // correlates this term with the rows, so both decide it once, before the probes (SQLite: a constant WHERE term;
    // PostgreSQL: an InitPlan and a one-time filter).
    private const string AnyStored = "EXISTS (SELECT 1 FROM node_properties)";

    // The live subtree below a node with each node's path of name keys relative to it ("" for the top).
    // The anchor's empty path is SUBSTR(name_key, 1, 0), not '': on PostgreSQL name_key is COLLATE "C" (migration
    // 0010), and a recursive CTE's column must have one collation in both terms.
    private static string Subtree(string name) =>
        $"{name}(id, rel) AS (SELECT id, SUBSTR(name_key, 1, 0) FROM nodes WHERE id = @{name}Id AND owner_id = @ownerId " +
        $"UNION ALL SELECT c.id, {name}.rel || '/' || c.name_key FROM nodes c JOIN {name} ON c.parent_id = {name}.id WHERE c.trashed_at IS NULL)";

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<DeadProperty>>> GetAsync(
        string ownerId, IReadOnlyCollection<string> nodeIds, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, IReadOnlyList<DeadProperty>>(StringComparer.Ordinal);
        if (nodeIds.Count == 0)
        {
            return found;
        }

        await using var db = await database.OpenAsync(cancellationToken);
        // The list is one parameter (SqlLists), so a chunk only bounds one query's rows: a whole PROPFIND page (1,000) in
        // one round trip, where 500 took two on PostgreSQL.
        foreach (var chunk in nodeIds.Chunk(ReadChunk))
        {
            var rows = await db.QueryAsync<(string NodeId, string Namespace, string Name, string Xml)>(new CommandDefinition(
                "SELECT p.node_id, p.namespace, p.name, p.xml FROM node_properties p JOIN nodes n ON n.id = p.node_id " +
                $"WHERE {AnyStored} AND {SqlLists.In(db, "p.node_id", "chunk")} AND n.owner_id = @ownerId ORDER BY p.node_id, p.namespace, p.name",
                new { chunk = SqlLists.Values(db, chunk), ownerId }, cancellationToken: cancellationToken));
            foreach (var group in rows.GroupBy(r => r.NodeId, StringComparer.Ordinal))
            {
                found[group.Key] = group.Select(r => new DeadProperty(r.Namespace, r.Name, r.Xml)).ToList();
            }
        }

        return found;
    }

    public async Task<bool> PatchAsync(
        string ownerId, string nodeId, IReadOnlyList<PropertyChange> changes, int maxCount, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        await using var tx = await database.BeginWriteAsync(db, [WriteScope.Tree(ownerId)], cancellationToken);
        foreach (var (property, remove) in changes)
        {
            var args = new { nodeId, ns = property.Namespace, property.Name, property.Xml, ownerId };
            // Both branches check the owner: a remove once reached any node whose id the caller named.
            await db.ExecuteAsync(new CommandDefinition(remove
                ? "DELETE FROM node_properties WHERE node_id = @nodeId AND namespace = @ns AND name = @Name " +
                  "AND EXISTS (SELECT 1 FROM nodes WHERE id = @nodeId AND owner_id = @ownerId)"
                : "INSERT INTO node_properties (node_id, namespace, name, xml) " +
                  "SELECT @nodeId, @ns, @Name, @Xml WHERE EXISTS (SELECT 1 FROM nodes WHERE id = @nodeId AND owner_id = @ownerId) " +
                  "ON CONFLICT (node_id, namespace, name) DO UPDATE SET xml = excluded.xml",
                args, tx, cancellationToken: cancellationToken));
        }

        var count = await db.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM node_properties WHERE node_id = @nodeId", new { nodeId }, tx, cancellationToken: cancellationToken));
        if (count > maxCount)
        {
            return false;   // disposing rolls back
        }

        await tx.CommitAsync(cancellationToken);
        return true;
    }

    public async Task CopyTreeAsync(string ownerId, string fromNodeId, string toNodeId, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        await using var tx = await database.BeginWriteAsync(db, [WriteScope.Tree(ownerId)], cancellationToken);
        await db.ExecuteAsync(new CommandDefinition(
            "INSERT INTO node_properties (node_id, namespace, name, xml) " +
            $"WITH RECURSIVE {Subtree("src")}, {Subtree("dst")} " +
            "SELECT dst.id, p.namespace, p.name, p.xml FROM src JOIN dst ON dst.rel = src.rel JOIN node_properties p ON p.node_id = src.id " +
            "WHERE true ON CONFLICT (node_id, namespace, name) DO UPDATE SET xml = excluded.xml",
            new { srcId = fromNodeId, dstId = toNodeId, ownerId }, tx, cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
    }

    public async Task SetModifiedAsync(string ownerId, string nodeId, long modifiedAt, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        await using var tx = await database.BeginWriteAsync(db, [WriteScope.Tree(ownerId)], cancellationToken);
        await db.ExecuteAsync(new CommandDefinition(
            "UPDATE nodes SET modified_at = @modifiedAt WHERE id = @nodeId AND owner_id = @ownerId",
            new { modifiedAt, nodeId, ownerId }, tx, cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
    }
}
