namespace Depot.Core.Files;

/// <summary>
/// What an upload's checks read first, fetched in one round trip (<see cref="IFileSession.PrefetchWalkAsync"/>): the
/// user's storage and root, the walk from that root along the path's keys, and whether any WebDAV lock is live. The
/// session answers the same reads from it (<see cref="UserAndRoot"/>, <see cref="TryResolve"/>, <see cref="TryFindChild"/>,
/// <see cref="AnyLock"/>) until it writes, rolls back or locks another tree, and then forgets it.
/// </summary>
/// <param name="UserId">Whose storage, root and tree.</param>
/// <param name="UserAndRoot">As <see cref="IFileSession.GetUserAndRootAsync"/> answers.</param>
/// <param name="Keys">The name keys walked from the root.</param>
/// <param name="Nodes">The walk's nodes below the root, one per key matched: fewer than the keys where a key has no live child.</param>
/// <param name="AnyLock">As <see cref="IFileSession.AnyLockAsync"/> answers.</param>
/// <param name="Mounted">The ids of the root and the walk's nodes that someone has mounted.</param>
internal sealed record WalkPrefetch(
    string UserId, (UserSpace User, Node? Root)? UserAndRoot, IReadOnlyList<string> Keys, Node[] Nodes, bool AnyLock, IReadOnlySet<string> Mounted)
{
    /// <summary>The nodes a walk from <paramref name="folderId"/> along <paramref name="nameKeys"/> finds, if this walk went that way.</summary>
    public bool TryResolve(string folderId, IReadOnlyList<string> nameKeys, out IReadOnlyList<Node> nodes)
    {
        nodes = [];
        var from = DepthOf(folderId);
        if (from < 0 || from + nameKeys.Count > Keys.Count)
        {
            return false;
        }

        for (var i = 0; i < nameKeys.Count; i++)
        {
            if (!string.Equals(nameKeys[i], Keys[from + i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        // The walk stops at the first key without a live child, as a walk from here would.
        nodes = Nodes[from..Math.Min(Nodes.Length, from + nameKeys.Count)];
        return true;
    }

    /// <summary>The live child of <paramref name="parentId"/> named by <paramref name="nameKey"/> (null: none), if this walk looked.</summary>
    public bool TryFindChild(string parentId, string nameKey, out Node? child)
    {
        child = null;
        var depth = DepthOf(parentId);
        if (depth < 0 || depth >= Keys.Count || !string.Equals(nameKey, Keys[depth], StringComparison.Ordinal))
        {
            return false;
        }

        child = depth < Nodes.Length ? Nodes[depth] : null;
        return true;
    }

    /// <summary>Whether a new live child <paramref name="nameKey"/> of <paramref name="parentId"/> would change what this walk found.</summary>
    public bool Crosses(string? parentId, string nameKey)
    {
        var depth = parentId is null ? -1 : DepthOf(parentId);
        return depth >= 0 && depth < Keys.Count && string.Equals(nameKey, Keys[depth], StringComparison.Ordinal);
    }

    // 0 for the root, n for the walk's nth node; -1 when the walk did not reach it.
    private int DepthOf(string nodeId)
    {
        if (UserAndRoot?.Root is { } root && root.Id == nodeId)
        {
            return 0;
        }

        var at = Array.FindIndex(Nodes, n => n.Id == nodeId);
        return at < 0 ? -1 : at + 1;
    }
}
