namespace Depot.Core;

/// <summary>
/// A failure the caller can act on: a stable <see cref="Code"/> from <c>Depot.Protocol.ErrorCodes</c>
/// and a human-readable <see cref="Detail"/>. Adapters map the code to HTTP, WebDAV or tus statuses.
/// <see cref="RetryAfter"/> is set when trying again later can succeed (throttling, overload). <see cref="Resource"/>
/// is the path the error is about as the caller names it, where an adapter must name it apart from the prose (the
/// locked path of <c>locked</c>: WebDAV's <c>lock-token-submitted</c> element).
/// </summary>
public sealed record DepotError(string Code, string Detail, TimeSpan? RetryAfter = null)
{
    public string? Resource { get; init; }
}
