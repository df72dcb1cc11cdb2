namespace Depot.Core.Events;

/// <summary>One page of events, newest first; <see cref="NextCursor"/> continues it, null at the end.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEvent> Items, string? NextCursor);
