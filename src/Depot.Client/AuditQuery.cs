namespace Depot.Client;

/// <summary>
/// Which audit events to read: <c>From ≤ at &lt; To</c> (either optional) and one action (<c>auth.sign_in</c>) or a
/// family (<c>group.*</c>). <see cref="PageSize"/> is how many the server returns per request.
/// </summary>
public sealed record AuditQuery(DateTimeOffset? From = null, DateTimeOffset? To = null, string? Action = null, int? PageSize = null);
