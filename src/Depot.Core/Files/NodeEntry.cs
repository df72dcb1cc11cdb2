using Depot.Core.Access;

namespace Depot.Core.Files;

/// <summary>
/// What the file services return: a node together with its absolute path in the caller's tree, and the caller's
/// role on it (<see cref="Role.Owner"/> in their own tree; the share's role past a mount).
/// </summary>
public sealed record NodeEntry(Node Node, DepotPath Path, Role Role = Role.Owner)
{
    /// <summary>The last name of <see cref="Path"/>; at "/" the node's own (empty for a root folder; a public link's item's name).</summary>
    public string Name => Path.IsRoot ? Node.Name : Path.Name;

    /// <summary>Set when this entry is a mount in a listing: the mount node's id (<see cref="Node"/> is then what it points at).</summary>
    public string? MountId { get; init; }

    public DateTimeOffset CreatedAt => DateTimeOffset.FromUnixTimeMilliseconds(Node.CreatedAt);

    public DateTimeOffset ModifiedAt => DateTimeOffset.FromUnixTimeMilliseconds(Node.ModifiedAt);
}
