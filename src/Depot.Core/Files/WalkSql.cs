using System.Data.Common;
using Depot.Core.Data;

namespace Depot.Core.Files;

/// <summary>
/// The SQL of the path walks (<see cref="IFileSession.ResolveAsync"/>, <see cref="IFileSession.ResolveFromRootAsync"/>):
/// <c>walk(id, depth)</c> is the node the start selects at depth 0, then its live child named by each key in turn
/// (<c>@k0</c>, <c>@k1</c>, …), each step an index lookup on nodes_live_name (parent_id, name_key). One statement for the
/// whole path instead of one per segment. The key of a step is a CASE on the depth rather than a join with a VALUES
/// table of keys, and the caller puts the rows in order by their depth column rather than ORDER BY (a temporary
/// B-tree): together a fifth less time for a three-level lookup on SQLite. Past the last key the CASE is NULL, which
/// matches nothing, so the walk stops. The text depends only on the number of keys, so it is built once per depth.
/// <para>
/// PostgreSQL gets each lookup as a LATERAL subquery behind <c>OFFSET 0</c>, which the planner cannot flatten into a join:
/// every step and every row fetched is then an index lookup by the walk's own values, whatever the statistics say. As
/// plain joins, a prepared statement planned while the tables were nearly empty (a new installation) kept its plan, a
/// hash join over a sequential scan of all of <c>nodes</c>, until the next ANALYZE: 55 ms a lookup at 20,000 nodes.
/// </para>
/// </summary>
internal static class WalkSql
{
    /// <summary>Where <see cref="FromFolder"/> rows carry their depth.</summary>
    public const int FromFolderDepth = NodeRows.ColumnCount;

    /// <summary>Where <see cref="FromRoot"/> rows carry their depth.</summary>
    public const int FromRootDepth = NodeRows.ColumnCount + NodeRows.VersionColumnCount;

    /// <summary>Where <see cref="FromRoot"/> rows asked <c>withContent</c> carry a small file's inline content (the last key's row only).</summary>
    public const int FromRootContent = FromRootDepth + 1;

    /// <summary>Where <see cref="FromRootWithMounts"/> and <see cref="FromRootToLeaves"/> rows say whether someone mounted the node.</summary>
    public const int FromRootMounted = FromRootDepth + 1;

    private static readonly string?[] FromRootMountsSql = new string?[DepotPath.MaxDepth + 1];
    private static readonly string?[] FromFolderSql = new string?[DepotPath.MaxDepth + 1];
    private static readonly string?[] FromRootSql = new string?[DepotPath.MaxDepth + 1];
    private static readonly string?[] FromFolderPostgresSql = new string?[DepotPath.MaxDepth + 1];
    private static readonly string?[] FromRootPostgresSql = new string?[DepotPath.MaxDepth + 1];
    private static readonly string?[] FromRootContentSql = new string?[DepotPath.MaxDepth + 1];
    private static readonly string?[] FromRootContentPostgresSql = new string?[DepotPath.MaxDepth + 1];
    private static readonly string?[] ToLeavesSql = new string?[DepotPath.MaxDepth + 1];
    private static readonly string?[] GuardSql = new string?[DepotPath.MaxDepth + 1];
    private static readonly string[] KeyParameterNames = [.. Enumerable.Range(0, DepotPath.MaxDepth).Select(i => $"@k{i}")];

    private const string NodeOfStep = "JOIN nodes n ON n.id = walk.id";
    private const string NodeOfStepPostgres = "CROSS JOIN LATERAL (SELECT * FROM nodes n WHERE n.id = walk.id OFFSET 0) n";

    /// <summary>The nodes below <c>@folderId</c> (not itself): node columns, then the depth.</summary>
    public static string FromFolder(int keyCount, bool postgres) => postgres
        ? (FromFolderPostgresSql[keyCount] ??= Cte("SELECT @folderId, 0", keyCount, postgres) +
            $"SELECT {NodeRows.Columns}, walk.depth FROM walk {NodeOfStepPostgres} WHERE walk.depth > 0")
        : (FromFolderSql[keyCount] ??= Cte("SELECT @folderId, 0", keyCount, postgres) +
            $"SELECT {NodeRows.Columns}, walk.depth FROM walk {NodeOfStep} WHERE walk.depth > 0");

