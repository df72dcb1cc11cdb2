namespace Depot.Protocol.Sharing;

/// <summary>
/// A share as <c>/api/v1/shares</c> shows it. <see cref="Path"/> is the item's path in the owner's tree, shown only to
/// the owner; recipients see its <see cref="Name"/>, <see cref="NodeId"/> (what <c>POST /api/v1/mounts</c> takes)
/// and owner. <see cref="GranteeKind"/> is <c>user</c> or <c>group</c>; <see cref="Role"/> viewer, editor or manager.
/// </summary>
public sealed record ShareInfo(
    string Id, string NodeId, string Name, string Kind, string? Path, string Owner, string GranteeKind, string Grantee, string Role,
    DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

/// <summary>Body of <c>POST /api/v1/shares</c>: the item (a path in the caller's tree), exactly one of user and group, a role.</summary>
public sealed record CreateShareRequest(string Path, string? User, string? Group, string Role, DateTimeOffset? ExpiresAt);

/// <summary>Body of <c>PATCH /api/v1/shares/{id}</c>: the fields to change; <see cref="ClearExpiry"/> removes the expiry.</summary>
public sealed record UpdateShareRequest(string? Role, DateTimeOffset? ExpiresAt, bool ClearExpiry = false);

/// <summary>Body of <c>POST /api/v1/mounts</c>: the shared item's node id and where to mount it in the caller's tree.</summary>
public sealed record CreateMountRequest(string NodeId, string Path);

public static class Roles
{
    public const string Viewer = "viewer";
    public const string Editor = "editor";
    public const string Manager = "manager";
}
