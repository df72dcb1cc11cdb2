namespace Depot.Core.Events;

/// <summary>
/// What it was done to. <see cref="OwnerId"/> decides who may read the event besides admins: the owner of the item,
/// or the account concerned. Null means only admins see it (an unknown username, a group change).
/// <see cref="Path"/> is the item's path at the time, in its owner's tree.
/// </summary>
public sealed record AuditTarget(string? OwnerId, string? NodeId = null, string? Path = null)
{
    public static AuditTarget None { get; } = new((string?)null);

    /// <summary>A user's account (sign-in, tokens, password, admin actions on it).</summary>
    public static AuditTarget Account(string? userId) => new(userId);

    /// <summary>A file or folder, by its owner, id and path at the time.</summary>
    public static AuditTarget Node(string ownerId, string nodeId, string path) => new(ownerId, nodeId, path);
}
