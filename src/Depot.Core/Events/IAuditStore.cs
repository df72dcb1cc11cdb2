namespace Depot.Core.Events;

/// <summary>The append-only <c>audit_events</c> table. Implemented once in portable SQL.</summary>
public interface IAuditStore
{
    Task AppendAsync(AuditEvent entry, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> events newest first (<c>at</c>, then id, descending) matching the filter, strictly
    /// after the cursor position. <paramref name="viewerId"/> null reads everything (admins); otherwise only events whose
    /// target owner or actor is that user.
    /// </summary>
    Task<IReadOnlyList<AuditEvent>> QueryAsync(AuditFilter filter, string? viewerId, (long At, string Id)? after, int limit,
        CancellationToken cancellationToken);

    /// <summary>Deletes up to <paramref name="batch"/> of the oldest events recorded before <paramref name="before"/>; returns how many.</summary>
    Task<int> DeleteBeforeAsync(DateTimeOffset before, int batch, CancellationToken cancellationToken);
}