    /// <summary>The root of user <c>@userId</c> and the nodes below it: node columns, current version columns, then the depth.</summary>
    public static string FromRoot(int keyCount, bool postgres) => postgres
        ? (FromRootPostgresSql[keyCount] ??= Cte("SELECT u.root_id, 0 FROM users u WHERE u.id = @userId", keyCount, postgres) +
            $"SELECT {NodeRows.Columns}, {NodeRows.VersionColumns}, walk.depth FROM walk {NodeOfStepPostgres} " +
            "LEFT JOIN LATERAL (SELECT * FROM versions v WHERE v.id = n.current_version_id OFFSET 0) v ON TRUE")
        : (FromRootSql[keyCount] ??= Cte("SELECT u.root_id, 0 FROM users u WHERE u.id = @userId", keyCount, postgres) +
            $"SELECT {NodeRows.Columns}, {NodeRows.VersionColumns}, walk.depth FROM walk {NodeOfStep} " +
            "LEFT JOIN versions v ON v.id = n.current_version_id");

    /// <summary>
    /// PostgreSQL: <see cref="FromRoot"/> with one more column, whether someone mounted the node (<see cref="FromRootMounted"/>).
    /// A write batch reads its walks with it, so the change feed's rows of the files it adds need no query of their own
    /// (<see cref="SqlFileSession.CommitGroupAsync"/>).
    /// </summary>
    public static string FromRootWithMounts(int keyCount) =>
        FromRootMountsSql[keyCount] ??= FromRoot(keyCount, postgres: true).Replace(" walk.depth FROM walk ", $" walk.depth, {MountedColumn} FROM walk ",
            StringComparison.Ordinal);

    private const string MountedColumn = "EXISTS (SELECT 1 FROM mounts m WHERE m.target_id = n.id)";

    /// <summary>
    /// <see cref="FromRoot"/> with one more column: the content of the last key's file when it is kept in the metadata
    /// store (<c>blob_contents</c>, see Storage/InlineBlobStore), so a download of a small file is this one query. The
    /// other rows' lookup is gated off by their depth (PostgreSQL: a one-time filter).
    /// </summary>
    public static string FromRootWithContent(int keyCount, bool postgres) => postgres
        ? (FromRootContentPostgresSql[keyCount] ??= FromRoot(keyCount, postgres).Replace(" walk.depth FROM walk ", " walk.depth, bc.content FROM walk ",
              StringComparison.Ordinal) +
            $" LEFT JOIN LATERAL (SELECT bc.content FROM blob_contents bc WHERE bc.blob_id = v.blob_id AND walk.depth = {keyCount} OFFSET 0) bc ON TRUE")
        : (FromRootContentSql[keyCount] ??= FromRoot(keyCount, postgres).Replace(" walk.depth FROM walk ", " walk.depth, bc.content FROM walk ",
              StringComparison.Ordinal) +
            $" LEFT JOIN blob_contents bc ON bc.blob_id = v.blob_id AND walk.depth = {keyCount}");

    /// <summary>
    /// PostgreSQL: the walk of <see cref="FromRoot"/> along <paramref name="folderKeyCount"/> keys to a folder, then every
    /// live child of that folder whose name key is in <c>@leaves</c> (an array), at depth <paramref name="folderKeyCount"/> + 1.
    /// A group commit batch's uploads into one folder read their walks as this one statement instead of one each
    /// (<see cref="SqlFileSession.PrefetchWalksAsync"/>); <see cref="ReadToLeavesAsync"/> reads it. Its rows say, as
    /// <see cref="FromRootWithMounts"/>'s do, whether someone mounted the node.
    /// </summary>
    public static string FromRootToLeaves(int folderKeyCount) =>
        ToLeavesSql[folderKeyCount] ??=
            Cte("SELECT u.root_id, 0 FROM users u WHERE u.id = @userId", folderKeyCount, postgres: true) +
            ", leaf(id, depth) AS (SELECT c.id, walk.depth + 1 FROM walk CROSS JOIN LATERAL (SELECT c.id FROM nodes c " +
            $"WHERE c.parent_id = walk.id AND c.name_key = ANY(@leaves) AND c.trashed_at IS NULL OFFSET 0) c WHERE walk.depth = {folderKeyCount}) " +
            $"SELECT {NodeRows.Columns}, {NodeRows.VersionColumns}, w.depth, {MountedColumn} " +
            "FROM (SELECT id, depth FROM walk UNION ALL SELECT id, depth FROM leaf) w " +
            "CROSS JOIN LATERAL (SELECT * FROM nodes n WHERE n.id = w.id OFFSET 0) n " +
            "LEFT JOIN LATERAL (SELECT * FROM versions v WHERE v.id = n.current_version_id OFFSET 0) v ON TRUE";

