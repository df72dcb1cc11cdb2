namespace Depot.Core.Files;

/// <summary>
/// The first reads of a group commit batch's uploads (<see cref="WalkPrefetch"/>), read for all of them in one round trip
/// when the batch begins (<see cref="SqlFileSession.PrefetchWalksAsync"/>) instead of one round trip each, each in turn
/// in the tree's lane. Without a read of its own between them, the batch's writes also go as one statement a table
/// (<see cref="Data.RowInsert"/>).
/// <para>
/// Exact, not a cache: read under the tree's lock, so only the batch's own pieces write the tree until it commits. A
/// piece takes its walk only if nothing they wrote since could change it: the session drops all of them at any write
/// but a new row, and a new node counts against the walks it would change (<see cref="NoteNewNode"/>). The used bytes
/// the batch changes are counted in memory (BatchedCounters) and added to whatever the user's row said, read early or late.
/// </para>
/// </summary>
internal sealed class BatchWalks(IReadOnlyList<WalkPrefetch> walks)
{
    private readonly List<(string? ParentId, string NameKey)> _newNodes = [];

    /// <summary>A live node was added since the walks were read: a walk that went through that name is out of date.</summary>
    public void NoteNewNode(string? parentId, string nameKey) => _newNodes.Add((parentId, nameKey));

    /// <summary>The walk of <paramref name="userId"/>'s tree along <paramref name="nameKeys"/>, if it was read and is still what a read would find.</summary>
    public WalkPrefetch? Take(string userId, IReadOnlyList<string> nameKeys)
    {
        foreach (var walk in walks)
        {
            if (walk.UserId == userId && walk.Keys.SequenceEqual(nameKeys, StringComparer.Ordinal))
            {
                return _newNodes.Exists(n => walk.Crosses(n.ParentId, n.NameKey)) ? null : walk;
            }
        }

        return null;
    }

    /// <summary>
    /// A node the walks found (a root, or a folder or file on a path), as read, and whether someone had mounted it. Only
    /// new rows were written since, so it is still where it was; only its revision and modified time may have moved
    /// (BatchedCounters), and new nodes never cross it.
    /// </summary>
    public bool TryGetNode(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Node? node, out bool mounted)
    {
        foreach (var walk in walks)
        {
            node = walk.UserAndRoot?.Root is { } root && root.Id == id ? root : Array.Find(walk.Nodes, n => n.Id == id);
            if (node is not null)
            {
                mounted = walk.Mounted.Contains(id);
                return true;
            }
        }

        node = null;
        mounted = false;
        return false;
    }
}
