namespace Depot.Protocol.Auth;

/// <summary>
/// One of the caller's tokens as listed by <c>GET /api/v1/me/tokens</c>: a login session
/// (<see cref="TokenKinds.Session"/>) or a named personal access token (<see cref="TokenKinds.Personal"/>).
/// Never carries the secret.
/// </summary>
public sealed record TokenInfo(
    string Id,
    string Kind,
    string? Name,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? LastUsedAt,
    string? CreatedFrom,
    bool Current);
