namespace Depot.Core.Events;

/// <summary>A validated query: Unix-millisecond bounds and either one action or one family (<c>group</c> for <c>group.*</c>).</summary>
public sealed record AuditFilter(long? From, long? To, string? Action, string? Family);
