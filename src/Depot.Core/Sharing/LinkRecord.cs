namespace Depot.Core.Sharing;

/// <summary>One row of <c>links</c>. The token is never stored, only its SHA-256; the password only as a PBKDF2 hash.</summary>
public sealed record LinkRecord
{
    public string Id { get; init; } = "";
    public string NodeId { get; init; } = "";
    public string OwnerId { get; init; } = "";
    public string ItemName { get; init; } = "";
    public int ItemKind { get; init; }
    public bool DropBox { get; init; }
    public string? PasswordHash { get; init; }
    public long? ExpiresAt { get; init; }
    public long? MaxDownloads { get; init; }
    public long Downloads { get; init; }
    public string CreatedBy { get; init; } = "";
    public long CreatedAt { get; init; }

    /// <summary>The item's path in the caller's tree, when the caller may see it.</summary>
    public string? Path { get; init; }

    public bool HasPassword => PasswordHash is not null;
}

/// <summary>A link just created: the only time its token is known.</summary>
public sealed record CreatedLink(LinkRecord Link, string Token);

/// <summary>What a visitor's valid link grants: the item in its owner's tree, acting as the owner would within it.</summary>
public sealed record LinkAccess(LinkRecord Link, Access.Caller Owner, Files.DepotPath Path)
{
    /// <summary>
    /// Whether the link reaches <paramref name="entry"/> (found beneath a link's path as its owner): only the
    /// owner's own items, never an item mounted from someone else's share, which is not the owner's to publish (the
    /// zip of a linked folder leaves mounts out for the same reason).
    /// </summary>
    public static bool Reaches(Files.NodeEntry entry) => entry.MountId is null && entry.Role == Access.Role.Owner;
}