    /// <summary>
    /// PostgreSQL: the walk of <see cref="FromRoot"/> along <paramref name="folderKeyCount"/> keys to a folder, compared
    /// in the database with what a batch took from memory (<see cref="KnownFolders"/>): it fails the transaction (migration
    /// 0031's function) unless the walk finds, root first, the nodes <c>@ids</c> named <c>@names</c>, none of them mounted. The
    /// same walk as the batch's read would be, so a pass means that read would have answered what memory did: each step
    /// follows the live child by name key, so a folder renamed, moved, trashed or replaced, or a root gone with its
    /// account, changes the ids found, and the names catch a change of case.
    /// </summary>
    public static string FolderGuard(int folderKeyCount) =>
        GuardSql[folderKeyCount] ??=
            Cte("SELECT u.root_id, 0 FROM users u WHERE u.id = @userId", folderKeyCount, postgres: true) +
            "SELECT depot_kept_reads_hold(g.ids = @ids AND g.names = @names AND NOT g.mounted, 'a folder on the way changed') " +
            "FROM (SELECT array_agg(n.id ORDER BY w.depth) AS ids, array_agg(n.name ORDER BY w.depth) AS names, " +
            "bool_or(EXISTS (SELECT 1 FROM mounts m WHERE m.target_id = n.id)) AS mounted " +
            "FROM walk w CROSS JOIN LATERAL (SELECT n.id, n.name FROM nodes n WHERE n.id = w.id OFFSET 0) n) g";

    /// <summary><see cref="FolderGuard"/>'s parameters for <paramref name="folders"/>, the nodes below the root that memory holds.</summary>
    public static Dictionary<string, object?> FolderGuardParameters(string userId, IReadOnlyList<string> folderKeys, Node root, IReadOnlyList<Node> folders)
    {
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["userId"] = userId,
            ["ids"] = (string[])[root.Id, .. folders.Select(f => f.Id)],
            ["names"] = (string[])[root.Name, .. folders.Select(f => f.Name)],
        };
        for (var i = 0; i < folderKeys.Count; i++)
        {
            parameters[$"k{i}"] = folderKeys[i];
        }

