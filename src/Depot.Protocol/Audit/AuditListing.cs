namespace Depot.Protocol.Audit;

/// <summary>A page of <c>GET /api/v1/audit</c>, newest first; pass <see cref="NextCursor"/> as <c>cursor</c> for the next.</summary>
public sealed record AuditListing(IReadOnlyList<AuditEventInfo> Items, string? NextCursor);
