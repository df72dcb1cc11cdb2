namespace Depot.Core.Locks;

/// <summary>
/// A write lock on a path in <see cref="OwnerId"/>'s tree (RFC 4918 §6), whoever took it (<see cref="CreatedBy"/>, the
/// only principal whose token counts). <see cref="PathKey"/> is the path's comparison key (see <see cref="LockPaths.Key"/>);
/// <see cref="Path"/> the path as locked, in the owner's tree: never shown to anyone else. Instants are Unix milliseconds.
/// </summary>
public sealed record LockRecord
{
    public string Token { get; init; } = "";
    public string OwnerId { get; init; } = "";
    public string PathKey { get; init; } = "";
    public string Path { get; init; } = "/";
    public bool Infinite { get; init; }
    public bool Exclusive { get; init; }
    public string? OwnerXml { get; init; }
    public long TimeoutSeconds { get; init; }
    public long ExpiresAt { get; init; }
    public string CreatedBy { get; init; } = "";
    public long CreatedAt { get; init; }
}
