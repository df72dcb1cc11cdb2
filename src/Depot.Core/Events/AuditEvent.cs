namespace Depot.Core.Events;

/// <summary>
/// A row of <c>audit_events</c>. <see cref="OwnerName"/> is the target owner's current username (null when the
/// account is gone); everything else is as it was when the event was recorded.
/// </summary>
public sealed record AuditEvent(
    string Id,
    DateTimeOffset At,
    string Action,
    string? ActorId,
    string? ActorName,
    string? Address,
    string? OwnerId,
    string? OwnerName,
    string? NodeId,
    string? Path,
    IReadOnlyDictionary<string, string> Details);
