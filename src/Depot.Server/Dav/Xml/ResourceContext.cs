using Depot.Core.Files;
using Depot.Core.Locks;

namespace Depot.Server.Dav.Xml;

/// <summary>What live properties need beyond the node, read once per request: the tree's locks and the caller's quota.</summary>
internal sealed record ResourceContext(IReadOnlyList<LockRecord> Locks, (long? Limit, long Used)? Quota, long Now)
{
    public IEnumerable<LockRecord> LocksOn(DepotPath path)
    {
        var key = LockPaths.Key(path);
        return Locks.Where(l => LockPaths.Covers(l, key));
    }
}