        return parameters;
    }

    /// <summary>
    /// The rows of a <see cref="FromRootToLeaves"/> statement, every one read whole: <c>answer(leafKey)</c> is the walk
    /// to that leaf as <see cref="ReadFromRootAsync"/> would give it (null when the user or their root does not exist).
    /// The ids of the nodes someone mounted go into <paramref name="mounted"/>.
    /// </summary>
    public static async Task<Func<string, IReadOnlyList<(Node Node, FileVersion? Current)>?>> ReadToLeavesAsync(
        DbDataReader row, int folderKeyCount, ISet<string> mounted, CancellationToken cancellationToken)
    {
        var folder = new (Node Node, FileVersion? Current)[folderKeyCount + 1];
        var found = 0;
        var leaves = new Dictionary<string, (Node Node, FileVersion? Current)>(StringComparer.Ordinal);
        while (await row.ReadAsync(cancellationToken))
        {
            var read = (NodeRows.Read(row), NodeRows.ReadVersion(row, NodeRows.ColumnCount));
            if (row.GetBoolean(FromRootMounted))
            {
                mounted.Add(read.Item1.Id);
            }

            if (row.GetInt64(FromRootDepth) is var depth && depth <= folderKeyCount)
            {
                folder[depth] = read;
                found++;
            }
            else
            {
                leaves[read.Item1.NameKey] = read;
            }
        }

        return leafKey =>
        {
            if (FromRootAnswer(folder, found) is not { } path)
            {
                return null;
            }

            return path.Length == folder.Length && leaves.TryGetValue(leafKey, out var leaf) ? [.. path, leaf] : path;
        };
    }

    /// <summary>
    /// The walk as a command with its start (<paramref name="startName"/>, e.g. <c>@userId</c>) and one parameter per
    /// key, built directly: through Dapper every read paid for a parameter bag, a dictionary and three parameter
    /// descriptions on top of the parameters (about 3% of the bytes a 4 KiB WebDAV GET allocated).
    /// </summary>
    public static DbCommand Command(
        DbConnection connection, DbTransaction? transaction, string sql, string startName, string startValue, IReadOnlyList<string> nameKeys)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        Add(command, startName, startValue);
        for (var i = 0; i < nameKeys.Count; i++)
        {
            Add(command, KeyParameterNames[i], nameKeys[i]);
        }

        return command;
    }

    /// <summary><see cref="Command"/> as one statement of a batch (<see cref="WalkBatcher"/>).</summary>
    public static DbBatchCommand BatchCommand(DbBatch batch, string sql, string startName, string startValue, IReadOnlyList<string> nameKeys)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = sql;
        command.Parameters.Add(Parameter(command.CreateParameter(), startName, startValue));
        for (var i = 0; i < nameKeys.Count; i++)
        {
            command.Parameters.Add(Parameter(command.CreateParameter(), KeyParameterNames[i], nameKeys[i]));
        }

        return command;
    }

    /// <summary>
    /// The rows of a <see cref="FromRoot"/> walk by depth, the root first; null when there is no root row (the user or
    /// their root folder does not exist, and then nothing below it does either). Only the root and the node the last key
    /// names are read whole: of the folders between them a walk needs four columns, and reading every column of every
    /// row (a call into SQLite each) cost a fifth of the lookup of a three-level path.
    /// </summary>
    public static async Task<IReadOnlyList<(Node Node, FileVersion? Current)>?> ReadFromRootAsync(
        DbDataReader row, int keyCount, bool withContent, CancellationToken cancellationToken)
    {
        var nodes = new (Node Node, FileVersion? Current)[keyCount + 1];
        var found = 0;
        while (await row.ReadAsync(cancellationToken))
        {
            AddFromRoot(nodes, new DataReaderRow(row), keyCount, withContent);
            found++;
        }

        return FromRootAnswer(nodes, found);
    }

    /// <summary><see cref="ReadFromRootAsync"/> from a statement SQLite runs for Depot's own reader (<see cref="SqliteRows"/>).</summary>
    public static IReadOnlyList<(Node Node, FileVersion? Current)>? ReadFromRoot(SqliteRows rows, int keyCount, bool withContent)
    {
        var nodes = new (Node Node, FileVersion? Current)[keyCount + 1];
        var found = 0;
        while (rows.Read())
        {
            AddFromRoot(nodes, rows.Current, keyCount, withContent);
            found++;
        }

        return FromRootAnswer(nodes, found);
    }

    /// <summary>Binds a walk's start (<paramref name="startName"/>, e.g. <c>@userId</c>) and its keys, as <see cref="Command"/> does.</summary>
    public static void Bind(SqliteRows rows, string startName, string startValue, IReadOnlyList<string> nameKeys)
    {
        rows.Bind(startName, startValue);
        for (var i = 0; i < nameKeys.Count; i++)
        {
            rows.Bind(KeyParameterNames[i], nameKeys[i]);
        }
    }

    private static void AddFromRoot<TRow>((Node Node, FileVersion? Current)[] nodes, TRow row, int keyCount, bool withContent)
        where TRow : struct, IRowColumns
    {
        var depth = (int)row.GetInt64(FromRootDepth);
        nodes[depth] = depth == 0 || depth == keyCount
            ? (NodeRows.Read(row), NodeRows.ReadVersion(row, NodeRows.ColumnCount))
            : (NodeRows.ReadStep(row), null);
        if (withContent && depth == keyCount && nodes[depth].Current is { } current && !row.IsDBNull(FromRootContent))
        {
            nodes[depth] = (nodes[depth].Node, current with { InlineContent = row.GetBytes(FromRootContent) });
        }
    }

    private static (Node Node, FileVersion? Current)[]? FromRootAnswer((Node Node, FileVersion? Current)[] nodes, int found) =>
        found > 0 && nodes[0].Node is { ParentId: null } ? nodes[..found] : null;

    private static void Add(DbCommand command, string name, string value) =>
        command.Parameters.Add(Parameter(command.CreateParameter(), name, value));

    private static DbParameter Parameter(DbParameter parameter, string name, string value)
    {
        parameter.ParameterName = name;
        parameter.Value = value;
        return parameter;
    }

    private static string Cte(string start, int keyCount, bool postgres)
    {
        if (keyCount == 0)
        {
            return $"WITH walk(id, depth) AS ({start}) ";
        }

        var steps = string.Concat(Enumerable.Range(0, keyCount).Select(i => $"WHEN {i} THEN @k{i} "));
        const string child = "c.parent_id = walk.id AND c.name_key = (CASE walk.depth {0}END) AND c.trashed_at IS NULL";
        return postgres
            ? $"WITH RECURSIVE walk(id, depth) AS ({start} UNION ALL SELECT c.id, walk.depth + 1 FROM walk " +
                $"CROSS JOIN LATERAL (SELECT c.id FROM nodes c WHERE {string.Format(null, child, steps)} OFFSET 0) c) "
            : $"WITH RECURSIVE walk(id, depth) AS ({start} UNION ALL SELECT c.id, walk.depth + 1 FROM walk " +
                $"JOIN nodes c ON {string.Format(null, child, steps)}) ";
    }
}
