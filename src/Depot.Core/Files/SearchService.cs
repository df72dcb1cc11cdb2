using System.Buffers.Text;
using System.Text;
using Dapper;
using Depot.Core.Access;
using Depot.Core.Data;
using Depot.Protocol;
using Npgsql;

namespace Depot.Core.Files;

/// <summary>
/// Search by name: a case-insensitive substring match on <c>nodes.name_key</c> (the same key that makes names unique),
/// over the caller's live tree and the shared folders mounted in it. Portable SQL: a recursive walk from each root
/// that never enters a trashed subtree, so what is found is exactly what listing can reach. A mounted folder is
/// searched only while the caller still has access to it (the same <see cref="AccessPolicy"/> check as browsing),
/// and only the caller's own mounts are followed, so mounts inside someone else's folder never loop. On SQLite it costs
/// one pass over each tree. On PostgreSQL the same answer comes the other way round (<see cref="PostgresSql"/>): the
/// owner's live nodes whose key matches, in (name_key, id) order from an index, each kept if the walk up from it reaches
/// the root without passing a trashed node, until the page is full; at 100,000 nodes that took a common word from
/// 0.8 s to milliseconds (bench/pg-plans). A trigram index could make a rare word's scan of the owner's names faster too.
/// </summary>
public sealed class SearchService(IDatabase database, IFileStore store)
{
    // 50: a results screen; 200 bounds one response like a folder page does.
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    private const string Sql =
        "WITH RECURSIVE tree(id, path) AS (" +
        " SELECT n.id, @prefix FROM nodes n WHERE n.id = @rootId" +
        " UNION ALL SELECT c.id, tree.path || '/' || c.name FROM nodes c JOIN tree ON c.parent_id = tree.id WHERE c.trashed_at IS NULL) " +
        "SELECT n.id AS Id, n.owner_id AS OwnerId, n.parent_id AS ParentId, n.name AS Name, n.name_key AS NameKey, n.kind AS Kind, " +
        "n.current_version_id AS CurrentVersionId, n.size AS Size, n.sha256 AS Sha256, n.content_type AS ContentType, " +
        "n.created_at AS CreatedAt, n.modified_at AS ModifiedAt, n.revision AS Revision, tree.path AS Path " +
        "FROM nodes n JOIN tree ON n.id = tree.id " +
        "WHERE n.id <> @rootId AND n.name_key LIKE @pattern ESCAPE '\\' " +
        "{0}ORDER BY n.name_key, n.id LIMIT @take";

    // The rows and order of Sql: a match counts when every node from it up to the root (not the root) is live, and its
    // path is the names on that way. The walk stops at a trashed node (live false) or at the root.
    private const string PostgresSql =
        "SELECT n.id AS Id, n.owner_id AS OwnerId, n.parent_id AS ParentId, n.name AS Name, n.name_key AS NameKey, n.kind AS Kind, " +
        "n.current_version_id AS CurrentVersionId, n.size AS Size, n.sha256 AS Sha256, n.content_type AS ContentType, " +
        "n.created_at AS CreatedAt, n.modified_at AS ModifiedAt, n.revision AS Revision, @prefix || w.rel AS Path " +
        "FROM nodes n CROSS JOIN LATERAL (" +
        " WITH RECURSIVE up(id, parent_id, rel, live) AS (SELECT n.id, n.parent_id, '/' || n.name, TRUE" +
        " UNION ALL SELECT p.id, p.parent_id, CASE WHEN p.id = @rootId THEN up.rel ELSE '/' || p.name || up.rel END," +
        " p.trashed_at IS NULL OR p.id = @rootId FROM up JOIN nodes p ON p.id = up.parent_id WHERE up.live AND up.id <> @rootId) " +
        " SELECT up.rel FROM up WHERE up.id = @rootId AND up.live) w " +
        "WHERE n.owner_id = @ownerId AND n.trashed_at IS NULL AND n.id <> @rootId AND n.name_key LIKE @pattern ESCAPE '\\' " +
        "{0}ORDER BY n.name_key, n.id LIMIT @take";

    private const string After = "AND (n.name_key > @afterKey OR (n.name_key = @afterKey AND n.id > @afterId)) ";

    private const string Mounts =
        "SELECT m.node_id AS NodeId, m.target_id AS TargetId FROM mounts m JOIN nodes n ON n.id = m.node_id " +
        "WHERE n.owner_id = @userId AND n.trashed_at IS NULL";

