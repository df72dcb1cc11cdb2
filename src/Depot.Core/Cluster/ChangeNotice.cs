namespace Depot.Core.Cluster;

/// <summary>
/// "The change feed of <see cref="UserId"/> has new changes": announced when a write that recorded changes for that user
/// commits, so long polls waiting on any node wake up and read them. The payload is the user id alone.
/// </summary>
public sealed record ChangeNotice(string UserId)
{
    public string ToPayload() => UserId;

    /// <summary>The notice a payload names, or null for one this version does not know.</summary>
    public static ChangeNotice? Parse(string payload) => payload.Length > 0 && !payload.Contains(':', StringComparison.Ordinal) ? new ChangeNotice(payload) : null;
}
