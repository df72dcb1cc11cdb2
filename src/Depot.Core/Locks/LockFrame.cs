using Depot.Core.Files;

namespace Depot.Core.Locks;

/// <summary>
/// One resource seen from both sides of a mount: its path in the caller's tree and in its owner's tree. The last
/// <see cref="Shared"/> names of both are the same folders (the walk crossed its last mount just above them; with no
/// mount on the way, every name). Lock roots are translated back into the caller's tree through that common part only,
/// so Bob never sees where in Alice's tree her shared folder lives.
/// </summary>
internal sealed record LockFrame(string OwnerId, DepotPath CallerPath, DepotPath OwnerPath, int Shared)
{
    /// <summary>A member of this folder: the same owner (members of a folder are its owner's), one more common name.</summary>
    public LockFrame Child(string name) => new(OwnerId, CallerPath.Append(name), OwnerPath.Append(name), Shared + 1);

    /// <summary>
    /// The lock's root as a path of the caller's tree; null when it lies above the mount the caller came through
    /// (Alice's depth-infinity lock on her /projects, seen by Bob through his mount of /projects/team).
    /// </summary>
    public DepotPath? ToCaller(LockRecord lockRecord)
    {
        var depth = OwnerPath.Segments.Count - Shared;
        var baseKey = LockPaths.Key(Prefix(OwnerPath, depth));
        if ((lockRecord.PathKey != baseKey && !LockPaths.IsAncestor(baseKey, lockRecord.PathKey))
            || DepotPath.Parse(lockRecord.Path) is not { IsSuccess: true } root)
        {
            return null;
        }

        return Append(Prefix(CallerPath, CallerPath.Segments.Count - Shared), root.Value.Segments.Skip(depth));
    }

    /// <summary>The first <paramref name="count"/> names of <paramref name="path"/>.</summary>
    public static DepotPath Prefix(DepotPath path, int count) => Append(DepotPath.Root, path.Segments.Take(count));

    public static DepotPath Append(DepotPath path, IEnumerable<string> names) => names.Aggregate(path, (p, name) => p.Append(name));
}
