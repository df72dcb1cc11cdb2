using Depot.Core.Files;

namespace Depot.Core.Locks;

/// <summary>Which locks cover which paths. Paths compare by their name keys, the same case rule as the file tree.</summary>
public static class LockPaths
{
    /// <summary>"/" for the root, "/A/B.TXT" for /a/b.txt: every segment by <see cref="NodeName.Key"/>.</summary>
    public static string Key(DepotPath path) =>
        path.IsRoot ? "/" : "/" + string.Join('/', path.Segments.Select(NodeName.Key));

    /// <summary>Whether <paramref name="lockKey"/> is a strict ancestor of <paramref name="key"/>.</summary>
    public static bool IsAncestor(string lockKey, string key) =>
        key.Length > lockKey.Length && key.StartsWith(lockKey == "/" ? "/" : lockKey + "/", StringComparison.Ordinal);

    /// <summary>Whether the lock protects the resource at <paramref name="key"/> itself (its content, properties, name).</summary>
    public static bool Covers(LockRecord lockRecord, string key) =>
        lockRecord.PathKey == key || (lockRecord.Infinite && IsAncestor(lockRecord.PathKey, key));

    /// <summary>Whether a write described by <paramref name="target"/> needs the lock's token.</summary>
    public static bool Applies(LockRecord lockRecord, LockTarget target)
    {
        var key = Key(target.Path);
        return Covers(lockRecord, key)
            || (target.Membership && !target.Path.IsRoot && lockRecord.PathKey == Key(target.Path.Parent))
            || (target.Subtree && IsAncestor(key, lockRecord.PathKey));
    }

    /// <summary>Whether <paramref name="outer"/> protects everything <paramref name="inner"/> protects.</summary>
    public static bool Includes(LockRecord outer, LockRecord inner) =>
        outer.PathKey == inner.PathKey ? outer.Infinite || !inner.Infinite : outer.Infinite && IsAncestor(outer.PathKey, inner.PathKey);

    /// <summary>Whether a new lock at <paramref name="key"/> would overlap the existing one (either covers the other).</summary>
    public static bool Overlaps(LockRecord existing, string key, bool infinite) =>
        Covers(existing, key) || (infinite && IsAncestor(key, existing.PathKey));
}
