namespace Depot.Core.Events;

/// <summary>
/// A page request: events with <c>From ≤ at &lt; To</c> (either bound optional), an action (<c>group.rename</c>) or
/// family (<c>group.*</c>) filter, newest first, <see cref="Limit"/> per page, continuing after <see cref="Cursor"/>.
/// </summary>
public sealed record AuditQuery(DateTimeOffset? From = null, DateTimeOffset? To = null, string? Action = null, int Limit = AuditQuery.DefaultLimit,
    string? Cursor = null)
{
    // 100 fits a terminal page or a screen of the web app; 1000 bounds one query's work and answer.
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
}
