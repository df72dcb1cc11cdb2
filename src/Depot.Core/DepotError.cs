namespace Depot.Core;

/// <summary>
/// A failure the caller can act on: a stable <see cref="Code"/> from <c>Depot.Protocol.ErrorCodes</c>
/// and a human-readable <see cref="Detail"/>. Adapters map the code to HTTP, WebDAV or tus statuses.
/// <see cref="RetryAfter"/> is set when trying again later can succeed (throttling, overload).
/// </summary>
public sealed record DepotError(string Code, string Detail, TimeSpan? RetryAfter = null);
