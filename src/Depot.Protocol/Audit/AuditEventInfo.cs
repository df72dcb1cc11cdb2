namespace Depot.Protocol.Audit;

/// <summary>
/// One audit event. <see cref="Action"/> is a stable name such as <c>auth.sign_in</c> (docs/api.md lists them).
/// <see cref="Actor"/> is the username at the time, null for an anonymous request; <see cref="Owner"/> is the current
/// username of the item's owner or the account concerned (null when none, or the account is gone); <see cref="Path"/>
/// is the item's path at the time. <see cref="Details"/> never holds secrets.
/// </summary>
public sealed record AuditEventInfo(
    string Id,
    DateTimeOffset At,
    string Action,
    string? Actor,
    string? Address,
    string? Owner,
    string? NodeId,
    string? Path,
    IReadOnlyDictionary<string, string>? Details);
