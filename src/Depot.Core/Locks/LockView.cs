using Depot.Core.Files;

namespace Depot.Core.Locks;

/// <summary>
/// A lock as one user sees it (a DAV:activelock): what it is, and its <see cref="Root"/> as a path of that user's
/// tree, never the owner's path (the lock may be in someone else's tree, reached through a mount).
/// </summary>
public sealed record LockView(string Token, bool Exclusive, bool Infinite, string? OwnerXml, long ExpiresAt, DepotPath Root)
{
    internal static LockView Of(LockRecord lockRecord, DepotPath root) =>
        new(lockRecord.Token, lockRecord.Exclusive, lockRecord.Infinite, lockRecord.OwnerXml, lockRecord.ExpiresAt, root);
}
