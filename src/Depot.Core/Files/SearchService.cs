using System.Buffers.Text;
using System.Text;
using Dapper;
using Depot.Core.Access;
using Depot.Core.Data;
using Depot.Protocol;

namespace Depot.Core.Files;

/// <summary>
/// Search by name: a case-insensitive substring match on <c>nodes.name_key</c> (the same key that makes names unique),
/// over the caller's live tree. Portable SQL: a recursive walk from the root that never enters a trashed subtree, so
/// what is found is exactly what listing can reach. It costs one pass over the caller's tree; an index for huge trees
/// (trigram or FTS) can replace the walk behind this same contract.
/// </summary>
public sealed class SearchService(IDatabase database)
{
    // 50: a results screen; 200 bounds one response like a folder page does.
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    private const string Sql =
        "WITH RECURSIVE tree(id, path) AS (" +
        " SELECT n.id, '' FROM nodes n JOIN users u ON u.root_id = n.id WHERE u.id = @userId" +
        " UNION ALL SELECT c.id, tree.path || '/' || c.name FROM nodes c JOIN tree ON c.parent_id = tree.id WHERE c.trashed_at IS NULL) " +
        "SELECT n.id AS Id, n.owner_id AS OwnerId, n.parent_id AS ParentId, n.name AS Name, n.name_key AS NameKey, n.kind AS Kind, " +
        "n.current_version_id AS CurrentVersionId, n.size AS Size, n.sha256 AS Sha256, n.content_type AS ContentType, " +
        "n.created_at AS CreatedAt, n.modified_at AS ModifiedAt, n.revision AS Revision, tree.path AS Path " +
        "FROM nodes n JOIN tree ON n.id = tree.id " +
        "WHERE n.parent_id IS NOT NULL AND n.name_key LIKE @pattern ESCAPE '\\' " +
        "{0}ORDER BY n.name_key, n.id LIMIT @take";

    private const string After = "AND (n.name_key > @afterKey OR (n.name_key = @afterKey AND n.id > @afterId)) ";

    public async Task<Result<SearchPage>> SearchAsync(Caller caller, string query, int limit, string? cursor, CancellationToken cancellationToken)
    {
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
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<Node, string, (Node Node, string Path)>(new CommandDefinition(Sql.Replace("{0}", after is null ? "" : After, StringComparison.Ordinal),
            new { userId = caller.UserId, pattern, afterKey = after?.Key, afterId = after?.Id, take = limit + 1 },
            cancellationToken: cancellationToken), (node, path) => (node, path), splitOn: "Path")).AsList();

        var items = rows.Take(limit).Select(r => new NodeEntry(r.Node, DepotPath.Parse(r.Path).Value)).ToList();
        var next = rows.Count > limit ? EncodeCursor(rows[limit - 1].Node) : null;
        return new SearchPage(items, next);
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
