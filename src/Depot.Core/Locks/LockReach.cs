using Depot.Core.Files;

namespace Depot.Core.Locks;

/// <summary>
/// How far a path of the caller's tree exists: the deepest item on it the caller can see (<see cref="Entry"/>, with its
/// path as stored and the caller's role) and the names below it that are not there (<see cref="Rest"/>; empty when the
/// whole path exists).
/// </summary>
internal readonly record struct LockReach(NodeEntry Entry, IReadOnlyList<string> Rest)
{
    /// <summary>Whose tree the resource is in: where its locks live.</summary>
    public string OwnerId => Entry.Node.OwnerId;
}
