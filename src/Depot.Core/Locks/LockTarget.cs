using Depot.Core.Files;

namespace Depot.Core.Locks;

/// <summary>
/// What a write touches, for the lock check (RFC 4918 §7.4–7.5): the resource at <see cref="Path"/>; with
/// <see cref="Membership"/> also its parent's list of members (the write creates, deletes or renames it); with
/// <see cref="Subtree"/> also everything below it (delete or move of a folder); such a write acts on what is at the path
/// itself, so a mount there is not followed into its owner's tree.
/// </summary>
public sealed record LockTarget(DepotPath Path, bool Membership = false, bool Subtree = false);