    public async Task<Result<SearchPage>> SearchAsync(Caller caller, string query, int limit, string? cursor, CancellationToken cancellationToken)
    {
        if (AccessPolicy.RefuseLink(caller) is { } linkOnly)
        {
            return linkOnly;
        }

        var name = NodeName.Normalize(query.Replace("/", "", StringComparison.Ordinal));
        if (query.Length == 0 || !name.IsSuccess || limit is < 1 or > MaxLimit)
        {
            return Result<SearchPage>.Fail(ErrorCodes.InvalidRequest, $"q must be part of a valid name and limit between 1 and {MaxLimit}.");
        }

        var after = DecodeCursor(cursor);
        if (cursor is not null && after is null)
        {
            return Result<SearchPage>.Fail(ErrorCodes.InvalidRequest, "The cursor is not valid.");
        }

        var pattern = "%" + Escape(NodeName.Key(name.Value)) + "%";
        var rows = new List<(Node Node, string Path)>();
        var roots = await RootsAsync(caller, cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        var sql = (connection is NpgsqlConnection ? PostgresSql : Sql).Replace("{0}", after is null ? "" : After, StringComparison.Ordinal);
        foreach (var (rootId, ownerId, prefix) in roots)
        {
            rows.AddRange(await connection.QueryAsync<Node, string, (Node Node, string Path)>(new CommandDefinition(sql,
                new { rootId, ownerId, prefix, pattern, afterKey = after?.Key, afterId = after?.Id, take = limit + 1 },
                cancellationToken: cancellationToken), (node, path) => (node, path), splitOn: "Path"));
        }

        // Each root's rows come in (name_key, id) order; merged in the same byte order the database sorts by.
        rows.Sort((a, b) => ByKey.Compare(a.Node, b.Node));
        var items = rows.Take(limit).Select(r => new NodeEntry(r.Node, DepotPath.Parse(r.Path).Value)).ToList();
        var next = rows.Count > limit ? EncodeCursor(rows[limit - 1].Node) : null;
        return new SearchPage(items, next);
    }

    /// <summary>The caller's root, and each folder mounted in the caller's tree that the caller may still read, with its owner and path.</summary>
    private async Task<List<(string RootId, string OwnerId, string Prefix)>> RootsAsync(Caller caller, CancellationToken cancellationToken)
    {
        List<(string, string, string)> roots;
        List<(string NodeId, string TargetId)> mounts;
        // One connection at a time: this one is closed before the session below opens its own (ConnectionUse).
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            var rootId = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
                "SELECT root_id FROM users WHERE id = @userId", new { userId = caller.UserId }, cancellationToken: cancellationToken));
            roots = [(rootId ?? "", caller.UserId, "")];
            mounts = (await connection.QueryAsync<(string NodeId, string TargetId)>(new CommandDefinition(
                Mounts, new { userId = caller.UserId }, cancellationToken: cancellationToken))).AsList();
        }

        if (mounts.Count == 0)
        {
            return roots;
        }

        await using var session = await store.ReadAsync(cancellationToken);
        foreach (var (mountId, targetId) in mounts)
        {
            var target = await session.GetNodeAsync(targetId, cancellationToken);
            if (target is not { IsFolder: true } || await AccessPolicy.RoleOnAsync(session, caller.UserId, target, cancellationToken) == Role.None)
            {
                continue;   // a mounted file is found as the mount itself; a revoked or trashed share is not searched
            }

            var (path, live) = await FileTree.LocateAsync(session, mountId, cancellationToken);
            if (live)
            {
                roots.Add((target.Id, target.OwnerId, path.Value));
            }
        }

        return roots;
    }

    private static class ByKey
    {
        public static int Compare(Node a, Node b)
        {
            var byKey = Encoding.UTF8.GetBytes(a.NameKey).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b.NameKey));
            return byKey != 0 ? byKey : string.CompareOrdinal(a.Id, b.Id);
        }
    }

    private static string Escape(string key) =>
        key.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private static string EncodeCursor(Node last) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{last.Id}|{last.NameKey}"));

    private static (string Id, string Key)? DecodeCursor(string? cursor)
    {
        try
        {
            var parts = cursor is null ? [] : Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split('|', 2);
            return parts.Length == 2 ? (parts[0], parts[1]) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
