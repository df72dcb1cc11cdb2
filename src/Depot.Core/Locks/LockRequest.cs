namespace Depot.Core.Locks;

/// <summary>
/// A new lock: exclusive or shared, depth 0 or infinity, the client's <c>DAV:owner</c> element (kept verbatim) and
/// the timeout it asked for (null: the default).
/// </summary>
public sealed record LockRequest(bool Exclusive, bool Infinite, string? OwnerXml, TimeSpan? Timeout);
