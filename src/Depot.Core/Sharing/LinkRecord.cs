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

/// <summary>
/// What a visitor's valid link grants: <see cref="Visitor"/>, the principal to ask the file services as (its
/// <see cref="Access.Caller.Link"/> scope is the link's reach, which the core enforces; its paths are relative to the
/// linked item), and <see cref="Path"/>, the item's path in its owner's tree, for the audit log.
/// </summary>
public sealed record LinkAccess(LinkRecord Link, Access.Caller Visitor, Files.DepotPath Path)
{
    /// <summary>Where <paramref name="inside"/>, a path of the visitor's, is in the owner's tree.</summary>
    public Files.DepotPath InOwnerTree(Files.DepotPath inside) => inside.Segments.Aggregate(Path, (at, name) => at.Append(name));
}
