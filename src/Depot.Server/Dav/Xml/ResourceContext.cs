using Depot.Core.Files;
using Depot.Core.Locks;

namespace Depot.Server.Dav.Xml;

/// <summary>
/// What live properties need beyond the node, read once per request: the locks (null when no property asked shows
/// them) and the caller's quota.
/// </summary>
internal sealed record ResourceContext(LockDiscovery? Locks, (long? Limit, long Used)? Quota, long Now)
{
    public IEnumerable<LockView> LocksOn(NodeEntry entry) => Locks?.On(entry) ?? [];
}
