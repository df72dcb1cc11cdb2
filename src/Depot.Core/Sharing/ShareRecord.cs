using Depot.Core.Access;

namespace Depot.Core.Sharing;

/// <summary>One row of <c>shares</c>, with the names a listing shows (grantee, owner, item).</summary>
public sealed record ShareRecord
{
    public string Id { get; init; } = "";
    public string NodeId { get; init; } = "";
    public string OwnerId { get; init; } = "";
    public string OwnerName { get; init; } = "";
    public string ItemName { get; init; } = "";
    public int ItemKind { get; init; }
    public bool IsGroup { get; init; }
    public string GranteeId { get; init; } = "";
    public string GranteeName { get; init; } = "";
    public Role Role { get; init; }
    public string CreatedBy { get; init; } = "";
    public long CreatedAt { get; init; }
    public long? ExpiresAt { get; init; }

    /// <summary>The item's path in its owner's tree; set only for callers who may see it (owner).</summary>
    public string? Path { get; init; }
}
