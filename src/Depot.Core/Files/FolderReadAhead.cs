using Depot.Core.Data;

namespace Depot.Core.Files;

/// <summary>
/// Reads a folder's children ahead into an owned tree (<see cref="OwnedTree"/>) when walks to its files keep missing:
/// a client fetching a whole folder (a sync, a gallery) then costs the database one statement per
/// <see cref="MaxChildren"/> files instead of one walk each. Like a file system's read-ahead of a directory's entries:
/// it starts on a second miss in the same folder within <see cref="Window"/>, runs beside the request that
/// started it, and reads from the name that missed onwards, in name order. Every walk it keeps is exactly what a walk to
/// that child would answer while the tree stays owned; <see cref="OwnedTree.Add"/> keeps nothing once it is not.
/// </summary>
internal static class FolderReadAhead
{
    /// <summary>Children one read-ahead reads: with inline content of up to 16 KiB each, at most 16 MiB.</summary>
    internal const int MaxChildren = 1000;

    /// <summary>Two misses in one folder this close together start a read-ahead.</summary>
    internal static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private static readonly string Sql =
        $"SELECT {NodeRows.Columns}, {NodeRows.VersionColumns}, bc.content FROM nodes n " +
        "LEFT JOIN versions v ON v.id = n.current_version_id " +
        "LEFT JOIN blob_contents bc ON bc.blob_id = v.blob_id AND @withContent " +
        "WHERE n.parent_id = @folderId AND n.trashed_at IS NULL AND n.name_key >= @from ORDER BY n.name_key LIMIT @limit";

    /// <summary>
    /// Starts reading ahead if <paramref name="walk"/> (a walk that missed, along <paramref name="nameKeys"/>, to a file)
    /// is the second miss in its folder within <see cref="Window"/>; returns at once either way. <paramref name="stamp"/>:
    /// the tree's <see cref="OwnedTree.Stamp"/> from before that walk was read.
    /// </summary>
    public static void Consider(
        IDatabase database, TreeOwnership ownership, OwnedTree owned, IReadOnlyList<string> nameKeys,
        IReadOnlyList<(Node Node, FileVersion? Current)>? walk, bool withContent, long stamp)
    {
        if (walk is null || nameKeys.Count == 0 || walk.Count != nameKeys.Count + 1 || walk[^1].Node.Kind != NodeKind.File)
        {
            return;
        }

        var folderId = walk[^1].Node.ParentId!;
        if (!owned.StartReadAhead(folderId, ownership.Now, ownership.Ticks(Window)))
        {
            return;
        }

        _ = Task.Run(() => ReadAsync(database, owned, folderId, walk, nameKeys, withContent, stamp), CancellationToken.None);
    }

    private static async Task ReadAsync(
        IDatabase database, OwnedTree owned, string folderId, IReadOnlyList<(Node Node, FileVersion? Current)> walk,
        IReadOnlyList<string> nameKeys, bool withContent, long stamp)
    {
        using var watch = ConnectionUse.Fork();
        try
        {
            // Owned from before the walk that missed to after this read, and no own write between (OwnedTree.Add checks
            // the end): the walk's rows are this read's prefix.
            if (!owned.Live)
            {
                return;
            }

            var prefix = walk.Take(walk.Count - 1).ToArray();
            var folderKeys = nameKeys.Take(nameKeys.Count - 1).ToArray();
            await using var connection = await database.OpenAsync(CancellationToken.None);
            await using var command = connection.CreateCommand();
            command.CommandText = Sql;
            Add(command, "folderId", folderId);
            Add(command, "from", nameKeys[^1]);
            Add(command, "limit", MaxChildren);
            Add(command, "withContent", withContent);
            await using var row = await command.ExecuteReaderAsync(CancellationToken.None);
            const int content = NodeRows.ColumnCount + NodeRows.VersionColumnCount;
            while (await row.ReadAsync(CancellationToken.None))
            {
                var node = NodeRows.Read(row);
                var version = NodeRows.ReadVersion(row, NodeRows.ColumnCount);
                if (version is not null && !row.IsDBNull(content))
                {
                    version = version with { InlineContent = (byte[])row.GetValue(content) };
                }

                owned.Add([.. folderKeys, node.NameKey], withContent, [.. prefix, (node, version)], stamp);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Only an optimisation: walks that miss go to the database as before.
        }
        finally
        {
            owned.EndReadAhead(folderId);
        }
    }

    private static void Add(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
